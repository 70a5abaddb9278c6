package io.detektr.broker.tck;

import io.detektr.broker.Broker;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Overflow;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * The README's API example, run on every provider ({@code ReadmeExampleTest} in broker-tck for
 * mem://, {@code ReadmeExampleIT} in broker-redis and broker-rabbitmq). The README quotes the code
 * between the markers, with {@code brokers.get()} written as {@code Brokers.fromEnvironment()};
 * ReadmeExampleTest checks that it does.
 */
public final class ReadmeExample {
  public static final String START = "// --- README example start";
  public static final String END = "// --- README example end";

  private final List<String> detected = new CopyOnWriteArrayList<>();

  /** Runs the example on the brokers {@code brokers} connects; returns the frame ids detected. */
  public static List<String> run(Supplier<Broker> brokers) {
    ReadmeExample example = new ReadmeExample();
    example.example(brokers);
    return List.copyOf(example.detected);
  }

  private void example(Supplier<Broker> brokers) {
    byte[] jpegBytes = new byte[1024];
    // --- README example start
    try (Broker broker = brokers.get()) { // BROKER_URL, default mem://
      Publisher frames =
          broker.publisher(
              "frames",
              PublisherOptions.defaults()
                  .maxLength(100_000)
                  .overflow(Overflow.DROP_OLDEST)); // stale frames are useless
      // after the publisher: RabbitMQ fixes a queue's maxLength when it creates the queue
      broker.declareGroup("frames", "detector"); // receives everything from now on
      CompletionStage<MessageId> accepted =
          frames.publish(
              Message.wrap(jpegBytes)
                  .header(Headers.CAMERA_ID, "cam-1")
                  .header(Headers.FRAME_ID, "42"));
      accepted.toCompletableFuture().join(); // durably stored by the broker

      Subscription sub =
          broker.subscribe(
              "frames",
              "detector",
              delivery -> {
                Message frame = delivery.message();
                detect(frame.headers().get(Headers.FRAME_ID).orElse("?"), frame.payload());
              },
              SubscriptionOptions.defaults()
                  .concurrency(4)
                  .maxAttempts(5)
                  .redeliverAfter(
                      Duration.ofSeconds(30))); // return = ack; throw = retry, then frames.dlq
      awaitShutdown(); // handlers run on the subscription's threads while the broker is open
      sub.close();
    }
    // --- README example end
  }

  private void detect(String frameId, byte[] jpeg) {
    detected.add(frameId + ":" + jpeg.length);
  }

  /** In a service: until SIGTERM. Here: until the one frame was detected. */
  private void awaitShutdown() {
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !detected.isEmpty());
  }
}
