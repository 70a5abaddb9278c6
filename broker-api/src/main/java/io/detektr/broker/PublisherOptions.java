package io.detektr.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable publisher options. Start from {@link #defaults()} and change what you need; every
 * setter returns a new value.
 *
 * @param maxLength the most messages a topic (per group for brokers that queue per group) holds; 0
 *     means unbounded
 * @param overflow what happens at {@code maxLength}
 * @param maxInFlight unconfirmed publishes allowed before {@code publish} waits (back-pressure)
 * @param waitForReplicas replicas that must hold a message before its publish completes (Redis
 *     {@code WAIT}); 0 means the primary's reply is enough
 * @param replicaTimeout how long to wait for those replicas before failing the publish
 */
public record PublisherOptions(
    long maxLength,
    Overflow overflow,
    int maxInFlight,
    int waitForReplicas,
    Duration replicaTimeout) {

  public static final long DEFAULT_MAX_LENGTH = 0;
  public static final Overflow DEFAULT_OVERFLOW = Overflow.REJECT;
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
  public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofSeconds(1);

  private static final PublisherOptions DEFAULTS =
      new PublisherOptions(
          DEFAULT_MAX_LENGTH, DEFAULT_OVERFLOW, DEFAULT_MAX_IN_FLIGHT, 0, DEFAULT_REPLICA_TIMEOUT);

  public PublisherOptions {
    Objects.requireNonNull(overflow, "overflow");
    Objects.requireNonNull(replicaTimeout, "replicaTimeout");
    if (maxLength < 0) {
      throw new BrokerConfigException("maxLength must be >= 0 (0 = unbounded), was " + maxLength);
    }
    if (maxInFlight < 1) {
      throw new BrokerConfigException("maxInFlight must be >= 1, was " + maxInFlight);
    }
    if (waitForReplicas < 0) {
      throw new BrokerConfigException("waitForReplicas must be >= 0, was " + waitForReplicas);
    }
  }

  public static PublisherOptions defaults() {
    return DEFAULTS;
  }

  public PublisherOptions maxLength(long value) {
    return new PublisherOptions(value, overflow, maxInFlight, waitForReplicas, replicaTimeout);
  }

  public PublisherOptions overflow(Overflow value) {
    return new PublisherOptions(maxLength, value, maxInFlight, waitForReplicas, replicaTimeout);
  }

  public PublisherOptions maxInFlight(int value) {
    return new PublisherOptions(maxLength, overflow, value, waitForReplicas, replicaTimeout);
  }

  public PublisherOptions waitForReplicas(int replicas, Duration timeout) {
    return new PublisherOptions(maxLength, overflow, maxInFlight, replicas, timeout);
  }
}
