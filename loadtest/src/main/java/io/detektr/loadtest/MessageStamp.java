package io.detektr.loadtest;

import io.detektr.broker.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes exact accounting possible: which run, which producer, which sequence number, and the
 * intended send time (System.nanoTime() of this JVM, where both producers and consumers run) for
 * latencies corrected for coordinated omission.
 *
 * <p>All four travel in one header, {@code loadtest: <run>:<producer>:<seq>:<intended-ns>}: every
 * header is a field of the stream entry (Redis) or of the AMQP table, so one instead of four keeps
 * the tool's own overhead on the broker and in this JVM small next to the payload it measures.
 */
record MessageStamp(String run, int producer, long seq, long intendedNanos) {
  static final String HEADER = "loadtest";

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
