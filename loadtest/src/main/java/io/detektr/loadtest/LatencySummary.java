package io.detektr.loadtest;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency distribution, in microseconds; all 0 when nothing was recorded. */
public record LatencySummary(
    long count, long p50, long p90, long p99, long p999, long max, double mean) {

  static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue(),
        h.getMean());
  }
}
