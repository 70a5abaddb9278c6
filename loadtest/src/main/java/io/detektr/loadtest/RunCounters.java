package io.detektr.loadtest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters producers and consumers update concurrently. "Measured" counters only count messages
 * whose intended send time falls after the warm-up: they give the rates.
 */
final class RunCounters {
  final LongAdder sent = new LongAdder();
  final LongAdder confirmed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder outOfOrder = new LongAdder();
  final LongAdder redeliveredLate = new LongAdder();
  final LongAdder foreign = new LongAdder();
  final LongAdder confirmedMeasured = new LongAdder();
  final LongAdder receivedMeasured = new LongAdder();
  final LongAdder receivedBytes = new LongAdder();

  /** System.nanoTime() of the latest first receipt of a measured message. */
  final AtomicLong lastMeasuredReceiptNanos = new AtomicLong();

  final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

  void failed(Throwable error) {
    failed.increment();
    firstFailure.compareAndSet(null, error);
  }

  /** Published and not yet confirmed or failed. */
  long outstanding() {
    return sent.sum() - confirmed.sum() - failed.sum();
  }
}
