package io.detektr.loadtest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in microseconds; all 0 when nothing was recorded. The
 * whole {@code distribution} is for the HTML report only (not in the JSON).
 */
public record LatencySummary(
    long count,
    long p50,
    long p90,
    long p99,
    long p999,
    long max,
    double mean,
    @JsonIgnore LatencyDistribution distribution) {

  static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0, LatencyDistribution.of(h));
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue(),
        h.getMean(),
        LatencyDistribution.of(h));
  }
}
