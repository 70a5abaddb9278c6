package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fault (a): Redis with AOF (everysec) is killed with SIGKILL while a producer publishes 20,000
 * messages, then restarted. Every publish whose future completed must be delivered at least once.
 */
@DisplayName("Redis crash with AOF: no confirmed publish is lost")
class RedisCrashIT {
  private static final int MESSAGES = 20_000;

  @Test
  @DisplayName("kill -9 mid-publish, restart, consume: lost = 0")
  void killMidPublish() throws Exception {
    Tally tally = new Tally();
    try (RedisServer redis = RedisServer.builder().appendOnly("everysec").start();
        Broker broker =
            Brokers.connect(
                BrokerConfig.builder(redis.uri())
                    .operationTimeout(Duration.ofSeconds(10))
                    .build())) {
      broker.declareGroup("frames", "g");
      CompletableFuture<Void> killer = new CompletableFuture<>();
      Thread crash =
          new Thread(
              () -> {
                try {
                  Awaitility.await()
                      .atMost(Duration.ofSeconds(60))
                      .until(() -> tally.confirmed.size() >= MESSAGES / 2);
                  redis.kill();
                  Thread.sleep(500);
                  redis.restart();
                  killer.complete(null);
                } catch (Throwable t) {
                  killer.completeExceptionally(t);
                }
              },
              "crash");
      crash.start();
      try (Publisher p = broker.publisher("frames")) {
        for (int i = 0; i < MESSAGES; i++) {
          String payload = "m" + i;
          tally.published.incrementAndGet();
          p.publish(Message.of(payload))
              .whenComplete(
                  (id, e) -> {
                    if (e == null) {
                      tally.confirmed.add(payload);
                    } else {
                      tally.failed(e);
                    }
                  });
          if (i % 10 == 9) {
            Thread.sleep(1); // ~5 s of publishing, so the kill lands in the middle
          }
        }
        p.flush();
      }
      killer.get();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> tally.confirmed.size() + tally.failed.get() == MESSAGES);
      Subscription s =
          broker.subscribe(
              "frames",
              "g",
              d -> tally.delivered(d.message().payloadAsString()),
              SubscriptionOptions.defaults().prefetch(500));
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> tally.lost().isEmpty());
        Thread.sleep(500);
      } finally {
        s.close();
        System.out.println(tally.line("RedisCrashIT"));
      }
    }
    assertThat(tally.confirmed.size()).as("confirmed publishes").isGreaterThan(MESSAGES / 2);
    assertThat(tally.lost()).as("confirmed but never delivered").isEmpty();
  }
}
