package io.detektr.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a run's figures against its {@link Thresholds}. */
final class ThresholdCheck {
  private ThresholdCheck() {}

  /** With {@code publishOnly} (no consumers) only the publish figures are checked. */
  static List<ThresholdResult> check(
      Thresholds t,
      boolean publishOnly,
      long lost,
      long failed,
      long outOfOrder,
      double publishRate,
      double receiveRate,
      LatencySummary endToEnd) {
    List<ThresholdResult> results = new ArrayList<>();
    if (!publishOnly) {
      results.add(
          new ThresholdResult(
              "lost", "<= " + t.maxLost(), Long.toString(lost), lost <= t.maxLost()));
      results.add(
          new ThresholdResult(
              "out of order",
              "<= " + t.maxOutOfOrder(),
              Long.toString(outOfOrder),
              outOfOrder <= t.maxOutOfOrder()));
    }
    results.add(
        new ThresholdResult(
            "failed publishes",
            "<= " + t.maxFailed(),
            Long.toString(failed),
            failed <= t.maxFailed()));
    if (t.minRate() > 0) {
      double rate = publishOnly ? publishRate : Math.min(publishRate, receiveRate);
      results.add(
          new ThresholdResult(
              publishOnly ? "publish rate" : "rate (publish, receive)",
              ">= " + format(t.minRate()) + " msg/s",
              format(rate) + " msg/s",
              rate >= t.minRate()));
    }
    if (t.maxP99() != null && !publishOnly) {
      long limitMicros = t.maxP99().toNanos() / 1_000;
      results.add(
          new ThresholdResult(
              "end-to-end p99",
              "<= " + limitMicros + " us",
              endToEnd.p99() + " us",
              endToEnd.count() > 0 && endToEnd.p99() <= limitMicros));
    }
    return results;
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
