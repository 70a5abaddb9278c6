package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts what RabbitMQ discards: group queues dead-letter messages dropped by {@code drop-head}
 * (and expired by {@code x-message-ttl}) to {@link Topology#DROPPED_EXCHANGE} with the topic as
 * routing key; this drains each watched topic's counting queue and reports every message as one
 * {@code dropped}. The queue is shared by the topic's publishers in every process, so each drop is
 * counted once; counting is at most once (auto-ack), which is what a metric needs.
 */
final class DropCounter {
  private final Connection connection;
  private final BrokerMetrics metrics;
  private final String provider;
  private final Set<String> watched = new HashSet<>();
  private Channel channel;

  DropCounter(Connection connection, BrokerMetrics metrics, String provider) {
    this.connection = connection;
    this.metrics = metrics;
    this.provider = provider;
  }

  synchronized void watch(String topic, Topology topology) {
    if (watched.contains(topic)) {
      return;
    }
    String queue = topology.dropCounter(topic);
    try {
      if (channel == null || !channel.isOpen()) {
        channel = connection.createChannel();
      }
      channel.basicConsume(
          queue,
          true,
          new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
              metrics.dropped(Destination.publisher(provider, envelope.getRoutingKey()), 1);
            }
          });
    } catch (Exception e) {
      throw Errors.operationFailed("counting dropped messages of topic '" + topic + "'", e);
    }
    watched.add(topic);
  }
}
