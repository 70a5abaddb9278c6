package io.detektr.broker.redis.internal;

import io.detektr.broker.MessageId;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.internal.ExceptionFactory;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One XADD, encoded to RESP by the publishing thread (so Lettuce's I/O thread only copies bytes)
 * and settled without a chain of futures: the I/O thread's {@code complete()} completes {@link
 * #result} directly, once, after telling the owner (permits, batching). Lettuce's per-command timer
 * is not used for it (see {@link RedisConnector}); the {@link Pipeline} sweep times it out.
 */
final class XaddCommand extends Command<byte[], byte[], String> {
  /** Told once per command, on the I/O thread (or the sweep), before {@link #result} completes. */
  interface Owner {
    void settled(XaddCommand command);

    Throwable translate(Throwable error);
  }

  private static final AtomicIntegerFieldUpdater<XaddCommand> SETTLED =
      AtomicIntegerFieldUpdater.newUpdater(XaddCommand.class, "settled");

  final CompletableFuture<MessageId> result = new CompletableFuture<>();
  private final byte[] before;
  private final byte[] payload;
  private final byte[] after;
  private final Owner owner;
  final long createdNanos = System.nanoTime();
  private volatile int settled;

  /** RESP {@code before}, then {@code payload} (not copied here), then {@code after}. */
  XaddCommand(byte[] before, byte[] payload, byte[] after, Owner owner) {
    super(CommandType.XADD, new IdOutput());
    this.before = before;
    this.payload = payload;
    this.after = after;
    this.owner = owner;
  }

  @Override
  public void encode(ByteBuf buf) {
    // also on a resend after a reconnect: the arrays stay valid
    buf.writeBytes(before).writeBytes(payload).writeBytes(after);
  }

  @Override
  public void complete() {
    super.complete();
    String error = getOutput().getError();
    if (error != null) {
      settle(null, ExceptionFactory.createExecutionException(error));
    } else {
      settle(getOutput().get(), null);
    }
  }

  @Override
  public boolean completeExceptionally(Throwable throwable) {
    super.completeExceptionally(throwable);
    return settle(null, throwable);
  }

  @Override
  public void cancel() {
    super.cancel();
    settle(null, new CancellationException("XADD cancelled: the connection was closed or reset"));
  }

  private boolean settle(String id, Throwable error) {
    if (!SETTLED.compareAndSet(this, 0, 1)) {
      return false; // a reply after our timeout, or a cancel after the reply
    }
    owner.settled(this);
    if (error == null) {
      return result.complete(new MessageId(id));
    }
    return result.completeExceptionally(owner.translate(error));
  }

  /** The entry id, read as ASCII without a charset decoder. */
  private static final class IdOutput extends CommandOutput<byte[], byte[], String> {
    IdOutput() {
      super(ByteArrayCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
      if (bytes == null) {
        output = null;
        return;
      }
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      output = new String(b, StandardCharsets.ISO_8859_1);
    }
  }
}
