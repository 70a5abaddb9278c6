package io.detektr.broker.internal.mem;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Delivery;
import io.detektr.broker.Message;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.MessageId;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.spi.ConsumerNames;
import io.detektr.broker.spi.DeadLetters;
import io.detektr.broker.spi.HandlerThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@code concurrency} daemon threads taking from one group's queue. */
final class MemorySubscription implements Subscription {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final MemoryStore store;
  private final MemoryGroup group;
  private final MessageHandler handler;
  private final SubscriptionOptions options;
  private final String consumer;
  private final Consumer<Subscription> onClose;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  MemorySubscription(
      MemoryStore store,
      MemoryGroup group,
      MessageHandler handler,
      SubscriptionOptions options,
      BrokerConfig config,
      Consumer<Subscription> onClose) {
    this.store = store;
    this.group = group;
    this.handler = handler;
    this.options = options;
    this.consumer = ConsumerNames.next(config.clientName());
    this.onClose = onClose;
  }

  void start() {
    group.consumerJoined();
    for (int i = 0; i < options.concurrency(); i++) {
      Thread t =
          new Thread(this::run, "mem-consumer-" + group.topic() + "/" + group.name() + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void run() {
    long redeliverNanos = options.redeliverAfter().toNanos();
    while (!closed) {
      MemoryEntry entry;
      try {
        entry = group.take(this, redeliverNanos, POLL_NANOS);
      } catch (InterruptedException e) {
        return;
      }
      if (entry == null) {
        continue;
      }
      try {
        handler.handle(new MemoryDelivery(entry));
      } catch (Throwable e) {
        // the API's handler wrapper settles, Errors included; what it could not settle (settling
        // itself failed) is redelivered after redeliverAfter, and this consumer goes on
      }
    }
  }

  @Override
  public String topic() {
    return group.topic();
  }

  @Override
  public String group() {
    return group.name();
  }

  @Override
  public String consumer() {
    return consumer;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    HandlerThreads.stop(workers);
    group.abandon(this);
    group.consumerLeft();
    onClose.accept(this);
  }

  private final class MemoryDelivery implements Delivery {
    private final MemoryEntry entry;

    MemoryDelivery(MemoryEntry entry) {
      this.entry = entry;
    }

    @Override
    public MessageId id() {
      return entry.id();
    }

    @Override
    public String topic() {
      return group.topic();
    }

    @Override
    public String group() {
      return group.name();
    }

    @Override
    public Message message() {
      return entry.message();
    }

    @Override
    public int attempt() {
      return entry.attempt();
    }

    @Override
    public void ack() {
      group.settle(entry);
    }

    @Override
    public void retry() {
      group.retry(entry);
    }

    @Override
    public void deadLetter(String reason) {
      String target = options.deadLetterTopicFor(group.topic());
      store
          .topic(target)
          .publish(
              DeadLetters.of(entry.message(), reason, entry.attempt(), group.topic(), group.name()),
              PublisherOptions.defaults());
      group.settle(entry);
    }
  }
}
