package io.detektr.deploy.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the YAML configuration. Every problem is collected and reported together in
 * one {@link ConfigException}. Relative paths are resolved against the file's directory; a leading
 * {@code ~/} against the user's home.
 */
public final class ConfigLoader {
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> TOP =
      Set.of(
          "host",
          "port",
          "user",
          "keyPath",
          "knownHosts",
          "connectTimeout",
          "commandTimeout",
          "remoteDir",
          "engine",
          "composeCommand",
          "project",
          "composeFile",
          "files",
          "services",
          "producers",
          "secrets",
          "registry",
          "images",
          "health",
          "preflight",
          "keepReleases");
  private static final Set<String> CHECK_TYPES = Set.of("redis", "http", "tcp");

  private ConfigLoader() {}

  /** Loads {@code file}; throws {@link ConfigException} listing every problem. */
  public static DeployConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read the file: " + e));
    }
    return parse(text, file);
  }

  /** Parses {@code yaml} as if read from {@code file} (which anchors relative paths). */
  public static DeployConfig parse(String yaml, Path file) {
    return parse(yaml, file, true);
  }

  /**
   * Parses {@code yaml}; with {@code checkLocalFiles} false, the existence of the key, known_hosts,
   * compose and uploaded files is not checked (for validating the committed example anywhere).
   */
  public static DeployConfig parse(String yaml, Path file, boolean checkLocalFiles) {
    List<String> problems = new ArrayList<>();
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new ConfigException(file.toString(), List.of("not valid YAML: " + e.getMessage()));
    }
    if (!(root instanceof Map)) {
      throw new ConfigException(file.toString(), List.of("the file must be a YAML mapping"));
    }
    @SuppressWarnings("unchecked")
    Node n = new Node("", (Map<String, Object>) root, problems);
    n.allowOnly(TOP);
    Path base = file.toAbsolutePath().getParent();

    DeployConfig.Ssh ssh =
        new DeployConfig.Ssh(
            n.string("host", "", true),
            n.integer("port", 22, 1, 65535),
            n.string("user", "", true),
            path(base, n.string("keyPath", "~/.ssh/id_ed25519", false)),
            path(base, n.string("knownHosts", "~/.ssh/known_hosts", false)),
            n.duration("connectTimeout", Duration.ofSeconds(10)),
            n.duration("commandTimeout", Duration.ofMinutes(5)));
    if (checkLocalFiles && !Files.isReadable(ssh.keyPath())) {
      n.problem("keyPath", "no readable private key at " + ssh.keyPath());
    }
    if (checkLocalFiles && !Files.isReadable(ssh.knownHosts())) {
      n.problem(
          "knownHosts",
          "no readable known_hosts file at "
              + ssh.knownHosts()
              + " (create it with: ssh-keyscan -p PORT HOST >> FILE, after checking the fingerprint)");
    }

    String remoteDir = n.string("remoteDir", "", true);
    if (!remoteDir.isEmpty() && (!remoteDir.startsWith("/") || remoteDir.contains(".."))) {
      n.problem("remoteDir", "must be an absolute path without '..', got '" + remoteDir + "'");
    }
    remoteDir = remoteDir.replaceAll("/+$", "");
    String engine = n.string("engine", "docker", false);
    if (!Set.of("docker", "podman").contains(engine)) {
      n.problem("engine", "must be docker or podman, got '" + engine + "'");
    }
    List<String> compose =
        n.strings(
            "composeCommand",
            engine.equals("podman") ? List.of("podman-compose") : List.of("docker", "compose"));
    if (compose.isEmpty()) {
      n.problem("composeCommand", "must not be empty (e.g. [docker, compose] or [podman-compose])");
    }
    String project = n.string("project", "", true);
    if (!project.isEmpty() && !PROJECT.matcher(project).matches()) {
      n.problem("project", "must match " + PROJECT.pattern() + ", got '" + project + "'");
    }
    String composeFileText = n.string("composeFile", "", true);
    Path composeFile = composeFileText.isEmpty() ? base : path(base, composeFileText);
    if (checkLocalFiles && !composeFileText.isEmpty() && !Files.isRegularFile(composeFile)) {
      n.problem("composeFile", "no file at " + composeFile);
    }
    List<String> files = n.strings("files", List.of());
    for (String f : files) {
      if (f.startsWith("/") || f.contains("..")) {
        n.problem(
            "files", "'" + f + "' must be relative to the compose file's directory, without '..'");
      } else if (checkLocalFiles && !Files.isRegularFile(composeFile.getParent().resolve(f))) {
        n.problem("files", "no file at " + composeFile.getParent().resolve(f));
      }
    }
    List<String> services = n.strings("services", List.of());
    List<String> producers = n.strings("producers", List.of());
    for (String p : producers) {
      if (!services.isEmpty() && !services.contains(p)) {
        n.problem("producers", "'" + p + "' is not one of services " + services);
      }
    }
    Map<String, String> secrets = n.stringMap("secrets");
    secrets.forEach(
        (k, v) -> {
          if (!ENV_NAME.matcher(k).matches() || !ENV_NAME.matcher(v).matches()) {
            n.problem(
                "secrets",
                "'" + k + ": " + v + "' must map a variable name to an environment variable name");
          }
        });

    DeployConfig.Registry registry = registry(n.child("registry"));
    List<DeployConfig.ImageSpec> images = images(n, base, services);
    DeployConfig.Health health = health(n.child("health"));
    DeployConfig.Preflight preflight = preflight(n.child("preflight"));
    int keep = n.integer("keepReleases", 10, 2, 1000);

    if (!problems.isEmpty()) {
      throw new ConfigException(file.toString(), problems);
    }
    return new DeployConfig(
        file.toAbsolutePath(),
        ssh,
        remoteDir,
        engine,
        compose,
        project,
        composeFile,
        files,
        services,
        producers,
        Map.copyOf(secrets),
        registry,
        images,
        health,
        preflight,
        keep);
  }

  private static DeployConfig.Registry registry(Node r) {
    r.allowOnly(Set.of("url", "usernameEnv", "passwordEnv", "insecure", "sendCredentialsOverHttp"));
    String url = r.string("url", "ghcr.io/OWNER/detektr", false).replaceAll("/+$", "");
    if (url.contains("://") || url.isEmpty()) {
      r.problem(
          "url", "must be a repository prefix such as ghcr.io/owner/detektr, got '" + url + "'");
    }
    String user = r.string("usernameEnv", "", false);
    String pass = r.string("passwordEnv", "", false);
    for (String env : List.of(user, pass)) {
      if (!env.isEmpty() && !ENV_NAME.matcher(env).matches()) {
        r.problem("usernameEnv/passwordEnv", "'" + env + "' is not an environment variable name");
      }
    }
    boolean insecure = r.bool("insecure", false);
    boolean overHttp = r.bool("sendCredentialsOverHttp", false);
    if (overHttp && !insecure) {
      r.problem("sendCredentialsOverHttp", "applies only with insecure: true (plain HTTP)");
    }
    return new DeployConfig.Registry(url, user, pass, insecure, overHttp);
  }

  private static List<DeployConfig.ImageSpec> images(Node n, Path base, List<String> services) {
    List<DeployConfig.ImageSpec> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Node i : n.children("images")) {
      i.allowOnly(
          Set.of("name", "service", "base", "layers", "entrypoint", "cmd", "ports", "environment"));
      String name = i.string("name", "", true);
      if (!name.isEmpty() && !NAME.matcher(name).matches()) {
        i.problem("name", "must match " + NAME.pattern() + ", got '" + name + "'");
      }
      if (!seen.add(name)) {
        i.problem("name", "'" + name + "' is used by two images");
      }
      String service = i.string("service", name, false);
      if (!services.isEmpty() && !services.contains(service)) {
        i.problem("service", "'" + service + "' is not one of services " + services);
      }
      List<DeployConfig.LayerSpec> layers = new ArrayList<>();
      for (Node l : i.children("layers")) {
        l.allowOnly(Set.of("source", "target"));
        Path src = path(base, l.string("source", "", true));
        String target = l.string("target", "", true);
        if (!target.startsWith("/")) {
          l.problem("target", "must be an absolute path in the image, got '" + target + "'");
        }
        layers.add(new DeployConfig.LayerSpec(src, target));
      }
      out.add(
          new DeployConfig.ImageSpec(
              name,
              service,
              i.string("base", "scratch", false),
              List.copyOf(layers),
              i.strings("entrypoint", List.of()),
              i.strings("cmd", List.of()),
              i.ports("ports", List.of()),
              Map.copyOf(i.stringMap("environment"))));
    }
    return List.copyOf(out);
  }

  private static DeployConfig.Health health(Node h) {
    h.allowOnly(
        Set.of("deadline", "initialInterval", "maxInterval", "factor", "checkTimeout", "checks"));
    List<DeployConfig.Check> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node c : h.children("checks")) {
      c.allowOnly(
          Set.of("name", "type", "host", "port", "path", "expect", "passwordEnv", "enabled"));
      String type = c.string("type", "", true);
      if (!type.isEmpty() && !CHECK_TYPES.contains(type)) {
        c.problem(
            "type",
            "must be one of " + new java.util.TreeSet<>(CHECK_TYPES) + ", got '" + type + "'");
      }
      String name = c.string("name", type, false);
      if (!names.add(name)) {
        c.problem("name", "'" + name + "' is used by two checks");
      }
      if (!c.has("port")) {
        c.problem("port", "is required");
      }
      String pw = c.string("passwordEnv", "", false);
      if (!pw.isEmpty() && !ENV_NAME.matcher(pw).matches()) {
        c.problem("passwordEnv", "'" + pw + "' is not an environment variable name");
      }
      String expect = c.string("expect", "", false);
      if (!expect.isEmpty() && io.detektr.deploy.health.MetricExpectation.parse(expect).isEmpty()) {
        c.problem(
            "expect",
            "must be a metric and the value it must have, e.g. 'redis_up == 1' (compared with"
                + " the exposition's sample, comments ignored), got '"
                + expect
                + "'");
      }
      String path = c.string("path", "/", false);
      if (!path.startsWith("/")) {
        c.problem("path", "must start with '/', got '" + path + "'");
      }
      checks.add(
          new DeployConfig.Check(
              name,
              type,
              c.string("host", "127.0.0.1", false),
              c.integer("port", 0, 1, 65535),
              path,
              expect,
              pw,
              c.bool("enabled", true)));
    }
    DeployConfig.Health health =
        new DeployConfig.Health(
            h.duration("deadline", Duration.ofSeconds(90)),
            h.duration("initialInterval", Duration.ofMillis(500)),
            h.duration("maxInterval", Duration.ofSeconds(10)),
            h.number("factor", 1.5, 1.0),
            h.duration("checkTimeout", Duration.ofSeconds(5)),
            List.copyOf(checks));
    if (health.initialInterval().compareTo(health.maxInterval()) > 0) {
      h.problem("initialInterval", "must not be longer than maxInterval");
    }
    return health;
  }

  private static DeployConfig.Preflight preflight(Node p) {
    p.allowOnly(Set.of("ports", "minFreeRamGiB", "minFreeDiskGiB", "networks"));
    return new DeployConfig.Preflight(
        p.ports("ports", List.of(6379, 5672, 15672, 15692, 9121)),
        p.number("minFreeRamGiB", 4, 0),
        p.number("minFreeDiskGiB", 10, 0),
        p.strings("networks", List.of("detektor-network")));
  }

  private static Path path(Path base, String text) {
    if (text.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(text.substring(2)).normalize();
    }
    return base.resolve(text).normalize();
  }
}
