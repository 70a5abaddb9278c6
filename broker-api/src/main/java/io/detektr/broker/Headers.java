package io.detektr.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Immutable string-to-string message headers, in insertion order. */
public final class Headers {
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
    values.forEach((k, v) -> copy.put(checkName(k), Objects.requireNonNull(v, k)));
    return new Headers(Collections.unmodifiableMap(copy));
  }

  /** One header. */
  public static Headers of(String name, String value) {
    return new Headers(
        Collections.singletonMap(checkName(name), Objects.requireNonNull(value, name)));
  }

  /** A copy with {@code name} set to {@code value}. */
  public Headers with(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(Math.max(4, 2 * (values.size() + 1)));
    copy.putAll(values);
    copy.put(checkName(name), Objects.requireNonNull(value, name));
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
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    return name;
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
