package io.detektr.broker;

import java.util.Objects;

/**
 * The broker-assigned identity of a message: a Redis stream entry id, a RabbitMQ publish sequence,
 * an in-memory counter. Opaque; compare with {@code equals}.
 */
public record MessageId(String value) {
  public MessageId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
