package io.detektr.deploy.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The git commit the images are built from. */
public final class Git {
  private Git() {}

  /**
   * {@code git rev-parse HEAD} in {@code dir} (the full 40 hex digits: the tag CI pushes, {@code
   * github.sha}), if it is a git work tree.
   */
  public static Optional<String> headSha(Path dir) {
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 && out.matches("[0-9a-f]{40}")
          ? Optional.of(out)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
