package io.detektr.broker.rabbitmq;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.rabbitmq.internal.RabbitBroker;
import io.detektr.broker.spi.BrokerProvider;
import java.util.Set;

/**
 * Serves {@code amqp://} and {@code amqps://} URIs with RabbitMQ; see the package documentation for
 * the mapping and the URI parameters. Found through {@link java.util.ServiceLoader}.
 */
public final class RabbitMqProvider implements BrokerProvider {
  /** The provider name used in metric tags. */
  public static final String NAME = "rabbitmq";

  @Override
  public Set<String> schemes() {
    return Set.of("amqp", "amqps");
  }

  /** Connects eagerly: an unreachable node or wrong credentials fail here. */
  @Override
  public Broker connect(BrokerConfig config) {
    return RabbitBroker.connect(config);
  }
}
