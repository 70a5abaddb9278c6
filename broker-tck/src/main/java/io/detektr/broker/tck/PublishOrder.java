package io.detektr.broker.tck;

import io.detektr.broker.Delivery;
import io.detektr.broker.MessageHandler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Order bookkeeping for many messages without keeping them: each payload starts with its sequence
 * number (4 bytes, big-endian); a handler of concurrency 1 counts deliveries, sequence numbers seen
 * twice, and inversions (a sequence number lower than the highest seen before it, the first time it
 * arrives).
 */
public final class PublishOrder implements MessageHandler {
  private final boolean[] seen;
  private final AtomicInteger delivered = new AtomicInteger();
  private volatile int distinct;
  private volatile int duplicates;
  private volatile int inversions;
  private volatile String firstInversion;
  private int highest = -1;

  public PublishOrder(int count) {
    this.seen = new boolean[count];
  }

  /** A payload of {@code size} bytes (at least 4) carrying {@code seq}. */
  public static byte[] payload(int seq, int size) {
    return ByteBuffer.allocate(Math.max(4, size)).putInt(seq).array();
  }

  @Override
  public synchronized void handle(Delivery delivery) {
    int seq = ByteBuffer.wrap(delivery.message().payload()).getInt();
    delivered.incrementAndGet();
    if (seen[seq]) {
      duplicates++;
      return;
    }
    seen[seq] = true;
    distinct++;
    if (seq < highest) {
      if (inversions == 0) {
        firstInversion = "message " + seq + " arrived after message " + highest;
      }
      inversions++;
    }
    highest = Math.max(highest, seq);
  }

  /** Waits until every sequence number arrived at least once. */
  public void awaitAll(Duration timeout) {
    await(seen.length, timeout);
  }

  /** Waits until {@code n} distinct sequence numbers arrived. */
  public void await(int n, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(5))
        .alias("waiting for " + n + " distinct messages (have " + distinct + ")")
        .until(() -> distinct >= n);
  }

  public int delivered() {
    return delivered.get();
  }

  public int duplicates() {
    return duplicates;
  }

  public int inversions() {
    return inversions;
  }

  /** The first inversion, for the failure message; null when there was none. */
  public String firstInversion() {
    return firstInversion;
  }
}
