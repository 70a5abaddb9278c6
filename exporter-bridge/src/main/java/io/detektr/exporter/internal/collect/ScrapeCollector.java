package io.detektr.exporter.internal.collect;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server-side collector read on every scrape, within a deadline. Whatever happens it answers, as
 * redis_exporter does, with {@code <prefix>_up}, {@code <prefix>_exporter_last_scrape_error} (value
 * 1 with the reason in label {@code err}), {@code <prefix>_exporter_last_scrape_duration_seconds}
 * (gauge), {@code <prefix>_exporter_scrape_duration_seconds} (summary of all scrapes) and {@code
 * <prefix>_exporter_scrapes_total}; the server's own samples only when the whole read succeeded, so
 * a half-read never shows as real values.
 *
 * <p>Reads run on the collector's own thread and the scrape waits for them at most the timeout:
 * whatever a read blocks on (a connection being set up, class loading of a cold JVM, a server that
 * accepts and never answers), a scrape takes no longer than its timeout. {@link #start} connects
 * and reads once before the first scrape, with a longer wait: a cold connection is never reported
 * as a broker that is down. While that first read is still under way a scrape reports nothing of
 * this collector (no verdict yet) rather than {@code _up 0}.
 */
public abstract class ScrapeCollector implements MultiCollector, AutoCloseable {
  private static final int MAX_ERROR_LENGTH = 300;

  private final String prefix;
  private final Duration timeout;
  private final ExecutorService worker;
  private CompletableFuture<Samples> startup;
  private volatile ScrapeResult last;
  private long scrapes;
  private double scrapeSeconds;

  protected ScrapeCollector(String prefix, Duration timeout) {
    this.prefix = prefix;
    this.timeout = timeout;
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, prefix + "-collector");
              t.setDaemon(true);
              return t;
            });
  }

  /** Reads the server into {@code out}, giving up at {@code deadlineNanos} (System.nanoTime). */
  protected abstract void scrape(Samples out, long deadlineNanos) throws Exception;

  /** What this collector watches, safe to print (no password). */
  public abstract String target();

  /** {@code redis} or {@code rabbitmq}: the prefix of this collector's metrics. */
  public String family() {
    return prefix;
  }

  /** The outcome of the last read, or null before any read finished. */
  public ScrapeResult last() {
    return last;
  }

  /**
   * Connects and reads the server once in the background, allowing {@code wait} for it (a cold JVM
   * and a new connection take far longer than a scrape of a warm one).
   */
  public synchronized void start(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    String limit = "no answer within the start-up wait of " + wait.toMillis() + " ms";
    // the future waited on is the one that completes after last() is set: a caller of
    // awaitStart never sees the outcome missing (a race a busy machine showed)
    startup =
        CompletableFuture.supplyAsync(() -> read(deadline), worker)
            .whenComplete((s, e) -> last = new ScrapeResult(e == null, describe(e, limit)));
  }

  /** Waits at most {@code wait} for the read begun by {@link #start}; returns its outcome. */
  public ScrapeResult awaitStart(Duration wait) {
    CompletableFuture<Samples> pending;
    synchronized (this) {
      pending = startup;
    }
    if (pending != null) {
      try {
        pending.get(wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the outcome is in last()
      }
    }
    ScrapeResult r = last;
    return r != null ? r : new ScrapeResult(false, "still connecting");
  }

  @Override
  public synchronized MetricSnapshots collect() {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    if (startup != null && startup.isDone()) {
      startup = null; // finished before this scrape: read afresh
    }
    if (startup != null) {
      try {
        Samples first = startup.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        startup = null;
        return finish(first, "", start);
      } catch (TimeoutException e) {
        return MetricSnapshots.of(); // still connecting: no verdict yet, not "down"
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return finish(null, "interrupted", start);
      } catch (ExecutionException e) {
        startup = null; // the start-up read failed: read again now
      }
    }
    Future<Samples> read = worker.submit(() -> read(deadline));
    try {
      return finish(read.get(remaining(deadline), TimeUnit.NANOSECONDS), "", start);
    } catch (InterruptedException e) {
      read.cancel(true);
      Thread.currentThread().interrupt();
      return finish(null, "interrupted", start);
    } catch (ExecutionException | TimeoutException e) {
      read.cancel(true); // a read that outlived its scrape must not delay the next one
      return finish(null, describe(e, timeoutText()), start);
    }
  }

  private Samples read(long deadline) {
    Samples s = new Samples();
    try {
      scrape(s, deadline);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CompletionException(e);
    }
    return s;
  }

  private MetricSnapshots finish(Samples server, String error, long start) {
    last = new ScrapeResult(error.isEmpty(), error);
    Samples out = error.isEmpty() ? server : new Samples();
    out.gauge(
        prefix + "_up",
        "1 if the last scrape of " + prefix + " succeeded",
        error.isEmpty() ? 1 : 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    scrapes++;
    scrapeSeconds += seconds;
    out.gauge(
        prefix + "_exporter_last_scrape_duration_seconds",
        "Time the exporter took to read " + prefix + " in the last scrape",
        seconds);
    out.summary(
        prefix + "_exporter_scrape_duration_seconds",
        "Durations of the exporter's reads of " + prefix,
        scrapes,
        scrapeSeconds);
    out.counter(prefix + "_exporter_scrapes", "Reads of " + prefix + " by the exporter", scrapes);
    out.gauge(
        prefix + "_exporter_last_scrape_error",
        "1 if the last scrape failed, with the reason in label err",
        error.isEmpty() ? 0 : 1,
        "err",
        error);
    return out.build();
  }

  private String timeoutText() {
    return "no answer within the scrape timeout of " + timeout.toMillis() + " ms";
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  static long remainingNanos(long deadlineNanos) throws TimeoutException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("scrape timeout reached");
    }
    return left;
  }

  private String describe(Throwable e, String timeoutText) {
    if (e == null) {
      return "";
    }
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String text;
    if (t instanceof TimeoutException) {
      text = timeoutText;
    } else if (t.getMessage() != null) {
      text = t.getClass().getSimpleName() + ": " + t.getMessage();
      Throwable root = t;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root != t && root.getMessage() != null && !text.contains(root.getMessage())) {
        text += " (" + root.getMessage() + ")"; // "Connection refused", "WRONGPASS ..."
      }
    } else {
      text =
          t.getClass().getSimpleName()
              + (t.getCause() == null ? "" : " (" + t.getCause().getClass().getSimpleName() + ")");
    }
    String hint = hint(t);
    if (hint != null) {
      text = hint + " [" + text + "]";
    }
    text = text.replace('\n', ' ');
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  /**
   * What the operator should do about {@code error} (the cause chain unwrapped), said before the
   * driver's own message; null when the message says enough.
   */
  protected String hint(Throwable error) {
    return null;
  }

  /** The messages of {@code error} and its causes, for hints to search. */
  protected static String messages(Throwable error) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = error; t != null && b.length() < 2000; t = t.getCause()) {
      b.append(t.getMessage()).append(' ');
      if (t.getCause() == t) {
        break;
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** One read's outcome: whether the server answered, and if not why; when it was. */
  public record ScrapeResult(boolean up, String error, Instant at) {
    ScrapeResult(boolean up, String error) {
      this(up, error, Instant.now());
    }
  }
}
