package io.detektr.broker.redis.internal;

import io.detektr.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes {@code XADD <topic> * payload <bytes> h:<name> <value>...} as one RESP byte array, in the
 * field layout of {@link StreamFields}. The constant part and each header field name are encoded
 * once; a message costs two small arrays, and its payload is copied only into the socket buffer.
 */
final class XaddEncoder {
  /** Header names seen so far, RESP-encoded; bounded so that ever-new names cannot grow it. */
  private static final int MAX_CACHED_NAMES = 256;

  private final byte[] head; // "$4\r\nXADD\r\n$<n>\r\n<topic>\r\n$1\r\n*\r\n$7\r\npayload\r\n"
  private final Map<String, byte[]> names = new ConcurrentHashMap<>();

  XaddEncoder(String topic) {
    this(topic, StreamFields.PAYLOAD);
  }

  /** Writes the payload under {@code field}: {@link EntryPack#FIELD} for packs. */
  XaddEncoder(String topic, byte[] field) {
    byte[] t = StreamFields.bytes(topic);
    Resp r = new Resp(bulkSize(4) + bulkSize(t.length) + bulkSize(1) + bulkSize(field.length));
    r.bulk(StreamFields.bytes("XADD")).bulk(t).bulk(StreamFields.bytes("*")).bulk(field);
    this.head = r.toArray();
  }

  /**
   * The command for {@code message}: what goes before its payload and what follows it, so the
   * payload itself is copied only once, into the socket buffer.
   */
  XaddCommand encode(Message message, XaddCommand.Owner owner) {
    Map<String, String> headers = message.headers().asMap();
    int n = headers.size();
    byte[][] values = new byte[n][];
    byte[][] keys = new byte[n][];
    byte[] payload = message.payload();
    int after = 2;
    int i = 0;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      keys[i] = name(h.getKey());
      values[i] = h.getValue().getBytes(StandardCharsets.UTF_8);
      after += keys[i].length + bulkSize(values[i].length);
      i++;
    }
    Resp before =
        new Resp(
            arrayHeaderSize(5 + 2 * n)
                + head.length
                + bulkSize(payload.length)
                - payload.length
                - 2);
    before.arrayHeader(5 + 2 * n).raw(head).bulkHeader(payload.length);
    Resp rest = new Resp(after);
    rest.crlf();
    for (int k = 0; k < n; k++) {
      rest.raw(keys[k]).bulk(values[k]);
    }
    return new XaddCommand(before.toArray(), payload, rest.toArray(), owner);
  }

  private byte[] name(String header) {
    byte[] encoded = names.get(header);
    if (encoded == null) {
      byte[] field = StreamFields.bytes("h:" + header);
      encoded = new Resp(bulkSize(field.length)).bulk(field).toArray();
      if (names.size() < MAX_CACHED_NAMES) {
        names.put(header, encoded);
      }
    }
    return encoded;
  }

  private static int arrayHeaderSize(int count) {
    return 1 + digits(count) + 2;
  }

  private static int bulkSize(int length) {
    return 1 + digits(length) + 2 + length + 2;
  }

  private static int digits(int value) {
    int d = 1;
    for (int v = value; v >= 10; v /= 10) {
      d++;
    }
    return d;
  }

  /** A minimal RESP writer into a byte array of exactly the size it will write. */
  private static final class Resp {
    private final byte[] buf;
    private int pos;

    Resp(int capacity) {
      buf = new byte[capacity];
    }

    Resp arrayHeader(int count) {
      buf[pos++] = '*';
      number(count);
      return crlf();
    }

    Resp bulkHeader(int length) {
      buf[pos++] = '$';
      number(length);
      return crlf();
    }

    Resp bulk(byte[] value) {
      bulkHeader(value.length);
      System.arraycopy(value, 0, buf, pos, value.length);
      pos += value.length;
      return crlf();
    }

    Resp raw(byte[] bytes) {
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
      return this;
    }

    private void number(int value) {
      if (value >= 10) {
        number(value / 10);
      }
      buf[pos++] = (byte) ('0' + value % 10);
    }

    Resp crlf() {
      buf[pos++] = '\r';
      buf[pos++] = '\n';
      return this;
    }

    byte[] toArray() {
      if (pos != buf.length) {
        throw new IllegalStateException("RESP size mismatch: " + pos + " of " + buf.length);
      }
      return buf;
    }
  }
}
