package io.detektr.broker;

/**
 * A running consumer of one group. {@link #close()} stops fetching, waits for running handlers for
 * a short grace period and then leaves whatever they have not settled to be redelivered to the
 * group: closing never acknowledges anything by itself.
 */
public interface Subscription extends AutoCloseable {
  String topic();

  String group();

  /** The consumer's name inside the group (unique per subscription). */
  String consumer();

  @Override
  void close();
}
