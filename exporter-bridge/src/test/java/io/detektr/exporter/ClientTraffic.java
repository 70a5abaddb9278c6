package io.detektr.exporter;

import static org.awaitility.Awaitility.await;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Overflow;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.SubscriptionOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Real client traffic through the in-memory broker, instrumented by a {@link BrokerMetricsBridge},
 * so that every broker client metric exists: acks, a retry and a dead letter on "frames" /
 * "detector", a publish failure (message too large) and drops (DROP_OLDEST on "thumbnails").
 */
final class ClientTraffic implements AutoCloseable {
  static final int FRAMES = 20;

  final BrokerMetricsBridge metrics;
  final Broker broker;

  private ClientTraffic(MeterRegistry registry) {
    metrics = new BrokerMetricsBridge(registry);
    broker =
        Brokers.connect(
            BrokerConfig.builder("mem://").maxMessageBytes(1024).metrics(metrics).build());
  }

  static ClientTraffic run(MeterRegistry registry) {
    ClientTraffic t = new ClientTraffic(registry);
    t.generate(registry);
    return t;
  }

  private void generate(MeterRegistry registry) {
    broker.declareGroup("frames", "detector");
    metrics.watchGroup(broker, "frames", "detector");
    Publisher frames = broker.publisher("frames");
    for (int i = 0; i < FRAMES; i++) {
      frames
          .publish(Message.of("frame-" + i).header("frame-id", Integer.toString(i)))
          .toCompletableFuture()
          .join();
    }
    frames.publish(Message.of("poison").header("poison", "yes")).toCompletableFuture().join();
    try {
      frames.publish(Message.of(new byte[4096])).toCompletableFuture().join();
    } catch (CompletionException | io.detektr.broker.BrokerException expected) {
      // counted as broker.publish.failures{error="MessageTooLargeException"}
    }
    broker.subscribe(
        "frames",
        "detector",
        d -> {
          if (d.message().headers().get("poison").isPresent()) {
            throw new IllegalStateException("cannot decode frame");
          }
        },
        SubscriptionOptions.defaults().maxAttempts(2).redeliverAfter(Duration.ofSeconds(1)));

    broker.declareGroup("thumbnails", "archiver");
    Publisher thumbs =
        broker.publisher(
            "thumbnails", PublisherOptions.defaults().maxLength(5).overflow(Overflow.DROP_OLDEST));
    for (int i = 0; i < 10; i++) {
      thumbs.publish(Message.of("thumb-" + i)).toCompletableFuture().join();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count(registry, "ack") == FRAMES && count(registry, "dead_letter") == 1);
  }

  private static double count(MeterRegistry registry, String outcome) {
    var c =
        registry
            .find("broker.messages.consumed")
            .tag("topic", "frames")
            .tag("outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    broker.close();
    metrics.close();
  }
}
