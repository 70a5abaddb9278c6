package io.detektr.broker;

/**
 * Where a consumer group that does not exist yet starts reading its topic. It matters only when the
 * group is created ({@link Broker#declareGroup(String, String, GroupStart)}, or {@link
 * Broker#subscribe} with {@link SubscriptionOptions#startFrom(GroupStart)}); an existing group
 * keeps its position.
 */
public enum GroupStart {
  /**
   * Every message the topic still holds, then everything published later: a Redis stream's whole
   * content (XGROUP CREATE ... 0), the in-memory topic's last {@code 1,000} messages (at most 64
   * MiB, and no more than a publisher's {@code maxLength}). RabbitMQ holds messages only in the
   * queues of groups that existed when they were published, so there a new group starts empty, as
   * with {@link #LATEST}.
   */
  EARLIEST,

  /** Only messages published after the group is created: the default. */
  LATEST
}
