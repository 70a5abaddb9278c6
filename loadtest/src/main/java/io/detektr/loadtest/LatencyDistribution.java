package io.detektr.loadtest;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency distribution as HdrHistogram plots it: the latency (microseconds) at percentiles that
 * close in on 100% by halving the distance, 5 steps per halving ({@code Histogram.percentiles(5)},
 * what {@code outputPercentileDistribution} prints).
 *
 * @param percentiles 0 to 100, ascending
 * @param micros the latency at each percentile
 */
public record LatencyDistribution(List<Double> percentiles, List<Long> micros) {
  static final int TICKS_PER_HALF_DISTANCE = 5;

  public LatencyDistribution {
    percentiles = List.copyOf(percentiles);
    micros = List.copyOf(micros);
  }

  static LatencyDistribution of(Histogram h) {
    List<Double> p = new ArrayList<>();
    List<Long> v = new ArrayList<>();
    if (h.getTotalCount() > 0) {
      for (HistogramIterationValue value : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
        p.add(value.getPercentileLevelIteratedTo());
        v.add(h.highestEquivalentValue(value.getValueIteratedTo()));
      }
    }
    return new LatencyDistribution(p, v);
  }
}
