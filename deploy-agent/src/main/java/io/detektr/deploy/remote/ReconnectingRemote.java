package io.detektr.deploy.remote;

import io.detektr.deploy.commands.RemoteCommand;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link Remote} that survives a dropped SSH connection: when an operation fails because the
 * connection is gone, it connects again (a few times, with growing pauses) and repeats the
 * operation. Every operation the agent runs through it is safe to repeat: reads, atomic writes, and
 * commands that only look, or that start a detached step at most once (see {@code DetachedStep}); a
 * lock mkdir that raced its own first attempt is reported by the lock itself.
 */
public final class ReconnectingRemote implements Remote {
  private static final int ATTEMPTS = 5;
  private final Supplier<Remote> connector;
  private final Consumer<String> warn;
  private Remote delegate;
  private int reconnects;

  public ReconnectingRemote(Supplier<Remote> connector, Consumer<String> warn) {
    this.connector = connector;
    this.warn = warn;
    this.delegate = connector.get();
  }

  /** How many times the connection was made again. */
  public synchronized int reconnects() {
    return reconnects;
  }

  private interface Op<T> {
    T run(Remote r);
  }

  private <T> T call(Op<T> op) {
    RemoteException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Remote r = current();
      try {
        return op.run(r);
      } catch (RemoteException e) {
        // the transport may not know yet that it died: the cause tells
        if (r.isConnected() && !SshRemote.isConnectionLoss(e)) {
          throw e;
        }
        last = e;
        reconnect(r, attempt, e);
      }
    }
    throw last;
  }

  private synchronized Remote current() {
    return delegate;
  }

  private synchronized void reconnect(Remote lost, int attempt, RemoteException why) {
    if (delegate != lost) {
      return; // another thread reconnected already
    }
    try {
      Thread.sleep(Duration.ofMillis(500L << attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw why;
    }
    lost.close();
    try {
      delegate = connector.get();
      reconnects++;
      warn.accept(
          "the SSH connection dropped (" + firstLine(why.getMessage()) + "); connected again");
    } catch (RemoteException e) {
      warn.accept("the SSH connection dropped; reconnecting failed: " + firstLine(e.getMessage()));
      delegate = lost; // still not connected: the next attempt tries again
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  @Override
  public ExecResult exec(RemoteCommand command, Duration timeout, byte[] stdin) {
    return call(r -> r.exec(command, timeout, stdin));
  }

  @Override
  public void write(String path, byte[] content, int mode) {
    call(
        r -> {
          r.write(path, content, mode);
          return null;
        });
  }

  @Override
  public void append(String path, String line) {
    call(
        r -> {
          r.append(path, line);
          return null;
        });
  }

  @Override
  public Optional<byte[]> read(String path) {
    return call(r -> r.read(path));
  }

  @Override
  public boolean exists(String path) {
    return call(r -> r.exists(path));
  }

  @Override
  public void mkdirs(String path) {
    call(
        r -> {
          r.mkdirs(path);
          return null;
        });
  }

  @Override
  public boolean mkdirExclusive(String path) {
    return call(r -> r.mkdirExclusive(path));
  }

  @Override
  public List<String> list(String dir) {
    return call(r -> r.list(dir));
  }

  @Override
  public void remove(String path) {
    call(
        r -> {
          r.remove(path);
          return null;
        });
  }

  @Override
  public Tunnel connect(String host, int port) {
    return call(r -> r.connect(host, port));
  }

  @Override
  public boolean isConnected() {
    return current().isConnected();
  }

  @Override
  public String describe() {
    return current().describe();
  }

  @Override
  public void close() {
    current().close();
  }
}
