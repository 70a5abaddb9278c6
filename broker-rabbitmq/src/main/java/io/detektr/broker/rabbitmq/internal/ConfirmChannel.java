package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.spi.InFlightWindow;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A channel in confirm mode with pipelined publishes: {@link #send} returns a future that the
 * confirm listener completes by sequence number, so throughput is not bounded by waiting for each
 * confirm; at most {@code maxInFlight} publishes are unconfirmed (back-pressure, see {@link
 * InFlightWindow}: a confirm of many at once wakes a waiting publisher once, not once each).
 *
 * <p>A lost connection fails every unconfirmed publish (the recovered channel numbers its publishes
 * from 1 again, and RabbitMQ will never confirm the old ones), and so does a numbering that
 * restarts. A channel closed by a channel error is replaced on the next send.
 */
final class ConfirmChannel implements AutoCloseable {
  private final Connection connection;
  private final String what;
  private final Supplier<BrokerException> nackError;
  private final int maxInFlight;
  private final InFlightWindow permits;
  private final long timeoutNanos;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending =
      new ConcurrentSkipListMap<>();
  private volatile Channel channel;
  private long lastSeq;
  private volatile boolean closed;

  /**
   * @param what the operation, for messages: "publishing to topic 'frames'"
   * @param nackError the exception for a publish RabbitMQ refused
   */
  ConfirmChannel(
      Connection connection,
      String what,
      int maxInFlight,
      Duration timeout,
      Supplier<BrokerException> nackError) {
    this.connection = connection;
    this.what = what;
    this.nackError = nackError;
    this.maxInFlight = maxInFlight;
    this.permits = new InFlightWindow(maxInFlight);
    this.timeoutNanos = timeout.toNanos();
    try {
      this.channel = open();
    } catch (Exception e) {
      throw Errors.operationFailed(what, e);
    }
  }

  /** Publishes; the future completes on the confirm, or fails on a nack or a lost connection. */
  CompletableFuture<Void> send(
      String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
    if (closed) {
      return CompletableFuture.failedFuture(new BrokerException(what + " failed: closed"));
    }
    try {
      if (!permits.acquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return CompletableFuture.failedFuture(
            new BrokerUnavailableException(
                what
                    + ": "
                    + maxInFlight
                    + " publishes stayed unconfirmed for "
                    + Duration.ofNanos(timeoutNanos)
                    + "; RabbitMQ is slow or blocked (memory/disk alarm?): check the node, or raise"
                    + " maxInFlight or the operation timeout"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(new BrokerException(what + " interrupted", e));
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    synchronized (this) {
      long seq = -1;
      boolean queued = false;
      try {
        Channel ch = currentChannel();
        seq = ch.getNextPublishSeqNo();
        if (seq == 0) {
          // a recovered channel before the driver re-enabled confirms: nothing would confirm it
          throw new BrokerUnavailableException(
              what + ": the channel is still recovering; try" + " again");
        }
        if (seq <= lastSeq) {
          failAll(lost(null)); // the channel was recovered: its numbering restarted
        }
        lastSeq = seq;
        pending.put(seq, result);
        queued = true;
        ch.basicPublish(exchange, routingKey, false, props, body);
      } catch (Exception e) {
        if (!queued || pending.remove(seq, result)) { // else the shutdown listener released it
          permits.release();
        }
        result.completeExceptionally(Errors.operationFailed(what, e));
      }
    }
    return result;
  }

  /** Waits until every publish made so far is settled, or the timeout passes. */
  void flush() {
    CompletableFuture<?>[] all = pending.values().toArray(new CompletableFuture<?>[0]);
    try {
      CompletableFuture.allOf(all).handle((v, e) -> null).get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a timeout: the unconfirmed publishes still fail or complete on their own
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (channel.isOpen()) {
      flush(); // an outage would fail them anyway: do not wait for confirms that cannot come
    }
    closed = true;
    synchronized (this) {
      Errors.closeQuietly(channel);
    }
    failAll(
        new BrokerException(
            what + " failed: the publisher was closed before RabbitMQ" + " confirmed it"));
  }

  private Channel currentChannel() throws Exception {
    Channel ch = channel;
    if (!ch.isOpen() && connection.isOpen()) {
      Errors.closeQuietly(ch); // closed by a channel error, not a lost connection: start anew
      ch = open();
      channel = ch;
    }
    return ch;
  }

  private Channel open() throws Exception {
    Channel ch = connection.createChannel();
    if (ch == null) {
      throw new BrokerException(what + ": RabbitMQ has no channel left on this connection");
    }
    ch.confirmSelect();
    ch.addConfirmListener(
        (seq, multiple) -> {
          if (ch == channel) {
            settle(seq, multiple, null);
          }
        },
        (seq, multiple) -> {
          if (ch == channel) {
            settle(seq, multiple, nackError);
          }
        });
    ch.addShutdownListener(
        signal -> {
          if (ch == channel) {
            failAll(lost(signal));
          }
        });
    return ch;
  }

  private void settle(long seq, boolean multiple, Supplier<BrokerException> error) {
    if (!multiple) {
      complete(seq, pending.remove(seq), error);
      return;
    }
    for (Map.Entry<Long, CompletableFuture<Void>> e = pending.firstEntry();
        e != null && e.getKey() <= seq;
        e = pending.firstEntry()) {
      if (pending.remove(e.getKey(), e.getValue())) {
        complete(e.getKey(), e.getValue(), error);
      }
    }
  }

  private void complete(long seq, CompletableFuture<Void> f, Supplier<BrokerException> error) {
    if (f == null) {
      return;
    }
    permits.release();
    if (error == null) {
      f.complete(null);
    } else {
      f.completeExceptionally(error.get());
    }
  }

  private void failAll(BrokerException error) {
    for (Map.Entry<Long, CompletableFuture<Void>> e = pending.pollFirstEntry();
        e != null;
        e = pending.pollFirstEntry()) {
      permits.release();
      e.getValue().completeExceptionally(error);
    }
  }

  private BrokerException lost(ShutdownSignalException signal) {
    if (signal != null && signal.isInitiatedByApplication() && closed) {
      return new BrokerException(what + " failed: closed before RabbitMQ confirmed it");
    }
    return new BrokerUnavailableException(
        what
            + ": the connection or channel closed ("
            + (signal == null ? "recovered" : Errors.reasonText(signal))
            + ") before RabbitMQ"
            + " confirmed the publish; it may or may not be stored: publish it again (the client"
            + " reconnects by itself)",
        signal);
  }
}
