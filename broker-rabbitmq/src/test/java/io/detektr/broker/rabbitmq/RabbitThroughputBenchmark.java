package io.detektr.broker.rabbitmq;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.harness.RabbitServer;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints the throughput of publishing persistent messages with confirms while one consumer consumes
 * them with manual acks. Not a test: a program, until the loadtest CLI replaces it.
 *
 * <pre>
 * ./mvnw -q -pl broker-api,broker-tck install -DskipTests   # once: the module's dependencies
 * ./mvnw -q -pl broker-rabbitmq test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.detektr.broker.rabbitmq.RabbitThroughputBenchmark \
 *     [-Dexec.args="100000 1024"]
 * </pre>
 *
 * Uses {@code AMQP_URL} when set, else boots a RabbitMQ node of its own with the test harness.
 */
public final class RabbitThroughputBenchmark {
  private RabbitThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    String url = System.getenv("AMQP_URL");
    RabbitServer node = url == null || url.isBlank() ? RabbitServer.start() : null;
    try (Broker broker = Brokers.connect(node != null ? node.uri() : url)) {
      run(broker, count, size);
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private static void run(Broker broker, int count, int size) throws Exception {
    String topic = "bench." + UUID.randomUUID().toString().substring(0, 8);
    broker.declareGroup(topic, "bench");
    byte[] payload = new byte[size];
    new Random(1).nextBytes(payload);
    CountDownLatch consumed = new CountDownLatch(count);
    CountDownLatch confirmed = new CountDownLatch(count);
    SubscriptionOptions options = SubscriptionOptions.defaults().prefetch(500);
    try (Subscription s = broker.subscribe(topic, "bench", d -> consumed.countDown(), options);
        Publisher p = broker.publisher(topic)) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        p.publish(Message.wrap(payload))
            .whenComplete(
                (id, e) -> {
                  if (e == null) {
                    confirmed.countDown();
                  } else {
                    System.err.println("publish failed: " + e);
                  }
                });
      }
      if (!confirmed.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("not every publish was confirmed within 5 minutes");
      }
      long published = System.nanoTime() - start;
      if (!consumed.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("not every message was consumed within 5 minutes");
      }
      long total = System.nanoTime() - start;
      System.out.printf(
          "rabbitmq: %d x %d B persistent, confirms, 1 consumer with manual acks"
              + " (prefetch %d): publish+confirm %.0f msg/s (%.2f s); published and consumed"
              + " %.0f msg/s (%.2f s, %.1f MB/s)%n",
          count,
          size,
          options.prefetch(),
          count / (published / 1e9),
          published / 1e9,
          count / (total / 1e9),
          total / 1e9,
          count * (double) size / (total / 1e9) / 1e6);
      System.out.println("group stats after the run: " + broker.groupStats(topic, s.group()));
    }
  }
}
