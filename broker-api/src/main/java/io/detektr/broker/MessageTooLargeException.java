package io.detektr.broker;

/**
 * A message is larger than {@link BrokerConfig#maxMessageBytes()} (payload plus headers), or its
 * headers break a size limit of {@link Headers} (the message names the header). Raised before
 * anything is sent.
 */
public class MessageTooLargeException extends BrokerException {
  private static final long serialVersionUID = 1L;

  public MessageTooLargeException(String message) {
    super(message);
  }
}
