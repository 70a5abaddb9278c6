package io.detektr.loadtest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the packaged jar in its own JVM, as a user runs it: exit code and output. */
record JarRun(int exitCode, String out, String err, long millis) {
  static final Path JAR = Path.of("target", "loadtest.jar");

  static JarRun of(Path workDir, String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath()
              + " is missing: run mvn package first"
              + " (failsafe runs after it)");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = workDir.resolve("out.txt");
    Path err = workDir.resolve("err.txt");
    long start = System.nanoTime();
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("loadtest did not exit within 120 s: " + command);
      }
      return new JarRun(
          p.exitValue(),
          Files.readString(out),
          Files.readString(err),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + " after " + millis + " ms\n--- out:\n" + out + "\n--- err:\n" + err;
  }
}
