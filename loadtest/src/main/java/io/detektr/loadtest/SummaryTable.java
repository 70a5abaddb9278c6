package io.detektr.loadtest;

import java.util.Locale;

/** The human-readable forms of a run: the live line and the final summary table. */
public final class SummaryTable {
  private SummaryTable() {}

  /** One live line, e.g. {@code [ 5s] out 1,000/s in 1,000/s lag 0 p99 e2e 0.42 ms}. */
  public static String liveLine(Progress p) {
    String phase =
        switch (p.phase()) {
          case WARMUP -> " warmup";
          case MEASURE -> "";
          case DRAIN -> " drain";
          case BROKER_WAIT -> " drain, broker not answering";
        };
    boolean measured = p.phase() != Progress.Phase.WARMUP;
    return String.format(
            Locale.ROOT,
            "[%4.0fs%s] out %,9.0f msg/s  in %,9.0f msg/s  lag %,8d  p99 publish %s ms"
                + "  end-to-end %s ms",
            p.elapsedSeconds(),
            phase,
            p.outRate(),
            p.inRate(),
            p.lag(),
            measured ? millis(p.publishP99Micros()) : "-", // warm-up latencies are not recorded
            measured ? millis(p.endToEndP99Micros()) : "-")
        + (p.failed() > 0 ? String.format(Locale.ROOT, "  FAILED publishes %,d", p.failed()) : "");
  }

  /** The header printed before the run starts. */
  public static String header(LoadTestConfig c) {
    String size = c.payloadFile() != null ? c.payloadFile().toString() : bytes(c.payloadSize());
    return String.format(
        Locale.ROOT,
        "loadtest %s  topic %s  group %s: %d producer(s), %d consumer(s), %s payload, rate %s,"
            + " %ss warm-up + %ss, %s%n",
        c.redactedUri(),
        c.topic(),
        c.group(),
        c.producers(),
        c.consumers(),
        size,
        c.rate() == 0 ? "max" : String.format(Locale.ROOT, "%,d msg/s", c.rate()),
        seconds(c.warmup().toMillis()),
        seconds(c.duration().toMillis()),
        c.cpuPolicy().linuxName());
  }

  /** The final table: counts, rates, latency percentiles, thresholds and the verdict. */
  public static String render(RunReport r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(Locale.ROOT, "%n%-28s %14s%n", "messages (" + r.provider() + ")", "count"));
    row(b, "sent", r.sent());
    row(b, "confirmed", r.confirmed());
    row(b, "failed publishes", r.failed());
    row(b, "received (distinct)", r.received());
    row(b, "duplicates (redelivered)", r.duplicates());
    if (r.config().get("consumers").equals(0)) {
      b.append(String.format(Locale.ROOT, "  %-26s %14s%n", "lost", "n/a (publish only)"));
    } else {
      row(b, "lost", r.lost());
      if (r.brokerBacklog() != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "    %-24s %14s%n",
                "still at the broker",
                r.brokerBacklog().pending()
                    + " pending, "
                    + r.brokerBacklog().undelivered()
                    + " undelivered"));
      }
    }
    if (r.brokerWait().summary() != null) {
      b.append(r.brokerWait().summary()).append('\n');
    }
    row(b, "out of order", r.outOfOrder());
    row(b, "redelivered late", r.redeliveredLate());
    if (r.receivedUnconfirmed() > 0) {
      row(b, "received, publish failed", r.receivedUnconfirmed());
    }
    if (r.foreign() > 0) {
      row(b, "ignored (other runs)", r.foreign());
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nthroughput over %.1f s %16s %10s%n",
            r.measuredSeconds(),
            "msg/s",
            "MB/s"));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-26s %,14.0f %10.2f%n",
            "publish (confirmed)",
            r.publishRate(),
            r.publishMegabytesPerSecond()));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-26s %,14.0f %10.2f%n",
            "end-to-end (received)",
            r.receiveRate(),
            r.receiveMegabytesPerSecond()));
    b.append(
        String.format(
            Locale.ROOT,
            "%n%-18s %9s %9s %9s %9s %9s%n",
            "latency (ms)",
            "p50",
            "p90",
            "p99",
            "p99.9",
            "max"));
    latency(b, "publish->confirm", r.publishLatency());
    latency(b, "end-to-end", r.endToEndLatency());
    b.append(
        String.format(
            Locale.ROOT,
            "%njvm heap (sampled every second): peak %d MB used, %d MB live after GC, max %d MB%n",
            r.jvm().get("peakHeapMb"),
            r.jvm().get("peakLiveHeapMb"),
            r.jvm().get("maxHeapMb")));
    if (r.firstFailure() != null) {
      b.append("first publish failure: ").append(r.firstFailure()).append('\n');
    }
    b.append('\n');
    for (ThresholdResult t : r.thresholds()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-4s %-32s %s (limit %s)%n",
              t.passed() ? "ok" : "FAIL",
              t.name(),
              t.actual(),
              t.limit()));
    }
    b.append(r.passed() ? "PASSED" : "FAILED").append('\n');
    return b.toString();
  }

  private static void row(StringBuilder b, String name, long value) {
    b.append(String.format(Locale.ROOT, "  %-26s %,14d%n", name, value));
  }

  private static void latency(StringBuilder b, String name, LatencySummary s) {
    b.append(
        String.format(
            Locale.ROOT,
            "  %-16s %9s %9s %9s %9s %9s%n",
            name,
            millis(s.p50()),
            millis(s.p90()),
            millis(s.p99()),
            millis(s.p999()),
            millis(s.max())));
  }

  static String millis(long micros) {
    return String.format(Locale.ROOT, micros < 10_000 ? "%.3f" : "%.1f", micros / 1000.0);
  }

  private static String bytes(int n) {
    return n >= 1024 && n % 1024 == 0 ? (n / 1024) + " KiB" : n + " B";
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
