package io.detektr.broker.internal.mem;

import io.detektr.broker.metrics.BrokerMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The topics of one named in-memory broker. */
final class MemoryStore {
  private final ConcurrentMap<String, MemoryTopic> topics = new ConcurrentHashMap<>();
  private final BrokerMetrics metrics;

  MemoryStore(BrokerMetrics metrics) {
    this.metrics = metrics;
  }

  MemoryTopic topic(String name) {
    return topics.computeIfAbsent(name, n -> new MemoryTopic(n, metrics));
  }
}
