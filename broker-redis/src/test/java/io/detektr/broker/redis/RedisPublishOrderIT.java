package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.tck.PublishOrder;
import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One publisher's order when the server gets in the way mid-stream: its connection dropped (Lettuce
 * re-sends what awaited replies and what was buffered meanwhile) or its script cache emptied (a
 * restart or failover). Confirmed messages are stored in publish order; a publish that cannot keep
 * its place fails instead.
 */
@DisplayName("Redis publisher: publish order when the server gets in the way")
class RedisPublishOrderIT {
  private static final int COUNT = 100_000;

  /** Publishes issued when the server gets in the way (up to 10,000 of them unconfirmed then). */
  private static final int[] DISTURB_AT = {20_000, 50_000, 80_000};

  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.builder().password("order-secret").start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "pack=16", "bounded"})
  @DisplayName("the connection killed three times: confirmed messages stay in publish order")
  void connectionKilled(String kind) throws Exception {
    String topic = "order.kill." + kind.replace('=', '-');
    Outcome outcome =
        publish(
            kind, topic, () -> redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"));
    assertThat(outcome.failures)
        .as("publishes the dropped connection had not confirmed")
        .allSatisfy(e -> assertThat(e).isInstanceOf(BrokerUnavailableException.class));
    assertThat(outcome.lastConfirmed)
        .as("the last publishes, after the last kill; the last failure: " + outcome.lastFailure)
        .isEqualTo(1_000);
    assertRising(outcome.confirmed);
    StreamOrder.assertConfirmedInPublishOrder(redis.uri(), topic, outcome.confirmed);
  }

  @org.junit.jupiter.api.Test
  @DisplayName(
      "the script cache emptied three times: the bounded publisher fails the publishes Redis"
          + " refused, and stores the others in publish order")
  void scriptCacheFlushed() throws Exception {
    String topic = "order.scripts";
    Outcome outcome = publish("bounded", topic, () -> redis.command("SCRIPT", "FLUSH"));
    assertThat(outcome.failures)
        .as("publishes refused with NOSCRIPT")
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("publish it again"));
    assertThat(outcome.confirmed.size() + outcome.failures.size()).isEqualTo(COUNT);
    assertThat(outcome.lastConfirmed)
        .as("the last publishes, after the last flush; the last failure: " + outcome.lastFailure)
        .isEqualTo(1_000);
    assertRising(outcome.confirmed);
    StreamOrder.assertConfirmedInPublishOrder(redis.uri(), topic, outcome.confirmed);
  }

  /** What the publishes got; {@code lastConfirmed} counts the confirmed among the last 1,000. */
  private record Outcome(
      List<MessageId> confirmed, List<Throwable> failures, int lastConfirmed, String lastFailure) {}

  /** Publishes COUNT messages without waiting; {@code disturb} runs at the marks. */
  private static Outcome publish(String kind, String topic, Runnable disturb) throws Exception {
    String uri = kind.startsWith("pack") ? redis.uri() + "?" + kind : redis.uri();
    PublisherOptions options =
        kind.equals("bounded")
            ? PublisherOptions.defaults().maxLength(10L * COUNT)
            : PublisherOptions.defaults();
    int next = 0;
    long clients = 0;
    List<CompletableFuture<MessageId>> acks = new ArrayList<>(COUNT);
    try (Broker broker =
            Brokers.connect(
                BrokerConfig.builder(uri).operationTimeout(Duration.ofSeconds(10)).build());
        Publisher publisher = broker.publisher(topic, options)) {
      for (int i = 0; i < COUNT; i++) {
        CompletableFuture<MessageId> ack =
            publisher.publish(Message.wrap(PublishOrder.payload(i, 256))).toCompletableFuture();
        acks.add(ack);
        if (next < DISTURB_AT.length && i == DISTURB_AT[next]) {
          if (next == 0) {
            clients = connectedClients();
          } else { // the broker's connections are back from the last disturbance
            long before = clients;
            Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> connectedClients() >= before);
          }
          next++;
          disturb.run(); // from this thread: the publishes after it are issued while it lands
        }
      }
      List<MessageId> confirmed = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      int lastConfirmed = 0;
      String lastFailure = "none";
      for (int i = 0; i < COUNT; i++) {
        try {
          confirmed.add(acks.get(i).get(60, TimeUnit.SECONDS));
          lastConfirmed += i >= COUNT - 1_000 ? 1 : 0;
        } catch (ExecutionException e) {
          failures.add(e.getCause());
          lastFailure = "publish " + i + ": " + e.getCause();
        }
      }
      return new Outcome(confirmed, failures, lastConfirmed, lastFailure);
    }
  }

  /** Clients connected, counting the one asking. */
  private static long connectedClients() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("connected_clients:(\\d+)")
            .matcher(String.valueOf(redis.command("INFO", "clients")));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static void assertRising(List<MessageId> ids) {
    String fall = StreamOrder.firstFall(ids);
    if (fall != null) {
      throw new AssertionError(fall);
    }
  }
}
