package io.detektr.loadtest;

import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import java.util.concurrent.locks.LockSupport;

/**
 * One producer thread. At a fixed rate it keeps a schedule (message k is due at {@code start + k *
 * interval}) and measures latency from the due time, not from the moment it managed to send: when
 * the broker stalls, the messages that should have gone out meanwhile are charged with the stall
 * (coordinated-omission correction, as in wrk2). At rate 0 it sends as fast as the publisher's
 * in-flight window allows and measures from the actual send.
 */
final class ProducerRunner implements Runnable {
  /** How long before a due time the producer stops parking and spins, at most. */
  private static final long MAX_SPIN_NANOS = 200_000;

  private final int id;
  private final String run;
  private final Publisher publisher;
  private final byte[] payload;
  private final boolean stampInPayload;
  private final String contentType;
  private final long intervalNanos;
  private final long spinNanos;
  private final int batch;
  private final long startNanos;
  private final long warmupEndNanos;
  private final long endNanos;
  private final RunCounters counters;
  private final SequenceTracker tracker;
  private final LatencyRecorder publishLatency;
  private volatile boolean stopped;

  ProducerRunner(
      int id,
      String run,
      Publisher publisher,
      Payload payload,
      double ratePerSecond,
      int batch,
      RunClock clock,
      RunCounters counters,
      SequenceTracker tracker,
      LatencyRecorder publishLatency) {
    this.id = id;
    this.run = run;
    this.publisher = publisher;
    this.payload = payload.bytes();
    this.contentType = payload.contentType();
    this.stampInPayload = payload.generated() && MessageStamp.fitsPayload(this.payload.length);
    this.intervalNanos = ratePerSecond <= 0 ? 0 : (long) (1e9 * batch / ratePerSecond);
    this.spinNanos = Math.min(MAX_SPIN_NANOS, intervalNanos / 4); // a quarter core at most
    this.batch = batch;
    this.startNanos = clock.startNanos();
    this.warmupEndNanos = clock.warmupEndNanos();
    this.endNanos = clock.endNanos();
    this.counters = counters;
    this.tracker = tracker;
    this.publishLatency = publishLatency;
  }

  /** Stops early (the run was aborted). */
  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long seq = 0;
    for (long step = 0; !stopped; step++) {
      long due;
      if (intervalNanos > 0) {
        due = startNanos + step * intervalNanos;
        if (due >= endNanos) {
          return;
        }
        waitUntil(due);
      } else {
        due = System.nanoTime();
        if (due >= endNanos) {
          return;
        }
      }
      for (int i = 0; i < batch && !stopped; i++) {
        publish(seq++, intervalNanos > 0 ? due : System.nanoTime());
      }
    }
  }

  private void publish(long seq, long intendedNanos) {
    MessageStamp stamp = new MessageStamp(run, id, seq, intendedNanos);
    Message message =
        stampInPayload
            ? Message.wrap(stamp.payload(payload))
            : Message.wrap(payload, stamp.headers(contentType));
    boolean measured = intendedNanos >= warmupEndNanos;
    counters.sent.increment();
    try {
      publisher
          .publish(message)
          .whenComplete(
              (messageId, error) -> {
                if (error != null) {
                  counters.failed(error);
                  return;
                }
                long now = System.nanoTime();
                tracker.confirmed(id, seq);
                counters.confirmed.increment();
                if (measured) {
                  counters.confirmedMeasured.increment();
                  publishLatency.recordNanos(now - intendedNanos);
                }
              });
    } catch (RuntimeException e) {
      // A publisher may refuse synchronously (closed, interrupted while waiting for room).
      counters.failed(e);
    }
  }

  /**
   * Parks until shortly before {@code due}, then spins. A timer wake-up on a virtual machine often
   * arrives a millisecond late, and since latency is measured from the due time, that lateness of
   * the load generator itself would be charged to the broker.
   */
  private void waitUntil(long due) {
    long remaining;
    while ((remaining = due - System.nanoTime()) > spinNanos && !stopped) {
      LockSupport.parkNanos(remaining - spinNanos);
    }
    while (System.nanoTime() < due && !stopped) {
      Thread.onSpinWait();
    }
  }
}
