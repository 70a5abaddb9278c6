package io.detektr.broker.tck.harness;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every test server shares: one process on one loopback port, which a test can crash ({@link
 * #kill()}) and start again on the same port and data ({@link #restart()}).
 */
public abstract class TestServer implements AutoCloseable {
  private final int port;
  private final Duration startTimeout;
  private ServerProcess process;

  protected TestServer(int port, Duration startTimeout) {
    this.port = port;
    this.startTimeout = startTimeout;
  }

  /** Starts {@code server} and waits until it listens on {@link #port()}. */
  protected final void launch(ServerProcess server) {
    this.process = server;
    server.start(port, startTimeout);
  }

  public final int port() {
    return port;
  }

  /** SIGKILL to the server and its children: a crash. */
  public final void kill() {
    process.kill();
  }

  /** Starts again after {@link #kill()}, same port and data directory. */
  public final void restart() {
    process.start(port, startTimeout);
  }

  public final boolean isRunning() {
    return process.isAlive();
  }

  public final Path directory() {
    return process.directory();
  }

  /** The last lines the server printed, for failure messages. */
  public final String output() {
    return process.tail();
  }

  /** Kills the server and deletes its directory. */
  @Override
  public void close() {
    process.kill();
    ServerProcess.deleteTree(process.directory());
  }
}
