package io.detektr.broker.redis;

import static io.detektr.broker.tck.interop.PythonScript.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Delivery;
import io.detektr.broker.GroupStart;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.harness.TestServers;
import io.detektr.broker.tck.interop.PythonScript;
import io.detektr.broker.tck.interop.ScriptOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames crossing between this library and a Python service built on redis-py and the reference
 * module interop/python/detektr_wire.py, both ways, plain and packed (docs/wire-format.md).
 */
@ExtendWith(TestServers.class)
@DisplayName("Redis interop with Python (redis-py + detektr_wire)")
class RedisInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] JPEG = RedisForeignEntryIT.JPEG;
  private String topic;

  @BeforeEach
  void name() {
    topic = "interop." + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Broker connect(String query) {
    return Brokers.connect(TestServers.redisUri() + query);
  }

  private static long nowMicros() {
    return System.currentTimeMillis() * 1_000;
  }

  @Test
  @DisplayName("Python encode_entry -> Java: read as the library's own message, header for header")
  void encodeEntryIsReadAsOwn() {
    try (Broker broker = connect("")) {
      broker.declareGroup(topic, "detector");
      ScriptOutput wrote =
          PythonScript.run(
              "redis_publish.py",
              TestServers.redisUri(),
              topic,
              PythonScript.hex(JPEG),
              field(Headers.CAMERA_ID, "cam-1"),
              field(Headers.FRAME_ID, "42"),
              field(Headers.CONTENT_TYPE, "image/jpeg"),
              field("note", "wert ✓"));
      String publishedAt = wrote.info("field:" + PythonScript.hex("h:" + Headers.PUBLISHED_AT));
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "detector", received)) {
        received.await(1, WAIT);
      }
      Delivery d = received.all().get(0);
      assertThat(d.id()).isEqualTo(new MessageId(wrote.info("id")));
      assertThat(d.message().payload()).isEqualTo(JPEG);
      assertThat(d.message().headers().asMap())
          .isEqualTo(
              Map.of(
                  Headers.CAMERA_ID,
                  "cam-1",
                  Headers.FRAME_ID,
                  "42",
                  Headers.CONTENT_TYPE,
                  "image/jpeg",
                  "note",
                  "wert ✓",
                  Headers.PUBLISHED_AT,
                  publishedAt));
      assertThat(Long.parseLong(publishedAt)).isBetween(nowMicros() - 60_000_000, nowMicros());
    }
  }

  @Test
  @DisplayName("Java plain entries -> Python decode_entry: payload and every header exactly")
  void javaPlainReadByPython() throws Exception {
    long before = nowMicros();
    List<Message> sent = new ArrayList<>();
    try (Broker broker = connect("")) {
      broker.declareGroup(topic, "py-detector");
      try (Publisher p = broker.publisher(topic)) {
        for (int i = 0; i < 3; i++) {
          Message m =
              Message.wrap(i == 1 ? new byte[0] : JPEG)
                  .header(Headers.CAMERA_ID, "cam-" + i)
                  .header(Headers.FRAME_ID, Integer.toString(i))
                  .header("note", "wert ✓");
          sent.add(m);
          p.publish(m).toCompletableFuture().get();
        }
      }
    }
    ScriptOutput read =
        PythonScript.run("redis_consume.py", TestServers.redisUri(), topic, "py-detector", "3");
    assertReadExactly(read.messages(), sent, before);
    assertThat(read.info("entries")).isEqualTo("3");
    assertThat(read.info("pending")).isEqualTo("0");
  }

  @Test
  @DisplayName("Java packed entries (pack=16) -> Python decode_entry: every message, in order")
  void javaPackedReadByPython() {
    long before = nowMicros();
    int count = 500;
    List<Message> sent = new ArrayList<>();
    try (Broker broker = connect("?pack=16")) {
      broker.declareGroup(topic, "py-detector");
      List<CompletableFuture<MessageId>> acks = new ArrayList<>();
      try (Publisher p = broker.publisher(topic)) {
        for (int i = 0; i < count; i++) {
          Message m =
              Message.wrap(HexFormat.of().parseHex(String.format("ffd8%04x", i)))
                  .header(Headers.FRAME_ID, Integer.toString(i));
          sent.add(m);
          acks.add(p.publish(m).toCompletableFuture()); // not waiting: messages gather in packs
        }
      }
      acks.forEach(CompletableFuture::join);
    }
    ScriptOutput read =
        PythonScript.run(
            "redis_consume.py", TestServers.redisUri(), topic, "py-detector", "" + count);
    assertReadExactly(read.messages(), sent, before);
    assertThat(Integer.parseInt(read.info("entries"))).as("entries").isLessThan(count);
    assertThat(read.info("pending")).isEqualTo("0");
  }

  @Test
  @DisplayName("EARLIEST: a Java group created later reads what Python wrote before it existed")
  void earliestReadsEntriesWrittenBeforeTheGroup() {
    PythonScript.run("redis_publish.py", TestServers.redisUri(), topic, PythonScript.hex(JPEG));
    PythonScript.run(
        "redis_xadd.py", TestServers.redisUri(), topic, field("frame", JPEG), field("n", "2"));
    try (Broker broker = connect("?payloadField=frame")) {
      Received received = new Received();
      try (Subscription s =
          broker.subscribe(
              topic,
              "late-detector",
              received,
              SubscriptionOptions.defaults().startFrom(GroupStart.EARLIEST))) {
        received.await(2, WAIT);
      }
      assertThat(received.all()).hasSize(2);
      Message first = received.all().get(0).message();
      assertThat(first.payload()).isEqualTo(JPEG);
      assertThat(first.headers().asMap().keySet()).containsExactly(Headers.PUBLISHED_AT);
      Message second = received.all().get(1).message();
      assertThat(second.payload()).isEqualTo(JPEG);
      assertThat(second.headers().asMap()).isEqualTo(Map.of("n", "2"));
    }
  }

  /** The published-at the publisher stamped is the one header the test cannot know in advance. */
  private static void assertReadExactly(List<Message> read, List<Message> sent, long before) {
    assertThat(read).hasSize(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      Message got = read.get(i);
      assertThat(got.payload()).as("payload %d", i).isEqualTo(sent.get(i).payload());
      String stamp = got.headers().get(Headers.PUBLISHED_AT).orElseThrow();
      assertThat(Long.parseLong(stamp)).as("published-at, us").isBetween(before, nowMicros());
      Map<String, String> expected = new LinkedHashMap<>(sent.get(i).headers().asMap());
      expected.put(Headers.PUBLISHED_AT, stamp);
      assertThat(got.headers().asMap()).as("headers %d", i).isEqualTo(expected);
    }
  }
}
