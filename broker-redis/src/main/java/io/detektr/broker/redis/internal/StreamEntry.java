package io.detektr.broker.redis.internal;

import io.detektr.broker.Message;

/**
 * A message handed to this consumer, with its delivery count (the attempt). A message of a packed
 * entry (see {@link EntryPack}) also names its {@link PackProgress} and its index in the pack;
 * {@code pack} is null for an entry of one message.
 */
record StreamEntry(String id, Message message, int attempt, PackProgress pack, int index) {
  StreamEntry(String id, Message message, int attempt) {
    this(id, message, attempt, null, 0);
  }

  /** The delivery's id: the entry id, with {@code /index} for a message of a pack. */
  String deliveryId() {
    return pack == null ? id : id + "/" + index;
  }

  /** The first message of its entry: counted once per entry (prefetch slots). */
  boolean startsEntry() {
    return pack == null || index == 0;
  }

  StreamEntry nextAttempt() {
    return new StreamEntry(id, message, attempt + 1, pack, index);
  }
}
