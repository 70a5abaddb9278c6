package io.detektr.broker.tck.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real RabbitMQ node ({@code /usr/lib/rabbitmq/bin/rabbitmq-server}, which runs as root) with its
 * own node name, ports, config, plugins and data directory under a temp dir. {@link #kill()} is a
 * crash of the Erlang VM; {@link #restart()} boots the same node on the same data, so durable
 * queues and persistent messages come back.
 */
public final class RabbitServer extends TestServer {
  public static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final int managementPort;
  private final int prometheusPort;

  private RabbitServer(Builder b) {
    super(FreePorts.next(), START_TIMEOUT);
    int port = port();
    this.managementPort = b.plugins.contains("rabbitmq_management") ? FreePorts.next() : -1;
    this.prometheusPort = b.plugins.contains("rabbitmq_prometheus") ? FreePorts.next() : -1;
    int distPort = FreePorts.next();
    Path dir;
    try {
      dir = Files.createTempDirectory("rabbit-" + port + "-");
      List<String> conf =
          new ArrayList<>(
              List.of(
                  "listeners.tcp.default = 127.0.0.1:" + port,
                  "loopback_users = none",
                  // tests run on shared CI disks: do not stop publishers over a low-disk alarm
                  "disk_free_limit.absolute = 1MB"));
      if (managementPort > 0) {
        conf.add("management.tcp.port = " + managementPort);
        conf.add("management.tcp.ip = 127.0.0.1");
      }
      if (prometheusPort > 0) {
        conf.add("prometheus.tcp.port = " + prometheusPort);
        conf.add("prometheus.tcp.ip = 127.0.0.1");
      }
      conf.addAll(b.configLines);
      Files.write(dir.resolve("rabbitmq.conf"), conf);
      Files.writeString(dir.resolve("enabled_plugins"), "[" + String.join(",", b.plugins) + "].\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env =
        Map.of(
            "RABBITMQ_NODENAME", "tck-" + port + "@localhost",
            "RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1",
            "RABBITMQ_NODE_PORT", Integer.toString(port),
            "RABBITMQ_DIST_PORT", Integer.toString(distPort),
            "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
            "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
            "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString(),
            "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
            "RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString(),
            "RABBITMQ_PID_FILE", dir.resolve("rabbit.pid").toString());
    if (!Files.isExecutable(Path.of(SERVER))) {
      throw new IllegalStateException(
          SERVER
              + " is missing: install the Debian package"
              + " rabbitmq-server (scripts/test.sh does)");
    }
    launch(new ServerProcess("rabbitmq-" + port, List.of(SERVER), env, dir));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A node with no plugins: the fastest to boot. */
  public static RabbitServer start() {
    return builder().start();
  }

  /** The management HTTP port, or -1 without the management plugin. */
  public int managementPort() {
    return managementPort;
  }

  /** The Prometheus plugin port, or -1 without it. */
  public int prometheusPort() {
    return prometheusPort;
  }

  /** {@code amqp://guest:guest@127.0.0.1:port}; guest may log in over loopback. */
  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port();
  }

  /** Options of a test node. */
  public static final class Builder {
    private final List<String> plugins = new ArrayList<>();
    private final List<String> configLines = new ArrayList<>();

    /** Enables plugins, e.g. {@code rabbitmq_management}, {@code rabbitmq_prometheus}. */
    public Builder plugin(String... names) {
      plugins.addAll(List.of(names));
      return this;
    }

    /** Adds {@code key = value} lines to rabbitmq.conf. */
    public Builder config(String... lines) {
      configLines.addAll(List.of(lines));
      return this;
    }

    public RabbitServer start() {
      return new RabbitServer(this);
    }
  }
}
