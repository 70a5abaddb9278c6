package io.detektr.broker.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("dead letters")
class DeadLettersTest {
  @Test
  @DisplayName("carry the reason, attempts, topic and group; a long reason is cut to fit")
  void headers() {
    Message letter = DeadLetters.of(Message.of("p"), "boom", 2, "frames", "g");
    assertThat(letter.headers().asMap())
        .containsEntry(Headers.DEAD_LETTER_REASON, "boom")
        .containsEntry(Headers.DEAD_LETTER_ATTEMPTS, "2")
        .containsEntry(Headers.DEAD_LETTER_TOPIC, "frames")
        .containsEntry(Headers.DEAD_LETTER_GROUP, "g");
    String huge = "x".repeat(DeadLetters.MAX_REASON_CHARS - 1) + "\uD83D\uDE00" + "y".repeat(5000);
    String reason =
        DeadLetters.of(Message.of("p"), huge, 1, "t", "g")
            .headers()
            .get(Headers.DEAD_LETTER_REASON)
            .orElseThrow();
    assertThat(reason).hasSize(DeadLetters.MAX_REASON_CHARS - 1 + 3).endsWith("x...");
    assertThat(DeadLetters.of(Message.of("p"), null, 1, "t", "g").headers().asMap())
        .containsEntry(Headers.DEAD_LETTER_REASON, "unknown");
  }
}
