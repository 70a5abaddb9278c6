/** The RabbitMQ provider's implementation; not an API. */
package io.detektr.broker.rabbitmq.internal;
