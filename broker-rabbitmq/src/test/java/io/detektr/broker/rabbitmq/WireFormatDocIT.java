package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.harness.TestServers;
import io.detektr.broker.tck.interop.DocExample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pika examples of docs/wire-format.md, run as written against the shared node (topic "frames",
 * groups "py-detector" and "java-detector", used by no other test), with this library on the other
 * side.
 */
@ExtendWith(TestServers.class)
@DisplayName("docs/wire-format.md RabbitMQ examples")
class WireFormatDocIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @DisplayName("amqp-consumer: declares the group queue as documented and reads Java's frames")
  void consumer() throws Exception {
    try (Broker broker = Brokers.connect(TestServers.amqpUri());
        DocExample consumer =
            DocExample.start("amqp-consumer", Map.of("AMQP_URL", TestServers.amqpUri()))) {
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> broker.groupStats("frames", "py-detector").consumers() >= 1);
      // the library declares the same queue: the documented arguments are exactly its own
      broker.declareGroup("frames", "py-detector");
      try (Publisher p = broker.publisher("frames")) {
        p.publish(
                Message.wrap(new byte[1234])
                    .header(Headers.FRAME_ID, "7")
                    .header(Headers.CONTENT_TYPE, "image/jpeg"))
            .toCompletableFuture()
            .get();
      }
      assertThat(consumer.lines(1, 30)).containsExactly("7 image/jpeg 1234");
    }
  }

  @Test
  @DisplayName("amqp-producer: Java reads the frame with its properties as headers")
  void producer() throws Exception {
    try (Broker broker = Brokers.connect(TestServers.amqpUri())) {
      broker.declareGroup("frames", "java-detector");
      try (DocExample producer =
          DocExample.start("amqp-producer", Map.of("AMQP_URL", TestServers.amqpUri()))) {
        assertThat(producer.lines(1, 30)).containsExactly("published");
        producer.awaitSuccess(30);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe("frames", "java-detector", received)) {
        received.await(1, WAIT);
      }
      Message m = received.all().get(0).message();
      assertThat(m.payload())
          .isEqualTo("\u00ff\u00d8\u00ff\u00e0 frame bytes".getBytes(StandardCharsets.ISO_8859_1));
      String publishedAt = m.headers().get(Headers.PUBLISHED_AT).orElseThrow();
      assertThat(m.headers().asMap())
          .isEqualTo(
              Map.of(
                  Headers.CAMERA_ID, "cam-1",
                  Headers.FRAME_ID, "42",
                  Headers.CONTENT_TYPE, "image/jpeg",
                  Headers.PUBLISHED_AT, publishedAt));
      long now = System.currentTimeMillis() * 1000;
      assertThat(Long.parseLong(publishedAt)).isBetween(now - 60_000_000, now);
    }
  }
}
