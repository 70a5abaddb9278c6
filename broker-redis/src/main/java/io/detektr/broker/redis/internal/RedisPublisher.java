package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerFullException;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Overflow;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import io.detektr.broker.spi.InFlightWindow;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Publishes with pipelined async commands: {@code publish} sends and returns; the reply completes
 * the stage on Lettuce's I/O thread. At most {@code maxInFlight} publishes are unconfirmed; the
 * next one waits until a quarter of them are confirmed (back-pressure, see {@link InFlightWindow}).
 * One round trip per message in every mode: a plain XADD without a limit, the {@code
 * publish-bounded.lua} script (EVALSHA) with one; with the {@code pack=N} URI option an unbounded
 * publisher packs up to N messages per XADD instead (see {@link Packer}).
 */
final class RedisPublisher implements Publisher, XaddCommand.Owner {
  private static final LuaScript BOUNDED = LuaScript.load("publish-bounded.lua");

  /**
   * Below this limit trimming is exact ({@code =}). Approximate trimming ({@code ~}) only removes
   * whole radix-tree nodes (100 entries by default), so with a small limit it would trim nothing or
   * far too late; above it, {@code ~} is much cheaper and the overshoot is negligible.
   */
  static final long EXACT_TRIM_BELOW = 10_000;

  private final RedisConnector connector;
  private final Pipeline pipeline;
  private final String topic;
  private final byte[][] keys;
  private final XaddEncoder encoder;
  private final PublisherOptions options;
  private final byte[][] boundedArgs;
  private final InFlightWindow permits;
  private final BrokerMetrics metrics;
  private final Destination destination;
  private final Consumer<RedisPublisher> onClose;
  private final ReplicaWaiter waiter;
  private final Packer packer;
  private final AtomicBoolean scriptLost = new AtomicBoolean();
  private long boundedSent; // bounded publishes issued; guarded by the pipeline's lock
  private volatile boolean closed;

