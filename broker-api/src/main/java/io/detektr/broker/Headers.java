package io.detektr.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable string-to-string message headers, in insertion order.
 *
 * <p>Limits, the same on every provider and checked when a message is published, before anything is
 * sent (so that no broker stores what another could not carry): at most {@value #MAX_COUNT}
 * headers; a name of 1 to {@value #MAX_NAME_BYTES} bytes (UTF-8) and not one of {@link
 * #RESERVED_NAMES}; a value of at most {@value #MAX_VALUE_BYTES} bytes; all names and values
 * together at most {@value #MAX_TOTAL_BYTES} bytes; names and values well-formed text (no lone
 * UTF-16 surrogate). A name or value breaking a rule fails the publish with {@link
 * BrokerConfigException}, a size with {@link MessageTooLargeException}, each naming the header.
 * Headers also count toward {@link BrokerConfig#maxMessageBytes()}. A null name or value is refused
 * at once, with {@link BrokerConfigException}.
 */
public final class Headers {
  /** The longest header name, in UTF-8 bytes: an AMQP field name is a short string. */
  public static final int MAX_NAME_BYTES = 255;

  /** The longest header value, in UTF-8 bytes. Large data belongs in the payload. */
  public static final int MAX_VALUE_BYTES = 16 * 1024;

  /**
   * All header names and values of a message together, in UTF-8 bytes: with {@link #MAX_COUNT} it
   * keeps a message's AMQP header frame well inside RabbitMQ's default frame size of 128 KiB.
   */
  public static final int MAX_TOTAL_BYTES = 64 * 1024;

  /** The most headers one message may have. */
  public static final int MAX_COUNT = 256;

  /**
   * Names a broker gives a meaning of its own, so a message cannot carry them as plain headers:
   * RabbitMQ routes by {@code CC} and {@code BCC} (and refuses them as strings), records {@code
   * x-death} and sets {@code x-delivery-count} on quorum queues; {@code detektr-attempt} is the
   * RabbitMQ provider's attempt counter.
   */
  public static final Set<String> RESERVED_NAMES =
      Set.of("CC", "BCC", "x-death", "x-delivery-count", "detektr-attempt");

  public static final String FRAME_ID = "frame-id";
  public static final String CAMERA_ID = "camera-id";
  public static final String CAPTURED_AT = "captured-at";
  public static final String CONTENT_TYPE = "content-type";

  /** W3C trace context. */
  public static final String TRACEPARENT = "traceparent";

  /** Stamped by the publisher: microseconds since the epoch, for end-to-end latency. */
  public static final String PUBLISHED_AT = "published-at";

  /** Set on dead letters: why the message was dead-lettered. */
  public static final String DEAD_LETTER_REASON = "dead-letter-reason";

  /** Set on dead letters: how many deliveries were attempted. */
  public static final String DEAD_LETTER_ATTEMPTS = "dead-letter-attempts";

  /** Set on dead letters: the topic the message was published to. */
  public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";

  /** Set on dead letters: the group that gave up on it. */
  public static final String DEAD_LETTER_GROUP = "dead-letter-group";

  private static final Headers EMPTY = new Headers(Map.of());

  private final Map<String, String> values;

  private Headers(Map<String, String> values) {
    this.values = values;
  }

  public static Headers empty() {
    return EMPTY;
  }

  public static Headers of(Map<String, String> values) {
    if (values.isEmpty()) {
      return EMPTY;
    }
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(checkName(k), checkValue(k, v)));
    return new Headers(Collections.unmodifiableMap(copy));
  }

  /** One header. */
  public static Headers of(String name, String value) {
    return new Headers(Collections.singletonMap(checkName(name), checkValue(name, value)));
  }

  /** A copy with {@code name} set to {@code value}. */
  public Headers with(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(Math.max(4, 2 * (values.size() + 1)));
    copy.putAll(values);
    copy.put(checkName(name), checkValue(name, value));
    return new Headers(Collections.unmodifiableMap(copy));
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public int size() {
    return values.size();
  }

  /** Read-only view. */
  public Map<String, String> asMap() {
    return values;
  }

  private static String checkName(String name) {
    if (name == null) {
      throw new BrokerConfigException("A header name is null; give every header a name");
    }
    if (name.isEmpty()) {
      throw new BrokerConfigException("A header name is empty; give every header a name");
    }
    return name;
  }

  private static String checkValue(String name, String value) {
    if (value == null) {
      throw new BrokerConfigException(
          "Header '" + name + "' has a null value; leave the header out or give it a value");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h && h.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
