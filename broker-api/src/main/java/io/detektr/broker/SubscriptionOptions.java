package io.detektr.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable subscription options. Start from {@link #defaults()}; every setter returns a new value.
 *
 * @param concurrency handler threads of this subscription; 1 keeps per-topic FIFO
 * @param prefetch messages fetched ahead per round trip (Redis COUNT, RabbitMQ prefetch)
 * @param maxAttempts deliveries before a failing message is dead-lettered
 * @param redeliverAfter how long an unacknowledged message may stay with a consumer that stopped
 *     before it is handed to another consumer of the group
 * @param deadLetterTopic where dead letters go; {@code null} means {@code <topic>.dlq}
 * @param startFrom where the group starts reading when {@code subscribe} creates it
 */
public record SubscriptionOptions(
    int concurrency,
    int prefetch,
    int maxAttempts,
    Duration redeliverAfter,
    String deadLetterTopic,
    GroupStart startFrom) {

  public static final int DEFAULT_CONCURRENCY = 1;
  public static final int DEFAULT_PREFETCH = 100;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_REDELIVER_AFTER = Duration.ofSeconds(30);

  /** The group that keeps dead letters on every dead-letter topic until someone reads them. */
  public static final String DEAD_LETTER_GROUP = "dead-letters";

  private static final SubscriptionOptions DEFAULTS =
      new SubscriptionOptions(
          DEFAULT_CONCURRENCY,
          DEFAULT_PREFETCH,
          DEFAULT_MAX_ATTEMPTS,
          DEFAULT_REDELIVER_AFTER,
          null,
          GroupStart.LATEST);

  public SubscriptionOptions {
    Objects.requireNonNull(redeliverAfter, "redeliverAfter");
    Objects.requireNonNull(startFrom, "startFrom");
    if (concurrency < 1) {
      throw new BrokerConfigException("concurrency must be >= 1, was " + concurrency);
    }
    if (prefetch < 1) {
      throw new BrokerConfigException("prefetch must be >= 1, was " + prefetch);
    }
    if (maxAttempts < 1) {
      throw new BrokerConfigException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (redeliverAfter.isNegative() || redeliverAfter.isZero()) {
      throw new BrokerConfigException("redeliverAfter must be positive, was " + redeliverAfter);
    }
  }

  public static SubscriptionOptions defaults() {
    return DEFAULTS;
  }

  /** The dead-letter topic for messages of {@code topic}. */
  public String deadLetterTopicFor(String topic) {
    return deadLetterTopic != null ? deadLetterTopic : topic + ".dlq";
  }

  public SubscriptionOptions concurrency(int value) {
    return new SubscriptionOptions(
        value, prefetch, maxAttempts, redeliverAfter, deadLetterTopic, startFrom);
  }

  public SubscriptionOptions prefetch(int value) {
    return new SubscriptionOptions(
        concurrency, value, maxAttempts, redeliverAfter, deadLetterTopic, startFrom);
  }

  public SubscriptionOptions maxAttempts(int value) {
    return new SubscriptionOptions(
        concurrency, prefetch, value, redeliverAfter, deadLetterTopic, startFrom);
  }

  public SubscriptionOptions redeliverAfter(Duration value) {
    return new SubscriptionOptions(
        concurrency, prefetch, maxAttempts, value, deadLetterTopic, startFrom);
  }

  public SubscriptionOptions deadLetterTopic(String value) {
    return new SubscriptionOptions(
        concurrency, prefetch, maxAttempts, redeliverAfter, value, startFrom);
  }

  /**
   * Where the group starts when this subscription creates it: {@link GroupStart#LATEST} (the
   * default) or {@link GroupStart#EARLIEST}; no effect on a group that exists.
   */
  public SubscriptionOptions startFrom(GroupStart value) {
    return new SubscriptionOptions(
        concurrency, prefetch, maxAttempts, redeliverAfter, deadLetterTopic, value);
  }
}
