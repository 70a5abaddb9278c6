package io.detektr.broker.redis.internal;

import io.detektr.broker.Delivery;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;

/**
 * One message handed to the handler; settles through the subscription's {@link RedisSettler}. A
 * message of a packed entry settles locally: its entry is acknowledged once all of its messages are
 * (see {@link PackProgress}), and a retry runs it again here without a round trip, since Redis
 * counts deliveries per entry and not per message.
 */
final class RedisDelivery implements Delivery {
  private final RedisSubscription subscription;
  private final RedisSettler settler;
  private final StreamEntry entry;
  private volatile boolean requeued;
  private volatile boolean settled;

  RedisDelivery(RedisSubscription subscription, RedisSettler settler, StreamEntry entry) {
    this.subscription = subscription;
    this.settler = settler;
    this.entry = entry;
  }

  @Override
  public MessageId id() {
    return new MessageId(entry.deliveryId());
  }

  @Override
  public String topic() {
    return subscription.topic();
  }

  @Override
  public String group() {
    return subscription.group();
  }

  @Override
  public Message message() {
    return entry.message();
  }

  @Override
  public int attempt() {
    return entry.attempt();
  }

  @Override
  public void ack() {
    if (entry.pack() == null) {
      settler.ack(entry.id());
    }
    settled = true;
  }

  /**
   * Claims the entry back at once (delivery count + 1) and queues it first in this consumer, so the
   * retry comes back promptly instead of after {@code redeliverAfter}. A closing consumer leaves it
   * pending instead: another consumer claims it later.
   */
  @Override
  public void retry() {
    if (subscription.isClosed()) {
      return;
    }
    if (entry.pack() != null) {
      requeued = true;
      subscription.enqueue(entry.nextAttempt(), true);
      return;
    }
    StreamEntry again = settler.reclaim(entry);
    if (again != null) {
      requeued = true;
      subscription.enqueue(again, true);
    }
  }

  @Override
  public void deadLetter(String reason) {
    if (entry.pack() == null) {
      settler.deadLetter(entry, reason);
    } else {
      settler.deadLetterOnly(entry, reason); // the entry's ack follows with its last message
    }
    settled = true;
  }

  boolean requeued() {
    return requeued;
  }

  /** Whether it was acked or dead-lettered (not merely retried or left alone). */
  boolean settled() {
    return settled;
  }

  @Override
  public String toString() {
    return "RedisDelivery["
        + subscription.topic()
        + "/"
        + subscription.group()
        + " "
        + entry.deliveryId()
        + " attempt "
        + entry.attempt()
        + "]";
  }
}
