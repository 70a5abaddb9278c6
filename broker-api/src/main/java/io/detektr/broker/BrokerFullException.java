package io.detektr.broker;

/**
 * A publish was refused because the topic reached its {@link PublisherOptions#maxLength()} under
 * {@link Overflow#REJECT}. Nothing was stored; the caller decides whether to wait, retry or drop.
 */
public class BrokerFullException extends BrokerException {
  private static final long serialVersionUID = 1L;

  public BrokerFullException(String message) {
    super(message);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
