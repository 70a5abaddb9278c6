package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerException;
import io.detektr.broker.Message;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.spi.DeadLetters;
import io.lettuce.core.Consumer;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settles one consumer's entries on the shared connection. Acks are batched into one XACK of many
 * ids (sent when {@value #ACK_BATCH} are collected, when the oldest waited {@value
 * #ACK_DELAY_MILLIS} ms, or when the consumer runs out of local work) and not waited for: a lost
 * ack means a redelivery, which at-least-once allows. Retry and dead-letter wait for their reply
 * because the handler contract depends on them.
 */
final class RedisSettler {
  private static final LuaScript DEAD_LETTER = LuaScript.load("dead-letter.lua");

  private final RedisConnector connector;
  private final RedisAsyncCommands<byte[], byte[]> redis;
  private final String topic;
  private final String group;
  private final byte[] key;
  private final byte[] groupKey;
  private final byte[] deadLetterKey;
  private final Consumer<byte[]> me;
  private static final int ACK_BATCH = 64;
  private static final long ACK_DELAY_MILLIS = 50;

  private final AtomicInteger acksInFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> unsent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unsentCount = new AtomicInteger();
  private volatile long oldestUnsentNanos;

  RedisSettler(
      RedisConnector connector,
      StatefulRedisConnection<byte[], byte[]> shared,
      String topic,
      String group,
      String consumer,
      SubscriptionOptions options) {
    this.connector = connector;
    this.redis = shared.async();
    this.topic = topic;
    this.group = group;
    this.key = StreamFields.bytes(topic);
    this.groupKey = StreamFields.bytes(group);
    this.deadLetterKey = StreamFields.bytes(options.deadLetterTopicFor(topic));
    this.me = Consumer.from(groupKey, StreamFields.bytes(consumer));
  }

  void ack(String id) {
    unsent.add(id);
    if (unsentCount.getAndIncrement() == 0) {
      oldestUnsentNanos = System.nanoTime();
    }
    if (unsentCount.get() >= ACK_BATCH
        || System.nanoTime() - oldestUnsentNanos > ACK_DELAY_MILLIS * 1_000_000) {
      flushAcks();
    }
  }

  /** Sends the collected acks as one XACK. */
  void flushAcks() {
    List<String> ids = new ArrayList<>();
    for (String id; (id = unsent.poll()) != null; ) {
      ids.add(id);
      unsentCount.decrementAndGet();
    }
    if (ids.isEmpty()) {
      return;
    }
    acksInFlight.incrementAndGet();
    redis
        .xack(key, groupKey, ids.toArray(String[]::new))
        .whenComplete((n, e) -> acksInFlight.decrementAndGet());
  }

  /** Acknowledges entries that were trimmed away before they could be handled. */
  void forget(List<String> ids) {
    ids.forEach(unsent::add);
    unsentCount.addAndGet(ids.size());
    flushAcks();
  }

  /**
   * Claims the entry again for this consumer (XCLAIM min-idle 0), which increments its delivery
   * count, and returns it with its body; null when it is gone (trimmed or settled elsewhere).
   */
  StreamEntry reclaim(StreamEntry entry) {
    List<StreamMessage<byte[], byte[]>> claimed =
        RedisFutures.await(redis.xclaim(key, me, 0, entry.id()), connector);
    if (claimed.isEmpty()) {
      return null;
    }
    var body = claimed.get(0).getBody();
    if (body == null || body.isEmpty()) {
      ack(entry.id());
      return null;
    }
    // entries never change once added: the message read the first time is still the message
    return new StreamEntry(entry.id(), entry.message(), entry.attempt() + 1);
  }

  /** Adds the dead letter to the dead-letter stream and acks the entry, atomically (a script). */
  void deadLetter(StreamEntry entry, String reason) {
    byte[][] fields = deadLetterFields(entry, reason);
    byte[][] args = new byte[2 + fields.length][];
    args[0] = groupKey;
    args[1] = StreamFields.bytes(entry.id());
    System.arraycopy(fields, 0, args, 2, fields.length);
    RedisFutures.await(
        DEAD_LETTER.run(redis, ScriptOutputType.VALUE, new byte[][] {key, deadLetterKey}, args),
        connector);
  }

  /**
   * Adds the dead letter of one message of a packed entry, without acknowledging the entry: that
   * waits for the entry's other messages. A crash in between redelivers the entry, so the dead
   * letter may be written twice (at least once, never lost).
   */
  void deadLetterOnly(StreamEntry entry, String reason) {
    RedisFutures.await(
        redis.xadd(deadLetterKey, (Object[]) deadLetterFields(entry, reason)), connector);
  }

  /**
   * Dead-letters an entry that cannot be delivered as a message (see {@link EntryDecoder}): the
   * dead letter keeps every field of the entry as it was, plus the dead-letter headers.
   */
  void deadLetterUndeliverable(GroupReader.Undeliverable entry) {
    Map<String, String> letter =
        DeadLetters.of(Message.wrap(new byte[0]), entry.reason(), entry.attempt(), topic, group)
            .headers()
            .asMap();
    List<byte[]> args = new ArrayList<>();
    args.add(groupKey);
    args.add(StreamFields.bytes(entry.id()));
    entry
        .body()
        .forEach(
            (k, v) -> {
              args.add(k);
              args.add(v);
            });
    letter.forEach(
        (k, v) -> {
          args.add(StreamFields.bytes("h:" + k));
          args.add(StreamFields.bytes(v));
        });
    RedisFutures.await(
        DEAD_LETTER.run(
            redis,
            ScriptOutputType.VALUE,
            new byte[][] {key, deadLetterKey},
            args.toArray(byte[][]::new)),
        connector);
  }

  private byte[][] deadLetterFields(StreamEntry entry, String reason) {
    return StreamFields.encode(
        DeadLetters.of(entry.message(), reason, entry.attempt(), topic, group));
  }

  /** XGROUP CREATE ... $ MKSTREAM after the server lost the group; BUSYGROUP is fine. */
  void recreateGroup() {
    try {
      RedisFutures.await(
          redis.xgroupCreate(
              StreamOffset.from(key, "$"), groupKey, XGroupCreateArgs.Builder.mkstream()),
          connector);
    } catch (BrokerException e) {
      // someone else recreated it, or the server is still away: the read loop retries
    }
  }

  /** Waits up to {@code millis} for acks sent but not yet answered. */
  void awaitAcks(long millis) {
    flushAcks();
    long deadline = System.currentTimeMillis() + millis;
    while (acksInFlight.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
