package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several messages in one stream entry, under the single field {@code detektr:pack} (the {@code
 * pack=N} URI option). Redis spends most of its time per entry, not per byte: adding, delivering
 * and acknowledging one entry of 32 messages costs it little more than one entry of one message.
 *
 * <p>Layout (docs/wire-format.md), big-endian: a version byte (2), the message count, then per
 * message its header count, each header as length-prefixed UTF-8 name and value, and the
 * length-prefixed payload (lengths are 4-byte ints). Wire format 1 wrote the same layout with
 * version byte 1 under a lone field {@code pack}, a name plain producers use too: such an entry is
 * read as a pack only when its value is a complete, valid version-1 pack ({@link #decodeLegacy}).
 */
final class EntryPack {
  static final byte[] FIELD = StreamFields.bytes("detektr:pack");
  static final byte VERSION = 2;

  /** The field of a packed entry of wire format 1. */
  static final byte[] LEGACY_FIELD = StreamFields.bytes("pack");

  static final byte LEGACY_VERSION = 1;

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
      return parse(pack, VERSION);
    } catch (Unreadable e) {
      return List.of(Message.wrap(pack, Headers.of(ERROR_HEADER, e.getMessage())));
    }
  }

  /** The messages of a version-1 pack, or null when {@code value} is not a complete, valid one. */
  static List<Message> decodeLegacy(byte[] value) {
    try {
      return parse(value, LEGACY_VERSION);
    } catch (Unreadable e) {
      return null;
    }
  }

  private static List<Message> parse(byte[] pack, byte expected) throws Unreadable {
    try {
      ByteBuffer in = ByteBuffer.wrap(pack);
      byte version = in.get();
      if (version != expected) {
        throw new Unreadable("unknown pack version " + version);
      }
      int count = in.getInt();
      if (count < 1 || count > in.remaining() / 8) {
        throw new Unreadable("bad message count " + count);
      }
      List<Message> out = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining() / 8) {
          throw new Unreadable("bad header count " + n + " in message " + k);
        }
        Map<String, String> headers = new LinkedHashMap<>(2 * n);
        for (int i = 0; i < n; i++) {
          headers.put(string(in), string(in));
        }
        out.add(Message.wrap(bytes(in), Headers.of(headers)));
      }
      if (in.hasRemaining()) {
        throw new Unreadable(in.remaining() + " bytes after the last message");
      }
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new Unreadable("truncated");
    } catch (CharacterCodingException e) {
      throw new Unreadable("header text is not UTF-8");
    } catch (BrokerConfigException e) {
      throw new Unreadable(e.getMessage()); // an empty header name: Headers refuses it
    }
  }

  /** Why a pack cannot be read. */
  private static final class Unreadable extends Exception {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  private static String string(ByteBuffer in) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(in))).toString();
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
