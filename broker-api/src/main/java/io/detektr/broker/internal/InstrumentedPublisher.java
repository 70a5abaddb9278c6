package io.detektr.broker.internal;

import io.detektr.broker.BrokerClosedException;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Refuses publishes once it or its broker is closed, enforces the size and header limits before
 * anything is sent (see {@link MessageChecks}), stamps published-at, records metrics: once, for
 * every provider.
 */
final class InstrumentedPublisher implements Publisher {
  private final Publisher delegate;
  private final int maxMessageBytes;
  private final BrokerMetrics metrics;
  private final Destination destination;
  private final BooleanSupplier brokerClosed;
  private volatile boolean closed;

  InstrumentedPublisher(
      Publisher delegate,
      BrokerConfig config,
      Destination destination,
      BooleanSupplier brokerClosed) {
    this.delegate = delegate;
    this.maxMessageBytes = config.maxMessageBytes();
    this.metrics = config.metrics();
    this.destination = destination;
    this.brokerClosed = brokerClosed;
  }

  @Override
  public String topic() {
    return delegate.topic();
  }

  @Override
  public CompletionStage<MessageId> publish(Message message) {
    BrokerException refused = refusal(message);
    if (refused != null) {
      metrics.publishFailed(destination, refused.getClass().getSimpleName());
      return CompletableFuture.failedFuture(refused);
    }
    Message stamped = message.header(Headers.PUBLISHED_AT, Long.toString(Clock.epochMicros()));
    metrics.published(destination, message.size());
    long start = System.nanoTime();
    CompletionStage<MessageId> result;
    try {
      result = delegate.publish(stamped);
    } catch (BrokerException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete(
        (id, error) -> {
          if (error == null) {
            metrics.publishConfirmed(destination, System.nanoTime() - start);
          } else {
            Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            metrics.publishFailed(destination, cause.getClass().getSimpleName());
          }
        });
  }

  private BrokerException refusal(Message message) {
    if (closed || brokerClosed.getAsBoolean()) {
      return new BrokerClosedException(
          "The publisher of topic '"
              + topic()
              + "' is closed"
              + (closed ? "" : " (its broker connection was closed)")
              + "; nothing was sent. Publish through a new one from broker.publisher");
    }
    return MessageChecks.problem(message, maxMessageBytes, topic());
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    closed = true; // before the delegate flushes: what comes later is refused, not sent
    delegate.close();
  }
}
