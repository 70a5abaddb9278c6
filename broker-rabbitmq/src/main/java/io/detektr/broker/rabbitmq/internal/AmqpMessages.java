package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.Date;
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

  /** AMQP short strings (properties such as content_type) hold at most 255 bytes. */
  private static final int MAX_SHORT_STRING = 255;

  private AmqpMessages() {}

  /**
   * Persistent properties carrying {@code message}'s headers and {@code attempt} if above 1. The
   * {@code content-type} header travels as the {@code content_type} property (when it fits a short
   * string), and {@code published-at} (microseconds) also as the {@code timestamp} property
   * (seconds), so that other AMQP clients see them where they look.
   */
  static AMQP.BasicProperties properties(Message message, String messageId, int attempt) {
    Map<String, Object> headers = new HashMap<>(message.headers().asMap());
    if (attempt > 1) {
      headers.put(ATTEMPT, attempt);
    }
    AMQP.BasicProperties.Builder props =
        new AMQP.BasicProperties.Builder().deliveryMode(PERSISTENT).messageId(messageId);
    Object contentType = headers.get(Headers.CONTENT_TYPE);
    if (contentType instanceof String ct
        && ct.getBytes(StandardCharsets.UTF_8).length <= MAX_SHORT_STRING) {
      props.contentType(ct);
      headers.remove(Headers.CONTENT_TYPE);
    }
    Object publishedAt = headers.get(Headers.PUBLISHED_AT);
    if (publishedAt instanceof String micros) {
      try {
        props.timestamp(new Date(Long.parseLong(micros) / 1_000));
      } catch (NumberFormatException e) {
        // not a time: it stays a header only
      }
    }
    return props.headers(headers).build();
  }

  /**
   * The API message of a delivery: every header as a string (see {@link AmqpValues}) but the
   * provider's own attempt header and {@code x-delivery-count}; the {@code content_type} property
   * as {@code content-type} and the {@code timestamp} property as {@code published-at}
   * (microseconds), unless the headers carry them already.
   */
  static Message message(AMQP.BasicProperties props, byte[] body) {
    Map<String, Object> raw = props.getHeaders();
    Map<String, String> headers = new LinkedHashMap<>();
    if (props.getContentType() != null && !props.getContentType().isEmpty()) {
      headers.put(Headers.CONTENT_TYPE, props.getContentType());
    }
    if (props.getTimestamp() != null) {
      headers.put(Headers.PUBLISHED_AT, Long.toString(props.getTimestamp().getTime() * 1_000));
    }
    if (raw != null) {
      raw.forEach(
          (name, value) -> {
            if (!name.isEmpty() && !name.equals(ATTEMPT) && !name.equals(DELIVERY_COUNT)) {
              headers.put(name, AmqpValues.text(value)); // a header wins over the property
            }
          });
    }
    return headers.isEmpty() ? Message.wrap(body) : Message.wrap(body, Headers.of(headers));
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
