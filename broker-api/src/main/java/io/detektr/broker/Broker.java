package io.detektr.broker;

/**
 * A connection to one broker: Redis, RabbitMQ or the in-memory default. Get one from {@link
 * Brokers}. Thread-safe; one per application is enough. Closing it closes its publishers and
 * subscriptions: their publishes, and any call on the broker but {@link #close()}, fail with {@link
 * BrokerClosedException} from then on.
 *
 * <p>Semantics, the same on every provider: at-least-once delivery; FIFO per topic within one
 * consumer of concurrency 1; the consumers of one group compete for messages; every group sees
 * every message published after the group exists.
 */
public interface Broker extends AutoCloseable {
  /** The provider's name as used in metric tags: {@code redis}, {@code rabbitmq}, {@code mem}. */
  String provider();

  /** A publisher for {@code topic} with default options. */
  default Publisher publisher(String topic) {
    return publisher(topic, PublisherOptions.defaults());
  }

  Publisher publisher(String topic, PublisherOptions options);

  /** Starts consuming {@code topic} as a member of {@code group} with default options. */
  default Subscription subscribe(String topic, String group, MessageHandler handler) {
    return subscribe(topic, group, handler, SubscriptionOptions.defaults());
  }

  /** Starts consuming {@code topic} as a member of {@code group}; creates the group if needed. */
  Subscription subscribe(
      String topic, String group, MessageHandler handler, SubscriptionOptions options);

  /**
   * Creates {@code group} on {@code topic} if it does not exist, so that it receives every message
   * published from now on, before any consumer runs. Idempotent.
   */
  default void declareGroup(String topic, String group) {
    declareGroup(topic, group, GroupStart.LATEST);
  }

  /**
   * Creates {@code group} on {@code topic} if it does not exist, starting at {@code start}: {@link
   * GroupStart#EARLIEST} also gives it what the topic still holds (see there for each provider).
   * Idempotent; an existing group keeps its position.
   */
  void declareGroup(String topic, String group, GroupStart start);

  /** The backlog of {@code group}. */
  GroupStats groupStats(String topic, String group);

  @Override
  void close();
}
