package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Delivery;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.broker.tck.interop.DocExample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Python examples of docs/wire-format.md for Redis, run as written against a server of their
 * own (they use the topic "frames"), with this library on the other side.
 */
@DisplayName("docs/wire-format.md Redis examples")
class WireFormatDocIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private RedisServer redis;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  @DisplayName("redis-producer: Java reads the frame as its own message")
  void producer() throws Exception {
    try (Broker broker = Brokers.connect(redis.uri())) {
      broker.declareGroup("frames", "detector");
      String id;
      try (DocExample producer =
          DocExample.start("redis-producer", Map.of("REDIS_URL", redis.uri()))) {
        id = producer.lines(1, 30).get(0);
        producer.awaitSuccess(30);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe("frames", "detector", received)) {
        received.await(1, WAIT);
      }
      Delivery d = received.all().get(0);
      assertThat(d.id()).isEqualTo(new MessageId(id));
      assertThat(d.message().payload())
          .isEqualTo("\u00ff\u00d8\u00ff\u00e0 frame bytes".getBytes(StandardCharsets.ISO_8859_1));
      Map<String, String> headers = d.message().headers().asMap();
      assertThat(headers)
          .isEqualTo(
              Map.of(
                  Headers.CAMERA_ID, "cam-1",
                  Headers.FRAME_ID, "42",
                  Headers.CONTENT_TYPE, "image/jpeg",
                  Headers.PUBLISHED_AT, headers.get(Headers.PUBLISHED_AT)));
      assertThat(Long.parseLong(headers.get(Headers.PUBLISHED_AT)))
          .isBetween(
              System.currentTimeMillis() * 1000 - 60_000_000, System.currentTimeMillis() * 1000);
    }
  }

  @Test
  @DisplayName("redis-consumer: reads what Java publishes, plain and packed, and acknowledges it")
  void consumer() throws Exception {
    try (DocExample consumer =
        DocExample.start("redis-consumer", Map.of("REDIS_URL", redis.uri()))) {
      Awaitility.await().atMost(WAIT).until(() -> String.valueOf(groups()).contains("py-detector"));
      List<String> expected = new ArrayList<>();
      try (Broker plain = Brokers.connect(redis.uri());
          Broker packed = Brokers.connect(RedisPackedContractIT.withPack(redis.uri(), 16));
          Publisher one = plain.publisher("frames");
          Publisher many = packed.publisher("frames")) {
        one.publish(frame(0)).toCompletableFuture().get();
        expected.add("0 cam-1 1000");
        List<CompletableFuture<MessageId>> acks = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
          acks.add(many.publish(frame(i)).toCompletableFuture()); // gathered into packs
          expected.add(i + " cam-1 " + (1000 + i));
        }
        acks.forEach(CompletableFuture::join);
      }
      assertThat(consumer.lines(expected.size(), 30)).containsExactlyElementsOf(expected);
      assertThat((Long) redis.command("XLEN", "frames")).isLessThan(201L);
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () -> ((List<?>) redis.command("XPENDING", "frames", "py-detector")).get(0),
              pending -> Long.valueOf(0).equals(pending));
    }
  }

  private Object groups() {
    try {
      return redis.command("XINFO", "GROUPS", "frames");
    } catch (RuntimeException e) {
      return e.getMessage(); // no such key yet
    }
  }

  private static Message frame(int i) {
    return Message.wrap(new byte[1000 + i])
        .header(Headers.FRAME_ID, Integer.toString(i))
        .header(Headers.CAMERA_ID, "cam-1");
  }
}
