/**
 * The metrics hook: {@link io.detektr.broker.metrics.BrokerMetrics}, set on {@link
 * io.detektr.broker.BrokerConfig.Builder#metrics}. The exporter-bridge module implements it with
 * Micrometer.
 */
package io.detektr.broker.metrics;
