package io.detektr.broker;

/**
 * One host of a broker URI.
 *
 * @param port the port, or -1 when the URI gives none (the provider's default applies)
 */
public record Endpoint(String host, int port) {
  public int portOr(int defaultPort) {
    return port < 0 ? defaultPort : port;
  }

  @Override
  public String toString() {
    return port < 0 ? host : host + ":" + port;
  }
}
