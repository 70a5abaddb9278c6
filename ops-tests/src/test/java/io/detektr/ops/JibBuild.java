package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds an image with the repository's own jib-maven-plugin configuration (a nested {@code mvnw
 * ... jib:build}, what CI runs) into a {@link LocalRegistry}, FROM scratch because nothing can be
 * pulled here, and reads the result back through the registry API.
 */
final class JibBuild {
  static final String GROUP_ID = "io.detektr.broker";
  private static final ObjectMapper JSON = new ObjectMapper();

  private JibBuild() {}

  /**
   * The image of reactor module {@code module}. {@code package} with {@code -am} rather than {@code
   * compile}: Jib copies a reactor dependency only when it resolves to a jar, and a compile-only
   * reactor resolves it to a classes directory, which Jib would add as an empty {@code
   * /app/libs/classes} (the image would then fail with NoClassDefFoundError). Tests are skipped
   * there: the outer reactor has run them (ops-tests depends on the image modules).
   */
  static void module(LocalRegistry registry, String module, String tag, Path log) throws Exception {
    run(
        registry,
        tag,
        log,
        "-pl",
        module,
        "-am",
        "package",
        "jib:build",
        "-Dmaven.test.skip=true",
        "-Djib.containerize=" + GROUP_ID + ":" + module);
  }

  /** An image configured in {@code pom} (relative to the root) with no reactor dependencies. */
  static void pom(LocalRegistry registry, String pom, String tag, Path log) throws Exception {
    run(registry, tag, log, "-f", RepoFiles.root().resolve(pom).toString(), "compile", "jib:build");
  }

  private static void run(LocalRegistry registry, String tag, Path log, String... goals)
      throws Exception {
    Path root = RepoFiles.root();
    List<String> cmd = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q"));
    String repo = System.getProperty("ops.maven.repo.local", "");
    if (!repo.isBlank()) {
      cmd.add("-Dmaven.repo.local=" + repo);
    }
    cmd.addAll(List.of(goals));
    cmd.addAll(
        List.of(
            "-Djib.from.image=scratch",
            "-Djib.allowInsecureRegistries=true",
            "-Djib.disableUpdateChecks=true",
            "-Ddetektr.image.prefix=" + registry.address() + "/detektr",
            "-Ddetektr.image.tag=" + tag));
    Process p =
        new ProcessBuilder(cmd)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "jib:build did not finish in 5 min: " + cmd + "\n" + Files.readString(log));
    }
    assertThat(p.exitValue()).as("jib:build failed: %s\n%s", cmd, Files.readString(log)).isZero();
  }

  /** The {@code config} object of the image's config blob (User, Entrypoint, Labels...). */
  static JsonNode config(LocalRegistry registry, String repository, String tag) throws Exception {
    return image(registry, repository, tag).path("config");
  }

  /** The whole config blob (created, history, rootfs, config). */
  static JsonNode image(LocalRegistry registry, String repository, String tag) throws Exception {
    JsonNode manifest = registry.manifest(repository, tag);
    String digest = manifest.path("config").path("digest").asText();
    return JSON.readTree(registry.blob(repository, digest));
  }

  /** Unpacks every layer, in order, into {@code rootfs}; returns it. */
  static Path unpack(LocalRegistry registry, String repository, String tag, Path rootfs)
      throws Exception {
    Files.createDirectories(rootfs);
    int i = 0;
    for (JsonNode layer : registry.manifest(repository, tag).path("layers")) {
      Path tgz = rootfs.resolveSibling(rootfs.getFileName() + "-layer-" + i++ + ".tgz");
      Files.write(tgz, registry.blob(repository, layer.path("digest").asText()));
      Process tar =
          new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", rootfs.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(tar.getInputStream().readAllBytes());
      assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(tar.exitValue()).as(out).isZero();
    }
    return rootfs;
  }

  /**
   * {@code tag}, {@code main-<tag>} and {@code latest} are the only tags, all on {@code digest}.
   */
  static void assertTaggedAsOneImage(
      LocalRegistry registry, String repository, String tag, String digest) throws Exception {
    assertThat(registry.tags(repository)).containsExactlyInAnyOrder(tag, "main-" + tag, "latest");
    assertThat(registry.digest(repository, "latest")).isEqualTo(digest);
    assertThat(registry.digest(repository, "main-" + tag)).isEqualTo(digest);
  }

  /** Stops the registry and deletes a test's work directory (either may be missing). */
  static void cleanUp(LocalRegistry registry, Path work) {
    if (registry != null) {
      registry.close();
    }
    RepoFiles.deleteTree(work);
  }
}
