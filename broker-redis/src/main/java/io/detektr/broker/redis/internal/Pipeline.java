package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.Endpoint;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Adaptive write batching on a connection of its own (auto-flush off): a command is flushed at once
 * when nothing is awaiting a reply, so a lone publish goes out immediately and low rates pay no
 * batching delay; under load the commands sent while replies are outstanding go out together, one
 * socket write for many publishes instead of one each. Like Nagle, but bounded by a reply rather
 * than a timer.
 *
 * <p><b>One writer: the channel's event loop.</b> Commands are handed to Lettuce's buffer in issue
 * order under this object's lock, and only the connection's own Netty event loop ever flushes that
 * buffer to the channel. A flush wanted on another thread (the publisher when nothing awaits a
 * reply, the sweep, {@value #MAX_UNFLUSHED} commands waiting) becomes one task on that loop; a
 * flush wanted on the loop (a reply came in) runs inline. Netty runs a loop's tasks in submission
 * order and an inline write goes straight to the channel, so a batch can never overtake an earlier
 * one: before, a publisher's flush became a queued task per command, and a reply's inline flush
 * could write a later batch ahead of it (one publisher's messages stored out of order). The channel
 * is looked up per flush ({@link ChannelTracker}); on a loop the channel cannot change under us,
 * since Lettuce reconnects only after that loop has handled the old channel's close. A connection
 * that drops fails every command it was handed and had not answered ({@link #inactive}), since
 * Lettuce would re-send them out of order; while disconnected nothing is flushed, and on reconnect
 * the tracker's activation hook flushes, on the new channel's loop, what was issued meanwhile: the
 * confirmed commands keep the issue order across reconnects.
 *
 * <p>Under load the I/O thread flushes, as replies come in ({@value #MAX_BATCH} commands at a
 * time). Replies are counted with an atomic, so the I/O thread takes the lock only when it has a
 * flush to do: {@value #MAX_BATCH} commands waiting, or the last outstanding reply arrived with
 * commands still unflushed.
 *
 * <p>A sweep every {@value #SWEEP_MILLIS} ms (on Lettuce's own computation threads, no thread of
 * ours) asks for a flush of whatever is left, and fails {@link XaddCommand}s that stayed unanswered
 * for the operation timeout (they skip Lettuce's per-command timer, which costs a timer entry and a
 * future stage per publish).
 *
 * <p><b>Large server reads.</b> Redis reads a connection about 16 to 32 KiB per turn of its event
 * loop (15 to 30 messages of 1 KiB) and pays an {@code epoll_wait}, a reply write and an AOF write
 * per turn: one pipelining connection gets about two thirds of what fifty get. But Redis sizes a
 * connection's read by its query buffer, and after an argument of 32 KiB or more it keeps a buffer
 * of that argument's size, "assuming that if we saw a fat argument we'll see another one" ({@code
 * networking.c}), until a second of idleness or a lighter load shrinks it again. So while at least
 * {@value #PRIME_BACKLOG} replies are outstanding (a backlog Redis reads in several turns), the
 * pipeline sends an {@code ECHO} of {@value #PRIMER_BYTES} bytes, at most every {@value
 * #PRIME_EVERY_MILLIS} ms: Redis then takes up to that much of the pipeline per turn. Not more: a
 * turn of 64 KiB of XADDs keeps other clients' waits short (Redis itself writes a connection at
 * most 64 KiB per turn), and with consumers on the same server 256 KiB received less end to end. It
 * costs the server the buffer and an echoed reply, changes no data, and adds no latency, since a
 * read takes only what has arrived. A server that refuses {@code ECHO} (an ACL) turns it off.
 */
final class Pipeline implements AutoCloseable, ChannelTracker.Listener {
  static final int MAX_BATCH = 64;
  static final int MAX_UNFLUSHED = 1024;
  static final long SWEEP_MILLIS = 50;
  static final int PRIME_BACKLOG = MAX_BATCH / 2;
  static final int PRIMER_BYTES = 64 * 1024;
  static final long PRIME_EVERY_MILLIS = 500;
  private static final long CLOSE_FLUSH_MILLIS = 1_000;
  private static final long PRIME_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(PRIME_EVERY_MILLIS);
  private static final byte[] PRIMER = new byte[PRIMER_BYTES];

  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> redis;
  private final ChannelTracker channels;
  private final Endpoint endpoint;
  private final AtomicBoolean flushQueued = new AtomicBoolean(); // a flush task awaits its loop
  private volatile Supplier<RedisCommand<byte[], byte[], ?>> preamble;
  private final Runnable flushTask = this::flushOnLoop;
  private final long timeoutNanos;
  private final String where;

  /** XADDs not yet handed to Lettuce: one dispatch per batch (Lettuce locks per dispatch). */
  private List<XaddCommand> batch = new ArrayList<>();

  /** Commands in the order they were issued, until found settled (or timed out, or lost). */
  private final ArrayDeque<RedisCommand<?, ?, ?>> issued = new ArrayDeque<>();

  private final AtomicLong replies = new AtomicLong();
  private volatile long flushed; // commands flushed so far; guarded by this for writes
  private volatile int unflushed; // guarded by this for writes
  private long primedNanos = System.nanoTime() - PRIME_EVERY_NANOS;
  private volatile boolean primerRefused;
  private final ScheduledFuture<?> sweep;

  Pipeline(
      StatefulRedisConnection<byte[], byte[]> connection,
      ChannelTracker channels,
      ScheduledExecutorService timer,
      Duration timeout,
      String where) {
    this.connection = connection;
    this.where = where;
    this.redis = connection.async();
    this.channels = channels;
    this.endpoint = ChannelTracker.endpointOf(connection);
    this.timeoutNanos = timeout.toNanos();
    connection.setAutoFlushCommands(false);
    channels.listen(endpoint, this);
    this.sweep =
        timer.scheduleWithFixedDelay(
            this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Issues the command(s) {@code command} sends and flushes when the batching rule says so. */
  <T> CompletionStage<T> send(
      Function<RedisAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
    CompletionStage<T> stage;
    synchronized (this) {
      dispatchBatch(); // keep the order: the XADDs issued before go first
      stage = command.apply(redis);
      if (stage instanceof RedisCommand<?, ?, ?> c) {
        trackLocked(c);
      }
      issuedLocked();
    }
    return stage.whenComplete((r, e) -> replied());
  }

  /** Issues a pre-encoded XADD; its owner must call {@link #replied()} when it settles. */
  void dispatch(XaddCommand command) {
    synchronized (this) {
      batch.add(command);
      trackLocked(command);
      issuedLocked();
    }
  }

  private void trackLocked(RedisCommand<?, ?, ?> command) {
    for (RedisCommand<?, ?, ?> c; (c = issued.peekFirst()) != null && c.isDone(); ) {
      issued.pollFirst(); // keep only the unsettled ones referenced
    }
    issued.addLast(command);
  }

  private void issuedLocked() {
    unflushed++;
    // volatile write of unflushed above, volatile read of replies here; replied() does the
    // reverse, so at least one side sees the other: no command is left unflushed.
    long outstanding = flushed - replies.get();
    if (outstanding <= 0 || unflushed >= MAX_UNFLUSHED) {
      flushLocked();
    } else if (outstanding >= PRIME_BACKLOG && !primerRefused) {
      primeLocked();
    }
  }

  /** Sends the ECHO that enlarges Redis's reads of this connection (see the class comment). */
  private void primeLocked() {
    long now = System.nanoTime();
    if (now - primedNanos < PRIME_EVERY_NANOS) {
      return;
    }
    primedNanos = now;
    dispatchBatch(); // in order, after the XADDs issued before
    CompletionStage<byte[]> echo = redis.echo(PRIMER);
    if (echo instanceof RedisCommand<?, ?, ?> c) {
      trackLocked(c);
    }
    unflushed++; // counted like any command, so that its reply triggers flushes too
    echo.whenComplete(
        (reply, error) -> {
          if (error instanceof RedisCommandExecutionException) {
            primerRefused = true; // an error reply (NOPERM); a timeout or reconnect is no refusal
          }
          replied();
        });
  }

  /** One reply (or failure) of a command issued here. */
  void replied() {
    long r = replies.incrementAndGet();
    int waiting = unflushed;
    if (waiting >= MAX_BATCH || (waiting > 0 && r >= flushed)) {
      synchronized (this) {
        if (unflushed >= MAX_BATCH || (unflushed > 0 && replies.get() >= flushed)) {
          flushLocked();
        }
      }
    }
  }

  private void dispatchBatch() {
    if (!batch.isEmpty()) {
      List<XaddCommand> out = batch;
      batch = new ArrayList<>(Math.min(MAX_BATCH, out.size() * 2));
      connection.dispatch(out);
    }
  }

  /**
   * Hands the batch to Lettuce's buffer (in order, under the lock) and has the channel's event loop
   * write it: inline when this is that loop, else as one task (see the class comment).
   */
  private void flushLocked() {
    Channel channel = channels.channel(endpoint);
    if (channel == null) {
      dispatchBatch(); // connecting or disconnected: Lettuce keeps it, the activation hook flushes
      return;
    }
    EventLoop loop = channel.eventLoop();
    if (loop.inEventLoop()) {
      dispatchBatch();
      writeLocked();
    } else if (flushQueued.compareAndSet(false, true)) {
      loop.execute(flushTask); // it dispatches what gathers in the batch until it runs
    }
  }

  /**
   * A command written first on every new channel, ahead of whatever was issued while disconnected
   * (a restarted or promoted server has an empty script cache: see {@code RedisPublisher}).
   */
  void preamble(Supplier<RedisCommand<byte[], byte[], ?>> command) {
    this.preamble = command;
  }

  /** The connection (re)connected: flush what was buffered meanwhile, on its loop. */
  @Override
  public void active() {
    Supplier<RedisCommand<byte[], byte[], ?>> first = preamble;
    Channel channel = channels.channel(endpoint);
    if (first != null && channel != null) {
      channel.writeAndFlush(first.get()); // on this loop: ahead of Lettuce's buffer
    }
    flushOnLoop();
  }

  /**
   * The connection dropped (on its loop, before Lettuce sets aside what awaited replies to re-send
   * it after the reconnect): every command issued and not settled fails now, and a failed command
   * is never written again. Lettuce would re-send the unanswered ones, and put a command whose
   * write failed behind those issued after it: a publisher's messages could be stored out of order.
   * Commands issued from now on go out, in order, on the next connection.
   */
  @Override
  public void inactive() {
    List<RedisCommand<?, ?, ?>> lost;
    synchronized (this) {
      lost = new ArrayList<>(issued);
      issued.clear();
    }
    BrokerUnavailableException error =
        new BrokerUnavailableException(
            "The connection to Redis at "
                + where
                + " dropped before the publish was confirmed: it may or may not be stored;"
                + " publish it again (a consumer may then see it twice)");
    for (RedisCommand<?, ?, ?> c : lost) {
      if (!c.isDone()) {
        c.completeExceptionally(error);
      }
    }
  }

  /** The flush task: runs on the channel's event loop. */
  private void flushOnLoop() {
    flushQueued.set(false);
    synchronized (this) {
      flushLocked(); // on a loop that is no longer the channel's (a reconnect), it queues again
    }
  }

  /** On the channel's event loop: Lettuce writes its buffer straight into the channel. */
  private void writeLocked() {
    connection.flushCommands();
    flushed += unflushed;
    unflushed = 0;
  }

  private void sweep() {
    List<XaddCommand> expired = null;
    synchronized (this) {
      if (unflushed > 0) {
        flushLocked();
      }
      long now = System.nanoTime();
      for (RedisCommand<?, ?, ?> c; (c = issued.peekFirst()) != null; ) {
        if (c.isDone()) {
          issued.pollFirst();
        } else if (c instanceof XaddCommand x && now - x.createdNanos >= timeoutNanos) {
          issued.pollFirst();
          if (expired == null) {
            expired = new ArrayList<>();
          }
          expired.add(x);
        } else {
          break; // issued in order: the rest are younger (others have Lettuce's own timeout)
        }
      }
    }
    if (expired != null) {
      for (XaddCommand c : expired) {
        c.completeExceptionally(
            new RedisCommandTimeoutException(
                "Command timed out after "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " millisecond(s)"));
      }
    }
  }

  @Override
  public void close() {
    sweep.cancel(false);
    Channel channel = channels.channel(endpoint);
    if (channel != null) { // Lettuce's close cancels what it still buffers: write it first
      if (channel.eventLoop().inEventLoop()) {
        flushOnLoop();
      } else {
        channel.eventLoop().submit(this::flushOnLoop).awaitUninterruptibly(CLOSE_FLUSH_MILLIS);
      }
    }
    channels.forget(endpoint);
    RedisFutures.closeQuietly(connection);
  }
}
