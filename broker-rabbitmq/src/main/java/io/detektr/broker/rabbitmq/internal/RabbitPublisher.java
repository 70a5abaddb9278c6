package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import io.detektr.broker.BrokerFullException;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes persistent messages to the topic's exchange over a confirm channel of its own. The
 * message id, also the AMQP {@code message-id}, is this publisher's random prefix plus a counter,
 * so a consumer sees the same id.
 */
final class RabbitPublisher implements Publisher {
  private final String topic;
  private final ConfirmChannel confirms;
  private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong counter = new AtomicLong();
  private final Consumer<RabbitPublisher> onClose;

  RabbitPublisher(
      Connection connection,
      String topic,
      PublisherOptions options,
      QueueLimits limits,
      Duration timeout,
      Consumer<RabbitPublisher> onClose) {
    this.topic = topic;
    this.onClose = onClose;
    this.confirms =
        new ConfirmChannel(
            connection,
            "publishing to topic '" + topic + "'",
            options.maxInFlight(),
            timeout,
            () -> full(topic, limits));
  }

  static BrokerFullException full(String topic, QueueLimits limits) {
    String limit = limits.maxLength() > 0 ? " of " + limits.maxLength() + " messages" : "";
    return new BrokerFullException(
        "Topic '"
            + topic
            + "' is full: RabbitMQ refused the message"
            + " because a group queue of the topic holds its limit"
            + limit
            + " (x-max-length with"
            + " x-overflow reject-publish). Consume faster, raise maxLength, or publish with"
            + " Overflow.DROP_OLDEST");
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public CompletionStage<MessageId> publish(Message message) {
    MessageId id = new MessageId(idPrefix + counter.incrementAndGet());
    return confirms
        .send(topic, topic, AmqpMessages.properties(message, id.value(), 1), message.payload())
        .thenApply(v -> id);
  }

  @Override
  public void flush() {
    confirms.flush();
  }

  @Override
  public void close() {
    confirms.close();
    onClose.accept(this);
  }
}
