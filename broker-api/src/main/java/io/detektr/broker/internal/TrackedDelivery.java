package io.detektr.broker.internal;

import io.detektr.broker.Delivery;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import java.util.concurrent.atomic.AtomicBoolean;

/** A delivery that settles at most once and records how it was settled. */
final class TrackedDelivery implements Delivery {
  private final Delivery raw;
  private final BrokerMetrics metrics;
  private final Destination destination;
  private final long startNanos;
  private final AtomicBoolean settled = new AtomicBoolean();

  TrackedDelivery(Delivery raw, BrokerMetrics metrics, Destination destination, long startNanos) {
    this.raw = raw;
    this.metrics = metrics;
    this.destination = destination;
    this.startNanos = startNanos;
  }

  @Override
  public MessageId id() {
    return raw.id();
  }

  @Override
  public String topic() {
    return raw.topic();
  }

  @Override
  public String group() {
    return raw.group();
  }

  @Override
  public Message message() {
    return raw.message();
  }

  @Override
  public int attempt() {
    return raw.attempt();
  }

  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      raw.ack();
      metrics.acked(destination, System.nanoTime() - startNanos);
    }
  }

  @Override
  public void retry() {
    if (settled.compareAndSet(false, true)) {
      raw.retry();
      metrics.retried(destination);
    }
  }

  @Override
  public void deadLetter(String reason) {
    if (settled.compareAndSet(false, true)) {
      raw.deadLetter(reason);
      metrics.deadLettered(destination);
    }
  }

  @Override
  public String toString() {
    return "Delivery["
        + raw.topic()
        + "/"
        + raw.group()
        + " "
        + raw.id()
        + " attempt "
        + raw.attempt()
        + "]";
  }
}
