package io.detektr.loadtest;

import java.time.Duration;

/** The run's schedule on System.nanoTime(): start, end of warm-up, end of the send window. */
record RunClock(long startNanos, long warmupEndNanos, long endNanos) {
  static RunClock startingAt(long startNanos, Duration warmup, Duration duration) {
    long warmupEnd = startNanos + warmup.toNanos();
    return new RunClock(startNanos, warmupEnd, warmupEnd + duration.toNanos());
  }

  double measuredSeconds() {
    return (endNanos - warmupEndNanos) / 1e9;
  }
}
