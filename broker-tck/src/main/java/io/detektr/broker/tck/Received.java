package io.detektr.broker.tck;

import io.detektr.broker.Delivery;
import io.detektr.broker.MessageHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** A handler that records what it was handed; the suite's way to wait for deliveries. */
public final class Received implements MessageHandler {
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  @Override
  public void handle(Delivery delivery) {
    deliveries.add(delivery);
  }

  public List<Delivery> all() {
    return List.copyOf(deliveries);
  }

  public List<String> payloads() {
    return deliveries.stream().map(d -> d.message().payloadAsString()).toList();
  }

  public int size() {
    return deliveries.size();
  }

  /** Waits until at least {@code n} deliveries arrived. */
  public Received await(int n, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .alias("waiting for " + n + " deliveries")
        .until(() -> deliveries.size() >= n);
    return this;
  }
}
