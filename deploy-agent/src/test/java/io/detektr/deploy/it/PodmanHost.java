package io.detektr.deploy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Podman configured entirely through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF /
 * CONTAINERS_REGISTRIES_CONF files in a temp dir (own storage root, runroot, tmp and network config
 * dir): runc with cgroupfs, lowered ulimits, vfs storage, the local registry insecure.
 */
final class PodmanHost implements AutoCloseable {
  final Path dir;
  final Map<String, String> env = new LinkedHashMap<>();

  PodmanHost(Path dir, String registry) throws IOException {
    this.dir = Files.createDirectories(dir);
    Procs.require("/usr/bin/podman", "podman");
    Procs.require("/usr/bin/podman-compose", "podman-compose");
    Procs.require("/usr/sbin/runc", "runc");
    for (String d : List.of("graph", "run", "tmp", "net", "volumes")) {
      Files.createDirectories(dir.resolve(d));
    }
    // named volumes (Redis's data) on a small file system of their own, which a test can fill
    Procs.ok(
        Map.of(),
        Duration.ofSeconds(30),
        "mount",
        "-t",
        "tmpfs",
        "-o",
        "size=" + VOLUMES_MIB + "m",
        "e2e-volumes",
        volumes().toString());
    Path containers = dir.resolve("containers.conf");
    Files.writeString(
        containers,
        String.join(
            "\n",
            "[containers]",
            "default_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]",
            "[engine]",
            "cgroup_manager = \"cgroupfs\"",
            "runtime = \"runc\"",
            "events_logger = \"file\"",
            "tmp_dir = \"" + dir.resolve("tmp") + "\"",
            "volume_path = \"" + dir.resolve("volumes") + "\"",
            "[network]",
            "network_config_dir = \"" + dir.resolve("net") + "\"",
            ""));
    Path storage = dir.resolve("storage.conf");
    Files.writeString(
        storage,
        String.join(
            "\n",
            "[storage]",
            "driver = \"vfs\"",
            "runroot = \"" + dir.resolve("run") + "\"",
            "graphroot = \"" + dir.resolve("graph") + "\"",
            ""));
    Path registries = dir.resolve("registries.conf");
    Files.writeString(
        registries,
        String.join(
            "\n",
            "unqualified-search-registries = []",
            "[[registry]]",
            "location = \"" + registry + "\"",
            "insecure = true",
            ""));
    env.put("CONTAINERS_CONF", containers.toString());
    env.put("CONTAINERS_STORAGE_CONF", storage.toString());
    env.put("CONTAINERS_REGISTRIES_CONF", registries.toString());
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  }

  static final int VOLUMES_MIB = 64;

  /** Where Podman keeps named volumes: a tmpfs of {@link #VOLUMES_MIB} MiB. */
  Path volumes() {
    return dir.resolve("volumes");
  }

  String podman(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "podman";
    System.arraycopy(args, 0, cmd, 1, args.length);
    return Procs.ok(env, Duration.ofMinutes(2), cmd);
  }

  Procs.Result tryPodman(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("podman"));
    cmd.addAll(List.of(args));
    return Procs.run(env, Duration.ofMinutes(2), cmd);
  }

  /** Removes every container, pod, volume and network this host made. */
  @Override
  public void close() {
    tryPodman("rm", "-a", "-f", "-t", "0");
    tryPodman("pod", "rm", "-a", "-f");
    tryPodman("volume", "rm", "-a", "-f");
    tryPodman("network", "prune", "-f");
    tryPodman("system", "reset", "-f");
    Procs.run(Map.of(), Duration.ofSeconds(30), List.of("umount", "-l", volumes().toString()));
  }
}
