/**
 * Prometheus for the frame broker. {@link io.detektr.exporter.BrokerMetricsBridge} records the
 * broker-api metrics hook with Micrometer; {@link io.detektr.exporter.BrokerCollectors} adds Redis
 * and RabbitMQ server statistics read on scrape; {@link io.detektr.exporter.MetricsServer} serves
 * {@code /metrics} and {@code /health}. The standalone exporter ({@code
 * io.detektr.exporter.cli.ExporterMain}) combines the last two. Nothing here mentions Lettuce or
 * Jackson: those stay in {@code internal}.
 */
package io.detektr.exporter;
