package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts between API messages and AMQP properties and headers. */
final class AmqpMessages {
  /** The attempt a message starts its next delivery with; absent means 1. */
  static final String ATTEMPT = "detektr-attempt";

  /** Quorum queues count failed deliveries (returns, consumers gone) in this header. */
  static final String DELIVERY_COUNT = "x-delivery-count";

  private static final int PERSISTENT = 2;

  private AmqpMessages() {}

  /** Persistent properties carrying {@code message}'s headers and {@code attempt} if above 1. */
  static AMQP.BasicProperties properties(Message message, String messageId, int attempt) {
    Map<String, Object> headers = new HashMap<>(message.headers().asMap());
    if (attempt > 1) {
      headers.put(ATTEMPT, attempt);
    }
    return new AMQP.BasicProperties.Builder()
        .deliveryMode(PERSISTENT)
        .messageId(messageId)
        .headers(headers)
        .build();
  }

  /**
   * The API message of a delivery: string-valued headers (AMQP strings arrive as {@link
   * LongString}; numbers and booleans are printed), without the provider's own attempt header and
   * the broker's {@code x-} headers of other types (such as {@code x-death} tables).
   */
  static Message message(AMQP.BasicProperties props, byte[] body) {
    Map<String, Object> raw = props.getHeaders();
    if (raw == null || raw.isEmpty()) {
      return Message.wrap(body);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    raw.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.equals(ATTEMPT) || name.equals(DELIVERY_COUNT)) {
            return;
          }
          if (value instanceof LongString
              || value instanceof String
              || value instanceof Number
              || value instanceof Boolean) {
            headers.put(name, value.toString());
          }
        });
    return Message.wrap(body, Headers.of(headers));
  }

  /**
   * The attempt of a delivery: the attempt header (1 when absent), plus the failed deliveries since
   * it was last published, exact from quorum queues' {@code x-delivery-count}, at least one from
   * the {@code redelivered} flag of classic queues.
   */
  static int attempt(AMQP.BasicProperties props, boolean redelivered) {
    Map<String, Object> headers = props.getHeaders();
    int base = 1;
    Object count = null;
    if (headers != null) {
      base = Math.max(1, intValue(headers.get(ATTEMPT), 1));
      count = headers.get(DELIVERY_COUNT);
    }
    int failed = redelivered ? 1 : 0;
    if (count != null) {
      failed = Math.max(failed, intValue(count, 0));
    }
    return base + failed;
  }

  private static int intValue(Object value, int dflt) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value != null) {
      try {
        return Integer.parseInt(value.toString().trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }
}
