package io.detektr.broker.spi;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;

/** Builds dead letters the same way for every provider. */
public final class DeadLetters {
  private DeadLetters() {}

  /** {@code original} with the dead-letter headers set. */
  public static Message of(
      Message original, String reason, int attempts, String topic, String group) {
    return original.headers(
        original
            .headers()
            .with(Headers.DEAD_LETTER_REASON, reason == null ? "unknown" : reason)
            .with(Headers.DEAD_LETTER_ATTEMPTS, Integer.toString(attempts))
            .with(Headers.DEAD_LETTER_TOPIC, topic)
            .with(Headers.DEAD_LETTER_GROUP, group));
  }
}
