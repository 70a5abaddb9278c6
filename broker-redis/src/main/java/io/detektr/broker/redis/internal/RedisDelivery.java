package io.detektr.broker.redis.internal;

import io.detektr.broker.Delivery;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;

/** One entry handed to the handler; settles through the subscription's {@link RedisSettler}. */
final class RedisDelivery implements Delivery {
  private final RedisSubscription subscription;
  private final RedisSettler settler;
  private final StreamEntry entry;
  private volatile boolean requeued;

  RedisDelivery(RedisSubscription subscription, RedisSettler settler, StreamEntry entry) {
    this.subscription = subscription;
    this.settler = settler;
    this.entry = entry;
  }

  @Override
  public MessageId id() {
    return new MessageId(entry.id());
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
    settler.ack(entry.id());
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
    StreamEntry again = settler.reclaim(entry);
    if (again != null) {
      requeued = true;
      subscription.enqueue(again, true);
    }
  }

  @Override
  public void deadLetter(String reason) {
    settler.deadLetter(entry, reason);
  }

  boolean requeued() {
    return requeued;
  }

  @Override
  public String toString() {
    return "RedisDelivery["
        + subscription.topic()
        + "/"
        + subscription.group()
        + " "
        + entry.id()
        + " attempt "
        + entry.attempt()
        + "]";
  }
}
