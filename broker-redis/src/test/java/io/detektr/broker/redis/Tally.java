package io.detektr.broker.redis;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of a fault test: what was published, confirmed, delivered; duplicates and losses. */
final class Tally {
  final AtomicLong published = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicReference<String> firstError =
      new java.util.concurrent.atomic.AtomicReference<>();
  final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> deliveries = new ConcurrentHashMap<>();

  void failed(Throwable error) {
    failed.incrementAndGet();
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    firstError.compareAndSet(null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  void delivered(String payload) {
    deliveries.computeIfAbsent(payload, k -> new AtomicLong()).incrementAndGet();
  }

  void deliveredAll(Collection<String> payloads) {
    payloads.forEach(this::delivered);
  }

  boolean hasDelivered(String payload) {
    return deliveries.containsKey(payload);
  }

  long deliveredCount() {
    return deliveries.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long distinct() {
    return deliveries.size();
  }

  long duplicates() {
    return deliveredCount() - distinct();
  }

  /** Confirmed publishes never delivered. */
  Set<String> lost() {
    Set<String> lost = new HashSet<>(confirmed);
    lost.removeAll(deliveries.keySet());
    return lost;
  }

  /** One clear line for the test log. */
  String line(String test) {
    return test
        + ": published="
        + published.get()
        + " confirmed="
        + confirmed.size()
        + " failed="
        + failed.get()
        + " delivered="
        + deliveredCount()
        + " distinct="
        + distinct()
        + " duplicates="
        + duplicates()
        + " lost="
        + lost().size()
        + (firstError.get() == null ? "" : " (first failure: " + firstError.get() + ")");
  }
}
