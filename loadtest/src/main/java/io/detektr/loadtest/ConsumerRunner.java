package io.detektr.loadtest;

import io.detektr.broker.Broker;
import io.detektr.broker.Delivery;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One consumer of the group (concurrency 1, so its deliveries come in FIFO order). It records every
 * receipt against the sequence tracker: a first receipt counts as received, a repeat as a
 * duplicate, a sequence number below the last one this consumer saw from the same producer as out
 * of order.
 *
 * <p>{@link #kill()} simulates a consumer that dies while holding a message: the next delivery is
 * recorded as received, then the handler hangs until the subscription is closed under it, so the
 * message is never acknowledged and the broker redelivers it to another consumer.
 */
final class ConsumerRunner implements MessageHandler {
  private final String run;
  private volatile RunClock clock;
  private final RunCounters counters;
  private final SequenceTracker tracker;
  private final LatencyRecorder endToEnd;
  private final long[] lastSeq;
  private final long handleNanos;
  private final CountDownLatch holding = new CountDownLatch(1);
  private volatile boolean dying;
  private Subscription subscription;

  ConsumerRunner(
      String run,
      RunCounters counters,
      SequenceTracker tracker,
      LatencyRecorder endToEnd,
      Duration handleTime) {
    this.handleNanos = handleTime.toNanos();
    this.run = run;
    this.counters = counters;
    this.tracker = tracker;
    this.endToEnd = endToEnd;
    this.lastSeq = new long[tracker.producers()];
    Arrays.fill(lastSeq, -1);
  }

  void start(Broker broker, String topic, String group, SubscriptionOptions options) {
    subscription = broker.subscribe(topic, group, this, options.concurrency(1));
  }

  /** Sets the schedule; called before the first message of this run is published. */
  void begin(RunClock runClock) {
    this.clock = runClock;
  }

  @Override
  public void handle(Delivery delivery) throws InterruptedException {
    long now = System.nanoTime();
    MessageStamp stamp = MessageStamp.read(delivery.message(), run);
    RunClock runClock = clock;
    if (stamp == null
        || runClock == null
        || stamp.producer() < 0
        || stamp.producer() >= lastSeq.length) {
      counters.foreign.increment(); // left over from an earlier run on the same topic: ack it
      return;
    }
    if (tracker.received(stamp.producer(), stamp.seq())) {
      counters.received.increment();
      counters.receivedBytes.add(delivery.message().size());
      if (stamp.seq() < lastSeq[stamp.producer()]) {
        if (delivery.attempt() > 1) {
          counters.redeliveredLate.increment(); // handed to a consumer that failed: late, in order
        } else {
          counters.outOfOrder.increment();
        }
      } else {
        lastSeq[stamp.producer()] = stamp.seq();
      }
      if (stamp.intendedNanos() >= runClock.warmupEndNanos()) {
        counters.receivedMeasured.increment();
        counters.lastMeasuredReceiptNanos.accumulateAndGet(now, Math::max);
        endToEnd.recordNanos(now - stamp.intendedNanos());
      }
    } else {
      counters.duplicates.increment();
    }
    if (handleNanos > 0) {
      Thread.sleep(handleNanos / 1_000_000, (int) (handleNanos % 1_000_000)); // the detector's work
    }
    if (dying) {
      holding.countDown();
      // Hang like a crashed process: close() interrupts us and the message stays unacknowledged.
      // Bounded, so a provider that does not interrupt cannot hang the run forever.
      Thread.sleep(TimeUnit.SECONDS.toMillis(60));
      throw new IllegalStateException("killed consumer " + subscription.consumer());
    }
  }

  /** Dies while holding its next message (waits up to {@code maxWaitMillis} for one). */
  void kill(long maxWaitMillis) throws InterruptedException {
    dying = true;
    holding.await(maxWaitMillis, TimeUnit.MILLISECONDS);
    subscription.close();
  }

  void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
