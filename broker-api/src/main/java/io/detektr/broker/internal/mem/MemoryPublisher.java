package io.detektr.broker.internal.mem;

import io.detektr.broker.BrokerException;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Publishes synchronously: the store has the message when the stage completes. */
final class MemoryPublisher implements Publisher {
  private final MemoryTopic topic;
  private final PublisherOptions options;
  private final String name;

  MemoryPublisher(MemoryTopic topic, PublisherOptions options) {
    this.topic = topic;
    this.options = options;
    this.name = topic.name();
  }

  @Override
  public String topic() {
    return name;
  }

  @Override
  public CompletionStage<MessageId> publish(Message message) {
    try {
      return CompletableFuture.completedFuture(topic.publish(message, options));
    } catch (BrokerException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
