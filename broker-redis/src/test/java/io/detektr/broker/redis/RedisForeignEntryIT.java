package io.detektr.broker.redis;

import static io.detektr.broker.tck.interop.PythonScript.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Delivery;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.RecordingMetrics;
import io.detektr.broker.tck.harness.TestServers;
import io.detektr.broker.tck.interop.PythonScript;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Entries written by plain Redis clients (redis-py, as older capture code does), read by this
 * library: never emptied, never acknowledged without a trace (docs/wire-format.md, "Foreign
 * entries").
 */
@ExtendWith(TestServers.class)
@DisplayName("Redis entries of foreign producers (redis-py XADD)")
class RedisForeignEntryIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A JPEG's first bytes: not UTF-8 (0xFF never is). */
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J'};

  private RecordingMetrics metrics;
  private String topic;

  @BeforeEach
  void names() {
    metrics = new RecordingMetrics();
    topic = "foreign." + UUID.randomUUID().toString().substring(0, 8);
  }

  private Broker connect(String query) {
    String uri = TestServers.redisUri() + query;
    return Brokers.connect(BrokerConfig.builder(uri).metrics(metrics).build());
  }

  private static void xadd(String topic, String... fields) {
    String[] args = new String[2 + fields.length];
    args[0] = TestServers.redisUri();
    args[1] = topic;
    System.arraycopy(fields, 0, args, 2, fields.length);
    PythonScript.run("redis_xadd.py", args);
  }

  private Delivery receiveOne(Broker broker) {
    Received received = new Received();
    try (Subscription s = broker.subscribe(topic, "g", received)) {
      received.await(1, WAIT);
      Awaitility.await().atMost(WAIT).until(() -> broker.groupStats(topic, "g").pending() == 0);
    }
    assertThat(received.all()).hasSize(1);
    return received.all().get(0);
  }

  @Test
  @DisplayName("XADD frame <jpeg> camera_id cam-1 frame_id 42 with ?payloadField=frame")
  void naturalEntryWithPayloadField() {
    try (Broker broker = connect("?payloadField=frame")) {
      broker.declareGroup(topic, "g");
      xadd(topic, field("frame", JPEG), field("camera_id", "cam-1"), field("frame_id", "42"));
      Message m = receiveOne(broker).message();
      assertThat(m.payload()).isEqualTo(JPEG);
      assertThat(m.headers().asMap()).isEqualTo(Map.of("camera_id", "cam-1", "frame_id", "42"));
    }
  }

  @Test
  @DisplayName("without payloadField, a binary field is dead-lettered with a reason, and counted")
  void binaryFieldWithoutPayloadFieldIsDeadLettered() {
    Received handled = new Received();
    Received dead = new Received();
    try (Broker broker = connect("");
        Broker dlqReader = connect("?payloadField=frame")) {
      broker.declareGroup(topic, "g");
      xadd(topic, field("frame", JPEG), field("camera_id", "cam-1"), field("frame_id", "42"));
      try (Subscription s = broker.subscribe(topic, "g", handled);
          Subscription d =
              dlqReader.subscribe(topic + ".dlq", SubscriptionOptions.DEAD_LETTER_GROUP, dead)) {
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> metrics.count("deadLettered", topic) == 1 && dead.size() == 1);
        Awaitility.await().atMost(WAIT).until(() -> broker.groupStats(topic, "g").pending() == 0);
      }
    }
    assertThat(handled.size()).as("handler calls").isZero();
    // the dead letter keeps every original field: read with the payloadField it names, it is whole
    Message letter = dead.all().get(0).message();
    assertThat(letter.payload()).isEqualTo(JPEG);
    String reason = letter.headers().get(Headers.DEAD_LETTER_REASON).orElseThrow();
    assertThat(reason)
        .contains("binary field(s) [frame]")
        .contains("its fields: [frame, camera_id, frame_id]")
        .contains("payloadField=frame");
    assertThat(letter.headers().asMap())
        .isEqualTo(
            Map.of(
                "camera_id",
                "cam-1",
                "frame_id",
                "42",
                Headers.DEAD_LETTER_REASON,
                reason,
                Headers.DEAD_LETTER_ATTEMPTS,
                "1",
                Headers.DEAD_LETTER_TOPIC,
                topic,
                Headers.DEAD_LETTER_GROUP,
                "g"));
  }

  @Test
  @DisplayName("a text-only entry arrives with every field as a header and an empty payload")
  void textOnlyEntry() {
    try (Broker broker = connect("")) {
      broker.declareGroup(topic, "g");
      xadd(topic, field("camera_id", "cam-1"), field("frame_id", "42"), field("note", "wert ✓"));
      Message m = receiveOne(broker).message();
      assertThat(m.payload()).isEmpty();
      assertThat(m.headers().asMap())
          .isEqualTo(Map.of("camera_id", "cam-1", "frame_id", "42", "note", "wert ✓"));
    }
  }

  @Test
  @DisplayName("a lone field named pack is an ordinary field, not a packed entry")
  void loneFieldNamedPack() {
    try (Broker broker = connect("")) {
      broker.declareGroup(topic, "g");
      xadd(topic, field("pack", "six-pack"));
      Message m = receiveOne(broker).message();
      assertThat(m.payload()).isEmpty();
      assertThat(m.headers().asMap()).isEqualTo(Map.of("pack", "six-pack"));
    }
  }

  @Test
  @DisplayName(
      "a lone binary field named pack that looks like a version-1 pack header is a payload")
  void loneBinaryFieldNamedPack() {
    byte[] almost = {1, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xD8, 'x'};
    try (Broker broker = connect("?payloadField=pack")) {
      broker.declareGroup(topic, "g");
      xadd(topic, field("pack", almost));
      Message m = receiveOne(broker).message();
      assertThat(m.payload()).isEqualTo(almost);
      assertThat(m.headers().asMap()).isEmpty();
    }
  }

  @Test
  @DisplayName("a packed entry of format version 1 (a lone field pack) is still read")
  void legacyPackIsRead() {
    byte[] v1 =
        packV1(
            List.of(
                Message.of("one").header("camera-id", "cam-1"),
                Message.of(JPEG).header("frame-id", "2")));
    try (Broker broker = connect("")) {
      broker.declareGroup(topic, "g");
      xadd(topic, field("pack", v1));
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(2, WAIT);
      }
      assertThat(received.all()).hasSize(2);
      assertThat(received.all().get(0).message().payloadAsString()).isEqualTo("one");
      assertThat(received.all().get(0).message().headers().asMap())
          .isEqualTo(Map.of("camera-id", "cam-1"));
      assertThat(received.all().get(1).message().payload()).isEqualTo(JPEG);
      assertThat(received.all().get(1).message().headers().asMap())
          .isEqualTo(Map.of("frame-id", "2"));
    }
  }

  /** The version-1 pack layout, written here independently of the provider's encoder. */
  static byte[] packV1(List<Message> messages) {
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    b.put((byte) 1).putInt(messages.size());
    for (Message m : messages) {
      b.putInt(m.headers().size());
      m.headers()
          .asMap()
          .forEach(
              (k, v) -> {
                byte[] kb = k.getBytes(StandardCharsets.UTF_8);
                byte[] vb = v.getBytes(StandardCharsets.UTF_8);
                b.putInt(kb.length).put(kb).putInt(vb.length).put(vb);
              });
      b.putInt(m.payload().length).put(m.payload());
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }
}
