package io.detektr.exporter.internal.collect;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A server-side collector read on every scrape, within a deadline. Whatever happens it answers with
 * {@code <prefix>_up}, {@code <prefix>_exporter_scrape_duration_seconds} and {@code
 * <prefix>_exporter_last_scrape_error} (value 1 with the reason in label {@code err}, as
 * redis_exporter does); the server's own samples only when the whole read succeeded, so a half-read
 * never shows as real values.
 */
public abstract class ScrapeCollector implements MultiCollector, AutoCloseable {
  private static final int MAX_ERROR_LENGTH = 200;

  private final String prefix;
  private final Duration timeout;

  protected ScrapeCollector(String prefix, Duration timeout) {
    this.prefix = prefix;
    this.timeout = timeout;
  }

  /** Reads the server into {@code out}, giving up at {@code deadlineNanos} (System.nanoTime). */
  protected abstract void scrape(Samples out, long deadlineNanos) throws Exception;

  /** What this collector watches, safe to print (no password). */
  public abstract String target();

  @Override
  public synchronized MetricSnapshots collect() {
    long start = System.nanoTime();
    Samples server = new Samples();
    String error = "";
    try {
      scrape(server, start + timeout.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) {
      error = describe(e);
    }
    Samples out = error.isEmpty() ? server : new Samples();
    out.gauge(
        prefix + "_up",
        "1 if the last scrape of " + prefix + " succeeded",
        error.isEmpty() ? 1 : 0);
    out.gauge(
        prefix + "_exporter_scrape_duration_seconds",
        "Time the exporter took to read " + prefix,
        (System.nanoTime() - start) / 1e9);
    out.gauge(
        prefix + "_exporter_last_scrape_error",
        "1 if the last scrape failed, with the reason in label err",
        error.isEmpty() ? 0 : 1,
        "err",
        error);
    return out.build();
  }

  static long remainingNanos(long deadlineNanos) throws TimeoutException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("scrape timeout reached");
    }
    return left;
  }

  private String describe(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String text;
    if (t instanceof TimeoutException) {
      text = "no answer within the scrape timeout of " + timeout.toMillis() + " ms";
    } else if (t.getMessage() != null) {
      text = t.getClass().getSimpleName() + ": " + t.getMessage();
    } else {
      text =
          t.getClass().getSimpleName()
              + (t.getCause() == null ? "" : " (" + t.getCause().getClass().getSimpleName() + ")");
    }
    text = text.replace('\n', ' ');
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  @Override
  public void close() {}
}
