package io.detektr.broker;

import java.util.concurrent.CompletionStage;

/**
 * Publishes messages to one topic. Thread-safe; share one per topic.
 *
 * <p>Publishing is asynchronous and pipelined: {@link #publish(Message)} returns at once (or waits
 * while {@link PublisherOptions#maxInFlight()} messages are unconfirmed) and its stage completes
 * only when the broker has accepted the message durably (a Redis reply, a RabbitMQ confirm). It
 * completes exceptionally with a {@link BrokerException}: {@link BrokerFullException}, {@link
 * BrokerUnavailableException}; and, before anything is sent, {@link MessageTooLargeException} (see
 * {@link BrokerConfig#maxMessageBytes()} and the limits of {@link Headers}), {@link
 * BrokerConfigException} for a header no broker can carry, {@link BrokerClosedException} once this
 * publisher or its broker is closed. It does not throw for any of these: the stage fails.
 */
public interface Publisher extends AutoCloseable {
  String topic();

  CompletionStage<MessageId> publish(Message message);

  /** Waits until every publish made so far has completed, or the operation timeout passes. */
  void flush();

  /**
   * Flushes, then releases the publisher's resources. Publishes from then on fail with {@link
   * BrokerClosedException}.
   */
  @Override
  void close();
}
