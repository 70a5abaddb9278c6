package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.MessageId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Completes publishes only once {@code replicas} replicas hold them, with group commit: WAIT covers
 * every earlier write of its connection, so one WAIT in flight at a time confirms all publishes
 * sent before it, and the publishes sent meanwhile ride on the next one. A WAIT per message would
 * serialize the connection on replica round trips (WAIT blocks the client), and after an outage a
 * backlog of buffered publishes would each wait out the replica timeout.
 */
final class ReplicaWaiter {
  private record Pending(CompletionStage<MessageId> added, CompletableFuture<MessageId> result) {}

  private final Pipeline pipeline;
  private final int replicas;
  private final long timeoutMillis;
  private final String topic;
  private List<Pending> batch = new ArrayList<>();
  private boolean waiting;

  ReplicaWaiter(Pipeline pipeline, int replicas, long timeoutMillis, String topic) {
    this.pipeline = pipeline;
    this.replicas = replicas;
    this.timeoutMillis = Math.max(1, timeoutMillis);
    this.topic = topic;
  }

  /** {@code added} (an XADD already sent on this connection), confirmed by a later WAIT. */
  CompletionStage<MessageId> confirm(CompletionStage<MessageId> added) {
    CompletableFuture<MessageId> result = new CompletableFuture<>();
    boolean send;
    synchronized (this) {
      batch.add(new Pending(added, result));
      send = !waiting;
      waiting = true;
    }
    if (send) {
      sendWait();
    }
    return result;
  }

  private void sendWait() {
    List<Pending> covered;
    synchronized (this) {
      covered = batch;
      batch = new ArrayList<>();
    }
    // Every XADD in 'covered' was sent before this line, so this WAIT follows all of them.
    CompletionStage<Long> waited =
        pipeline.send(r -> r.waitForReplication(replicas, timeoutMillis));
    waited.whenComplete(
        (acked, error) -> {
          for (Pending p : covered) {
            settle(p, acked, error);
          }
          boolean more;
          synchronized (this) {
            more = !batch.isEmpty();
            waiting = more;
          }
          if (more) {
            sendWait();
          }
        });
  }

  private void settle(Pending p, Long acked, Throwable waitError) {
    p.added()
        .whenComplete(
            (id, error) -> {
              if (error != null) {
                p.result().completeExceptionally(error);
              } else if (waitError != null) {
                p.result().completeExceptionally(waitError);
              } else if (acked < replicas) {
                p.result()
                    .completeExceptionally(
                        new BrokerUnavailableException(
                            "Only "
                                + acked
                                + " of "
                                + replicas
                                + " replicas acknowledged message "
                                + id
                                + " on '"
                                + topic
                                + "' within "
                                + timeoutMillis
                                + " ms; it may be lost in a failover. Check the replicas or lower"
                                + " waitForReplicas"));
              } else {
                p.result().complete(id);
              }
            });
  }
}
