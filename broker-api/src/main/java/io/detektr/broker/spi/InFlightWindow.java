package io.detektr.broker.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The unconfirmed publishes of one publisher, at most {@code max}, with hysteresis: a publisher
 * that finds the window full waits until it has drained to {@code resumeAt}, not just until one
 * slot is free. A semaphore would wake the waiting publisher on every confirm, so at full speed
 * each reply would cost a thread wake-up and a context switch for a single publish; here the I/O
 * thread wakes it once per {@code max - resumeAt} confirms, and never when nobody waits.
 */
public final class InFlightWindow {
  private final int max;
  private final int resumeAt;
  private final AtomicInteger used = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();

  /** Threads waiting in {@link #acquire} or {@link #awaitEmpty}; read on every release. */
  private final AtomicInteger waiters = new AtomicInteger();

  /** A window of {@code max} that resumes a blocked publisher at three quarters full. */
  public InFlightWindow(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    this.max = max;
    this.resumeAt = max - Math.max(1, max / 4);
  }

  /**
   * Takes a slot, waiting up to {@code timeout} when the window is full.
   *
   * @return false when the window stayed full for the whole timeout
   */
  public boolean acquire(long timeout, TimeUnit unit) throws InterruptedException {
    if (tryAcquire()) {
      return true;
    }
    long nanos = unit.toNanos(timeout);
    waiters.incrementAndGet(); // before re-reading used: see release()
    lock.lockInterruptibly();
    try {
      while (true) {
        if (used.get() <= resumeAt && tryAcquire()) {
          return true;
        }
        if (nanos <= 0) {
          return false;
        }
        nanos = drained.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  private boolean tryAcquire() {
    for (int u = used.get(); u < max; u = used.get()) {
      if (used.compareAndSet(u, u + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Frees a slot (a publish was confirmed or failed). */
  public void release() {
    int u = used.decrementAndGet();
    // used is written before waiters is read here, and waiters written before used is read in
    // acquire: one side always sees the other, so no waiter misses the wake-up it needs.
    if (waiters.get() > 0 && (u == resumeAt || u == 0)) {
      lock.lock();
      try {
        drained.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until every slot is free (all publishes settled).
   *
   * @return false when some were still unsettled after {@code timeout}
   */
  public boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    waiters.incrementAndGet();
    lock.lockInterruptibly();
    try {
      while (used.get() > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = drained.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /** Slots in use: publishes sent and not yet settled. */
  public int inFlight() {
    return used.get();
  }
}
