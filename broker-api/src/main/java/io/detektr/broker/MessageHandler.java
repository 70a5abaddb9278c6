package io.detektr.broker;

/**
 * Handles one delivery. Returning normally acknowledges it (unless the handler already settled it
 * with {@link Delivery#ack()}, {@link Delivery#retry()} or {@link Delivery#deadLetter(String)});
 * throwing schedules a retry, and after {@link SubscriptionOptions#maxAttempts()} a dead letter
 * whose {@code dead-letter-reason} is the throwable's class name and message. Any {@link Throwable}
 * counts as a failed attempt, {@link Error}s included ({@code AssertionError}, {@code
 * StackOverflowError}, {@code OutOfMemoryError}): the subscription keeps delivering, on every
 * provider.
 */
@FunctionalInterface
public interface MessageHandler {
  void handle(Delivery delivery) throws Exception;
}
