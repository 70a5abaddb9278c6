package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerFullException;
import io.detektr.broker.GroupStart;
import io.detektr.broker.GroupStats;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.spi.ConsumerNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A RabbitMQ broker: two auto-recovering connections, one for publishing and one for consuming
 * (RabbitMQ blocks publishing connections under memory or disk alarms, which must not stop
 * acknowledgements), the topology, and the queue limits of this instance's publishers per topic.
 */
public final class RabbitBroker implements Broker {
  private static final String PROVIDER = "rabbitmq";
  private static final int REPUBLISH_IN_FLIGHT = 1_000;

  private final BrokerConfig config;
  private final RabbitSettings settings;
  private final Connection publishing;
  private final Connection consuming;
  private final Topology topology;
  private final DropCounter drops;
  private final Map<String, QueueLimits> publisherLimits = new ConcurrentHashMap<>();

  /** Group queues this instance declared, per topic, with the limits they were declared with. */
  private final Map<String, Map<String, QueueLimits>> declared = new ConcurrentHashMap<>();

  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile ConfirmChannel republisher;
  private volatile boolean closed;

  private RabbitBroker(
      BrokerConfig config, RabbitSettings settings, Connection publishing, Connection consuming) {
    this.config = config;
    this.settings = settings;
    this.publishing = publishing;
    this.consuming = consuming;
    this.topology = new Topology(consuming, Connector.virtualHost(config));
    this.drops = new DropCounter(consuming, config.metrics(), PROVIDER);
  }

  /** Connects both connections now, so that a bad URI or password fails here. */
  public static Broker connect(BrokerConfig config) {
    RabbitSettings settings = RabbitSettings.from(config);
    Connector connector = new Connector(config, settings);
    Connection consuming = connector.open("consume");
    try {
      return new RabbitBroker(config, settings, connector.open("publish"), consuming);
    } catch (RuntimeException e) {
      closeQuietly(consuming);
      throw e;
    }
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Publisher publisher(String topic, PublisherOptions options) {
    checkOpen();
    QueueLimits limits = settings.limits().withPublisher(options);
    topology.exchange(topic);
    if (options.maxLength() > 0) {
      QueueLimits before = publisherLimits.put(topic, limits);
      if (!limits.equals(before)) {
        // groups declared before the publisher: apply its limits now, or say why they cannot be
        try {
          declared.getOrDefault(topic, Map.of()).keySet().forEach(g -> declareGroup(topic, g));
        } catch (RuntimeException e) {
          if (before == null) {
            publisherLimits.remove(topic, limits);
          } else {
            publisherLimits.replace(topic, limits, before);
          }
          throw e;
        }
      }
    }
    if (limits.drops()) {
      drops.watch(topic, topology);
    }
    RabbitPublisher p =
        new RabbitPublisher(
            publishing, topic, options, limits, config.operationTimeout(), open::remove);
    open.add(p);
    return p;
  }

  @Override
  public Subscription subscribe(
      String topic, String group, MessageHandler handler, SubscriptionOptions options) {
    checkOpen();
    declareGroup(topic, group);
    RabbitSubscription s =
        new RabbitSubscription(
            consuming,
            topic,
            group,
            ConsumerNames.next(config.clientName()),
            handler,
            options,
            republisher(),
            config.operationTimeout(),
            open::remove);
    open.add(s);
    try {
      s.start();
    } catch (RuntimeException e) {
      open.remove(s);
      throw e;
    }
    return s;
  }

  /**
   * {@code start} changes nothing here: a new queue holds only what is routed to it after it is
   * bound, so {@link GroupStart#EARLIEST} starts empty like {@link GroupStart#LATEST}.
   */
  @Override
  public void declareGroup(String topic, String group, GroupStart start) {
    checkOpen();
    QueueLimits limits =
        publisherLimits.getOrDefault(
            topic,
            // dead letters wait for a human: the URI's limits would refuse or drop them
            group.equals(SubscriptionOptions.DEAD_LETTER_GROUP)
                ? QueueLimits.NONE
                : settings.limits());
    topology.groupQueue(topic, group, settings.quorum(), limits);
    declared.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(group, limits);
  }

  /** Ready messages as lag and consumers from a passive declare; pending is not tracked. */
  @Override
  public GroupStats groupStats(String topic, String group) {
    checkOpen();
    AMQP.Queue.DeclareOk ok = topology.inspect(Topology.queueName(topic, group));
    return ok == null
        ? new GroupStats(0, 0, 0)
        : new GroupStats(ok.getMessageCount(), -1, ok.getConsumerCount());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> all = new ArrayList<>(open);
    all.sort((a, b) -> Boolean.compare(a instanceof Publisher, b instanceof Publisher));
    all.forEach(RabbitBroker::closeQuietly); // subscriptions first: their handlers may republish
    if (republisher != null) {
      republisher.close();
    }
    closeQuietly(publishing);
    closeQuietly(consuming);
  }

  @Override
  public String toString() {
    return "rabbitmq broker at " + config.redactedUri();
  }

  /** The confirm channel retries and dead letters go through, shared by the subscriptions. */
  private ConfirmChannel republisher() {
    ConfirmChannel r = republisher;
    if (r == null) {
      synchronized (this) {
        if (republisher == null) {
          republisher =
              new ConfirmChannel(
                  publishing,
                  "republishing a delivery",
                  REPUBLISH_IN_FLIGHT,
                  config.operationTimeout(),
                  () ->
                      new BrokerFullException(
                          "RabbitMQ refused to take a retried or dead-lettered message back: its queue"
                              + " is at its x-max-length with overflow reject-publish; it was requeued"));
        }
        r = republisher;
      }
    }
    return r;
  }

  private void checkOpen() {
    if (closed) {
      throw new BrokerException(
          "This RabbitMQ broker connection is closed; connect again with" + " Brokers.connect");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c instanceof Connection conn) {
        conn.close(5_000);
      } else {
        c.close();
      }
    } catch (Exception e) {
      // closing the rest matters more; a connection that is down has nothing left to close
    }
  }
}
