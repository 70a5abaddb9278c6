package io.detektr.exporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real programs (promtool, prometheus, java -jar) and finds the project's files. */
final class Tools {
  private Tools() {}

  /** Exit code and combined output of a finished program. */
  record Result(int exitCode, String output) {}

  /** The repository root (the module runs its tests from exporter-bridge/). */
  static Path projectFile(String relative) {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path file = root.getParent().resolve(relative);
    if (!Files.exists(file)) {
      file = root.resolve(relative);
    }
    if (!Files.exists(file)) {
      throw new AssertionError(relative + " not found from " + root);
    }
    return file;
  }

  /** {@code program} on the PATH or an AssertionError that says how to get it. */
  static String program(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new AssertionError(
        name
            + " is not installed: install the Debian package "
            + debianPackage
            + " (scripts/setup.d/30-prometheus.sh does)");
  }

  static Result run(String stdin, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static List<String> javaJar(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-jar",
                Path.of("target", "exporter-bridge.jar").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
