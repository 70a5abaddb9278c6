package io.detektr.broker.spi;

import java.util.List;

/**
 * How a subscription stops its handler threads, the same way on every provider: running handlers
 * get a grace period to finish, then are interrupted (the API then leaves their deliveries
 * unsettled, for redelivery).
 */
public final class HandlerThreads {
  /** How long running handlers may take to finish when their subscription closes. */
  public static final long CLOSE_GRACE_MILLIS = 2_000;

  private static final long AFTER_INTERRUPT_MILLIS = 1_000;

  private HandlerThreads() {}

  /** Waits up to the grace period for {@code threads} to end, then interrupts what still runs. */
  public static void stop(List<Thread> threads) {
    long deadline = System.currentTimeMillis() + CLOSE_GRACE_MILLIS;
    for (Thread t : threads) {
      join(t, deadline - System.currentTimeMillis());
    }
    for (Thread t : threads) {
      t.interrupt();
      join(t, AFTER_INTERRUPT_MILLIS);
    }
  }

  private static void join(Thread t, long millis) {
    try {
      t.join(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
