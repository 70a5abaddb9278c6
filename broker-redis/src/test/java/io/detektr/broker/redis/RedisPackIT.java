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
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What only packed entries ({@code pack=N}) do, on a server of its own. */
@DisplayName("Redis packed entries (pack=16)")
class RedisPackIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MESSAGES = 2_000;
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.builder().password("it-secret").start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static Broker connect() {
    return Brokers.connect(RedisPackedContractIT.withPack(redis.uri(), 16));
  }

  /** Publishes without waiting in between, so that messages gather while others are in flight. */
  private static List<MessageId> publishAll(Broker broker, String topic, int count) {
    List<CompletableFuture<MessageId>> acks = new ArrayList<>();
    try (Publisher p = broker.publisher(topic)) {
      for (int i = 0; i < count; i++) {
        acks.add(
            p.publish(Message.of("m" + i).header(Headers.FRAME_ID, "" + i)).toCompletableFuture());
      }
    }
    return acks.stream().map(CompletableFuture::join).toList();
  }

  private static long xlen(String topic) {
    return (Long) redis.command("XLEN", topic);
  }

  private static long pending(Broker broker, String topic) {
    return broker.groupStats(topic, "g").pending();
  }

  @Test
  @DisplayName("messages share entries, arrive once each in order with their headers and ids")
  void packsAndUnpacks() throws Exception {
    String topic = "pack.ids";
    try (Broker broker = connect()) {
      broker.declareGroup(topic, "g");
      List<MessageId> published = publishAll(broker, topic, MESSAGES);
      assertThat(xlen(topic)).as("entries for %d messages", MESSAGES).isLessThan(MESSAGES / 2);
      assertThat(published).doesNotHaveDuplicates();

      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(MESSAGES, WAIT);
        Awaitility.await().atMost(WAIT).until(() -> pending(broker, topic) == 0);
      }
      List<Delivery> all = received.all();
      assertThat(all).hasSize(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        Delivery d = all.get(i);
        assertThat(d.message().payloadAsString()).isEqualTo("m" + i);
        assertThat(d.message().headers().asMap())
            .containsEntry(Headers.FRAME_ID, "" + i)
            .containsKey(Headers.PUBLISHED_AT);
        assertThat(d.id()).isEqualTo(published.get(i));
        assertThat(d.attempt()).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("a lone message is written as a plain entry any Redis client can read")
  void loneMessageIsPlain() throws Exception {
    String topic = "pack.lone";
    try (Broker broker = connect();
        Publisher p = broker.publisher(topic)) {
      MessageId id = p.publish(Message.of("alone")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(id.value()).doesNotContain("/");
      assertThat(redis.command("XRANGE", topic, "-", "+").toString()).contains("payload", "alone");
    }
  }

  @Test
  @DisplayName("a retried message of a pack comes back alone; the others are not redelivered")
  void retryOneOfAPack() throws Exception {
    String topic = "pack.retry";
    try (Broker broker = connect()) {
      broker.declareGroup(topic, "g");
      publishAll(broker, topic, 200);
      assertThat(xlen(topic)).isLessThan(200);
      Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
      try (Subscription s =
          broker.subscribe(
              topic,
              "g",
              d -> {
                String payload = d.message().payloadAsString();
                attempts.computeIfAbsent(payload, k -> new ArrayList<>()).add(d.attempt());
                if (payload.equals("m7") && d.attempt() < 3) {
                  throw new IllegalStateException("not yet");
                }
              },
              SubscriptionOptions.defaults().maxAttempts(5))) {
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> attempts.size() == 200 && pending(broker, topic) == 0);
      }
      assertThat(attempts.get("m7")).containsExactly(1, 2, 3);
      attempts.remove("m7");
      assertThat(attempts.values()).allSatisfy(a -> assertThat(a).containsExactly(1));
    }
  }

  @Test
  @DisplayName(
      "a message of a pack that keeps failing is dead-lettered; the rest of its entry is acked")
  void deadLetterOneOfAPack() throws Exception {
    String topic = "pack.dlq";
    try (Broker broker = connect()) {
      broker.declareGroup(topic, "g");
      broker.declareGroup(topic + ".dlq", SubscriptionOptions.DEAD_LETTER_GROUP);
      publishAll(broker, topic, 100);
      assertThat(xlen(topic)).isLessThan(100);
      Set<String> handled = ConcurrentHashMap.newKeySet();
      try (Subscription s =
          broker.subscribe(
              topic,
              "g",
              d -> {
                if (d.message().payloadAsString().equals("m3")) {
                  throw new IllegalArgumentException("unreadable frame");
                }
                handled.add(d.message().payloadAsString());
              },
              SubscriptionOptions.defaults().maxAttempts(2))) {
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> handled.size() == 99 && pending(broker, topic) == 0);
      }
      Received dead = new Received();
      try (Subscription s =
          broker.subscribe(topic + ".dlq", SubscriptionOptions.DEAD_LETTER_GROUP, dead)) {
        dead.await(1, WAIT);
        Message letter = dead.all().get(0).message();
        assertThat(letter.payloadAsString()).isEqualTo("m3");
        assertThat(letter.headers().asMap())
            .containsEntry(Headers.DEAD_LETTER_ATTEMPTS, "2")
            .containsEntry(Headers.FRAME_ID, "3");
        assertThat(letter.headers().get(Headers.DEAD_LETTER_REASON).orElseThrow())
            .contains("unreadable frame");
      }
    }
  }

  @Test
  @DisplayName(
      "a consumer closed mid-pack leaves the entry pending; another consumer gets all of it")
  void closedMidPackRedelivers() throws Exception {
    String topic = "pack.close";
    SubscriptionOptions fast = SubscriptionOptions.defaults().redeliverAfter(Duration.ofSeconds(1));
    try (Broker broker = connect()) {
      broker.declareGroup(topic, "g");
      publishAll(broker, topic, 100);
      Set<String> first = ConcurrentHashMap.newKeySet();
      AtomicInteger seen = new AtomicInteger();
      Subscription quitter =
          broker.subscribe(
              topic,
              "g",
              d -> {
                if (seen.incrementAndGet() > 5) {
                  Thread.sleep(60_000); // interrupted by close: never settled
                }
                first.add(d.message().payloadAsString());
              },
              fast);
      Awaitility.await().atMost(WAIT).until(() -> seen.get() > 5);
      quitter.close();
      assertThat(pending(broker, topic)).as("entries left pending").isPositive();

      Set<String> second = new HashSet<>();
      Set<String> secondSync = java.util.Collections.synchronizedSet(second);
      try (Subscription rescuer =
          broker.subscribe(topic, "g", d -> secondSync.add(d.message().payloadAsString()), fast)) {
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> secondSync.size() + first.size() >= 100 && pending(broker, topic) == 0);
      }
      Set<String> all = new HashSet<>(first);
      all.addAll(secondSync);
      assertThat(all).hasSize(100);
      assertThat(secondSync)
          .as("messages handled before the close came back with their unsettled entry")
          .containsAnyElementsOf(first);
    }
  }
}
