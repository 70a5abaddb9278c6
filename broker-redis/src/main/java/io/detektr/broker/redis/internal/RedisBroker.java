package io.detektr.broker.redis.internal;

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
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker on one Redis (or the master a set of sentinels names). Every publisher has a pipelined
 * connection of its own (batched writes, WAIT without stalling others); every subscription has one
 * for its blocking reads, so a blocked XREADGROUP never delays a publish; acknowledgements, group
 * management and statistics share one more.
 */
final class RedisBroker implements Broker {
  private final RedisConnector connector;
  private final StatefulRedisConnection<byte[], byte[]> shared;
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RedisBroker(RedisConnector connector, StatefulRedisConnection<byte[], byte[]> shared) {
    this.connector = connector;
    this.shared = shared;
  }

  /** Connects eagerly, so a wrong address or password fails here and not at the first publish. */
  static RedisBroker connect(BrokerConfig config) {
    RedisConnector connector = new RedisConnector(config);
    try {
      return new RedisBroker(connector, connector.connect());
    } catch (RuntimeException e) {
      connector.close();
      throw e;
    }
  }

  @Override
  public String provider() {
    return "redis";
  }

  @Override
  public Publisher publisher(String topic, PublisherOptions options) {
    checkOpen();
    RedisPublisher p = new RedisPublisher(connector, topic, options, open::remove);
    open.add(p);
    return p;
  }

  @Override
  public Subscription subscribe(
      String topic, String group, MessageHandler handler, SubscriptionOptions options) {
    checkOpen();
    createGroup(topic, group, options.startFrom());
    RedisSubscription s =
        new RedisSubscription(connector, shared, topic, group, handler, options, open::remove);
    open.add(s);
    s.start();
    return s;
  }

  @Override
  public void declareGroup(String topic, String group, GroupStart start) {
    checkOpen();
    createGroup(topic, group, start);
  }

  /**
   * XGROUP CREATE ... $ MKSTREAM: the group sees what is published from now on; with {@link
   * GroupStart#EARLIEST}, 0: the whole stream. The dead-letter group always starts at 0, so a dead
   * letter written before it existed is not missed.
   */
  private void createGroup(String topic, String group, GroupStart start) {
    boolean earliest =
        start == GroupStart.EARLIEST || SubscriptionOptions.DEAD_LETTER_GROUP.equals(group);
    String from = earliest ? "0" : "$";
    try {
      await(
          shared
              .async()
              .xgroupCreate(
                  StreamOffset.from(StreamFields.bytes(topic), from),
                  StreamFields.bytes(group),
                  XGroupCreateArgs.Builder.mkstream()));
    } catch (BrokerException e) {
      if (!(e.getCause() instanceof RedisBusyException)
          && !String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
        throw e;
      }
    }
  }

  @Override
  public GroupStats groupStats(String topic, String group) {
    checkOpen();
    return GroupInfo.read(shared.async(), topic, group, this::await);
  }

  <T> T await(CompletionStage<T> stage) {
    return RedisFutures.await(stage, connector);
  }

  RedisAsyncCommands<byte[], byte[]> commands() {
    return shared.async();
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
        // closing the rest matters more
      }
    }
    try {
      RedisFutures.closeQuietly(shared);
    } finally {
      connector.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new BrokerException(
          "This Redis broker connection is closed; connect again with" + " Brokers.connect");
    }
  }
}
