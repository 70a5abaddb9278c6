package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.tck.harness.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One bounded publisher's order when the server does not know the publish script (a fresh server, a
 * restart, a failover: the script cache is empty). EVALSHAs pipelined into an empty cache all fail
 * with NOSCRIPT, and sending them again from their replies (as EVAL) stores them after publishes
 * sent meanwhile; so the publisher loads the script when it starts and, on every reconnect, before
 * anything else goes out.
 */
@DisplayName("Redis bounded publisher: order survives an empty script cache")
class RedisBoundedOrderIT {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  @DisplayName("500 messages published without waiting into a fresh server are stored in order")
  void orderOnAFreshServer() throws Exception {
    redis.command("SCRIPT", "FLUSH"); // as a fresh server has it
    try (Broker broker = Brokers.connect(BrokerConfig.builder(redis.uri()).build());
        Publisher p = broker.publisher("fresh", PublisherOptions.defaults().maxLength(100_000))) {
      publishAll(p);
    }
    assertThat(storedPayloads("fresh")).containsExactlyElementsOf(expected());
  }

  @Test
  @DisplayName(
      "after a restart (kill -9) the publisher reconnects and 500 messages published without"
          + " waiting are all stored, in order")
  void orderAfterARestart() throws Exception {
    try (Broker broker =
            Brokers.connect(
                BrokerConfig.builder(redis.uri()).operationTimeout(Duration.ofSeconds(5)).build());
        Publisher p =
            broker.publisher("restarted", PublisherOptions.defaults().maxLength(100_000))) {
      p.publish(Message.of("before")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      long clients = connectedClients();
      redis.kill();
      redis.restart(); // no persistence: an empty dataset and an empty script cache
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> connectedClients() >= clients); // the broker's connections are back
      publishAll(p);
    }
    assertThat(storedPayloads("restarted")).containsExactlyElementsOf(expected());
  }

  private static void publishAll(Publisher p) throws Exception {
    List<CompletableFuture<MessageId>> acks = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      acks.add(p.publish(Message.of("m" + i)).toCompletableFuture());
    }
    for (CompletableFuture<MessageId> a : acks) {
      a.get(30, TimeUnit.SECONDS);
    }
  }

  /** Clients connected, counting the one asking. */
  private static long connectedClients() {
    try {
      String info = String.valueOf(redis.command("INFO", "clients"));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("connected_clients:(\\d+)").matcher(info);
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    } catch (RuntimeException e) {
      return 0; // still starting
    }
  }

  private static List<String> expected() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      out.add("m" + i);
    }
    return out;
  }

  /** The payload field of every entry, in stream order (XRANGE). */
  private static List<String> storedPayloads(String stream) {
    List<String> out = new ArrayList<>();
    for (Object entry : (List<?>) redis.command("XRANGE", stream, "-", "+")) {
      List<?> fields = (List<?>) ((List<?>) entry).get(1);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("payload".equals(text(fields.get(i)))) {
          out.add(text(fields.get(i + 1)));
        }
      }
    }
    return out;
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
