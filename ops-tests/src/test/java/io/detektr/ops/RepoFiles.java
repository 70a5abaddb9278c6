package io.detektr.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The production files under test, found from the repository root the build passes in. */
final class RepoFiles {
  private RepoFiles() {}

  /** The repository root ({@code -Dops.repo.root}, set by the module's pom; else {@code ..}). */
  static Path root() {
    Path root = Path.of(System.getProperty("ops.repo.root", "..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("config"))) {
      throw new IllegalStateException(
          "no config/ under "
              + root
              + ": run from the ops-tests module or pass -Dops.repo.root=<repository root>");
    }
    return root;
  }

  /** A file of the repository that must exist. */
  static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(relative + " is missing under " + root());
    }
    return p;
  }

  static String read(String relative) {
    try {
      return Files.readString(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a temp directory tree the test made. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is not worth failing a test for
    }
  }
}
