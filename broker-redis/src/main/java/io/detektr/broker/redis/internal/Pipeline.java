package io.detektr.broker.redis.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Adaptive write batching on a connection of its own (auto-flush off): a command is flushed at
 * once when nothing is awaiting a reply, so a lone publish goes out immediately; under load the
 * commands sent while replies are outstanding go out together ({@value #MAX_BATCH} at most per
 * flush), one socket write for many publishes instead of one each. Like Nagle, but bounded by a
 * reply rather than a timer.
 *
 * <p>Lettuce keeps commands written while the connection is down in its command buffer and does
 * not flush that buffer on reconnect when auto-flush is off, so a sweep every {@value
 * #SWEEP_MILLIS} ms (on Lettuce's own computation threads, no thread of ours) flushes whatever is
 * left: publishers resume right after a reconnect.
 */
final class Pipeline implements AutoCloseable {
  static final int MAX_BATCH = 64;
  static final long SWEEP_MILLIS = 50;

  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> redis;
  private int unflushed;
  private int awaiting;
  private final ScheduledFuture<?> sweep;

  Pipeline(StatefulRedisConnection<byte[], byte[]> connection, ScheduledExecutorService timer) {
    this.connection = connection;
    this.redis = connection.async();
    connection.setAutoFlushCommands(false);
    this.sweep = timer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    synchronized (this) {
      flushLocked();
    }
  }

  /** Issues the command(s) {@code command} sends and flushes when the batching rule says so. */
  <T> CompletionStage<T> send(
      Function<RedisAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
    CompletionStage<T> stage;
    synchronized (this) {
      stage = command.apply(redis);
      unflushed++;
      if (awaiting == 0 || unflushed >= MAX_BATCH) {
        flushLocked();
      }
    }
    return stage.whenComplete((r, e) -> replied());
  }

  private void replied() {
    synchronized (this) {
      // a command that failed before it was flushed (timeout) must not drive this negative
      awaiting = Math.max(0, awaiting - 1);
      if (awaiting == 0 && unflushed > 0) {
        flushLocked();
      }
    }
  }

  private void flushLocked() {
    connection.flushCommands();
    awaiting += unflushed;
    unflushed = 0;
  }

  @Override
  public void close() {
    sweep.cancel(false);
    synchronized (this) {
      flushLocked();
    }
    RedisFutures.closeQuietly(connection);
  }
}
