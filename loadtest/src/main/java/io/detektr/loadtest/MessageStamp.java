package io.detektr.loadtest;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes exact accounting possible: which run, which producer, which sequence number, and the
 * intended send time (System.nanoTime() of this JVM, where both producers and consumers run) for
 * latencies corrected for coordinated omission.
 *
 * <p>A generated payload of up to {@value #MAX_STAMPED_PAYLOAD} bytes carries the stamp in its
 * first {@value #PAYLOAD_BYTES} bytes, as RabbitMQ PerfTest does: the message then holds only what
 * an application's would (payload and the broker's {@code published-at}), and the broker handles no
 * field of the tool's own. That costs a copy of the payload per message; a larger payload, where
 * one more field hardly counts, and a payload file are shared by all messages and travel unchanged,
 * with the stamp in one header, {@code loadtest: <run>:<producer>:<seq>:<intended-ns>}.
 */
record MessageStamp(String run, int producer, long seq, long intendedNanos) {
  static final String HEADER = "loadtest";

  /** Size of the binary stamp: magic, run key, producer, sequence number, intended time. */
  static final int PAYLOAD_BYTES = 32;

  /** Larger generated payloads keep the header stamp: copying 100 KiB frames costs heap and CPU. */
  static final int MAX_STAMPED_PAYLOAD = 16 * 1024;

  private static final int MAGIC = 0x44544b53; // "DTKS"
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Whether a generated payload of {@code length} bytes carries the stamp (see above). */
  static boolean fitsPayload(int length) {
    return length >= PAYLOAD_BYTES && length <= MAX_STAMPED_PAYLOAD;
  }

  /** A copy of {@code template} with this stamp in its first {@link #PAYLOAD_BYTES} bytes. */
  byte[] payload(byte[] template) {
    if (template.length < PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "a stamped payload needs " + PAYLOAD_BYTES + " bytes, got " + template.length);
    }
    byte[] p = Arrays.copyOf(template, template.length);
    INT.set(p, 0, MAGIC);
    LONG.set(p, 4, runKey(run));
    INT.set(p, 12, producer);
    LONG.set(p, 16, seq);
    LONG.set(p, 24, intendedNanos);
    return p;
  }

  /**
   * The stamp of a message of run {@code run}, from its payload or its header; null for a message
   * of another run or tool.
   */
  static MessageStamp read(Message message, String run) {
    byte[] p = message.payload();
    if (p.length >= PAYLOAD_BYTES && (int) INT.get(p, 0) == MAGIC) {
      if ((long) LONG.get(p, 4) != runKey(run)) {
        return null;
      }
      return new MessageStamp(
          run, (int) INT.get(p, 12), (long) LONG.get(p, 16), (long) LONG.get(p, 24));
    }
    return read(message.headers(), run);
  }

  /** The run id's 64-bit FNV-1a hash: which run a binary stamp belongs to. */
  private static long runKey(String run) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < run.length(); i++) {
      h = (h ^ run.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  Headers headers(String contentType) {
    String value = run + ':' + producer + ':' + seq + ':' + intendedNanos;
    if (contentType == null) {
      return Headers.of(HEADER, value);
    }
    Map<String, String> m = new LinkedHashMap<>(4);
    m.put(HEADER, value);
    m.put(Headers.CONTENT_TYPE, contentType);
    return Headers.of(m);
  }

  /** The stamp of a message of run {@code run}, or null for a message of another run or tool. */
  static MessageStamp read(Headers headers, String run) {
    String value = headers.asMap().get(HEADER);
    if (value == null
        || value.length() <= run.length()
        || !value.startsWith(run)
        || value.charAt(run.length()) != ':') {
      return null;
    }
    int p = run.length() + 1;
    int s = value.indexOf(':', p);
    int i = s < 0 ? -1 : value.indexOf(':', s + 1);
    if (i < 0) {
      return null;
    }
    try {
      return new MessageStamp(
          run,
          Integer.parseInt(value, p, s, 10),
          Long.parseLong(value, s + 1, i, 10),
          Long.parseLong(value, i + 1, value.length(), 10));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
