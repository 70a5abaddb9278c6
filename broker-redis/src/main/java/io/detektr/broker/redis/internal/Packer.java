package io.detektr.broker.redis.internal;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.spi.InFlightWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Packs a publisher's messages into stream entries of up to {@code max} messages (see {@link
 * EntryPack}), by the rule of {@link Pipeline}: a message goes out at once when no pack awaits a
 * reply, so a lone message waits for nothing; otherwise it joins the open pack, which goes out when
 * full ({@code max} messages or {@value #MAX_BYTES} bytes of payload) or when the last pack in
 * flight is answered. A pack of one message is written as a plain entry, readable by any client.
 *
 * <p>Each message's stage completes with the pack's reply; its id is the entry id and its index in
 * the pack ({@code 1700000000000-0/3}), the id its delivery carries.
 *
 * <p>A reply may arrive on a thread that holds the {@link Pipeline}'s lock (Lettuce fails a command
 * synchronously on a closed connection), while a publisher holds this packer's lock and waits for
 * the pipeline's: so a reply never waits for this lock. It only tries it, and otherwise leaves the
 * open pack to whoever holds it, who looks again after unlocking ({@link #sendIfIdle}).
 */
final class Packer {
  /** A pack goes out once its payloads reach this size: frames are big enough alone. */
  static final int MAX_BYTES = 64 * 1024;

  private final int max;
  private final Pipeline pipeline;
  private final InFlightWindow permits;
  private final XaddEncoder plain;
  private final XaddEncoder packed;
  private final XaddCommand.Owner publisher;

  private List<Message> messages;
  private List<CompletableFuture<MessageId>> stages;
  private int bytes;
  private final ReentrantLock lock = new ReentrantLock(); // guards the open pack
  private final AtomicInteger inFlight = new AtomicInteger(); // packs sent and not yet answered
  private final AtomicBoolean idle = new AtomicBoolean(); // the last pack in flight was answered

  Packer(
      String topic,
      int max,
      Pipeline pipeline,
      InFlightWindow permits,
      XaddCommand.Owner publisher) {
    this.max = max;
    this.pipeline = pipeline;
    this.permits = permits;
    this.plain = new XaddEncoder(topic);
    this.packed = new XaddEncoder(topic, EntryPack.FIELD);
    this.publisher = publisher;
    open();
  }

  /** Queues a message whose in-flight permit the caller holds; it is released with the reply. */
  CompletionStage<MessageId> add(Message message) {
    CompletableFuture<MessageId> stage = new CompletableFuture<>();
    lock.lock();
    try {
      messages.add(message);
      stages.add(stage);
      bytes += message.payload().length;
      if (inFlight.get() == 0 || messages.size() >= max || bytes >= MAX_BYTES) {
        sendLocked();
      }
    } finally {
      lock.unlock();
    }
    sendIfIdle();
    return stage;
  }

  /** Sends the open pack if the last pack in flight was answered meanwhile. */
  private void sendIfIdle() {
    while (idle.get() && lock.tryLock()) {
      try {
        if (idle.getAndSet(false) && inFlight.get() == 0 && !messages.isEmpty()) {
          sendLocked();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void open() {
    messages = new ArrayList<>(Math.min(max, 64));
    stages = new ArrayList<>(Math.min(max, 64));
    bytes = 0;
  }

  private void sendLocked() {
    Pack pack = new Pack(stages);
    List<Message> out = messages;
    open();
    XaddCommand command;
    try {
      command =
          out.size() == 1
              ? plain.encode(out.get(0), pack)
              : packed.encode(Message.wrap(EntryPack.encode(out), Headers.empty()), pack);
    } catch (RuntimeException e) {
      pack.failed(publisher.translate(e));
      return;
    }
    inFlight.incrementAndGet();
    command.result.whenComplete(pack::complete);
    pipeline.dispatch(command);
  }

  /** The messages of one XADD and the stages their publishers wait on. */
  private final class Pack implements XaddCommand.Owner {
    private final List<CompletableFuture<MessageId>> stages;

    Pack(List<CompletableFuture<MessageId>> stages) {
      this.stages = stages;
    }

    @Override
    public void settled(XaddCommand command) {
      releasePermits();
      pipeline.replied();
      if (inFlight.decrementAndGet() == 0) {
        // the last reply outstanding: nothing else would send what gathered meanwhile
        idle.set(true);
        sendIfIdle();
      }
    }

    @Override
    public Throwable translate(Throwable error) {
      return publisher.translate(error);
    }

    void complete(MessageId entry, Throwable error) {
      int n = stages.size();
      for (int i = 0; i < n; i++) {
        if (error != null) {
          stages.get(i).completeExceptionally(error);
        } else {
          stages.get(i).complete(n == 1 ? entry : new MessageId(entry.value() + "/" + i));
        }
      }
    }

    void failed(Throwable error) {
      releasePermits();
      complete(null, error);
    }

    private void releasePermits() {
      for (int i = 0; i < stages.size(); i++) {
        permits.release();
      }
    }
  }
}
