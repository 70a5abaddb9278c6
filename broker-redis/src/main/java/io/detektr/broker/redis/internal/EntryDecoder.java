package io.detektr.broker.redis.internal;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of a stream entry as messages, by the rules of docs/wire-format.md (version
 * {@value #WIRE_FORMAT_VERSION}); {@code interop/python/detektr_wire.py} is the same reader in
 * Python and the two must agree.
 *
 * <ul>
 *   <li>A lone field {@code detektr:pack} is a packed entry ({@link EntryPack}); a lone field
 *       {@code pack} holding a complete version-1 pack is one of wire format 1.
 *   <li>Otherwise the entry is one message. Its payload is the field named by the {@code
 *       payloadField} URI option if the entry has it, else the field {@code payload}, else empty.
 *       Every other field is a header: {@code h:<name>} gives {@code <name>} (this library's own
 *       entries), any other field its own name, and {@code h:<name>} wins over a plain {@code
 *       <name>}.
 *   <li>A field other than the payload whose name or value is not UTF-8 text cannot be a header:
 *       the entry is undeliverable and is dead-lettered with {@link Decoded#problem()}, never
 *       delivered with that field missing.
 * </ul>
 */
final class EntryDecoder {
  static final int WIRE_FORMAT_VERSION = 2;
  private static final byte[] HEADER_PREFIX = StreamFields.bytes("h:");

  private final byte[] payloadField;
  private final String payloadFieldName;

  EntryDecoder(String payloadField) {
    this.payloadFieldName = payloadField;
    this.payloadField = StreamFields.bytes(payloadField);
  }

  /**
   * An entry's messages, or its problem when it is undeliverable.
   *
   * @param messages the messages in entry order; empty when undeliverable
   * @param packed whether they came from a packed entry (one delivery each, one ack for all)
   * @param problem why the entry cannot be delivered, the dead-letter reason; null when it can
   */
  record Decoded(List<Message> messages, boolean packed, String problem) {}

  /** The messages of {@code body}; null when the entry was deleted (trimmed) meanwhile. */
  Decoded decode(Map<byte[], byte[]> body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    if (body.size() == 1) {
      Map.Entry<byte[], byte[]> only = body.entrySet().iterator().next();
      if (Arrays.equals(only.getKey(), EntryPack.FIELD)) {
        return new Decoded(EntryPack.decode(only.getValue()), true, null);
      }
      if (Arrays.equals(only.getKey(), EntryPack.LEGACY_FIELD)) {
        List<Message> legacy = EntryPack.decodeLegacy(only.getValue());
        if (legacy != null) {
          return new Decoded(legacy, true, null);
        }
      }
    }
    return plain(body);
  }

  private Decoded plain(Map<byte[], byte[]> body) {
    byte[] chosen = null;
    for (byte[] name : body.keySet()) {
      if (Arrays.equals(name, payloadField)) {
        chosen = name;
        break;
      }
      if (Arrays.equals(name, StreamFields.PAYLOAD)) {
        chosen = name; // unless the payloadField comes later
      }
    }
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, String> prefixed = new LinkedHashMap<>();
    List<byte[]> binary = new ArrayList<>();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    for (Map.Entry<byte[], byte[]> f : body.entrySet()) {
      byte[] name = f.getKey();
      if (name == chosen) {
        continue;
      }
      String text;
      String value;
      try {
        text = utf8.decode(ByteBuffer.wrap(name)).toString();
        value = utf8.decode(ByteBuffer.wrap(f.getValue())).toString();
      } catch (CharacterCodingException e) {
        binary.add(name);
        continue;
      }
      if (startsWith(name, HEADER_PREFIX) && name.length > HEADER_PREFIX.length) {
        prefixed.put(text.substring(HEADER_PREFIX.length), value);
      } else if (text.isEmpty()) {
        binary.add(name); // no header can have an empty name
      } else {
        plain.put(text, value);
      }
    }
    if (!binary.isEmpty()) {
      return new Decoded(List.of(), false, undeliverable(body, binary));
    }
    plain.putAll(prefixed);
    byte[] payload = chosen == null ? new byte[0] : body.get(chosen);
    return new Decoded(List.of(Message.wrap(payload, Headers.of(plain))), false, null);
  }

  /** The dead-letter reason; detektr_wire.py raises the same text. */
  private String undeliverable(Map<byte[], byte[]> body, List<byte[]> binary) {
    return "entry from a foreign producer has binary field(s) "
        + names(binary)
        + " that are neither the payload field '"
        + payloadFieldName
        + "' nor UTF-8 text; its fields: "
        + names(body.keySet())
        + ". Set payloadField to the field that holds the payload (e.g."
        + " redis://host:6379?payloadField="
        + lenient(binary.get(0))
        + ")";
  }

  private static String names(Iterable<byte[]> names) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(lenient(n)));
    return "[" + String.join(", ", out) + "]";
  }

  private static String lenient(byte[] name) {
    return new String(name, StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length
        && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }
}
