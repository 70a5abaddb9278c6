package io.detektr.broker.internal.mem;

import io.detektr.broker.Message;
import io.detektr.broker.MessageId;

/** A message in a group's queue, with the attempt it will be delivered as. */
record MemoryEntry(MessageId id, Message message, int attempt) {
  MemoryEntry nextAttempt() {
    return new MemoryEntry(id, message, attempt + 1);
  }
}
