package io.detektr.loadtest;

import java.util.Locale;

/**
 * How long the drain waited for a broker that did not answer (down, or Redis still loading its data
 * after a restart), and what was left when it gave up.
 *
 * @param seconds time the drain spent waiting for the broker
 * @param notAnswering why the broker still did not answer when the drain gave up; null if it
 *     answered again
 * @param unverified confirmed messages not received when the drain gave up on a broker that did not
 *     answer: not counted as lost, since the broker may still hold them
 */
public record BrokerWait(double seconds, String notAnswering, long unverified) {
  /** The summary's line, or null when the drain never waited. */
  String summary() {
    if (notAnswering != null) {
      boolean loading = notAnswering.toUpperCase(Locale.ROOT).contains("LOADING");
      return String.format(
          Locale.ROOT,
          "%s: %,d pending (not counted as lost; waited %.0f s, --broker-wait)",
          loading ? "broker still loading" : "broker not answering (" + notAnswering + ")",
          unverified,
          seconds);
    }
    return seconds > 0
        ? String.format(Locale.ROOT, "waited %.1f s for the broker to answer again", seconds)
        : null;
  }
}
