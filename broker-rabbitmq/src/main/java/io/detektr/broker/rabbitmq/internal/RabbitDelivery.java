package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Delivery;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.spi.DeadLetters;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One AMQP delivery. {@link #retry()} and {@link #deadLetter(String)} publish first, wait for the
 * confirm and only then acknowledge the original, so a crash in between duplicates a message but
 * never loses it; when the publish fails the original is requeued instead.
 */
final class RabbitDelivery implements Delivery {
  private final AckCoalescer acks;
  private final RabbitSubscription subscription;
  private final long tag;
  private final String topic;
  private final String group;
  private final String queue;
  private final String deadLetterTopic;
  private final MessageId id;
  private final Message message;
  private final byte[] body;
  private final int attempt;
  private final ConfirmChannel republisher;
  private final Duration timeout;
  private volatile boolean settled;

  RabbitDelivery(
      AckCoalescer acks,
      Envelope envelope,
      AMQP.BasicProperties props,
      byte[] body,
      RabbitSubscription subscription,
      ConfirmChannel republisher,
      Duration timeout) {
    this.acks = acks;
    this.subscription = subscription;
    this.tag = envelope.getDeliveryTag();
    this.topic = subscription.topic();
    this.group = subscription.group();
    this.queue = subscription.queue();
    this.deadLetterTopic = subscription.deadLetterTopic();
    this.id =
        new MessageId(
            props.getMessageId() != null
                ? props.getMessageId()
                : "delivery-" + envelope.getDeliveryTag());
    this.message = AmqpMessages.message(props, body);
    this.body = body;
    this.attempt = AmqpMessages.attempt(props, envelope.isRedeliver());
    this.republisher = republisher;
    this.timeout = timeout;
  }

  @Override
  public MessageId id() {
    return id;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public Message message() {
    return message;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public void ack() {
    try {
      acks.ack(tag, subscription.deliveriesWaiting());
      settled = true;
    } catch (Exception e) {
      throw Errors.operationFailed("acknowledging " + id + " on queue '" + queue + "'", e);
    }
  }

  /** Back to the tail of the group's queue (not the topic: other groups must not see it). */
  @Override
  public void retry() {
    republishThenAck(
        "retrying", "", queue, AmqpMessages.properties(message, id.value(), attempt + 1));
  }

  @Override
  public void deadLetter(String reason) {
    Message letter = DeadLetters.of(message, reason, attempt, topic, group);
    republishThenAck(
        "dead-lettering",
        deadLetterTopic,
        deadLetterTopic,
        AmqpMessages.properties(letter, id.value(), 1));
  }

  private void republishThenAck(
      String what, String exchange, String routingKey, AMQP.BasicProperties props) {
    CompletableFuture<Void> sent = republisher.send(exchange, routingKey, props, body);
    try {
      sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      requeue();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw cause instanceof BrokerException be
          ? be
          : new BrokerException(
              what + " " + id + " failed (" + Errors.describe(cause) + "); it was requeued", cause);
    }
    ack();
  }

  /**
   * Hands it back to the queue unless it was settled: for a handler that threw before settling,
   * since an unacknowledged delivery on a live channel would hold a prefetch slot for good.
   */
  void requeueIfUnsettled() {
    if (!settled) {
      requeue();
    }
  }

  private void requeue() {
    settled = true;
    try {
      acks.requeue(tag);
    } catch (Exception e) {
      // the channel is gone: RabbitMQ requeues the message by itself
    }
  }
}
