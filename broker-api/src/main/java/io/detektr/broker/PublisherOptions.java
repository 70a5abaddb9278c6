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
 * @param connections connections the publisher spreads its publishes over, in turn. 1 (the default)
 *     keeps the order: messages are stored in the order they were published. More raise throughput
 *     on Redis, whose single thread reads each connection's pipeline in turns, a bounded slice at a
 *     time (about 15 messages of 1 KiB), so one connection leaves it mostly switching; but then
 *     messages published close together on different connections may be stored, and delivered, in
 *     either order. RabbitMQ publishes on one channel whatever this says.
 */
public record PublisherOptions(
    long maxLength,
    Overflow overflow,
    int maxInFlight,
    int waitForReplicas,
    Duration replicaTimeout,
    int connections) {

  public static final long DEFAULT_MAX_LENGTH = 0;
  public static final Overflow DEFAULT_OVERFLOW = Overflow.REJECT;
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
  public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofSeconds(1);
  public static final int MAX_CONNECTIONS = 16;

  private static final PublisherOptions DEFAULTS =
      new PublisherOptions(
          DEFAULT_MAX_LENGTH,
          DEFAULT_OVERFLOW,
          DEFAULT_MAX_IN_FLIGHT,
          0,
          DEFAULT_REPLICA_TIMEOUT,
          1);

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
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new BrokerConfigException(
          "connections must be 1.." + MAX_CONNECTIONS + " (1 keeps the order), was " + connections);
    }
  }

  public static PublisherOptions defaults() {
    return DEFAULTS;
  }

  public PublisherOptions maxLength(long value) {
    return new PublisherOptions(
        value, overflow, maxInFlight, waitForReplicas, replicaTimeout, connections);
  }

  public PublisherOptions overflow(Overflow value) {
    return new PublisherOptions(
        maxLength, value, maxInFlight, waitForReplicas, replicaTimeout, connections);
  }

  public PublisherOptions maxInFlight(int value) {
    return new PublisherOptions(
        maxLength, overflow, value, waitForReplicas, replicaTimeout, connections);
  }

  public PublisherOptions waitForReplicas(int replicas, Duration timeout) {
    return new PublisherOptions(maxLength, overflow, maxInFlight, replicas, timeout, connections);
  }

  /** See {@code connections} above: more than 1 trades the publish order for throughput. */
  public PublisherOptions connections(int value) {
    return new PublisherOptions(
        maxLength, overflow, maxInFlight, waitForReplicas, replicaTimeout, value);
  }
}
