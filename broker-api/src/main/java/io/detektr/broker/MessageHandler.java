package io.detektr.broker;

/**
 * Handles one delivery. Returning normally acknowledges it (unless the handler already settled it
 * with {@link Delivery#ack()}, {@link Delivery#retry()} or {@link Delivery#deadLetter(String)});
 * throwing schedules a retry, and after {@link SubscriptionOptions#maxAttempts()} a dead letter
 * whose reason is the exception.
 */
@FunctionalInterface
public interface MessageHandler {
  void handle(Delivery delivery) throws Exception;
}
