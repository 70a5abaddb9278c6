package io.detektr.loadtest.cli;

import io.detektr.broker.Broker;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.exporter.BrokerMetricsBridge;
import io.detektr.exporter.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;

/**
 * {@code --metrics-port}: the run's {@code broker.*} meters (the same names every service has)
 * served on {@code /metrics} while it lasts, so the Grafana dashboard shows the load test.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BrokerMetricsBridge bridge = new BrokerMetricsBridge(registry);
  private final MetricsServer server;
  private final String topic;
  private final String group;

  MetricsEndpoint(int port, String topic, String group) {
    this.server = MetricsServer.start(registry, new InetSocketAddress(port));
    this.topic = topic;
    this.group = group;
  }

  BrokerMetrics metrics() {
    return bridge;
  }

  /** Adds the lag and pending gauges of the run's group. */
  void connected(Broker broker) {
    bridge.watchGroup(broker, topic, group);
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    bridge.close();
    registry.close();
  }
}
