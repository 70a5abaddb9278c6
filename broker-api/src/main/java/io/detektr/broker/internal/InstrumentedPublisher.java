package io.detektr.broker.internal;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.MessageTooLargeException;
import io.detektr.broker.Publisher;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Enforces the size limit before anything is sent, stamps published-at, records metrics. */
final class InstrumentedPublisher implements Publisher {
  private final Publisher delegate;
  private final int maxMessageBytes;
  private final BrokerMetrics metrics;
  private final Destination destination;

  InstrumentedPublisher(Publisher delegate, BrokerConfig config, Destination destination) {
    this.delegate = delegate;
    this.maxMessageBytes = config.maxMessageBytes();
    this.metrics = config.metrics();
    this.destination = destination;
  }

  @Override
  public String topic() {
    return delegate.topic();
  }

  @Override
  public CompletionStage<MessageId> publish(Message message) {
    if (message.size() > maxMessageBytes) {
      MessageTooLargeException e =
          new MessageTooLargeException(
              "Message of "
                  + message.size()
                  + " bytes exceeds the limit of "
                  + maxMessageBytes
                  + " bytes for topic '"
                  + topic()
                  + "'; send a smaller payload or raise BrokerConfig.maxMessageBytes");
      metrics.publishFailed(destination, e.getClass().getSimpleName());
      return CompletableFuture.failedFuture(e);
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

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
