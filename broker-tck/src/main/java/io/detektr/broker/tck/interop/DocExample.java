package io.detektr.broker.tck.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Python example of docs/wire-format.md (the {@code ```python} block after {@code <!-- example:
 * NAME -->}), run exactly as written, as a process whose output lines the test reads: the
 * document's claim that a service can be written from it alone, checked.
 */
public final class DocExample implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder errors = new StringBuilder();
  private final String name;

  private DocExample(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread out = new Thread(() -> pump(process.getInputStream(), lines::add), name + "-out");
    Thread err = new Thread(() -> pump(process.getErrorStream(), l -> append(l)), name + "-err");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  /** Starts example {@code name} with {@code env} added to the environment. */
  public static DocExample start(String name, Map<String, String> env) {
    Path dir = PythonScript.interopDir();
    Path doc = dir.getParent().getParent().resolve("docs").resolve("wire-format.md");
    try {
      String code = extract(Files.readString(doc), name);
      Path file = Files.createTempFile("wire-format-" + name, ".py");
      Files.writeString(file, code);
      file.toFile().deleteOnExit();
      ProcessBuilder pb = new ProcessBuilder(PythonScript.INTERPRETER, "-u", file.toString());
      pb.environment().put("PYTHONPATH", dir.toString());
      pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
      pb.environment().putAll(env);
      return new DocExample(name, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run example " + name + " of " + doc, e);
    }
  }

  static String extract(String markdown, String name) {
    String marker = "<!-- example: " + name + " -->";
    int at = markdown.indexOf(marker);
    if (at < 0) {
      throw new AssertionError("docs/wire-format.md has no " + marker);
    }
    int start = markdown.indexOf("```python\n", at) + "```python\n".length();
    return markdown.substring(start, markdown.indexOf("```", start));
  }

  /** The next {@code count} lines it prints, waiting up to {@code seconds} in all. */
  public List<String> lines(int count, long seconds) throws InterruptedException {
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (out.size() < count) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(
            "example "
                + name
                + " printed "
                + out
                + " of "
                + count
                + " lines"
                + (process.isAlive() ? "" : ", exit " + process.exitValue())
                + "; stderr:\n"
                + stderr());
      }
      out.add(line);
    }
    return out;
  }

  /** Waits for it to end by itself; fails unless it exits with 0. */
  public void awaitSuccess(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("example " + name + " did not succeed; stderr:\n" + stderr());
    }
  }

  private synchronized void append(String line) {
    errors.append(line).append('\n');
  }

  private synchronized String stderr() {
    return errors.toString();
  }

  private static void pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        sink.accept(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** Stops a consumer example, which runs until killed. */
  @Override
  public void close() {
    process.destroyForcibly();
  }
}
