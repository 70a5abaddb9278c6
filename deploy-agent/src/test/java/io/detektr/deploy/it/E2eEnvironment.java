package io.detektr.deploy.it;

import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.deploy.cli.DeployAgentCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One simulated server for all e2e tests of the JVM, kept in JUnit's root store and closed at the
 * end (or when startup fails): sshd, a registry and Podman, plus the test images' staging dirs.
 */
public final class E2eEnvironment implements ParameterResolver {
  static final String REDIS_PASSWORD = "e2e-Secret-pw-42";
  static final String REGISTRY_PASSWORD = "e2e-registry-token-7";

  /**
   * A secret that occurs in every image path (the registry's repository owner), as a CI deploy of a
   * personal repository has it: masking must never change the commands (issue 18, defect 1).
   */
  static final String RABBITMQ_USER = "e2e";

  /** The stand-in exporter's exposition, HELP line included (issue 18, defect 2). */
  static String metrics(String redisUp) {
    return "# HELP redis_up 1 if the last scrape of Redis succeeded, 0 otherwise\n"
        + "# TYPE redis_up gauge\n"
        + "redis_up "
        + redisUp
        + "\n";
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Env.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Env.class, k -> Env.start(), Env.class);
  }

  /** The running parts. */
  public static final class Env implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final Path root;
    LocalRegistry registry;
    PodmanHost podman;
    Sshd sshd;
    final int redisPort = FreePorts.next();
    final int metricsPort = FreePorts.next();
    final Map<String, String> env = new LinkedHashMap<>();

    private Env(Path root) {
      this.root = root;
    }

    static Env start() {
      Path root;
      try {
        root = Files.createTempDirectory("deploy-e2e");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Env e = new Env(root);
      try {
        e.registry = new LocalRegistry(root.resolve("registry"), "e2e-pusher", REGISTRY_PASSWORD);
        e.podman = new PodmanHost(root.resolve("podman"), e.registry.address());
        e.sshd = new Sshd(root.resolve("sshd"), e.podman.env);
        e.podman.podman("network", "create", "e2e-net");
        e.env.put("REDIS_PASSWORD", REDIS_PASSWORD);
        e.env.put("DEPLOY_AGENT_USER", "e2e-tester");
        e.env.put("REGISTRY_USERNAME", "e2e-pusher");
        e.env.put("REGISTRY_PASSWORD", REGISTRY_PASSWORD);
        e.env.put("RABBITMQ_USER", RABBITMQ_USER);
        e.stageImages();
        return e;
      } catch (IOException | RuntimeException | AssertionError failure) {
        e.close();
        throw failure instanceof RuntimeException r
            ? r
            : new IllegalStateException("e2e environment: " + failure.getMessage(), failure);
      }
    }

    Path remoteDir() {
      return root.resolve("server/opt/broker");
    }

    /**
     * Staging dirs of the test images: redis-server (copied under its real name, it is a symlink to
     * redis-check-rdb and argv[0] picks the mode) plus every library ldd lists, as real files; a
     * static busybox with a /metrics file standing in for the exporter.
     */
    private void stageImages() throws IOException {
      Path redis = root.resolve("images/redis");
      Path redisBin = Path.of("/usr/bin/redis-server").toRealPath();
      copy(redisBin, redis.resolve("usr/bin/redis-server"));
      String ldd = Procs.ok("ldd", redisBin.toString());
      for (String line : ldd.split("\n")) {
        String lib = null;
        String l = line.trim();
        if (l.contains("=> /")) {
          lib = l.substring(l.indexOf("=> ") + 3, l.lastIndexOf(" ("));
        } else if (l.startsWith("/")) {
          lib = l.substring(0, l.indexOf(' '));
        }
        if (lib != null) {
          copy(Path.of(lib).toRealPath(), redis.resolve(lib.substring(1)));
        }
      }
      Files.createDirectories(redis.resolve("data"));
      Files.createDirectories(redis.resolve("tmp"));
      Path busybox = root.resolve("images/busybox");
      copy(
          Procs.require("/bin/busybox", "busybox-static").toRealPath(),
          busybox.resolve("bin/busybox"));
      Files.createDirectories(busybox.resolve("www"));
      Files.writeString(busybox.resolve("www/metrics"), metrics("0.0"));
      for (String v : List.of("v1", "v2")) {
        Files.createDirectories(root.resolve("images/" + v));
        Files.writeString(root.resolve("images/" + v + "/VERSION"), v + "\n");
      }
    }

    private static void copy(Path from, Path to) throws IOException {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** Writes a deploy config (and the compose file, redis.conf) into {@code dir}. */
    Path writeConfig(Path dir, String redisConfExtra, String preflightYaml, String healthExtra)
        throws IOException {
      Files.createDirectories(dir.resolve("config"));
      String compose =
          new String(
                  Objects.requireNonNull(getClass().getResourceAsStream("/e2e/compose.yml"))
                      .readAllBytes(),
                  StandardCharsets.UTF_8)
              .replace("@REDIS_PORT@", String.valueOf(redisPort))
              .replace("@METRICS_PORT@", String.valueOf(metricsPort));
      Files.writeString(dir.resolve("compose.yml"), compose);
      Files.writeString(
          dir.resolve("config/redis.conf"),
          "port 6379\nbind 0.0.0.0\nprotected-mode no\n"
              + "dir /data\nsave 3600 1\nappendonly no\n"
              + redisConfExtra);
      Files.writeString(dir.resolve("config/metrics"), metrics("1.0"));
      Path images = root.resolve("images");
      String yaml =
          String.join(
              "\n",
              "host: 127.0.0.1",
              "port: " + sshd.port,
              "user: " + System.getProperty("user.name"),
              "keyPath: " + sshd.clientKey,
              "knownHosts: " + sshd.knownHosts,
              "connectTimeout: 5s",
              "commandTimeout: 3m",
              "remoteDir: " + remoteDir(),
              "engine: podman",
              "composeCommand: [podman-compose]",
              "project: e2e",
              "composeFile: compose.yml",
              "files: [config/redis.conf, config/metrics]",
              "services: [redis, exporter, producer]",
              "producers: [producer]",
              "secrets: {REDIS_PASSWORD: REDIS_PASSWORD, RABBITMQ_USER: RABBITMQ_USER}",
              "registry: {url: '"
                  + registry.address()
                  + "/e2e', insecure: true, sendCredentialsOverHttp: true,"
                  + " usernameEnv: REGISTRY_USERNAME, passwordEnv: REGISTRY_PASSWORD}",
              "images:",
              "  - name: redis",
              "    service: redis",
              "    base: scratch",
              "    layers:",
              "      - {source: " + images.resolve("redis") + ", target: /}",
              "      - {source: " + images.resolve("@VERSION@") + ", target: /}",
              "    ports: [6379]",
              "  - name: busybox",
              "    service: exporter",
              "    base: scratch",
              "    layers: [{source: " + images.resolve("busybox") + ", target: /}]",
              "  - name: producer",
              "    service: producer",
              "    base: scratch",
              "    layers: [{source: " + images.resolve("busybox") + ", target: /}]",
              "health:",
              "  deadline: 12s",
              "  initialInterval: 200ms",
              "  maxInterval: 2s",
              "  factor: 1.6",
              "  checkTimeout: 3s",
              "  checks:",
              "    - {name: redis, type: redis, host: 127.0.0.1, port: "
                  + redisPort
                  + ", passwordEnv: REDIS_PASSWORD}",
              "    - {name: exporter, type: http, host: 127.0.0.1, port: "
                  + metricsPort
                  + ", path: /metrics, expect: 'redis_up == 1'}",
              healthExtra,
              preflightYaml,
              "");
      Path f = dir.resolve("deploy.yml");
      Files.writeString(f, yaml);
      return f;
    }

    /** The same config, with the image version layer chosen. */
    static Path withVersion(Path config, String version) throws IOException {
      Path f = config.resolveSibling("deploy-" + version + ".yml");
      Files.writeString(f, Files.readString(config).replace("@VERSION@", version));
      return f;
    }

    /** Runs the CLI with {@code variable} set to {@code value} instead. */
    Run cliWith(String variable, String value, String... args) {
      Map<String, String> saved = new LinkedHashMap<>(env);
      env.put(variable, value);
      try {
        return cli(args);
      } finally {
        env.clear();
        env.putAll(saved);
      }
    }

    /** Runs the CLI with this environment's variables but {@code variable} unset. */
    Run cliWithout(String variable, String... args) {
      Map<String, String> saved = new LinkedHashMap<>(env);
      env.remove(variable);
      try {
        return cli(args);
      } finally {
        env.clear();
        env.putAll(saved);
      }
    }

    /** Runs the CLI in-process with this environment's variables. */
    Run cli(String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      int code =
          DeployAgentCli.run(
              env::get,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              args);
      Run r =
          new Run(
              code,
              out.toString(StandardCharsets.UTF_8),
              err.toString(StandardCharsets.UTF_8),
              Duration.ofNanos(System.nanoTime() - t0));
      System.out.println(
          "$ deploy-agent "
              + String.join(" ", args)
              + "   -> exit "
              + code
              + " in "
              + r.took().toMillis()
              + " ms\n"
              + r.out()
              + r.err());
      return r;
    }

    /** A Redis command sent straight to the published port (the test runs on the "server"). */
    String redis(String... args) throws IOException {
      return redisAs(REDIS_PASSWORD, args);
    }

    /** Like {@link #redis} with another password; an AUTH refusal is the IOException's message. */
    String redisAs(String password, String... args) throws IOException {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", redisPort), 2000);
        s.setSoTimeout(5000);
        io.detektr.deploy.health.Resp resp =
            new io.detektr.deploy.health.Resp(s.getInputStream(), s.getOutputStream());
        String auth = resp.call("AUTH", password);
        if (!auth.equals("OK")) {
          throw new IOException("AUTH: " + auth);
        }
        return resp.call(args);
      }
    }

    @Override
    public void close() {
      if (podman != null) {
        podman.close();
      }
      if (sshd != null) {
        sshd.close();
      }
      if (registry != null) {
        registry.close();
      }
      Procs.run(Map.of(), Duration.ofMinutes(1), List.of("rm", "-rf", root.toString()));
    }
  }

  /** One CLI run. */
  record Run(int code, String out, String err, Duration took) {
    String all() {
      return out + err;
    }
  }
}
