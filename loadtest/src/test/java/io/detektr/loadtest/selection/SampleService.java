package io.detektr.loadtest.selection;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A service that knows only broker-api: it connects to {@code BROKER_URL}, publishes one frame,
 * consumes it, and prints which provider served it. {@link ProviderSelectionIT} runs it with one
 * provider jar or the other on its class path.
 */
public final class SampleService {
  private SampleService() {}

  public static void main(String[] args) throws Exception {
    try (Broker broker = Brokers.fromEnvironment()) {
      String topic = "selection." + System.nanoTime();
      broker.declareGroup(topic, "g");
      try (Publisher p = broker.publisher(topic)) {
        p.publish(Message.of("frame")).toCompletableFuture().get();
      }
      BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
      String payload;
      try (var s = broker.subscribe(topic, "g", d -> received.add(d.message().payloadAsString()))) {
        payload = received.poll(30, TimeUnit.SECONDS);
      }
      System.out.println("provider=" + broker.provider() + " payload=" + payload);
    }
  }
}
