/**
 * The broker API: {@link io.detektr.broker.Brokers} connects, a {@link io.detektr.broker.Broker}
 * hands out {@link io.detektr.broker.Publisher}s and {@link io.detektr.broker.Subscription}s, every
 * failure is a {@link io.detektr.broker.BrokerException}. Nothing here names a driver.
 */
package io.detektr.broker;
