package io.detektr.broker;

/** The broker refused the credentials. Retrying with the same credentials cannot succeed. */
public class BrokerAuthenticationException extends BrokerException {
  private static final long serialVersionUID = 1L;

  public BrokerAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
