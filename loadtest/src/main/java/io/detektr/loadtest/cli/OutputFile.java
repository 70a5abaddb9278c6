package io.detektr.loadtest.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks a file the run will write ({@code --json}, {@code --report}) before the run starts, so
 * that a path that cannot be written fails at once (exit 2) instead of after a passed run. Its
 * directory must exist: a typo in it is not silently created. The check opens the file for writing
 * (without changing an existing one; a new one is removed again): permission bits alone say nothing
 * for root or on read-only file systems.
 */
final class OutputFile {
  private OutputFile() {}

  /** The problem with writing {@code file}, or null when it can be written. */
  static String problem(String option, Path file) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      return option
          + " "
          + file
          + " is a directory; name a file in it, e.g. "
          + file.resolve("run");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      return option + " " + file + ": the directory " + dir + " does not exist; create it first";
    }
    boolean existed = Files.exists(absolute);
    try (OutputStream probe =
        Files.newOutputStream(absolute, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      probe.flush();
    } catch (IOException | SecurityException e) {
      return option + " " + file + " cannot be written (" + e.getClass().getSimpleName() + ")";
    } finally {
      if (!existed) {
        try {
          Files.deleteIfExists(absolute);
        } catch (IOException e) {
          // written over after the run anyway
        }
      }
    }
    return null;
  }
}
