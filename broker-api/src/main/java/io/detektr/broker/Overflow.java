package io.detektr.broker;

/** What a publish does when its topic holds {@link PublisherOptions#maxLength()} messages. */
public enum Overflow {
  /** Refuse the new message with {@link BrokerFullException}; nothing stored is lost. */
  REJECT,
  /**
   * Store the new message and discard the oldest ones (stale frames are useless). Every discarded
   * message is counted by {@code BrokerMetrics#dropped}.
   */
  DROP_OLDEST
}
