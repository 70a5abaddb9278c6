package io.detektr.broker.spi;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import java.util.Set;

/**
 * A broker implementation, found with {@link java.util.ServiceLoader}: list the implementing class
 * in {@code META-INF/services/io.detektr.broker.spi.BrokerProvider}.
 *
 * <p>The {@link Broker} a provider returns is wrapped by the API before callers see it. The wrapper
 * validates topic and group names, message sizes and headers (see {@link io.detektr.broker.Headers}
 * for the limits), refuses publishes on a closed publisher or broker, stamps {@code published-at},
 * records every metric except {@code dropped}, and applies the handler contract (return
 * acknowledges, any throwable retries, dead-letter after {@code maxAttempts}, dead-letter at once
 * when a redelivery's attempt is already past it). So a provider implements plain broker
 * operations:
 *
 * <ul>
 *   <li>{@code publish} completes when the broker holds the message durably, and fails with {@link
 *       io.detektr.broker.BrokerFullException} under {@code REJECT};
 *   <li>its {@link io.detektr.broker.Delivery} reports the attempt number, and its {@code ack},
 *       {@code retry} and {@code deadLetter} act on the broker;
 *   <li>unsettled deliveries of a consumer that went away come back after {@code redeliverAfter};
 *   <li>whatever the wrapped handler still throws (settling itself failed) ends neither the
 *       consumer nor its thread: the delivery stays unsettled and comes back;
 *   <li>driver exceptions are translated into {@link io.detektr.broker.BrokerException} subclasses,
 *       cause kept.
 * </ul>
 */
public interface BrokerProvider {
  /** The URI schemes this provider serves, lower case, e.g. {@code redis}, {@code rediss}. */
  Set<String> schemes();

  /**
   * Connects, or fails promptly with {@link io.detektr.broker.BrokerUnavailableException}, {@link
   * io.detektr.broker.BrokerAuthenticationException} or {@link
   * io.detektr.broker.BrokerConfigException}.
   */
  Broker connect(BrokerConfig config);
}
