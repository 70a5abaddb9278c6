package io.detektr.broker.internal.mem;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.GroupStart;
import io.detektr.broker.GroupStats;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One connection to a {@link MemoryStore}. */
final class MemoryBroker implements Broker {
  private final MemoryStore store;
  private final BrokerConfig config;
  private final Runnable onClose;
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  MemoryBroker(MemoryStore store, BrokerConfig config, Runnable onClose) {
    this.store = store;
    this.config = config;
    this.onClose = onClose;
  }

  @Override
  public String provider() {
    return "mem";
  }

  @Override
  public Publisher publisher(String topic, PublisherOptions options) {
    checkOpen();
    return new MemoryPublisher(store.topic(topic), options);
  }

  @Override
  public Subscription subscribe(
      String topic, String group, MessageHandler handler, SubscriptionOptions options) {
    checkOpen();
    MemorySubscription s =
        new MemorySubscription(
            store,
            store.topic(topic).group(group, options.startFrom()),
            handler,
            options,
            config,
            open::remove);
    open.add(s);
    s.start();
    return s;
  }

  @Override
  public void declareGroup(String topic, String group, GroupStart start) {
    checkOpen();
    store.topic(topic).group(group, start);
  }

  @Override
  public GroupStats groupStats(String topic, String group) {
    MemoryGroup g = store.topic(topic).existingGroup(group);
    return g == null ? new GroupStats(0, 0, 0) : g.stats();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // closing the rest matters more; subscriptions do not throw on close
      }
    }
    onClose.run();
  }

  private void checkOpen() {
    if (closed) {
      throw new BrokerException(
          "This broker connection is closed; connect again with Brokers.connect");
    }
  }
}
