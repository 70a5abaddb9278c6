package io.detektr.exporter.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code HOST:PORT}, {@code :PORT} and {@code [IPv6]:PORT} for {@code --listen}. */
final class ListenAddress implements CommandLine.ITypeConverter<InetSocketAddress> {
  @Override
  public InetSocketAddress convert(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not HOST:PORT, e.g. 0.0.0.0:9121 or 127.0.0.1:9121");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' has no valid port (0-65535), e.g. 0.0.0.0:9121");
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
