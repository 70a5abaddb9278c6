package io.detektr.broker;

/**
 * The publisher, or the broker connection it belongs to, was closed: nothing was sent. Retrying on
 * the same object cannot help; get a new publisher (or connect again).
 */
public class BrokerClosedException extends BrokerException {
  private static final long serialVersionUID = 1L;

  public BrokerClosedException(String message) {
    super(message);
  }
}
