package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.PublishOrder;
import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract's FIFO case (500 messages published without waiting, one consumer of concurrency 1)
 * a thousand times per publisher kind, where reorders used to show: with both cores kept busy, and
 * across a slow link (a network namespace behind a token-bucket filter). Opt-in: {@code ./mvnw
 * verify -Pstress -pl broker-redis -am -Dit.test=RedisFifoStressIT} (root, for the namespace).
 * Prints one line per run and fails on any inversion, in the stream or at the consumer.
 */
@DisplayName("Redis FIFO under stress (opt-in: -Pstress)")
class RedisFifoStressIT {
  private static final int RUNS = 1_000;
  private static final int MESSAGES = 500;

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
    "busy cores, plain",
    "busy cores, pack=16",
    "busy cores, bounded",
    "slow link, plain",
    "slow link, pack=16",
    "slow link, bounded"
  })
  void fifoAThousandTimes(String condition, String kind) throws Exception {
    List<Thread> spinners = new ArrayList<>();
    AutoCloseable server;
    String base;
    if (condition.equals("slow link")) {
      SlowLink link = new SlowLink("200mbit");
      server = link;
      base = link.uri();
    } else {
      RedisServer redis = RedisServer.builder().start();
      server = redis;
      base = redis.uri();
      for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
        Thread spinner = new Thread(RedisFifoStressIT::spin, "busy-core-" + i);
        spinner.setDaemon(true);
        spinner.start();
        spinners.add(spinner);
      }
    }
    String uri = kind.startsWith("pack") ? base + "?" + kind : base;
    PublisherOptions options =
        kind.equals("bounded")
            ? PublisherOptions.defaults().maxLength(10_000)
            : PublisherOptions.defaults();
    int reorderedRuns = 0;
    long start = System.nanoTime();
    // One topic and one consumer for all runs (sequence numbers go on from run to run), so each
    // run is its 500 publishes and their deliveries, not a subscription's setup.
    PublishOrder order = new PublishOrder(RUNS * MESSAGES);
    try (server;
        Broker broker = Brokers.connect(BrokerConfig.builder(uri).build());
        Publisher p = broker.publisher("stress", options)) {
      broker.declareGroup("stress", "g");
      try (Subscription s = broker.subscribe("stress", "g", order)) {
        for (int run = 0; run < RUNS; run++) {
          int inversionsBefore = order.inversions(); // the runs before have all arrived
          List<CompletableFuture<MessageId>> acks = new ArrayList<>(MESSAGES);
          for (int i = 0; i < MESSAGES; i++) {
            int seq = run * MESSAGES + i;
            acks.add(p.publish(Message.wrap(PublishOrder.payload(seq, 64))).toCompletableFuture());
          }
          List<MessageId> ids = new ArrayList<>(MESSAGES);
          for (CompletableFuture<MessageId> a : acks) {
            ids.add(a.get(30, TimeUnit.SECONDS));
          }
          order.await((run + 1) * MESSAGES, Duration.ofSeconds(30));
          String fall = StreamOrder.firstFall(ids);
          if (order.inversions() > inversionsBefore || fall != null) {
            reorderedRuns++;
            System.out.println(
                "reordered: run " + run + ": " + (fall != null ? fall : order.firstInversion()));
          }
        }
      }
    } finally {
      spinners.forEach(Thread::interrupt);
    }
    System.out.printf(
        "stress: %s, %s: %d runs of %d messages, %d reordered, %.0f s%n",
        condition, kind, RUNS, MESSAGES, reorderedRuns, (System.nanoTime() - start) / 1e9);
    assertThat(reorderedRuns).as("runs with a message out of publish order").isZero();
  }

  private static void spin() {
    long x = 0;
    while (!Thread.currentThread().isInterrupted()) {
      x += System.nanoTime() & 1;
    }
    if (x == 42) {
      System.out.print(""); // keep the loop from being optimized away
    }
  }
}
