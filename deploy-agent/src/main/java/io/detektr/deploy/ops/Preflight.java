package io.detektr.deploy.ops;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.commands.ContainerInfo;
import io.detektr.deploy.commands.Parsers;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.remote.ExecResult;
import io.detektr.deploy.remote.Remote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the server before a deploy: ports, memory, disk, GPU, engine, compose, networks and the
 * registry. Each check becomes a row; none throws.
 */
public final class Preflight {
  private static final double KIB_PER_GIB = 1024.0 * 1024.0;
  private final Target t;
  private final Commands cmd;

  public Preflight(Target target) {
    this.t = target;
    this.cmd = target.commands();
  }

  /** One row of the preflight table. */
  public record Row(String check, boolean ok, String detail) {}

  public List<Row> run() {
    List<Row> rows = new ArrayList<>();
    DeployConfig.Preflight p = t.config().preflight();
    rows.add(tool("container engine", cmd.engineVersion()));
    rows.add(tool("compose", cmd.composeVersion()));
    rows.add(guard("ports " + p.ports(), this::ports));
    rows.add(
        guard(
            "free RAM",
            () -> {
              long kib = Parsers.memAvailableKiB(exec(cmd.memInfo()).checked().stdout());
              double gib = kib / KIB_PER_GIB;
              return new Row(
                  "free RAM",
                  gib >= p.minFreeRamGiB(),
                  String.format("%.1f GiB available, need %.1f GiB", gib, p.minFreeRamGiB()));
            }));
    rows.add(
        guard(
            "free disk",
            () -> {
              String dir = existingParent(t.config().remoteDir());
              long kib = Parsers.dfAvailableKiB(exec(cmd.diskFree(dir)).checked().stdout());
              double gib = kib / KIB_PER_GIB;
              return new Row(
                  "free disk",
                  gib >= p.minFreeDiskGiB(),
                  String.format(
                      "%.1f GiB free on %s, need %.1f GiB", gib, dir, p.minFreeDiskGiB()));
            }));
    rows.add(guard("Redis data disk", this::redisDataDisk));
    rows.add(
        guard(
            "GPU",
            () -> {
              ExecResult r = exec(cmd.gpuMemory());
              if (r.exitCode() == 127) {
                return new Row("GPU", true, "no nvidia-smi: no GPU reported");
              }
              if (!r.ok()) {
                return new Row(
                    "GPU", false, "nvidia-smi failed: " + firstLine(r.stderr() + r.stdout()));
              }
              List<String> gpus = new ArrayList<>();
              for (String line : r.stdout().strip().split("\n")) {
                String[] f = line.split(",\\s*");
                gpus.add(f.length >= 3 ? f[0] + ": " + f[2] + "/" + f[1] + " MiB used" : line);
              }
              return new Row("GPU", true, String.join("; ", gpus));
            }));
    for (String network : p.networks()) {
      rows.add(
          guard(
              "network " + network,
              () -> {
                ExecResult r = exec(cmd.networkExists(network));
                return new Row(
                    "network " + network,
                    r.ok(),
                    r.ok()
                        ? "exists"
                        : "missing: create it with '"
                            + t.config().engine()
                            + " network create "
                            + network
                            + "'");
              }));
    }
    rows.add(guard("registry", this::registry));
    return rows;
  }

  private Row ports() {
    Set<Integer> listening =
        Parsers.listeningPorts(exec(cmd.listeningSockets()).checked().stdout());
    Set<Integer> ours = new TreeSet<>();
    for (ContainerInfo c : t.stack().containers()) {
      if (c.running()) {
        ours.addAll(c.publishedPorts());
      }
    }
    List<String> taken = new ArrayList<>();
    List<String> held = new ArrayList<>();
    for (int port : t.config().preflight().ports()) {
      if (listening.contains(port)) {
        (ours.contains(port) ? held : taken).add(String.valueOf(port));
      }
    }
    String name = "ports " + t.config().preflight().ports();
    if (!taken.isEmpty()) {
      return new Row(
          name,
          false,
          "taken by another process: " + String.join(", ", taken) + " (find it with: ss -ltnp)");
    }
    return new Row(
        name,
        true,
        held.isEmpty()
            ? "all free"
            : "free or held by " + t.config().project() + " (" + String.join(", ", held) + ")");
  }

  private Row registry() {
    String url = t.config().registry().url();
    String hostPort = url.split("/")[0];
    String host = hostPort;
    int port = t.config().registry().insecure() ? 80 : 443;
    int colon = hostPort.lastIndexOf(':');
    if (colon > 0 && hostPort.substring(colon + 1).matches("\\d+")) {
      host = hostPort.substring(0, colon);
      port = Integer.parseInt(hostPort.substring(colon + 1));
    }
    try (Remote.Tunnel tunnel = t.remote().connect(host, port)) {
      return new Row("registry", true, "the server reaches " + host + ":" + port);
    } catch (DeployException e) {
      return new Row(
          "registry",
          false,
          "the server cannot reach " + host + ":" + port + ": " + firstLine(e.getMessage()));
    }
  }

  private Row tool(String name, io.detektr.deploy.commands.RemoteCommand c) {
    return guard(
        name,
        () -> {
          ExecResult r = exec(c);
          String out = firstLine(r.stdout().isBlank() ? r.stderr() : r.stdout());
          return new Row(
              name,
              r.ok(),
              r.ok()
                  ? c.argv().get(0) + ": " + out
                  : "'" + c.toShell() + "' failed (exit " + r.exitCode() + "): " + out);
        });
  }

  /**
   * Room where Redis keeps its data (the volume's path on the server) for one more snapshot: at
   * least the size of the data files there, or BGSAVE fails and Redis refuses writes (MISCONF).
   */
  private Row redisDataDisk() {
    String name = "Redis data disk";
    Optional<String> current = t.store().current();
    Optional<String> path =
        current.flatMap(id -> t.stack().redisDataPath(t.store().releaseDir(id)));
    if (path.isEmpty()) {
      return new Row(
          name,
          true,
          current.isEmpty()
              ? "no release yet: the volume is created by the first deploy"
              : "no named volume of service "
                  + Stack.REDIS_SERVICE
                  + " in release "
                  + current.get());
    }
    long free = t.stack().freeKiB(path.get());
    long used = t.stack().usedKiB(path.get());
    return new Row(
        name,
        free >= used,
        String.format(
            "%.1f MiB free on %s, the data files take %.1f MiB (a snapshot needs as much again)",
            free / 1024.0, path.get(), used / 1024.0));
  }

  private String existingParent(String dir) {
    String d = dir;
    while (!d.isEmpty() && !t.remote().exists(d)) {
      d = d.substring(0, d.lastIndexOf('/'));
    }
    return d.isEmpty() ? "/" : d;
  }

  private ExecResult exec(io.detektr.deploy.commands.RemoteCommand c) {
    return t.remote().exec(c, Duration.ofSeconds(60));
  }

  private Row guard(String name, java.util.function.Supplier<Row> check) {
    try {
      return check.get();
    } catch (DeployException e) {
      return new Row(name, false, firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      return new Row(name, false, String.valueOf(e));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }
}
