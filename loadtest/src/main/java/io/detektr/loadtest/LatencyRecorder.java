package io.detektr.loadtest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency distribution in microseconds, recorded from many threads without locks (an
 * HdrHistogram {@link Recorder}) and folded into a running total by the one reporting thread.
 */
final class LatencyRecorder {
  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private Histogram interval;

  void recordNanos(long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1_000));
  }

  /** Everything recorded so far. Called by one thread at a time (the reporter). */
  synchronized LatencySummary summary() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return LatencySummary.of(total);
  }
}
