package io.detektr.broker;

/**
 * One message handed to one consumer. Settle it at most once: {@link #ack()}, {@link #retry()} or
 * {@link #deadLetter(String)}; further calls are ignored. An unsettled delivery whose consumer goes
 * away is redelivered to the group after {@link SubscriptionOptions#redeliverAfter()}.
 */
public interface Delivery {
  MessageId id();

  String topic();

  String group();

  Message message();

  /** 1 on the first delivery, incremented on every redelivery. */
  int attempt();

  /** Done with it: the broker forgets it for this group. */
  void ack();

  /** Hand it to the group again, with {@link #attempt()} one higher. */
  void retry();

  /**
   * Move it to the topic's dead-letter topic ({@code <topic>.dlq}) with the reason, attempt count,
   * original topic and group as headers, then acknowledge it.
   */
  void deadLetter(String reason);
}
