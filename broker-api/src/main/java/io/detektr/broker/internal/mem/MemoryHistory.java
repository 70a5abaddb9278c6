package io.detektr.broker.internal.mem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A topic's latest messages, for groups that start at {@link io.detektr.broker.GroupStart#EARLIEST}
 * (what a Redis stream keeps). Bounded so that a long-running in-memory broker does not grow:
 * {@value #MAX_MESSAGES} messages, {@value #MAX_BYTES} payload bytes, and a publisher's {@code
 * maxLength} when it has one. Guarded by its topic's lock.
 */
final class MemoryHistory {
  static final int MAX_MESSAGES = 1_000;
  static final long MAX_BYTES = 64L << 20;

  private final Deque<MemoryEntry> entries = new ArrayDeque<>();
  private long bytes;

  void add(MemoryEntry entry, long maxLength) {
    entries.addLast(entry);
    bytes += entry.message().size();
    long limit = maxLength > 0 ? Math.min(maxLength, MAX_MESSAGES) : MAX_MESSAGES;
    while (entries.size() > limit || (bytes > MAX_BYTES && entries.size() > 1)) {
      bytes -= entries.removeFirst().message().size();
    }
  }

  void forEach(Consumer<MemoryEntry> action) {
    entries.forEach(action);
  }
}
