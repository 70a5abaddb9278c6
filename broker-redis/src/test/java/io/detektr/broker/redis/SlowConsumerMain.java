package io.detektr.broker.redis;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.SubscriptionOptions;
import java.time.Duration;

/**
 * The consumer process of {@link RedisConsumerKillIT}: consumes {@code topic} as a member of {@code
 * group} with a slow handler and prints {@code HANDLED <payload>} for each message it is about to
 * acknowledge, until it is killed. The broker URI comes from {@code BROKER_URL}, so no credential
 * shows in the process list.
 */
public final class SlowConsumerMain {
  private SlowConsumerMain() {}

  public static void main(String[] args) throws Exception {
    String topic = args[0];
    String group = args[1];
    Broker broker = Brokers.fromEnvironment();
    broker.subscribe(
        topic,
        group,
        d -> {
          Thread.sleep(10);
          System.out.println("HANDLED " + d.message().payloadAsString());
        },
        SubscriptionOptions.defaults().prefetch(50).redeliverAfter(Duration.ofSeconds(1)));
    System.out.println("STARTED");
    Thread.sleep(Long.MAX_VALUE);
  }
}
