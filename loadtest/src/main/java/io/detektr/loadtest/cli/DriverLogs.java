package io.detektr.loadtest.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the drivers' and providers' own logging off the terminal: the CLI reports failures itself
 * (failed publishes on the live line, the first failure in the summary, or the error). Netty falls
 * back to java.util.logging when SLF4J has no real provider, so its, Lettuce's and the providers'
 * reconnect warnings would otherwise interleave with the live line. {@code --stacktrace} leaves
 * them on.
 */
final class DriverLogs {
  // Strong references: java.util.logging keeps loggers weakly, and would forget the level.
  private static final List<Logger> QUIETED =
      List.of(
          Logger.getLogger("io.netty"),
          Logger.getLogger("io.lettuce"),
          Logger.getLogger("com.rabbitmq"),
          Logger.getLogger("io.detektr.broker"));

  private DriverLogs() {}

  static void quiet() {
    QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
  }
}
