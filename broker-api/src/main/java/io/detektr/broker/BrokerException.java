package io.detektr.broker;

/**
 * Root of every exception the broker API throws. Unchecked, so handlers and publishers do not have
 * to declare it; callers that want to react catch one of the subclasses.
 *
 * <p>{@link #isRetriable()} says whether trying the same operation again later can succeed (a
 * broker that is down may come back; a message that is too large never fits).
 */
public class BrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BrokerException(String message) {
    super(message);
  }

  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether retrying the same operation later can succeed. */
  public boolean isRetriable() {
    return false;
  }
}
