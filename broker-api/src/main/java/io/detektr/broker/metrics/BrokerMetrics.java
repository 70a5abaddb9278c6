package io.detektr.broker.metrics;

/**
 * Listener for broker client events, the hook behind the {@code broker.*} meters. The API records
 * every event in one place for every provider, so all providers count the same way; providers
 * themselves report only {@link #dropped}, the one event only the broker sees.
 *
 * <p>Implementations must be thread-safe and fast: they are called on publish and delivery paths.
 * New events are added as {@code default} no-ops, so implementations keep compiling.
 */
public interface BrokerMetrics {
  /** Records nothing: the default. */
  BrokerMetrics NOOP = new BrokerMetrics() {};

  /** A message of {@code bytes} payload bytes was handed to the broker client. */
  default void published(Destination destination, int bytes) {}

  /** The broker accepted a publish durably, {@code nanos} after {@link #published}. */
  default void publishConfirmed(Destination destination, long nanos) {}

  /** A publish failed; {@code error} is the exception's simple class name. */
  default void publishFailed(Destination destination, String error) {}

  /**
   * A message was handed to a handler. {@code endToEndNanos} is the time since it was published
   * (from its {@code published-at} header), or -1 when unknown.
   */
  default void delivered(Destination destination, int attempt, long endToEndNanos) {}

  /** A delivery was acknowledged, {@code handlerNanos} after it was handed to the handler. */
  default void acked(Destination destination, long handlerNanos) {}

  /** A delivery was handed back to the group for another attempt. */
  default void retried(Destination destination) {}

  /** A delivery was moved to the dead-letter topic. */
  default void deadLettered(Destination destination) {}

  /** The broker discarded {@code count} messages of the topic to make room (DROP_OLDEST). */
  default void dropped(Destination destination, long count) {}
}
