package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerAuthenticationException;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerFullException;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.Brokers;
import io.detektr.broker.GroupStats;
import io.detektr.broker.Message;
import io.detektr.broker.Overflow;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.RecordingMetrics;
import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Redis-specific behaviour beyond the contract, on a server of its own (AOF on). */
@DisplayName("Redis provider specifics")
class RedisProviderIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.builder().password("it-secret").appendOnly("everysec").start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static Broker connect(RecordingMetrics metrics) {
    return Brokers.connect(BrokerConfig.builder(redis.uri()).metrics(metrics).build());
  }

  private static long xlen(String topic) {
    return (Long) redis.command("XLEN", topic);
  }

  @Test
  @DisplayName("REJECT counts only what the slowest group has not acknowledged, and trims the rest")
  void rejectIgnoresAcknowledgedEntries() throws Exception {
    try (Broker broker = connect(new RecordingMetrics());
        Publisher p =
            broker.publisher(
                "reject", PublisherOptions.defaults().maxLength(5).overflow(Overflow.REJECT))) {
      broker.declareGroup("reject", "fast");
      broker.declareGroup("reject", "slow");
      Received fast = new Received();
      try (Subscription s = broker.subscribe("reject", "fast", fast)) {
        assertThat(s.group()).isEqualTo("fast");
        for (int i = 0; i < 5; i++) {
          p.publish(Message.of("a" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        fast.await(5, WAIT);
        // 'fast' acked all five, 'slow' none: the slowest group's backlog is full
        Throwable full =
            catchThrowable(() -> p.publish(Message.of("x")).toCompletableFuture().join());
        assertThat(full).hasCauseInstanceOf(BrokerFullException.class);
        assertThat(full.getCause().getMessage()).contains("reject").contains("5");
      }
      Received slow = new Received();
      try (Subscription s = broker.subscribe("reject", "slow", slow)) {
        assertThat(s.group()).isEqualTo("slow");
        slow.await(5, WAIT);
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> broker.groupStats("reject", "slow").pending() == 0);
      }
      // everything acknowledged by both groups: room for five more, old entries trimmed
      for (int i = 0; i < 5; i++) {
        p.publish(Message.of("b" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      assertThat(xlen("reject")).isEqualTo(5);
    }
  }

  @Test
  @DisplayName("DROP_OLDEST does not count acknowledged entries as dropped")
  void dropOldestCountsOnlyUnconsumed() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (Broker broker = connect(metrics);
        Publisher p =
            broker.publisher(
                "drop", PublisherOptions.defaults().maxLength(3).overflow(Overflow.DROP_OLDEST))) {
      broker.declareGroup("drop", "g");
      Received received = new Received();
      try (Subscription s = broker.subscribe("drop", "g", received)) {
        assertThat(s.topic()).isEqualTo("drop");
        for (int i = 0; i < 20; i++) {
          p.publish(Message.of("d" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
          received.await(i + 1, WAIT);
          int done = i + 1;
          Awaitility.await().atMost(WAIT).until(() -> metrics.count("acked", "drop") == done);
        }
      }
      assertThat(metrics.count("dropped", "drop")).isZero();
      assertThat(xlen("drop")).isLessThanOrEqualTo(4);
    }
  }

  @Test
  @DisplayName("a bounded publish still works after the server forgot its scripts (NOSCRIPT)")
  void scriptCacheFlushed() throws Exception {
    try (Broker broker = connect(new RecordingMetrics());
        Publisher p = broker.publisher("noscript", PublisherOptions.defaults().maxLength(100))) {
      p.publish(Message.of("1")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      redis.command("SCRIPT", "FLUSH"); // what a restart or a failover does to the script cache
      p.publish(Message.of("2")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      p.publish(Message.of("3")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(xlen("noscript")).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("waitForReplicas on a server without replicas fails the publish, saying why")
  void waitForReplicasWithoutReplicas() {
    try (Broker broker = connect(new RecordingMetrics());
        Publisher p =
            broker.publisher(
                "wait", PublisherOptions.defaults().waitForReplicas(1, Duration.ofMillis(200)))) {
      Throwable error =
          catchThrowable(() -> p.publish(Message.of("w")).toCompletableFuture().join());
      assertThat(error).hasCauseInstanceOf(BrokerUnavailableException.class);
      assertThat(error.getCause().getMessage()).contains("0 of 1 replicas");
    }
  }

  @Test
  @DisplayName("groupStats reports lag, pending and consumers from XINFO GROUPS")
  void groupStats() throws Exception {
    try (Broker broker = connect(new RecordingMetrics())) {
      broker.declareGroup("stats", "g");
      assertThat(broker.groupStats("stats", "g")).isEqualTo(new GroupStats(0, 0, 0));
      try (Publisher p = broker.publisher("stats")) {
        for (int i = 0; i < 3; i++) {
          p.publish(Message.of("s" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      assertThat(broker.groupStats("stats", "g")).isEqualTo(new GroupStats(3, 0, 0));
      assertThat(broker.groupStats("no-such-topic", "g")).isEqualTo(new GroupStats(0, 0, 0));
    }
  }

  @Test
  @DisplayName(
      "a database number the server does not have fails with BrokerConfigException, saying so")
  void noSuchDatabase() {
    Throwable error =
        catchThrowable(
            () -> Brokers.connect("redis://:it-secret@127.0.0.1:" + redis.port() + "/99").close());
    assertThat(error)
        .isInstanceOf(io.detektr.broker.BrokerConfigException.class)
        .hasMessageContaining("no such database")
        .hasMessageNotContaining("check that redis-server is running");
  }

  @Test
  @DisplayName("an ACL user logs in with user:password; a wrong one is refused, password unshown")
  void aclUser() throws Exception {
    redis.command("ACL", "SETUSER", "frames-app", "on", ">app-pass", "~*", "&*", "+@all");
    String base = "127.0.0.1:" + redis.port();
    try (Broker broker = Brokers.connect("redis://frames-app:app-pass@" + base);
        Publisher p = broker.publisher("acl")) {
      assertThat(p.publish(Message.of("a")).toCompletableFuture().get(30, TimeUnit.SECONDS).value())
          .isNotBlank();
    }
    Throwable error = catchThrowable(() -> Brokers.connect("redis://frames-app:bad-pass@" + base));
    assertThat(error)
        .isInstanceOf(BrokerAuthenticationException.class)
        .hasMessageContaining(base)
        .hasMessageNotContaining("bad-pass");
  }

  @Test
  @DisplayName("a blocked consumer and a publisher resume after Redis restarts")
  void resumesAfterRestart() throws Exception {
    try (Broker broker = connect(new RecordingMetrics())) {
      broker.declareGroup("restart", "g");
      Received received = new Received();
      try (Subscription s = broker.subscribe("restart", "g", received);
          Publisher p = broker.publisher("restart")) {
        assertThat(s.topic()).isEqualTo("restart");
        p.publish(Message.of("before")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        received.await(1, WAIT);
        redis.kill();
        redis.restart();
        p.publish(Message.of("after")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        received.await(2, WAIT);
        assertThat(received.payloads()).containsExactly("before", "after");
      }
    }
  }
}
