package io.detektr.exporter;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a deployment runs, in one JVM: a registry fed by real broker client traffic, collectors of
 * the harness Redis and the management-enabled RabbitMQ, and a MetricsServer on a free loopback
 * port.
 */
final class LiveExporter implements AutoCloseable {
  static final String STREAM = "frames";

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final ClientTraffic traffic;
  final BrokerCollectors collectors;
  final MetricsServer server;

  LiveExporter(String redisUri, String amqpUri) {
    traffic = ClientTraffic.run(registry);
    collectors =
        BrokerCollectors.builder()
            .broker(redisUri)
            .broker(amqpUri)
            .streams(List.of(STREAM, "missing-stream"))
            .build()
            .bindTo(registry);
    server = MetricsServer.start(registry, new InetSocketAddress("127.0.0.1", 0));
  }

  /** Seeds the servers, then starts the exporter. */
  static LiveExporter startSeeded() {
    String redis = io.detektr.broker.tck.harness.TestServers.redisUri();
    Seed.redisStream(redis, STREAM, 5);
    Seed.rabbitQueue(ManagedRabbit.server().managementPort(), "frames.detector", 3);
    return new LiveExporter(redis, ManagedRabbit.uri());
  }

  String metricsUrl() {
    return "http://127.0.0.1:" + server.port() + "/metrics";
  }

  String scrape() {
    return Http.get(metricsUrl());
  }

  @Override
  public void close() {
    server.close();
    collectors.close();
    traffic.close();
  }
}
