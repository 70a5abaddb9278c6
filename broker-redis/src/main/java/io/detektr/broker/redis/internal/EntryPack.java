package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several messages in one stream entry, under the single field {@code pack} (the {@code pack=N} URI
 * option). Redis spends most of its time per entry, not per byte: adding, delivering and
 * acknowledging one entry of 32 messages costs it little more than one entry of one message.
 *
 * <p>Layout, big-endian: a version byte (1), the message count, then per message its header count,
 * each header as length-prefixed UTF-8 name and value, and the length-prefixed payload (lengths are
 * 4-byte ints).
 */
final class EntryPack {
  static final byte[] FIELD = StreamFields.bytes("pack");
  private static final byte VERSION = 1;

  /** Header on the single message an unreadable pack is delivered as, so it can be inspected. */
  static final String ERROR_HEADER = "pack-error";

  private EntryPack() {}

  static byte[] encode(List<Message> messages) {
    int size = 1 + 4;
    List<byte[][]> headers = new ArrayList<>(messages.size());
    for (Message m : messages) {
      Map<String, String> h = m.headers().asMap();
      byte[][] encoded = new byte[2 * h.size()][];
      int i = 0;
      size += 4 + 4 + m.payload().length;
      for (Map.Entry<String, String> e : h.entrySet()) {
        encoded[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
        encoded[i + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
        size += 8 + encoded[i].length + encoded[i + 1].length;
        i += 2;
      }
      headers.add(encoded);
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).putInt(messages.size());
    for (int k = 0; k < messages.size(); k++) {
      byte[][] h = headers.get(k);
      out.putInt(h.length / 2);
      for (byte[] b : h) {
        out.putInt(b.length).put(b);
      }
      byte[] payload = messages.get(k).payload();
      out.putInt(payload.length).put(payload);
    }
    return out.array();
  }

  /**
   * The messages of a pack. One that cannot be read (another version, truncated) comes back as a
   * single message carrying the raw bytes and {@value #ERROR_HEADER}, so it is handled or
   * dead-lettered like any other and never silently dropped.
   */
  static List<Message> decode(byte[] pack) {
    try {
      ByteBuffer in = ByteBuffer.wrap(pack);
      byte version = in.get();
      if (version != VERSION) {
        return unreadable(pack, "unknown pack version " + version);
      }
      int count = in.getInt();
      if (count < 1 || count > in.remaining() / 8) {
        return unreadable(pack, "bad message count " + count);
      }
      List<Message> out = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining() / 8) {
          return unreadable(pack, "bad header count " + n + " in message " + k);
        }
        Map<String, String> headers = new LinkedHashMap<>(2 * n);
        for (int i = 0; i < n; i++) {
          headers.put(string(in), string(in));
        }
        out.add(Message.wrap(bytes(in), Headers.of(headers)));
      }
      if (in.hasRemaining()) {
        return unreadable(pack, in.remaining() + " bytes after the last message");
      }
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return unreadable(pack, "truncated");
    } catch (BrokerConfigException e) {
      return unreadable(pack, e.getMessage()); // an empty header name: Headers refuses it
    }
  }

  private static List<Message> unreadable(byte[] pack, String reason) {
    return List.of(Message.wrap(pack, Headers.of(ERROR_HEADER, reason)));
  }

  private static String string(ByteBuffer in) {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("length " + length);
    }
    byte[] b = new byte[length];
    in.get(b);
    return b;
  }
}
