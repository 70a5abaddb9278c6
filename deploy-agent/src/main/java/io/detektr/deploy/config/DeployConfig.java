package io.detektr.deploy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole deploy configuration, immutable and already validated (see {@link ConfigLoader}).
 * Secrets are never values here: only names of environment variables.
 *
 * @param source the YAML file this was read from
 * @param ssh where and how to connect
 * @param remoteDir absolute directory on the server holding releases, lock and audit log
 * @param engine container engine command on the server ({@code docker} or {@code podman})
 * @param composeCommand compose argv prefix ({@code [docker, compose]} or {@code [podman-compose]})
 * @param project compose project name
 * @param composeFile local compose file, uploaded into every release
 * @param files local files uploaded next to it (paths relative to the compose file's directory)
 * @param services services the agent manages; empty means every service of the compose file
 * @param producers services stopped first and started last during a rollback
 * @param secrets compose variable name to local environment variable name, written to the release's
 *     {@code .env} (mode 600) on the server
 * @param registry image registry
 * @param images images built by {@code build} and pinned by digest at deploy
 * @param health health verification after every rollout
 * @param preflight thresholds of the server checks
 * @param keepReleases release directories kept on the server (older ones are pruned)
 */
public record DeployConfig(
    Path source,
    Ssh ssh,
    String remoteDir,
    String engine,
    List<String> composeCommand,
    String project,
    Path composeFile,
    List<String> files,
    List<String> services,
    List<String> producers,
    Map<String, String> secrets,
    Registry registry,
    List<ImageSpec> images,
    Health health,
    Preflight preflight,
    int keepReleases) {

  /** SSH connection settings; host keys are always verified against {@code knownHosts}. */
  public record Ssh(
      String host,
      int port,
      String user,
      Path keyPath,
      Path knownHosts,
      Duration connectTimeout,
      Duration commandTimeout) {}

  /**
   * Registry of the images: {@code url} is the repository prefix ({@code ghcr.io/owner/detektr});
   * credentials come from the named environment variables; {@code insecure} allows plain HTTP
   * (local test registries only); {@code sendCredentialsOverHttp} lets the build send the
   * credentials to such a registry (Jib refuses by default: they travel in clear text).
   */
  public record Registry(
      String url,
      String usernameEnv,
      String passwordEnv,
      boolean insecure,
      boolean sendCredentialsOverHttp) {}

  /** One file or directory copied into an image layer. */
  public record LayerSpec(Path source, String target) {}

  /**
   * One image: pushed to {@code registry.url + "/" + name}, used by compose service {@code
   * service}; {@code base} is an image reference or {@code scratch}.
   */
  public record ImageSpec(
      String name,
      String service,
      String base,
      List<LayerSpec> layers,
      List<String> entrypoint,
      List<String> cmd,
      List<Integer> ports,
      Map<String, String> environment) {}

  /**
   * A health check run from the agent through the SSH connection (direct-tcpip), so ports bound to
   * the server's loopback are reachable. Types: {@code redis} (AUTH + PING), {@code http} (status
   * 200 and body containing {@code expect}), {@code tcp} (connects).
   */
  public record Check(
      String name,
      String type,
      String host,
      int port,
      String path,
      String expect,
      String passwordEnv,
      boolean enabled) {}

  /** Polling of the checks: growing intervals from initial to max, giving up at deadline. */
  public record Health(
      Duration deadline,
      Duration initialInterval,
      Duration maxInterval,
      double factor,
      Duration checkTimeout,
      List<Check> checks) {}

  /** Thresholds of {@code preflight}. */
  public record Preflight(
      List<Integer> ports, double minFreeRamGiB, double minFreeDiskGiB, List<String> networks) {}

  /** The remote path of a release directory. */
  public String releaseDir(String release) {
    return remoteDir + "/releases/" + release;
  }

  /** The full repository (without tag) of an image. */
  public String repository(ImageSpec image) {
    return registry.url() + "/" + image.name();
  }

  /**
   * Values of the committed example that must be replaced before this file can deploy anything
   * ({@code OWNER} in the registry path, an {@code example.*} host): what preflight and deploy
   * refuse, as problems in the config-file form.
   */
  public java.util.List<String> placeholders() {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (ssh.host().matches("(?i)(.*\\.)?example(\\.[a-z]+)+")) {
      out.add("host: '" + ssh.host() + "' is the example's placeholder: name the real server");
    }
    if (java.util.Arrays.asList(registry.url().split("/")).contains("OWNER")) {
      out.add(
          "registry.url: '"
              + registry.url()
              + "' still has the placeholder OWNER: put the lower-case owner of the repository"
              + " (e.g. ghcr.io/acme/detektr)");
    }
    return out;
  }

  /** Every environment variable a deploy, rollback or repair needs, with what it is for. */
  public Map<String, String> requiredSecrets() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    secrets.forEach((name, env) -> out.put(env, "secret " + name + " of the compose file"));
    for (Check c : health.checks()) {
      if (c.enabled() && !c.passwordEnv().isEmpty()) {
        out.putIfAbsent(c.passwordEnv(), "password of health check " + c.name());
      }
    }
    return out;
  }
}
