package io.detektr.broker;

/** The broker cannot be reached, went away, or did not answer within the configured timeout. */
public class BrokerUnavailableException extends BrokerException {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message) {
    super(message);
  }

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
