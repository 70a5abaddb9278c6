package io.detektr.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The README's API example, kept compiling and working here (the README quotes the body). */
class ReadmeExampleTest {
  @Test
  void readmeExample() throws Exception {
    byte[] jpegBytes = new byte[1024];
    List<String> detected = new CopyOnWriteArrayList<>();

    // --- README example start
    try (Broker broker = Brokers.fromEnvironment()) { // BROKER_URL, default mem://
      broker.declareGroup("frames", "detector"); // receives everything from now on

      Publisher frames =
          broker.publisher(
              "frames",
              PublisherOptions.defaults()
                  .maxLength(100_000)
                  .overflow(Overflow.DROP_OLDEST)); // stale frames are useless
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
                detected.add(delivery.message().headers().get(Headers.FRAME_ID).orElseThrow());
              },
              SubscriptionOptions.defaults()
                  .concurrency(4)
                  .maxAttempts(5)
                  .redeliverAfter(
                      Duration.ofSeconds(30))); // return = ack; throw = retry, then frames.dlq
      // ...
      // --- README example end
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> detected.size() == 1);
      sub.close();
    }
    assertThat(detected).containsExactly("42");
  }
}
