package io.detektr.loadtest.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps the drivers' and providers' own logging off the terminal: the CLI reports failures itself
 * (failed publishes on the live line, the first failure in the summary, or the error). Netty falls
 * back to java.util.logging when SLF4J has no real provider, so its, Lettuce's and the providers'
 * reconnect warnings would otherwise interleave with the live line. {@code --stacktrace} leaves
 * them on.
 *
 * <p>The providers' warnings (a consumer's read that failed and is retried, say) are counted, not
 * dropped: the summary says how many there were and shows the first, since they explain a run whose
 * consumers stalled.
 */
final class DriverLogs {
  // Strong references: java.util.logging keeps loggers weakly, and would forget the level.
  private static final List<Logger> DRIVERS =
      List.of(
          Logger.getLogger("io.netty"),
          Logger.getLogger("io.lettuce"),
          Logger.getLogger("com.rabbitmq"));
  private static final Logger PROVIDERS = Logger.getLogger("io.detektr.broker");
  private static final WarningCounter WARNINGS = new WarningCounter();

  private DriverLogs() {}

  /** Silences the drivers and starts counting the providers' warnings afresh. */
  static synchronized void quiet() {
    DRIVERS.forEach(logger -> logger.setLevel(Level.SEVERE));
    WARNINGS.reset();
    PROVIDERS.setUseParentHandlers(false);
    PROVIDERS.removeHandler(WARNINGS);
    PROVIDERS.addHandler(WARNINGS);
  }

  /** The providers' warnings since {@link #quiet()}, in one line; empty when there were none. */
  static Optional<String> providerWarnings() {
    long n = WARNINGS.count.get();
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(
        n
            + " warning(s) from the broker client, the first: "
            + WARNINGS.first
            + " (--stacktrace prints them all)");
  }

  private static final class WarningCounter extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final AtomicLong count = new AtomicLong();
    private volatile String first;

    void reset() {
      count.set(0);
      first = null;
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()
          && count.getAndIncrement() == 0) {
        first = formatter.formatMessage(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
