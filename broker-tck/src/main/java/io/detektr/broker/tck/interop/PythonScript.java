package io.detektr.broker.tck.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a conformance script of {@code interop/python/conformance} with Debian's {@code
 * /usr/bin/python3}, the interpreter {@code python3-redis} and {@code python3-pika} install into
 * ({@code scripts/setup.d/20-python-interop.sh}), with {@code interop/python} on its path so that
 * it imports the reference module {@code detektr_wire}.
 */
public final class PythonScript {
  public static final String INTERPRETER = "/usr/bin/python3";
  private static final long TIMEOUT_SECONDS = 60;

  private PythonScript() {}

  /**
   * Runs {@code script} with {@code args} and returns what it printed; fails on a non-zero exit.
   */
  public static ScriptOutput run(String script, String... args) {
    Path dir = interopDir();
    List<String> command = new ArrayList<>(List.of(INTERPRETER, "-X", "utf8"));
    command.add(dir.resolve("conformance").resolve(script).toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PYTHONPATH", dir.toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()::readAllBytes));
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(script + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      String stdout = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            script
                + " "
                + String.join(" ", args)
                + " exited with "
                + p.exitValue()
                + ":\n"
                + new String(err.join(), StandardCharsets.UTF_8)
                + stdout);
      }
      return ScriptOutput.parse(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + INTERPRETER + " (see scripts/setup.d)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + script, e);
    }
  }

  /** {@code interop/python} of this checkout, found from the module directory Maven runs in. */
  public static Path interopDir() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("interop").resolve("python");
      if (Files.isRegularFile(candidate.resolve("detektr_wire.py"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "interop/python/detektr_wire.py not found above " + Paths.get("").toAbsolutePath());
  }

  /** Hex for a script argument. */
  public static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /** Hex for a script argument, of UTF-8 text. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code NAMEHEX=VALUEHEX} argument. */
  public static String field(String name, byte[] value) {
    return hex(name) + "=" + hex(value);
  }

  /** A {@code NAMEHEX=VALUEHEX} argument of UTF-8 text. */
  public static String field(String name, String value) {
    return field(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private interface IoSupplier {
    byte[] get() throws IOException;
  }

  private static byte[] readAll(IoSupplier s) {
    try {
      return s.get();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
