package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Overflow;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares exchanges, queues and bindings on one long-lived channel, so that the driver's topology
 * recovery (which replays declarations on the channel that made them) can redeclare them after a
 * reconnect. A channel error (a queue declared with other arguments) closes that channel on the
 * server; it is then left open on our side, so its recorded declarations still recover, and a new
 * one takes its place.
 */
final class Topology {
  /** Where group queues dead-letter what RabbitMQ discards; not a valid topic name. */
  static final String DROPPED_EXCHANGE = "_detektr.dropped";

  private static final int MAX_NAME_BYTES = 255;

  private final Connection connection;
  private final String virtualHost;
  private final Set<String> exchanges = ConcurrentHashMap.newKeySet();
  private Channel channel;

  Topology(Connection connection, String virtualHost) {
    this.connection = connection;
    this.virtualHost = virtualHost;
  }

  static String queueName(String topic, String group) {
    return checkLength(topic + "." + group);
  }

  static String dropCounterQueue(String topic) {
    return checkLength(DROPPED_EXCHANGE + "." + topic);
  }

  /** The topic's durable exchange; see the package documentation for why of type topic. */
  void exchange(String topic) {
    if (exchanges.contains(topic)) {
      return;
    }
    call(
        "declaring exchange '" + topic + "'",
        ch -> ch.exchangeDeclare(topic, "topic", true, false, null));
    exchanges.add(topic);
  }

  /** The group's durable queue with {@code limits}, bound to the topic's exchange. */
  void groupQueue(String topic, String group, boolean quorum, QueueLimits limits) {
    exchange(topic);
    exchange(DROPPED_EXCHANGE, "direct");
    String queue = queueName(topic, group);
    Map<String, Object> args = arguments(topic, quorum, limits);
    try {
      call(
          "declaring queue '" + queue + "'",
          ch -> ch.queueDeclare(queue, true, false, false, args));
    } catch (BrokerException e) {
      if (Errors.replyCode((Exception) e.getCause()) == Errors.PRECONDITION_FAILED) {
        throw new BrokerConfigException(
            "Queue '"
                + queue
                + "' of group '"
                + group
                + "' on topic '"
                + topic
                + "' already exists with other arguments: "
                + Errors.describe(e.getCause())
                + ". This process declares it with "
                + args
                + ". RabbitMQ fixes queue arguments when a queue is created: delete the queue"
                + " (rabbitmqctl delete_queue "
                + queue
                + " -p "
                + virtualHost
                + ") so that it is"
                + " created again, or give every process the same settings (publisher maxLength and"
                + " overflow, or the URI parameters maxLength, overflow, messageTtl, queueType)");
      }
      throw e;
    }
    call("binding queue '" + queue + "'", ch -> ch.queueBind(queue, topic, "#"));
  }

  /** The queue where this topic's discarded messages are counted. */
  String dropCounter(String topic) {
    exchange(DROPPED_EXCHANGE, "direct");
    String queue = dropCounterQueue(topic);
    // Durable and shared by every publisher of the topic, each drop is counted once; x-expires
    // removes it when no publisher has drained it for a day, x-max-length bounds it meanwhile.
    Map<String, Object> args = Map.of("x-expires", 86_400_000L, "x-max-length", 1_000_000L);
    call("declaring queue '" + queue + "'", ch -> ch.queueDeclare(queue, true, false, false, args));
    call("binding queue '" + queue + "'", ch -> ch.queueBind(queue, DROPPED_EXCHANGE, topic));
    return queue;
  }

  /** A passive declare on a channel of its own (a missing queue closes it), or null if absent. */
  AMQP.Queue.DeclareOk inspect(String queue) {
    try (Channel ch = connection.createChannel()) {
      return ch.queueDeclarePassive(queue);
    } catch (Exception e) {
      if (Errors.replyCode(e) == Errors.NOT_FOUND) {
        return null;
      }
      throw Errors.operationFailed("inspecting queue '" + queue + "'", e);
    }
  }

  static Map<String, Object> arguments(String topic, boolean quorum, QueueLimits limits) {
    Map<String, Object> args = new LinkedHashMap<>();
    if (quorum) {
      args.put("x-queue-type", "quorum");
    }
    if (limits.maxLength() > 0) {
      // A quorum queue checks reject-publish after an enqueue: it takes the message that crosses
      // x-max-length and refuses the next. One lower keeps the documented limit for a publisher
      // that waits for its confirms (pipelined publishes may still overshoot by what is in flight).
      boolean lagging = quorum && limits.overflow() == Overflow.REJECT;
      args.put("x-max-length", lagging ? limits.maxLength() - 1 : limits.maxLength());
      args.put("x-overflow", limits.overflowArgument());
    }
    if (limits.ttlMillis() > 0) {
      args.put("x-message-ttl", limits.ttlMillis());
    }
    args.put("x-dead-letter-exchange", DROPPED_EXCHANGE);
    args.put("x-dead-letter-routing-key", topic);
    return args;
  }

  private void exchange(String name, String type) {
    if (exchanges.contains(name)) {
      return;
    }
    call(
        "declaring exchange '" + name + "'",
        ch -> ch.exchangeDeclare(name, type, true, false, null));
    exchanges.add(name);
  }

  private interface Operation {
    void run(Channel channel) throws Exception;
  }

  private synchronized void call(String what, Operation op) {
    try {
      if (channel == null || !channel.isOpen()) {
        channel = connection.createChannel();
      }
      op.run(channel);
    } catch (Exception e) {
      throw Errors.operationFailed(what, e);
    }
  }

  private static String checkLength(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new BrokerConfigException(
          "RabbitMQ names are at most 255 bytes and '"
              + name
              + "' is longer: use shorter topic and group names");
    }
    return name;
  }
}
