package io.detektr.broker.internal.mem;

import io.detektr.broker.BrokerFullException;
import io.detektr.broker.GroupStart;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Overflow;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A topic: fans every message out to the queue of each of its groups, and keeps its latest messages
 * ({@link MemoryHistory}) for groups created with {@link GroupStart#EARLIEST}.
 */
final class MemoryTopic {
  private final String name;
  private final BrokerMetrics metrics;
  private final Map<String, MemoryGroup> groups = new ConcurrentHashMap<>();
  private final MemoryHistory history = new MemoryHistory();
  private long sequence;

  MemoryTopic(String name, BrokerMetrics metrics) {
    this.name = name;
    this.metrics = metrics;
  }

  String name() {
    return name;
  }

  MemoryGroup group(String group, GroupStart start) {
    synchronized (this) {
      MemoryGroup existing = groups.get(group);
      if (existing != null) {
        return existing;
      }
      MemoryGroup created = new MemoryGroup(name, group);
      if (start == GroupStart.EARLIEST) {
        history.forEach(created::enqueue);
      }
      groups.put(group, created);
      return created;
    }
  }

  MemoryGroup existingGroup(String group) {
    return groups.get(group);
  }

  synchronized MessageId publish(Message message, PublisherOptions options) {
    long max = options.maxLength();
    if (max > 0 && options.overflow() == Overflow.REJECT) {
      for (MemoryGroup g : groups.values()) {
        if (g.backlog() >= max) {
          throw new BrokerFullException(
              "Topic '"
                  + name
                  + "' is full: group '"
                  + g.name()
                  + "' holds "
                  + g.backlog()
                  + " of at most "
                  + max
                  + " messages; consume faster,"
                  + " raise maxLength or use Overflow.DROP_OLDEST");
        }
      }
    }
    MessageId id = new MessageId(Long.toString(++sequence));
    long dropped = 0;
    for (MemoryGroup g : groups.values()) {
      if (max > 0 && options.overflow() == Overflow.DROP_OLDEST) {
        dropped = Math.max(dropped, g.dropOldest(max - 1));
      }
      g.enqueue(new MemoryEntry(id, message, 1));
    }
    history.add(new MemoryEntry(id, message, 1), max);
    if (dropped > 0) {
      metrics.dropped(Destination.publisher("mem", name), dropped);
    }
    return id;
  }
}
