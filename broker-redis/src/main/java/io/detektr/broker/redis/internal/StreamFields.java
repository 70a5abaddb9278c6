package io.detektr.broker.redis.internal;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a message is laid out in a stream entry: the payload under field {@code payload}, each header
 * under {@code h:<name>}. The prefix keeps any header name apart from the payload field; values are
 * raw bytes, so payloads are binary-safe.
 */
final class StreamFields {
  static final byte[] PAYLOAD = bytes("payload");
  private static final byte[] HEADER_PREFIX = bytes("h:");

  private StreamFields() {}

  /** Field/value pairs, payload first, for XADD or a script's ARGV. */
  static byte[][] encode(Message message) {
    Map<String, String> headers = message.headers().asMap();
    byte[][] out = new byte[2 + 2 * headers.size()][];
    out[0] = PAYLOAD;
    out[1] = message.payload();
    int i = 2;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      out[i++] = bytes("h:" + h.getKey());
      out[i++] = bytes(h.getValue());
    }
    return out;
  }

  /** The message of an entry's body, or null when the entry was deleted (trimmed) meanwhile. */
  static Message decode(Map<byte[], byte[]> body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    byte[] payload = null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<byte[], byte[]> f : body.entrySet()) {
      byte[] k = f.getKey();
      if (Arrays.equals(k, PAYLOAD)) {
        payload = f.getValue();
      } else if (startsWith(k, HEADER_PREFIX)) {
        headers.put(
            new String(
                k, HEADER_PREFIX.length, k.length - HEADER_PREFIX.length, StandardCharsets.UTF_8),
            new String(f.getValue(), StandardCharsets.UTF_8));
      }
    }
    if (payload == null) {
      payload = new byte[0]; // an entry written by someone else: keep its headers, no payload
    }
    return Message.wrap(payload, Headers.of(headers));
  }

  /** The {@link EntryPack} of a packed entry's body; null for an entry of one message. */
  static byte[] packOf(Map<byte[], byte[]> body) {
    if (body != null && body.size() == 1) {
      Map.Entry<byte[], byte[]> only = body.entrySet().iterator().next();
      if (Arrays.equals(only.getKey(), EntryPack.FIELD)) {
        return only.getValue();
      }
    }
    return null;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length
        && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }
}
