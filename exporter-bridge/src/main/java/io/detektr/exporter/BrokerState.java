package io.detektr.exporter;

import java.time.Instant;

/**
 * A watched broker as of its last scrape: {@code up} when it answered; otherwise {@code error} says
 * why. {@code at} is null before the first read finished.
 *
 * @param broker the broker's URI, password masked
 * @param family {@code redis} or {@code rabbitmq}
 */
public record BrokerState(String broker, String family, boolean up, String error, Instant at) {}
