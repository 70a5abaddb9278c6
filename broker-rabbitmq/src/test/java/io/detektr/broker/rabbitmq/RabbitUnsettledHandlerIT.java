package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.harness.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider's own side of "never stuck", below the API's handler wrapper: when the wrapped
 * handler still throws without settling (settling itself failed, say with an OutOfMemoryError), the
 * delivery goes back to the queue at once. Left unacknowledged on a live channel it would hold a
 * prefetch slot until the channel closes, and with prefetch 1 stop the consumer.
 */
@ExtendWith(TestServers.class)
@DisplayName("RabbitMQ: a delivery the handler leaves unsettled by throwing comes back")
class RabbitUnsettledHandlerIT {
  @Test
  @DisplayName("an Error thrown before settling requeues the delivery; the consumer goes on")
  void thrownErrorRequeues() throws Exception {
    String topic = "it.unsettled." + System.nanoTime();
    // the provider itself, not the API's wrapped broker: no handler contract in between
    try (Broker raw =
        new RabbitMqProvider().connect(BrokerConfig.builder(TestServers.amqpUri()).build())) {
      raw.declareGroup(topic, "g");
      List<String> seen = new CopyOnWriteArrayList<>();
      try (Subscription s =
              raw.subscribe(
                  topic,
                  "g",
                  d -> {
                    seen.add(d.message().payloadAsString() + "#" + d.attempt());
                    if (d.attempt() == 1 && d.message().payloadAsString().equals("first")) {
                      throw new OutOfMemoryError("settling failed");
                    }
                    d.ack();
                  },
                  SubscriptionOptions.defaults().prefetch(1));
          Publisher p = raw.publisher(topic)) {
        p.publish(Message.of("first")).toCompletableFuture().join();
        p.publish(Message.of("second")).toCompletableFuture().join();
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(seen)
                        .contains("first#1", "first#2")
                        .anyMatch(x -> x.startsWith("second#")));
      }
    }
  }
}
