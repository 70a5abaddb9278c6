package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Delivery;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.harness.TestServers;
import io.detektr.broker.tck.interop.PythonScript;
import io.detektr.broker.tck.interop.ScriptOutput;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames crossing between this library and pika (Debian's python3-pika), both ways, by the mapping
 * of docs/wire-format.md: AMQP properties, typed header values, the queue arguments a foreign
 * consumer declares.
 */
@ExtendWith(TestServers.class)
@DisplayName("RabbitMQ interop with pika")
class RabbitInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 'J'};
  private String topic;

  @BeforeEach
  void name() {
    topic = "interop." + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String uri(String query) {
    return TestServers.amqpUri() + query;
  }

  @Test
  @DisplayName("pika -> Java: properties become headers, typed header values their string form")
  void pikaPublishesJavaConsumes() {
    long timestamp = 1_796_000_000L;
    try (Broker broker = Brokers.connect(uri(""))) {
      broker.declareGroup(topic, "detector");
      PythonScript.run(
          "amqp_publish.py",
          TestServers.amqpUri(),
          topic,
          PythonScript.hex(JPEG),
          Long.toString(timestamp));
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "detector", received)) {
        received.await(1, WAIT);
      }
      Delivery d = received.all().get(0);
      assertThat(d.message().payload()).isEqualTo(JPEG);
      assertThat(d.id()).isEqualTo(new MessageId("py-frame-42"));
      assertThat(d.message().headers().asMap())
          .isEqualTo(
              Map.ofEntries(
                  Map.entry(Headers.CONTENT_TYPE, "image/jpeg"),
                  Map.entry(Headers.PUBLISHED_AT, timestamp + "000000"),
                  Map.entry("camera-id", "cam-1"),
                  Map.entry("int", "42"),
                  Map.entry("negative", "-7"),
                  Map.entry("long", "1099511627776"),
                  Map.entry("bool", "true"),
                  Map.entry("false", "false"),
                  Map.entry("decimal", "1.5"),
                  Map.entry("bytes", "AP9hYg=="),
                  Map.entry("list", "[1,\"a\",true,null]"),
                  Map.entry("map", "{\"k\":\"v\",\"n\":1}"),
                  Map.entry("none", "")));
    }
  }

  @Test
  @DisplayName(
      "Java -> pika: content-type is the content_type property, published-at the timestamp")
  void javaPublishesPikaConsumes() throws Exception {
    // limits too, so the documented queue arguments are checked with every one of them set
    String query = "?maxLength=1000&overflow=drop-oldest&messageTtl=60s";
    MessageId id;
    String publishedAt;
    try (Broker broker = Brokers.connect(uri(query))) {
      broker.declareGroup(topic, "py-detector");
      try (Publisher p = broker.publisher(topic)) {
        id =
            p.publish(
                    Message.wrap(JPEG)
                        .header(Headers.CONTENT_TYPE, "image/jpeg")
                        .header(Headers.CAMERA_ID, "cam-1")
                        .header(Headers.FRAME_ID, "42")
                        .header("note", "wert ✓"))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
      }
      ScriptOutput out =
          PythonScript.run(
              "amqp_consume.py",
              TestServers.amqpUri(),
              topic + ".py-detector",
              "1",
              "{\"x-dead-letter-exchange\": \"_detektr.dropped\", \"x-dead-letter-routing-key\": \""
                  + topic
                  + "\", \"x-max-length\": 1000, \"x-overflow\": \"drop-head\","
                  + " \"x-message-ttl\": 60000}");
      Message m = out.messages().get(0);
      assertThat(m.payload()).isEqualTo(JPEG);
      publishedAt = m.headers().get(Headers.PUBLISHED_AT).orElseThrow();
      assertThat(m.headers().asMap())
          .isEqualTo(
              Map.of(
                  Headers.CAMERA_ID,
                  "cam-1",
                  Headers.FRAME_ID,
                  "42",
                  "note",
                  "wert ✓",
                  Headers.PUBLISHED_AT,
                  publishedAt));
      assertThat(out.info("content_type.0")).isEqualTo("image/jpeg");
      assertThat(out.info("timestamp.0"))
          .isEqualTo(Long.toString(Long.parseLong(publishedAt) / 1_000_000));
      assertThat(out.info("message_id.0")).isEqualTo(id.value());
      assertThat(out.info("delivery_mode.0")).isEqualTo("2");
    }
  }

  @Test
  @DisplayName("pika declaring the library's queue without its arguments gets 406, as documented")
  void pikaWithoutArgumentsIsRefused() {
    try (Broker broker = Brokers.connect(uri(""))) {
      broker.declareGroup(topic, "g");
      Throwable error =
          catchThrowable(
              () -> PythonScript.run("amqp_consume.py", uri(""), topic + ".g", "1", "{}"));
      assertThat(error)
          .hasMessageContaining("PRECONDITION_FAILED")
          .hasMessageContaining("inequivalent arg 'x-dead-letter-exchange'");
    }
  }
}
