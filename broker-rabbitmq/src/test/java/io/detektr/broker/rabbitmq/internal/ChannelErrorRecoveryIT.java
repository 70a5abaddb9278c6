package io.detektr.broker.rabbitmq.internal;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A channel the server closes (here: a second ack of one delivery tag, as RabbitMQ's
 * consumer_timeout would) is not recovered by the driver; the subscription must consume again by
 * itself. Uses the provider's broker without the API wrapper, which would forbid the double ack.
 */
@ExtendWith(TestServers.class)
class ChannelErrorRecoveryIT {
  @Test
  void subscriptionConsumesAgainAfterTheServerClosesItsChannel() throws Exception {
    String topic = "it.channel-error." + System.nanoTime();
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean doubleAcked = new AtomicBoolean();
    try (Broker broker = RabbitBroker.connect(BrokerConfig.parse(TestServers.amqpUri()))) {
      broker.declareGroup(topic, "g");
      try (Subscription s =
              broker.subscribe(
                  topic,
                  "g",
                  d -> {
                    seen.add(d.message().payloadAsString());
                    d.ack();
                    if (d.message().payloadAsString().equals("poison")
                        && doubleAcked.compareAndSet(false, true)) {
                      d.ack(); // PRECONDITION_FAILED - unknown delivery tag: the server closes
                      // the channel
                    }
                  },
                  SubscriptionOptions.defaults());
          Publisher p = broker.publisher(topic)) {
        p.publish(Message.of("poison")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("poison"));
        Thread.sleep(500); // let the channel close
        p.publish(Message.of("after")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("after"));
        assertThat(s.consumer()).isNotBlank();
      }
    }
  }
}
