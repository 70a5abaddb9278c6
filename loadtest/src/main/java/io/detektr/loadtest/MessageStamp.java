package io.detektr.loadtest;

import io.detektr.broker.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that make exact accounting possible: which run, which producer, which sequence
 * number, and the intended send time (System.nanoTime() of this JVM, where both producers and
 * consumers run) for latencies corrected for coordinated omission.
 */
record MessageStamp(String run, int producer, long seq, long intendedNanos) {
  static final String RUN = "loadtest-run";
  static final String PRODUCER = "loadtest-producer";
  static final String SEQ = "loadtest-seq";
  static final String INTENDED = "loadtest-intended-ns";

  Headers headers(String contentType) {
    Map<String, String> m = new LinkedHashMap<>(8);
    m.put(RUN, run);
    m.put(PRODUCER, Integer.toString(producer));
    m.put(SEQ, Long.toString(seq));
    m.put(INTENDED, Long.toString(intendedNanos));
    if (contentType != null) {
      m.put(Headers.CONTENT_TYPE, contentType);
    }
    return Headers.of(m);
  }

  /** The stamp of a message of run {@code run}, or null for a message of another run or tool. */
  static MessageStamp read(Headers headers, String run) {
    Map<String, String> m = headers.asMap();
    if (!run.equals(m.get(RUN))) {
      return null;
    }
    try {
      return new MessageStamp(
          run,
          Integer.parseInt(m.get(PRODUCER)),
          Long.parseLong(m.get(SEQ)),
          Long.parseLong(m.get(INTENDED)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
