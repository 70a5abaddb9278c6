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
 */
public record SubscriptionOptions(
    int concurrency,
    int prefetch,
    int maxAttempts,
    Duration redeliverAfter,
    String deadLetterTopic) {

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
          null);

  public SubscriptionOptions {
    Objects.requireNonNull(redeliverAfter, "redeliverAfter");
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
    return new SubscriptionOptions(value, prefetch, maxAttempts, redeliverAfter, deadLetterTopic);
  }

  public SubscriptionOptions prefetch(int value) {
    return new SubscriptionOptions(
        concurrency, value, maxAttempts, redeliverAfter, deadLetterTopic);
  }

  public SubscriptionOptions maxAttempts(int value) {
    return new SubscriptionOptions(concurrency, prefetch, value, redeliverAfter, deadLetterTopic);
  }

  public SubscriptionOptions redeliverAfter(Duration value) {
    return new SubscriptionOptions(concurrency, prefetch, maxAttempts, value, deadLetterTopic);
  }

  public SubscriptionOptions deadLetterTopic(String value) {
    return new SubscriptionOptions(concurrency, prefetch, maxAttempts, redeliverAfter, value);
  }
}
