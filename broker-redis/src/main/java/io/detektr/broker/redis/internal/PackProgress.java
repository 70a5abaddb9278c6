package io.detektr.broker.redis.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many messages of one packed entry are still being handled. The entry is acknowledged once all
 * of them are done, and only if every one was settled (acked or dead-lettered): one left unsettled
 * (its consumer closed) leaves the whole entry pending, to be redelivered.
 */
final class PackProgress {
  private final AtomicInteger open;
  private volatile boolean abandoned;

  PackProgress(int messages) {
    this.open = new AtomicInteger(messages);
  }

  /**
   * One message is done with; {@code settled} says whether it was acked or dead-lettered.
   *
   * @return true for the last one, when the entry as a whole is done
   */
  boolean done(boolean settled) {
    if (!settled) {
      abandoned = true;
    }
    return open.decrementAndGet() == 0;
  }

  /** Whether every message was settled; meaningful once {@link #done} returned true. */
  boolean allSettled() {
    return !abandoned;
  }
}
