package io.detektr.broker.internal.mem;

import io.detektr.broker.GroupStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One consumer group's queue: ready messages in FIFO order plus the ones handed to a consumer and
 * not yet settled. Unsettled messages go back to the head of the queue, one attempt higher, when
 * their consumer closes or when they stay unsettled longer than their redelivery deadline.
 */
final class MemoryGroup {
  private final String topic;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Deque<MemoryEntry> ready = new ArrayDeque<>();
  private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
  private int consumers;

  private record InFlight(MemoryEntry entry, Object owner, long deadlineNanos) {}

  MemoryGroup(String topic, String name) {
    this.topic = topic;
    this.name = name;
  }

  String name() {
    return name;
  }

  String topic() {
    return topic;
  }

  void enqueue(MemoryEntry entry) {
    lock.lock();
    try {
      ready.addLast(entry);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Drops the oldest ready messages until at most {@code keep} remain; returns how many. */
  long dropOldest(long keep) {
    lock.lock();
    try {
      long dropped = 0;
      while (ready.size() + inFlight.size() > keep && !ready.isEmpty()) {
        ready.pollFirst();
        dropped++;
      }
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  long backlog() {
    lock.lock();
    try {
      return ready.size() + inFlight.size();
    } finally {
      lock.unlock();
    }
  }

  /** The next message for {@code owner}, or null after {@code timeoutNanos}. */
  MemoryEntry take(Object owner, long redeliverAfterNanos, long timeoutNanos)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long remaining = timeoutNanos;
      while (true) {
        requeueExpired(System.nanoTime());
        MemoryEntry entry = ready.pollFirst();
        if (entry != null) {
          inFlight.put(
              entry.id().value(),
              new InFlight(entry, owner, System.nanoTime() + redeliverAfterNanos));
          return entry;
        }
        if (remaining <= 0) {
          return null;
        }
        remaining = notEmpty.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code entry}; false when it was already redelivered elsewhere or settled. */
  boolean settle(MemoryEntry entry) {
    lock.lock();
    try {
      InFlight f = inFlight.get(entry.id().value());
      if (f != null && f.entry().attempt() == entry.attempt()) {
        inFlight.remove(entry.id().value());
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  void retry(MemoryEntry entry) {
    lock.lock();
    try {
      if (settle(entry)) {
        ready.addLast(entry.nextAttempt());
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Hands every unsettled message of {@code owner} back to the group. */
  void abandon(Object owner) {
    lock.lock();
    try {
      requeue(f -> f.owner() == owner);
    } finally {
      lock.unlock();
    }
  }

  void consumerJoined() {
    lock.lock();
    try {
      consumers++;
    } finally {
      lock.unlock();
    }
  }

  void consumerLeft() {
    lock.lock();
    try {
      consumers--;
    } finally {
      lock.unlock();
    }
  }

  GroupStats stats() {
    lock.lock();
    try {
      return new GroupStats(ready.size(), inFlight.size(), consumers);
    } finally {
      lock.unlock();
    }
  }

  private void requeueExpired(long now) {
    if (!inFlight.isEmpty()) {
      requeue(f -> f.deadlineNanos() - now < 0);
    }
  }

  private void requeue(java.util.function.Predicate<InFlight> which) {
    List<MemoryEntry> back = new ArrayList<>();
    for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
      InFlight f = it.next();
      if (which.test(f)) {
        back.add(f.entry().nextAttempt());
        it.remove();
      }
    }
    for (int i = back.size() - 1; i >= 0; i--) {
      ready.addFirst(back.get(i));
    }
    if (!back.isEmpty()) {
      notEmpty.signalAll();
    }
  }
}
