package io.detektr.broker.redis.internal;

import io.detektr.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a message is laid out in a stream entry: the payload under field {@code payload}, each header
 * under {@code h:<name>}. The prefix keeps any header name apart from the payload field; values are
 * raw bytes, so payloads are binary-safe. Reading, foreign producers' entries included, is {@link
 * EntryDecoder}'s.
 */
final class StreamFields {
  static final byte[] PAYLOAD = bytes("payload");

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

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
