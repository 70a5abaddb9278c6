package io.detektr.deploy.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import io.detektr.deploy.DeployException;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.config.DeployConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Builds one configured image with jib-core and pushes it to the registry under two tags. */
public final class ImageBuilder {
  private final DeployConfig.Registry registry;
  private final Secrets secrets;
  private final Path cacheDir;

  /**
   * @param cacheDir Jib's layer cache; {@code null} for Jib's default under the user's cache
   */
  public ImageBuilder(DeployConfig.Registry registry, Secrets secrets, Path cacheDir) {
    this.registry = registry;
    this.secrets = secrets;
    this.cacheDir = cacheDir;
  }

  /** What was pushed: {@code repository@digest} is what deploys pin. */
  public record Pushed(String name, String repository, String digest, List<String> tags) {
    public String pinned() {
      return repository + "@" + digest;
    }
  }

  public Pushed build(DeployConfig.ImageSpec spec, String tag, Consumer<String> log) {
    String repository = registry.url() + "/" + spec.name();
    try {
      JibContainerBuilder b =
          spec.base().equals("scratch")
              ? Jib.fromScratch()
              : Jib.from(credentials(RegistryImage.named(spec.base())));
      for (DeployConfig.LayerSpec l : spec.layers()) {
        b.addFileEntriesLayer(layer(l));
      }
      if (!spec.entrypoint().isEmpty()) {
        b.setEntrypoint(spec.entrypoint());
      }
      if (!spec.cmd().isEmpty()) {
        b.setProgramArguments(spec.cmd());
      }
      Set<Port> ports = new LinkedHashSet<>();
      spec.ports().forEach(p -> ports.add(Port.tcp(p)));
      b.setExposedPorts(ports);
      b.setEnvironment(spec.environment());
      Containerizer to =
          Containerizer.to(credentials(RegistryImage.named(repository + ":" + tag)))
              .withAdditionalTag("latest")
              .setAllowInsecureRegistries(registry.insecure())
              .setToolName("deploy-agent")
              .addEventHandler(
                  LogEvent.class,
                  e -> {
                    if (e.getLevel() == LogEvent.Level.ERROR
                        || e.getLevel() == LogEvent.Level.WARN) {
                      log.accept(secrets.mask(e.getMessage()));
                    }
                  });
      if (cacheDir != null) {
        to.setBaseImageLayersCache(cacheDir.resolve("base"))
            .setApplicationLayersCache(cacheDir.resolve("app"));
      }
      JibContainer c = b.containerize(to);
      return new Pushed(spec.name(), repository, c.getDigest().toString(), List.of(tag, "latest"));
    } catch (InvalidImageReferenceException e) {
      throw new DeployException(
          "invalid image reference: " + e.getMessage(), "fix registry.url or images[].base");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted while building " + spec.name());
    } catch (ExecutionException | RegistryException | CacheDirectoryCreationException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new DeployException(
          "building/pushing "
              + repository
              + ":"
              + tag
              + " failed: "
              + secrets.mask(String.valueOf(cause.getMessage())),
          "check that the registry is reachable and "
              + (registry.usernameEnv().isEmpty()
                  ? "accepts pushes without credentials"
                  : "that the credentials in "
                      + registry.usernameEnv()
                      + "/"
                      + registry.passwordEnv()
                      + " may push")
              + (registry.insecure()
                  ? (registry.sendCredentialsOverHttp()
                      ? ""
                      : " (a plain-HTTP registry with a password also needs"
                          + " registry.sendCredentialsOverHttp: true)")
                  : " (plain-HTTP registries need registry.insecure: true)"),
          true,
          cause);
    } catch (IOException | RuntimeException e) {
      if (e instanceof DeployException d) {
        throw d;
      }
      throw new DeployException(
          "building " + spec.name() + " failed: " + secrets.mask(String.valueOf(e.getMessage())),
          "",
          false,
          e);
    }
  }

  private static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

  private RegistryImage credentials(RegistryImage image) {
    Optional<String> user = secrets.plain(registry.usernameEnv());
    Optional<String> pass = secrets.get(registry.passwordEnv());
    if (user.isPresent() && pass.isPresent()) {
      image.addCredential(user.get(), pass.get());
      if (registry.sendCredentialsOverHttp()) {
        // Jib reads this switch from the system properties only; the CLI runs one build per JVM
        System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
      }
    }
    return image;
  }

  /** A layer of the given file or directory; refuses symlinks, which Jib layers cannot hold. */
  static FileEntriesLayer layer(DeployConfig.LayerSpec l) throws IOException {
    Path src = l.source();
    if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
      throw new DeployException(
          "layer source " + src + " does not exist", "build it first or fix images[].layers");
    }
    try (Stream<Path> walk = Files.walk(src)) {
      Optional<Path> link = walk.filter(Files::isSymbolicLink).findFirst();
      if (link.isPresent() || Files.isSymbolicLink(src)) {
        throw new DeployException(
            "layer source contains a symlink: " + link.orElse(src),
            "copy the real file instead: Jib layers cannot hold symlinks");
      }
    }
    FileEntriesLayer.Builder layer =
        FileEntriesLayer.builder().setName(src.getFileName().toString());
    AbsoluteUnixPath target = AbsoluteUnixPath.get(l.target());
    if (Files.isDirectory(src) && target.toString().equals("/")) {
      // the root itself cannot be an entry: add what is in the directory
      try (Stream<Path> children = Files.list(src)) {
        for (Path child : children.sorted().toList()) {
          layer.addEntryRecursive(
              child,
              target.resolve(child.getFileName().toString()),
              (file, inImage) -> permissions(file));
        }
      }
    } else if (Files.isDirectory(src)) {
      layer.addEntryRecursive(src, target, (file, inImage) -> permissions(file));
    } else {
      layer.addEntry(src, target, permissions(src));
    }
    return layer.build();
  }

  private static FilePermissions permissions(Path file) {
    try {
      return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
    } catch (IOException e) {
      return Files.isDirectory(file)
          ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
          : FilePermissions.DEFAULT_FILE_PERMISSIONS;
    }
  }
}
