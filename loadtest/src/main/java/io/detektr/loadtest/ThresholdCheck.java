package io.detektr.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a run's figures against its {@link Thresholds}. */
final class ThresholdCheck {
  private ThresholdCheck() {}

  static List<ThresholdResult> check(Thresholds t, long lost, long failed, double publishRate,
      double receiveRate, LatencySummary endToEnd) {
    List<ThresholdResult> results = new ArrayList<>();
    results.add(new ThresholdResult("lost", "<= " + t.maxLost(), Long.toString(lost),
        lost <= t.maxLost()));
    results.add(new ThresholdResult("failed publishes", "<= " + t.maxFailed(),
        Long.toString(failed), failed <= t.maxFailed()));
    if (t.minRate() > 0) {
      double rate = Math.min(publishRate, receiveRate);
      results.add(new ThresholdResult("rate (min of publish, receive)",
          ">= " + format(t.minRate()) + " msg/s", format(rate) + " msg/s", rate >= t.minRate()));
    }
    if (t.maxP99() != null) {
      long limitMicros = t.maxP99().toNanos() / 1_000;
      results.add(new ThresholdResult("end-to-end p99", "<= " + limitMicros + " us",
          endToEnd.p99() + " us", endToEnd.count() > 0 && endToEnd.p99() <= limitMicros));
    }
    return results;
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
