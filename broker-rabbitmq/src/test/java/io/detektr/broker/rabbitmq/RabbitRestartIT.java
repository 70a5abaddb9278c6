package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.harness.RabbitServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault test (c): a RabbitMQ node of its own is killed with SIGKILL and restarted while a producer
 * publishes 20,000 persistent messages to a durable queue (classic, then quorum) and a consumer
 * consumes them. The same broker connection must recover by itself, publisher and consumer alike. A
 * publish that fails (the connection went away before its confirm) is published again, as an
 * application would; every message whose publish was confirmed must be delivered.
 */
class RabbitRestartIT {
  private static final int N = 20_000;
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @ParameterizedTest(name = "{0} queue")
  @ValueSource(strings = {"classic", "quorum"})
  @DisplayName("every confirmed message is delivered after a kill -9 and restart of the node")
  void confirmedMessagesSurviveNodeRestart(String queueType) throws Exception {
    try (RabbitServer node = RabbitServer.builder().start();
        Broker broker =
            Brokers.connect(
                BrokerConfig.builder(node.uri() + "?queueType=" + queueType)
                    .connectTimeout(Duration.ofSeconds(5))
                    .operationTimeout(Duration.ofSeconds(10))
                    .build())) {
      String topic = "restart";
      broker.declareGroup(topic, "g");
      Map<Integer, AtomicInteger> deliveries = new ConcurrentHashMap<>();
      AtomicLong deliveredAfterRestart = new AtomicLong();
      AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
      Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
      AtomicInteger attempts = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      AtomicLong lastFailure = new AtomicLong();
      ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < N; i++) {
        todo.add(i);
      }
      Thread killer =
          new Thread(
              () -> {
                Awaitility.await().atMost(DEADLINE).until(() -> attempts.get() >= N / 2);
                node.kill();
                node.restart();
                restartedAt.set(System.nanoTime());
              },
              "node-killer");

      try (Subscription s =
              broker.subscribe(
                  topic,
                  "g",
                  d -> {
                    int i = Integer.parseInt(d.message().payloadAsString().substring(2));
                    deliveries.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
                    if (System.nanoTime() > restartedAt.get()) {
                      deliveredAfterRestart.incrementAndGet();
                    }
                  },
                  SubscriptionOptions.defaults().prefetch(500));
          Publisher p = broker.publisher(topic)) {
        killer.start();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (confirmed.size() < N && System.nanoTime() < deadline) {
          if (System.nanoTime() - lastFailure.get() < 100_000_000L) {
            Thread.sleep(50); // the node is down: back off instead of spinning on fast failures
          }
          Integer i = todo.poll();
          if (i == null) {
            Thread.sleep(10);
            continue;
          }
          attempts.incrementAndGet();
          p.publish(Message.of("m-" + i))
              .whenComplete(
                  (id, error) -> {
                    if (error == null) {
                      confirmed.add(i);
                    } else {
                      failures.incrementAndGet();
                      lastFailure.set(System.nanoTime());
                      todo.add(i);
                    }
                  });
        }
        killer.join(DEADLINE.toMillis());
        assertThat(s.group()).isEqualTo("g");
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> confirmed.stream().allMatch(deliveries::containsKey));
      } finally {
        killer.join(DEADLINE.toMillis());
      }
      long delivered = deliveries.values().stream().mapToLong(AtomicInteger::get).sum();
      long duplicates = delivered - deliveries.size();
      long lost = confirmed.stream().filter(i -> !deliveries.containsKey(i)).count();
      System.out.printf(
          "RabbitMQ node kill -9 + restart, %s queue: published=%d attempts=%d"
              + " failed=%d confirmed=%d delivered=%d duplicates=%d lost=%d"
              + " delivered-after-restart=%d%n",
          queueType,
          N,
          attempts.get(),
          failures.get(),
          confirmed.size(),
          delivered,
          duplicates,
          lost,
          deliveredAfterRestart.get());
      assertThat(lost).as("confirmed messages never delivered").isZero();
      assertThat(confirmed).as("every message confirmed after the restart").hasSize(N);
      assertThat(restartedAt.get()).as("the node was restarted").isNotEqualTo(Long.MAX_VALUE);
      assertThat(deliveredAfterRestart.get()).as("the consumer recovered by itself").isPositive();
    }
  }
}
