package io.detektr.broker.internal;

import io.detektr.broker.Delivery;
import io.detektr.broker.Headers;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;

/**
 * The handler contract, applied once for every provider: return acknowledges, throw retries until
 * {@code maxAttempts}, then dead-letters with the throwable's class and message as the reason. Any
 * {@link Throwable} counts, {@link Error}s included: an {@code AssertionError}, a {@code
 * StackOverflowError} (its stack is unwound by the time it reaches here), an {@code
 * OutOfMemoryError} of one oversized allocation. Letting one escape would leave the delivery
 * unsettled and, depending on the provider, kill the consumer thread or hold a prefetch slot
 * forever. A redelivery already past {@code maxAttempts} (its consumers kept dying) is
 * dead-lettered without running the handler again. A handler interrupted by its subscription's
 * close settles nothing.
 */
final class SettlingHandler implements MessageHandler {
  private final MessageHandler handler;
  private final int maxAttempts;
  private final BrokerMetrics metrics;
  private final Destination destination;

  SettlingHandler(
      MessageHandler handler,
      SubscriptionOptions options,
      BrokerMetrics metrics,
      Destination destination) {
    this.handler = handler;
    this.maxAttempts = options.maxAttempts();
    this.metrics = metrics;
    this.destination = destination;
  }

  @Override
  public void handle(Delivery raw) {
    metrics.delivered(destination, raw.attempt(), endToEndNanos(raw));
    TrackedDelivery delivery = new TrackedDelivery(raw, metrics, destination, System.nanoTime());
    if (raw.attempt() > maxAttempts) {
      delivery.deadLetter(
          "gave up after "
              + (raw.attempt() - 1)
              + " deliveries that were never"
              + " settled (the consumer stopped or exceeded redeliverAfter)");
      return;
    }
    try {
      handler.handle(delivery);
      delivery.ack();
    } catch (Throwable e) {
      if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        return; // the subscription is closing: leave it for redelivery
      }
      if (raw.attempt() >= maxAttempts) {
        delivery.deadLetter(reason(e));
      } else {
        delivery.retry();
      }
    }
  }

  /** The dead-letter reason: the throwable's class and, when it has one, its message. */
  static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  private static long endToEndNanos(Delivery raw) {
    String stamp = raw.message().headers().get(Headers.PUBLISHED_AT).orElse(null);
    if (stamp == null) {
      return -1;
    }
    try {
      return Math.max(0, (Clock.epochMicros() - Long.parseLong(stamp)) * 1_000L);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
