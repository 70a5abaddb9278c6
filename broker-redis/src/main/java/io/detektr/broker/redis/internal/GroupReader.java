package io.detektr.broker.redis.internal;

import io.detektr.broker.Message;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of one consumer on its own connection: XREADGROUP for new entries, XAUTOCLAIM for
 * entries other consumers (or this one, before a crash) left unacknowledged for longer than {@code
 * redeliverAfter}. Entries that were trimmed meanwhile come back with no body; they are reported
 * through {@code gone} so the caller can acknowledge them away. Entries that cannot be delivered
 * (see {@link EntryDecoder}) are kept for {@link #takeUndeliverable()}, for the caller to
 * dead-letter.
 */
final class GroupReader {
  private static final String START = "0-0";

  private final RedisCommands<byte[], byte[]> redis;
  private final byte[] key;
  private final Consumer<byte[]> me;
  private final Duration redeliverAfter;
  private final EntryDecoder decoder;
  private final List<Undeliverable> undeliverable = new ArrayList<>();
  private String claimCursor = START;

  /** An entry that cannot be delivered as messages, with the dead-letter reason. */
  record Undeliverable(String id, Map<byte[], byte[]> body, int attempt, String reason) {}

  GroupReader(
      StatefulRedisConnection<byte[], byte[]> connection,
      String topic,
      String group,
      String consumer,
      Duration redeliverAfter,
      EntryDecoder decoder) {
    this.redis = connection.sync();
    this.decoder = decoder;
    this.key = StreamFields.bytes(topic);
    this.me = Consumer.from(StreamFields.bytes(group), StreamFields.bytes(consumer));
    this.redeliverAfter = redeliverAfter;
  }

  /** New entries, first delivery: attempt 1. Blocks up to {@code blockMillis} when none. */
  @SuppressWarnings("unchecked") // Lettuce's generic varargs of one stream offset
  List<StreamEntry> readNew(int count, long blockMillis, List<String> gone) {
    List<StreamMessage<byte[], byte[]>> read =
        redis.xreadgroup(
            me, XReadArgs.Builder.block(blockMillis).count(count), StreamOffset.lastConsumed(key));
    List<StreamEntry> out = new ArrayList<>(read.size());
    for (StreamMessage<byte[], byte[]> m : read) {
      add(out, gone, m, 1);
    }
    return out;
  }

  /**
   * Claims up to {@code count} abandoned entries. Their attempt is their delivery count after the
   * claim (XPENDING), so deliveries to consumers that died are counted too.
   */
  List<StreamEntry> claimAbandoned(int count, List<String> gone) {
    ClaimedMessages<byte[], byte[]> claimed =
        redis.xautoclaim(
            key,
            new XAutoClaimArgs<byte[]>()
                .consumer(me)
                .minIdleTime(redeliverAfter)
                .startId(claimCursor)
                .count(count));
    claimCursor = claimed.getId() == null ? START : claimed.getId();
    List<StreamMessage<byte[], byte[]>> messages = claimed.getMessages();
    if (messages.isEmpty()) {
      return List.of();
    }
    Map<String, Long> deliveries = new HashMap<>();
    String first = messages.get(0).getId();
    String last = messages.get(messages.size() - 1).getId();
    for (PendingMessage p :
        redis.xpending(key, me, Range.create(first, last), Limit.from(messages.size()))) {
      deliveries.put(p.getId(), p.getRedeliveryCount());
    }
    List<StreamEntry> out = new ArrayList<>(messages.size());
    for (StreamMessage<byte[], byte[]> m : messages) {
      add(out, gone, m, (int) Math.max(2, deliveries.getOrDefault(m.getId(), 2L)));
    }
    return out;
  }

  /** The undeliverable entries read since the last call, oldest first. */
  List<Undeliverable> takeUndeliverable() {
    if (undeliverable.isEmpty()) {
      return List.of();
    }
    List<Undeliverable> out = List.copyOf(undeliverable);
    undeliverable.clear();
    return out;
  }

  /** Whether the last claim pass stopped before the end of the pending list. */
  boolean moreToClaim() {
    return !START.equals(claimCursor);
  }

  /** Removes this consumer from its group when it holds nothing: keeps XINFO CONSUMERS tidy. */
  void leaveIfIdle() {
    if (redis.xpending(key, me, Range.create("-", "+"), Limit.from(1)).isEmpty()) {
      redis.xgroupDelconsumer(key, me);
    }
  }

  private void add(
      List<StreamEntry> out, List<String> gone, StreamMessage<byte[], byte[]> m, int attempt) {
    EntryDecoder.Decoded decoded = decoder.decode(m.getBody());
    if (decoded == null) {
      gone.add(m.getId());
    } else if (decoded.problem() != null) {
      undeliverable.add(new Undeliverable(m.getId(), m.getBody(), attempt, decoded.problem()));
    } else if (decoded.packed()) {
      List<Message> messages = decoded.messages();
      PackProgress progress = new PackProgress(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        out.add(new StreamEntry(m.getId(), messages.get(i), attempt, progress, i));
      }
    } else {
      out.add(new StreamEntry(m.getId(), decoded.messages().get(0), attempt));
    }
  }
}
