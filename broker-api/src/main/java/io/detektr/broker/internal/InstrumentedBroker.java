package io.detektr.broker.internal;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerClosedException;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.GroupStart;
import io.detektr.broker.GroupStats;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.metrics.Destination;
import java.util.Objects;

/**
 * Wraps every provider's broker: the one place where names are checked, sizes and header limits
 * enforced, closed brokers and publishers refused, headers stamped, metrics recorded and the
 * handler contract applied, so every provider behaves and counts the same way.
 */
public final class InstrumentedBroker implements Broker {
  private final Broker delegate;
  private final BrokerConfig config;
  private volatile boolean closed;

  public InstrumentedBroker(Broker delegate, BrokerConfig config) {
    this.delegate = delegate;
    this.config = config;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public Publisher publisher(String topic, PublisherOptions options) {
    checkOpen();
    Names.check("topic", topic);
    Objects.requireNonNull(options, "options");
    return new InstrumentedPublisher(
        delegate.publisher(topic, options),
        config,
        Destination.publisher(provider(), topic),
        () -> closed);
  }

  @Override
  public Subscription subscribe(
      String topic, String group, MessageHandler handler, SubscriptionOptions options) {
    checkOpen();
    Names.check("topic", topic);
    Names.check("group", group);
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    String deadLetterTopic = Names.check("dead-letter topic", options.deadLetterTopicFor(topic));
    // Dead letters must outlive the consumer that gave up on them: keep them in a group of their
    // own.
    delegate.declareGroup(deadLetterTopic, SubscriptionOptions.DEAD_LETTER_GROUP);
    Destination destination = new Destination(provider(), topic, group);
    return delegate.subscribe(
        topic,
        group,
        new SettlingHandler(handler, options, config.metrics(), destination),
        options);
  }

  @Override
  public void declareGroup(String topic, String group, GroupStart start) {
    checkOpen();
    delegate.declareGroup(
        Names.check("topic", topic),
        Names.check("group", group),
        Objects.requireNonNull(start, "start"));
  }

  @Override
  public GroupStats groupStats(String topic, String group) {
    return delegate.groupStats(Names.check("topic", topic), Names.check("group", group));
  }

  @Override
  public void close() {
    closed = true; // before the provider closes: its publishers refuse from now on
    delegate.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new BrokerClosedException(
          "This "
              + provider()
              + " broker connection is closed; connect again with Brokers.connect");
    }
  }

  @Override
  public String toString() {
    return provider() + " broker at " + config.redactedUri();
  }
}
