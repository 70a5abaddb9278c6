package io.detektr.broker.tck.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A server process started by a test: its command, environment, working directory and log file. Can
 * be killed with SIGKILL (with every child) and started again with the same command, so data
 * directories survive a "crash".
 */
public final class ServerProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path directory;
  private final Path log;
  private Process process;

  public ServerProcess(
      String name, List<String> command, Map<String, String> environment, Path directory) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.directory = directory;
    this.log = directory.resolve(name + ".out");
  }

  /** Starts the process and waits until {@code port} on 127.0.0.1 accepts connections. */
  public synchronized void start(int port, Duration timeout) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(environment);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start "
              + name
              + " ("
              + command.get(0)
              + "): is it installed? scripts/test.sh installs it on Debian",
          e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with "
                + process.exitValue()
                + " before listening on port "
                + port
                + "; its output:\n"
                + tail());
      }
      if (accepts(port)) {
        return;
      }
      sleep(50);
    }
    kill();
    throw new IllegalStateException(
        name
            + " did not listen on port "
            + port
            + " within "
            + timeout
            + "; its output:\n"
            + tail());
  }

  /** SIGKILL to the process and all its descendants, like a crash; waits until they are gone. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      h.onExit().join();
    }
    process = null;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  public Path directory() {
    return directory;
  }

  /** The last lines the process printed, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    kill();
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Deletes a temp directory tree, best effort. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is not worth failing a test for
    }
  }
}
