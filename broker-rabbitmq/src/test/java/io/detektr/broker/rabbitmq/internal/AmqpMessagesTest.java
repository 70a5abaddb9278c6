package io.detektr.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import io.detektr.broker.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpMessagesTest {
  private static AMQP.BasicProperties withHeaders(Map<String, Object> headers) {
    return new AMQP.BasicProperties.Builder().headers(headers).build();
  }

  @Test
  void propertiesArePersistentAndCarryHeadersAndAttempt() {
    AMQP.BasicProperties p =
        AmqpMessages.properties(Message.of("x").header("camera-id", "c1"), "id-1", 3);
    assertThat(p.getDeliveryMode()).isEqualTo(2);
    assertThat(p.getMessageId()).isEqualTo("id-1");
    assertThat(p.getHeaders())
        .containsEntry("camera-id", "c1")
        .containsEntry(AmqpMessages.ATTEMPT, 3);
    assertThat(AmqpMessages.properties(Message.of("x"), "id", 1).getHeaders())
        .doesNotContainKey(AmqpMessages.ATTEMPT);
  }

  @Test
  void deliveredHeadersAreStringsWithoutTheProvidersOwnNoneDropped() {
    LongString camera = LongStringHelper.asLongString("cam-1");
    Message m =
        AmqpMessages.message(
            withHeaders(
                Map.of(
                    "camera-id",
                    camera,
                    "n",
                    7,
                    AmqpMessages.ATTEMPT,
                    2,
                    "x-death",
                    List.of(Map.of()))),
            new byte[] {1});
    assertThat(m.headers().asMap())
        .containsOnly(
            Map.entry("camera-id", "cam-1"), Map.entry("n", "7"), Map.entry("x-death", "[{}]"));
  }

  @Test
  void attemptCountsRepublishesAndRedeliveries() {
    assertThat(AmqpMessages.attempt(withHeaders(null), false)).isEqualTo(1);
    assertThat(AmqpMessages.attempt(withHeaders(null), true)).isEqualTo(2);
    assertThat(AmqpMessages.attempt(withHeaders(Map.of(AmqpMessages.ATTEMPT, 3)), false))
        .isEqualTo(3);
    assertThat(AmqpMessages.attempt(withHeaders(Map.of(AmqpMessages.ATTEMPT, 3)), true))
        .isEqualTo(4);
    // quorum queues count every failed delivery exactly
    assertThat(AmqpMessages.attempt(withHeaders(Map.of(AmqpMessages.DELIVERY_COUNT, 3L)), true))
        .isEqualTo(4);
  }
}
