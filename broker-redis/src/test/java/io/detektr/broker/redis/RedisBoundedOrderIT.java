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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One bounded publisher's order when the server does not know the publish script (a fresh server, a
 * restart, a failover: the script cache is empty). Every EVALSHA sent before the first NOSCRIPT
 * reply fails and is sent again as EVAL from its reply, after EVALSHAs published later.
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
  @DisplayName("500 messages published without waiting after SCRIPT FLUSH are stored in order")
  void orderAfterScriptFlush() throws Exception {
    try (Broker broker = Brokers.connect(BrokerConfig.builder(redis.uri()).build());
        Publisher p = broker.publisher("ordered", PublisherOptions.defaults().maxLength(100_000))) {
      broker.declareGroup("ordered", "g");
      p.publish(Message.of("warm-up")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      redis.command("SCRIPT", "FLUSH");
      List<CompletableFuture<MessageId>> acks = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        acks.add(p.publish(Message.of("m" + i)).toCompletableFuture());
      }
      for (CompletableFuture<MessageId> a : acks) {
        a.get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(storedPayloads("ordered")).containsExactlyElementsOf(expected());
  }

  private static List<String> expected() {
    List<String> out = new ArrayList<>(List.of("warm-up"));
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
