package io.detektr.deploy.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Running the real programs the end-to-end tests need; failures carry the exact output. */
final class Procs {
  private Procs() {}

  record Result(int exit, String output) {}

  static Result run(Map<String, String> env, Duration timeout, List<String> cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      byte[][] out = new byte[1][];
      Thread reader =
          new Thread(
              () -> {
                try {
                  out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                  out[0] = ("<read failed: " + e + ">").getBytes(StandardCharsets.UTF_8);
                }
              });
      reader.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", cmd));
      }
      reader.join(5000);
      return new Result(
          p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run "
              + cmd.get(0)
              + ": "
              + e
              + " (the e2e tests need it; scripts/setup.d/40-deploy.sh installs it)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static String ok(Map<String, String> env, Duration timeout, String... cmd) {
    Result r = run(env, timeout, List.of(cmd));
    if (r.exit() != 0) {
      throw new AssertionError(
          "'" + String.join(" ", cmd) + "' exited " + r.exit() + ":\n" + r.output());
    }
    return r.output();
  }

  static String ok(String... cmd) {
    return ok(Map.of(), Duration.ofMinutes(2), cmd);
  }

  /** A command the tests cannot do without; fails with the package to install. */
  static Path require(String path, String debianPackage) {
    Path p = Path.of(path);
    if (!Files.isExecutable(p)) {
      throw new AssertionError(
          "missing "
              + path
              + ": install the Debian package '"
              + debianPackage
              + "' (scripts/setup.d/40-deploy.sh does) — the deploy-agent e2e tests need it");
    }
    return p;
  }

  static void awaitPort(int port, Duration timeout, Process process, Path log) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "process exited with "
                + process.exitValue()
                + " before listening on "
                + port
                + ":\n"
                + read(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        sleep(50);
      }
    }
    throw new AssertionError(
        "nothing listens on 127.0.0.1:"
            + port
            + " after "
            + timeout.toSeconds()
            + " s:\n"
            + read(log));
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
