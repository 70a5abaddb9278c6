package io.detektr.loadtest.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a file the run will write ({@code --json}, {@code --report}) before the run starts, so
 * that a path that cannot be written fails at once (exit 2) instead of after a passed run. Its
 * directory must exist: a typo in it is not silently created.
 */
final class OutputFile {
  private OutputFile() {}

  /** The problem with writing {@code file}, or null when it can be written. */
  static String problem(String option, Path file) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      return option + " " + file + " is a directory; name a file, e.g. " + file.resolve("run.out");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      return option + " " + file + ": the directory " + dir + " does not exist; create it first";
    }
    if (Files.exists(absolute) ? !Files.isWritable(absolute) : !Files.isWritable(dir)) {
      return option
          + " "
          + file
          + " cannot be written (permissions of "
          + (Files.exists(absolute) ? absolute : dir)
          + ")";
    }
    return null;
  }
}