  RedisPublisher(
      RedisConnector connector,
      String topic,
      PublisherOptions options,
      Consumer<RedisPublisher> onClose) {
    this.connector = connector;
    // A connection per publisher: its writes are batched (see Pipeline), and WAIT, which blocks
    // a whole connection until replicas answer, stalls no other publisher or acknowledgement.
    this.pipeline =
        new Pipeline(
            connector.connect(),
            connector.channels(),
            connector.timer(),
            connector.config().operationTimeout(),
            connector.where());
    this.topic = topic;
    this.keys = new byte[][] {StreamFields.bytes(topic)};
    this.encoder = new XaddEncoder(topic);
    this.options = options;
    this.boundedArgs =
        new byte[][] {
          StreamFields.bytes(options.overflow() == Overflow.REJECT ? "reject" : "drop"),
          StreamFields.bytes(Long.toString(options.maxLength())),
          StreamFields.bytes(options.maxLength() < EXACT_TRIM_BELOW ? "=" : "~")
        };
    this.permits = new InFlightWindow(options.maxInFlight());
    this.metrics = connector.config().metrics();
    this.destination = Destination.publisher("redis", topic);
    this.onClose = onClose;
    this.waiter =
        options.waitForReplicas() > 0
            ? new ReplicaWaiter(
                pipeline, options.waitForReplicas(), options.replicaTimeout().toMillis(), topic)
            : null;
    if (options.maxLength() > 0) {
      // before the first EVALSHA, and on every reconnect before anything else (a restarted or
      // promoted server has an empty script cache): see bounded() below
      loadScript();
      pipeline.preamble(BOUNDED::loadCommand);
    }
    // A length limit counts entries, and WAIT confirms commands: both stay one message per entry.
    this.packer =
        connector.pack() > 1 && options.maxLength() == 0 && waiter == null
            ? new Packer(topic, connector.pack(), pipeline, permits, this)
            : null;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public CompletionStage<MessageId> publish(Message message) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new BrokerException(
              "The publisher of topic '"
                  + topic
                  + "' is closed; create a new one with broker.publisher"));
    }
    try {
      if (!permits.acquire(
          connector.config().operationTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        return CompletableFuture.failedFuture(
            new BrokerUnavailableException(
                options.maxInFlight()
                    + " publishes to '"
                    + topic
                    + "' stayed unconfirmed for "
                    + connector.config().operationTimeout()
                    + "; is Redis at "
                    + connector.where()
                    + " reachable?"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(
          new BrokerException("Interrupted while waiting to" + " publish to '" + topic + "'", e));
    }
    if (packer != null) {
      return packer.add(message);
    }
    if (options.maxLength() == 0 && waiter == null) {
      return xadd(message);
    }
    CompletableFuture<MessageId> result = new CompletableFuture<>();
    CompletionStage<MessageId> sent;
    try {
      sent = send(StreamFields.encode(message));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (id, error) -> {
          permits.release();
          if (error == null) {
            result.complete(id);
          } else {
            result.completeExceptionally(RedisErrors.translate(error, connector.where()));
          }
        });
    return result;
  }

  /**
   * A bounded publish: EVALSHA of the script loaded at start. When the server lost the script (a
   * restart or a failover empties its cache) the publish was not stored, and sending it again keeps
   * its place only if nothing was published after it: then it goes again as EVAL (which caches the
   * script again). Otherwise it would be stored after later publishes, so it fails (retriable) and
   * the script is loaded again for the publishes that follow: a publisher's confirmed messages stay
   * in publish order. Both lambdas run under the pipeline's lock, which orders them with every
   * other publish.
   */
  private CompletionStage<List<Object>> sendBounded(byte[][] args) {
    long[] seq = new long[1];
    return pipeline
        .<List<Object>>send(
            r -> {
              seq[0] = ++boundedSent;
              return BOUNDED.runLoaded(r, ScriptOutputType.MULTI, keys, args);
            })
        .handle(
            (reply, error) -> {
              if (error == null || !RedisErrors.isNoScript(error)) {
                return reply != null
                    ? CompletableFuture.completedFuture(reply)
                    : CompletableFuture.<List<Object>>failedFuture(error);
              }
              return pipeline.<List<Object>>send(
                  r -> {
                    if (boundedSent == seq[0]) {
                      return BOUNDED.eval(r, ScriptOutputType.MULTI, keys, args);
                    }
                    if (scriptLost.compareAndSet(false, true)) {
                      BOUNDED.load(r).whenComplete((sha, e) -> scriptLost.set(false));
                    }
                    return CompletableFuture.failedFuture(noScript(error));
                  });
            })
        .thenCompose(s -> s);
  }

  private BrokerUnavailableException noScript(Throwable error) {
    return new BrokerUnavailableException(
        "Redis at "
            + connector.where()
            + " lost its script cache (restarted or failed over): this publish to '"
            + topic
            + "' was not stored; publish it again",
        error);
  }

  private void loadScript() {
    try {
      pipeline
          .send(BOUNDED::load)
          .toCompletableFuture()
          .get(connector.config().operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while loading the publish script", e);
    } catch (ExecutionException | TimeoutException e) {
      pipeline.close();
      throw RedisErrors.translate(e.getCause() == null ? e : e.getCause(), connector.where());
    }
  }

  /**
   * The common case, a plain XADD: encoded here, settled by the I/O thread straight into the future
   * the caller gets (see {@link XaddCommand}).
   */
  private CompletionStage<MessageId> xadd(Message message) {
    XaddCommand command;
    try {
      command = encoder.encode(message, this);
    } catch (RuntimeException e) {
      permits.release();
      return CompletableFuture.failedFuture(RedisErrors.translate(e, connector.where()));
    }
    pipeline.dispatch(command);
    return command.result;
  }

  @Override
  public void settled(XaddCommand command) {
    permits.release();
    pipeline.replied();
  }

  @Override
  public Throwable translate(Throwable error) {
    return RedisErrors.translate(error, connector.where());
  }

  private CompletionStage<MessageId> send(byte[][] fields) {
    CompletionStage<MessageId> added;
    if (options.maxLength() == 0) {
      added = pipeline.send(r -> r.xadd(keys[0], (Object[]) fields)).thenApply(MessageId::new);
    } else {
      byte[][] args = new byte[boundedArgs.length + fields.length][];
      System.arraycopy(boundedArgs, 0, args, 0, boundedArgs.length);
      System.arraycopy(fields, 0, args, boundedArgs.length, fields.length);
      added = sendBounded(args).thenApply(this::bounded);
    }
    return waiter == null ? added : waiter.confirm(added);
  }

  private MessageId bounded(List<Object> reply) {
    Object id = reply.get(0);
    long count = ((Number) reply.get(1)).longValue();
    if (id == null) {
      throw new BrokerFullException(
          "Topic '"
              + topic
              + "' is full: "
              + count
              + " messages not"
              + " yet acknowledged by its slowest group, limit maxLength "
              + options.maxLength()
              + "; consume faster, raise maxLength or use Overflow.DROP_OLDEST");
    }
    if (count > 0) {
      metrics.dropped(destination, count);
    }
    return new MessageId(
        id instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : id.toString());
  }

  @Override
  public void flush() {
    try {
      permits.awaitEmpty(connector.config().operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush();
    closed = true;
    pipeline.close();
    onClose.accept(this);
  }
}
