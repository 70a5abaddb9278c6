package io.detektr.broker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable message: an opaque payload (a JPEG frame, its metadata) and string headers.
 *
 * <p>{@link #of(byte[])} copies the caller's array once; {@link #wrap(byte[])} takes ownership of
 * it without a copy, for large frames. {@link #payload()} returns the message's own array without a
 * copy: treat it as read-only.
 */
public final class Message {
  private final byte[] payload;
  private final Headers headers;

  private Message(byte[] payload, Headers headers) {
    this.payload = payload;
    this.headers = headers;
  }

  /** A message holding a copy of {@code payload}. */
  public static Message of(byte[] payload) {
    return new Message(payload.clone(), Headers.empty());
  }

  /** A message holding the UTF-8 bytes of {@code text}. */
  public static Message of(String text) {
    return new Message(text.getBytes(StandardCharsets.UTF_8), Headers.empty());
  }

  /** A message that owns {@code payload}: the caller must not modify the array afterwards. */
  public static Message wrap(byte[] payload) {
    return new Message(Objects.requireNonNull(payload, "payload"), Headers.empty());
  }

  /** A message that owns {@code payload}, with the given headers. */
  public static Message wrap(byte[] payload, Headers headers) {
    return new Message(Objects.requireNonNull(payload, "payload"), Objects.requireNonNull(headers));
  }

  /** A copy with one more header. */
  public Message header(String name, String value) {
    return new Message(payload, headers.with(name, value));
  }

  /** A copy with these headers instead. */
  public Message headers(Headers newHeaders) {
    return new Message(payload, Objects.requireNonNull(newHeaders));
  }

  /** The payload, not copied: do not modify it. */
  public byte[] payload() {
    return payload;
  }

  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  public int size() {
    return payload.length;
  }

  public Headers headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && Arrays.equals(m.payload, payload) && m.headers.equals(headers);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(payload) + headers.hashCode();
  }

  @Override
  public String toString() {
    return "Message[" + payload.length + " bytes, headers=" + headers + "]";
  }
}
