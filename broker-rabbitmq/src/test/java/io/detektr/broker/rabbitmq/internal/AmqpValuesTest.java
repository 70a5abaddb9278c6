package io.detektr.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The string forms of AMQP header values that pika cannot send (floats, timestamps, nested values);
 * RabbitInteropIT covers what it can, live.
 */
@DisplayName("AMQP header values and properties")
class AmqpValuesTest {
  @Test
  @DisplayName("every AMQP field type has a documented string form")
  void stringForms() {
    assertThat(AmqpValues.text(LongStringHelper.asLongString("wert ✓"))).isEqualTo("wert ✓");
    assertThat(AmqpValues.text(42)).isEqualTo("42");
    assertThat(AmqpValues.text((short) -3)).isEqualTo("-3");
    assertThat(AmqpValues.text((byte) 7)).isEqualTo("7");
    assertThat(AmqpValues.text(1L << 40)).isEqualTo("1099511627776");
    assertThat(AmqpValues.text(0.5d)).isEqualTo("0.5");
    assertThat(AmqpValues.text(0.25f)).isEqualTo("0.25");
    assertThat(AmqpValues.text(1e10)).isEqualTo("1.0E10");
    assertThat(AmqpValues.text(true)).isEqualTo("true");
    assertThat(AmqpValues.text(new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(AmqpValues.text(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(AmqpValues.text(new Date(1_796_000_000_123L))).isEqualTo("1796000000");
    assertThat(AmqpValues.text(new byte[] {0, (byte) 0xFF, 'a', 'b'})).isEqualTo("AP9hYg==");
    assertThat(AmqpValues.text(null)).isEqualTo("");
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("z", Arrays.asList(1.5d, null, "q\"\\\n", new byte[] {1}));
    table.put("a", Map.of("t", new Date(2_000L), "nan", Double.NaN));
    assertThat(AmqpValues.text(table))
        .isEqualTo("{\"a\":{\"nan\":\"NaN\",\"t\":2},\"z\":[1.5,null,\"q\\\"\\\\\\n\",\"AQ==\"]}");
    assertThat(AmqpValues.text(new Object[] {1, "a"})).isEqualTo("[1,\"a\"]");
    assertThat(AmqpValues.text(List.of())).isEqualTo("[]");
  }

  @Test
  @DisplayName("content-type and published-at become the content_type and timestamp properties")
  void propertiesOut() {
    AMQP.BasicProperties p =
        AmqpMessages.properties(
            Message.of("x")
                .header(Headers.CONTENT_TYPE, "image/jpeg")
                .header(Headers.PUBLISHED_AT, "1796000000123456"),
            "id-1",
            1);
    assertThat(p.getContentType()).isEqualTo("image/jpeg");
    assertThat(p.getTimestamp().getTime() / 1000).isEqualTo(1_796_000_000L);
    assertThat(p.getHeaders())
        .doesNotContainKey(Headers.CONTENT_TYPE)
        .containsEntry(Headers.PUBLISHED_AT, "1796000000123456");
    // a content type too long for a short string stays a header
    String longType = "x/" + "y".repeat(300);
    assertThat(
            AmqpMessages.properties(Message.of("x").header(Headers.CONTENT_TYPE, longType), "i", 1)
                .getHeaders())
        .containsEntry(Headers.CONTENT_TYPE, longType);
  }

  @Test
  @DisplayName("a message of this library comes back with exactly its headers")
  void roundTrip() {
    Message sent =
        Message.of("x")
            .header(Headers.CONTENT_TYPE, "image/jpeg")
            .header(Headers.PUBLISHED_AT, "1796000000123456")
            .header(Headers.CAMERA_ID, "cam-1");
    AMQP.BasicProperties p = AmqpMessages.properties(sent, "id-1", 1);
    // what the wire carries: amqp-client hands header strings back as LongString
    Map<String, Object> wire = new LinkedHashMap<>();
    p.getHeaders().forEach((k, v) -> wire.put(k, LongStringHelper.asLongString((String) v)));
    AMQP.BasicProperties received = p.builder().headers(wire).build();
    assertThat(AmqpMessages.message(received, sent.payload()).headers()).isEqualTo(sent.headers());
  }
}
