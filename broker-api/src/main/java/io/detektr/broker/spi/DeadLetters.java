package io.detektr.broker.spi;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;

/** Builds dead letters the same way for every provider. */
public final class DeadLetters {
  /**
   * The longest {@code dead-letter-reason}, in characters: an exception message can be any length,
   * and the dead letter must still fit every broker's header limits.
   */
  public static final int MAX_REASON_CHARS = 1_000;

  private DeadLetters() {}

  /** {@code original} with the dead-letter headers set. */
  public static Message of(
      Message original, String reason, int attempts, String topic, String group) {
    return original.headers(
        original
            .headers()
            .with(Headers.DEAD_LETTER_REASON, reason == null ? "unknown" : shortened(reason))
            .with(Headers.DEAD_LETTER_ATTEMPTS, Integer.toString(attempts))
            .with(Headers.DEAD_LETTER_TOPIC, topic)
            .with(Headers.DEAD_LETTER_GROUP, group));
  }

  private static String shortened(String reason) {
    if (reason.length() <= MAX_REASON_CHARS) {
      return reason;
    }
    int end = MAX_REASON_CHARS;
    if (Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--; // never cut a surrogate pair in half
    }
    return reason.substring(0, end) + "...";
  }
}
