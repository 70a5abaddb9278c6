package io.detektr.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("size and header checks before a publish")
class MessageChecksTest {
  private static final int NO_LIMIT = Integer.MAX_VALUE;

  @Test
  @DisplayName(
      "the UTF-8 length is the encoder's for any well-formed text, -1 for a lone surrogate")
  void utf8Length() {
    Random random = new Random(16);
    int[] ranges = {0x7F, 0x7FF, 0xD7FF, 0x10FFFF};
    for (int round = 0; round < 2_000; round++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        int cp = random.nextInt(ranges[random.nextInt(ranges.length)] + 1);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 'x';
        }
        s.appendCodePoint(cp);
      }
      String text = s.toString();
      assertThat(MessageChecks.utf8Length(text))
          .as(text)
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(MessageChecks.utf8Length("a\uD800")).isEqualTo(-1);
    assertThat(MessageChecks.utf8Length("\uDC00b")).isEqualTo(-1);
    assertThat(MessageChecks.utf8Length("\uD800\uD800\uDC00")).isEqualTo(-1);
  }

  @Test
  @DisplayName("each limit holds exactly at its value and fails one byte above it")
  void limitsAreExact() {
    assertThat(problem(Message.of("x").header("n".repeat(255), "v"))).isNull();
    assertThat(problem(Message.of("x").header("n".repeat(256), "v")))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("256 bytes");
    assertThat(problem(Message.of("x").header("ü".repeat(128), "v")))
        .as("128 two-byte characters are 256 bytes")
        .isInstanceOf(BrokerConfigException.class);
    assertThat(problem(Message.of("x").header("v", "v".repeat(Headers.MAX_VALUE_BYTES)))).isNull();
    assertThat(problem(Message.of("x").header("v", "v".repeat(Headers.MAX_VALUE_BYTES + 1))))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("'v'");
    assertThat(problem(withHeaders(Headers.MAX_COUNT, ""))).isNull();
    assertThat(problem(withHeaders(Headers.MAX_COUNT + 1, "")))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("257 headers");
    // four values at the limit plus names "h0".."h3" (8 bytes): over the total by 8 bytes
    assertThat(problem(withHeaders(4, "v".repeat(Headers.MAX_VALUE_BYTES))))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining(Integer.toString(Headers.MAX_TOTAL_BYTES + 8));
    assertThat(problem(withHeaders(4, "v".repeat(Headers.MAX_VALUE_BYTES - 2)))).isNull();
  }

  @Test
  @DisplayName("maxMessageBytes counts payload, names and values in UTF-8")
  void maxMessageBytesCountsHeaders() {
    Message m = Message.of("12345").header("ab", "ü"); // 5 + 2 + 2
    assertThat(MessageChecks.problem(m, 9, "t")).isNull();
    assertThat(MessageChecks.problem(m, 8, "t"))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("9 bytes")
        .hasMessageContaining("5 of payload, 4 of header");
  }

  @Test
  @DisplayName("reserved and malformed names or values fail with BrokerConfigException")
  void uncarriable() {
    for (String name : Headers.RESERVED_NAMES) {
      assertThat(problem(Message.of("x").header(name, "v")))
          .as(name)
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("'" + name + "'");
    }
    assertThat(problem(Message.of("x").header("cc", "v"))).as("names are case-sensitive").isNull();
    assertThat(problem(Message.of("x").header("cam\uD800", "v")))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("cam\\uD800");
    assertThat(problem(Message.of("x").header("caption", "bad \uDC00")))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("'caption'");
    assertThat(problem(Message.of("x").header("emoji-\uD83D\uDE00", "\uD83D\uDE00"))).isNull();
  }

  private static Message withHeaders(int count, String value) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      h.put("h" + i, value);
    }
    return Message.wrap(new byte[0], Headers.of(h));
  }

  private static Throwable problem(Message m) {
    return MessageChecks.problem(m, NO_LIMIT, "t");
  }
}
