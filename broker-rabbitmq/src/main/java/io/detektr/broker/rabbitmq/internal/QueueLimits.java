package io.detektr.broker.rabbitmq.internal;

import io.detektr.broker.Overflow;
import io.detektr.broker.PublisherOptions;

/**
 * The limits of a group queue, fixed when RabbitMQ declares it.
 *
 * @param maxLength {@code x-max-length}; 0 = unbounded
 * @param overflow {@code x-overflow}: {@code reject-publish} or {@code drop-head}
 * @param ttlMillis {@code x-message-ttl}; 0 = none
 */
record QueueLimits(long maxLength, Overflow overflow, long ttlMillis) {
  static final QueueLimits NONE = new QueueLimits(0, Overflow.REJECT, 0);

  /** A publisher's options override the URI's length limit; the URI's TTL stays. */
  QueueLimits withPublisher(PublisherOptions options) {
    if (options.maxLength() == 0) {
      return this;
    }
    return new QueueLimits(options.maxLength(), options.overflow(), ttlMillis);
  }

  /** Whether RabbitMQ will discard messages of these queues (and so they need counting). */
  boolean drops() {
    return (maxLength > 0 && overflow == Overflow.DROP_OLDEST) || ttlMillis > 0;
  }

  String overflowArgument() {
    return overflow == Overflow.DROP_OLDEST ? "drop-head" : "reject-publish";
  }
}
