package io.detektr.exporter.internal.collect;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one scrape, grouped into metric families. Counter names are given without {@code
 * _total}: the exposition writer appends it (and the model rejects it).
 */
public final class Samples {
  private final Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();
  private final Map<String, CounterSnapshot.Builder> counters = new LinkedHashMap<>();
  private final Map<String, SummarySnapshot.Builder> summaries = new LinkedHashMap<>();

  /** {@code labels}: name, value, name, value... */
  public Samples gauge(String name, String help, double value, String... labels) {
    gauges
        .computeIfAbsent(name, n -> GaugeSnapshot.builder().name(n).help(help))
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
    return this;
  }

  /** A cumulative count read from the server, e.g. {@code redis_commands_processed}. */
  public Samples counter(String name, String help, double value, String... labels) {
    counters
        .computeIfAbsent(name, n -> CounterSnapshot.builder().name(n).help(help))
        .dataPoint(
            CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
    return this;
  }

  /** A summary without quantiles ({@code _count} and {@code _sum}), as Go's client writes one. */
  public Samples summary(String name, String help, long count, double sum) {
    summaries
        .computeIfAbsent(name, n -> SummarySnapshot.builder().name(n).help(help))
        .dataPoint(SummaryDataPointSnapshot.builder().count(count).sum(sum).build());
    return this;
  }

  public Samples addAll(Samples other) {
    other.gauges.forEach(
        (k, v) ->
            gauges.merge(
                k,
                v,
                (a, b) -> {
                  throw new IllegalStateException("metric " + k + " collected twice");
                }));
    other.counters.forEach(
        (k, v) ->
            counters.merge(
                k,
                v,
                (a, b) -> {
                  throw new IllegalStateException("metric " + k + " collected twice");
                }));
    return this;
  }

  public MetricSnapshots build() {
    List<MetricSnapshot> all = new ArrayList<>();
    gauges.values().forEach(b -> all.add(b.build()));
    counters.values().forEach(b -> all.add(b.build()));
    summaries.values().forEach(b -> all.add(b.build()));
    return new MetricSnapshots(all);
  }
}
