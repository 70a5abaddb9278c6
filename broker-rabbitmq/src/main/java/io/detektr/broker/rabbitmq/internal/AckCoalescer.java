package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * The acknowledgements of one consumer channel whose deliveries are handled one at a time, in
 * order. While more deliveries wait for the handler, an ack is held back and the next one goes out
 * with {@code multiple}, covering it: one frame, and one unit of work for RabbitMQ, for up to
 * {@code maxHeld + 1} messages. When no delivery waits, every ack goes out at once, so a lone
 * message is acknowledged as promptly as before.
 *
 * <p>Sound only because a delivery is settled before the next one is handled: a multiple ack then
 * covers no delivery still in a handler. A held ack that never goes out (the process dies) means a
 * redelivery, as for any unacknowledged message; it is never a loss.
 */
final class AckCoalescer {
  private final Channel channel;
  private final int maxHeld;
  private long heldTag;
  private int held;

  /** {@code maxHeld} 0 sends every ack at once. */
  AckCoalescer(Channel channel, int maxHeld) {
    this.channel = channel;
    this.maxHeld = maxHeld;
  }

  /** Held acks for a prefetch of {@code prefetch}: a quarter of it, so the window stays open. */
  static int maxHeldFor(int prefetch) {
    return prefetch / 4;
  }

  /**
   * Acknowledges {@code tag}, and with it every ack held so far; holds it instead when {@code
   * moreWaiting} and there is room.
   */
  synchronized void ack(long tag, boolean moreWaiting) throws IOException {
    if (moreWaiting && held < maxHeld) {
      heldTag = tag;
      held++;
      return;
    }
    channel.basicAck(tag, held > 0);
    held = 0;
  }

  /** Hands {@code tag} back to the queue, after the held acks (which cover only earlier tags). */
  synchronized void requeue(long tag) throws IOException {
    flush();
    channel.basicNack(tag, false, true);
  }

  /** Sends the held acks, if any (when the consumer stops). */
  synchronized void flush() throws IOException {
    if (held > 0) {
      channel.basicAck(heldTag, true);
      held = 0;
    }
  }

  /** {@link #flush()} where a failure changes nothing: the channel is gone, RabbitMQ requeues. */
  void flushQuietly() {
    try {
      flush();
    } catch (IOException | RuntimeException e) {
      // the held messages are redelivered: duplicates, never a loss
    }
  }
}
