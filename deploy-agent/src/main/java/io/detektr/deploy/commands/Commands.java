package io.detektr.deploy.commands;

import io.detektr.deploy.config.DeployConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Every command the agent runs on the server, as pure functions of the configuration (Kamal's
 * {@code commands/}). Nothing here talks to a server.
 */
public final class Commands {
  /** Label both docker compose and podman-compose put on a project's containers. */
  public static final String PROJECT_LABEL = "com.docker.compose.project";

  public static final String SERVICE_LABEL = "com.docker.compose.service";

  /** Name of the compose file inside every release directory. */
  public static final String COMPOSE_FILE = "compose.yml";

  /** The compose file without the producers' {@code depends_on}, next to it. */
  public static final String NO_DEPS_FILE = "compose.nodeps.yml";

  private final DeployConfig config;

  public Commands(DeployConfig config) {
    this.config = config;
  }

  private List<String> compose(String releaseDir, String... args) {
    List<String> argv = new ArrayList<>(config.composeCommand());
    argv.addAll(List.of("-f", releaseDir + "/" + COMPOSE_FILE, "-p", config.project()));
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * {@code up -d --force-recreate [services]}: force-recreate because podman-compose 1.0.3 merely
   * restarts the old container on a plain {@code up -d} after a tag change (and exits 0).
   */
  public RemoteCommand composeUp(String releaseDir, List<String> services) {
    List<String> argv = compose(releaseDir, "up", "-d", "--force-recreate");
    argv.addAll(services);
    return new RemoteCommand(argv);
  }

  /**
   * Like {@link #composeUp} but leaves the services they depend on (Redis) alone: {@code --no-deps}
   * on {@link #NO_DEPS_FILE}, the release's compose file without their {@code depends_on}
   * (podman-compose 1.0.3 ignores {@code --no-deps}).
   */
  public RemoteCommand composeUpNoDeps(String releaseDir, List<String> services) {
    List<String> argv = new ArrayList<>(config.composeCommand());
    argv.addAll(List.of("-f", releaseDir + "/" + NO_DEPS_FILE, "-p", config.project()));
    argv.addAll(List.of("up", "-d", "--force-recreate", "--no-deps"));
    argv.addAll(services);
    return new RemoteCommand(argv);
  }

  /**
   * Starts {@code command} on the server detached from the SSH session (its own session via setsid,
   * no terminal, stdin from /dev/null), so that a dropped connection does not kill it half way: its
   * output goes to {@code dir/out} and {@code dir/err}, its exit code to {@code dir/rc} when it
   * ends. Starting twice is a no-op ({@code dir/launched}), so the agent can repeat this after
   * reconnecting without running the step twice.
   */
  public RemoteCommand detached(RemoteCommand command, String dir) {
    String step = command.toShell() + " > out 2> err < /dev/null; echo $? > rc.tmp; mv rc.tmp rc";
    String launcher =
        "mkdir -p "
            + RemoteCommand.quote(dir)
            + " && cd "
            + RemoteCommand.quote(dir)
            + " && if [ ! -e launched ]; then : > launched; setsid sh -c "
            + RemoteCommand.quote(step)
            + " > /dev/null 2>&1 < /dev/null & fi";
    return RemoteCommand.of("sh", "-c", launcher);
  }

  /** Stops (never removes) services; their volumes stay. */
  public RemoteCommand composeStop(String releaseDir, List<String> services) {
    List<String> argv = compose(releaseDir, "stop");
    argv.addAll(services);
    return new RemoteCommand(argv);
  }

  /**
   * {@code rm -f} of containers (never volumes): used when a container does not run its release's
   * image, e.g. a crash-looping one that the engine's restart policy keeps bringing back.
   */
  public RemoteCommand removeContainers(List<String> containerIds) {
    List<String> argv = new ArrayList<>(List.of(config.engine(), "rm", "-f"));
    argv.addAll(containerIds);
    return new RemoteCommand(argv);
  }

  public RemoteCommand composeVersion() {
    List<String> argv = new ArrayList<>(config.composeCommand());
    argv.add("version");
    return new RemoteCommand(argv);
  }

  public RemoteCommand engineVersion() {
    return RemoteCommand.of(config.engine(), "version");
  }

  /** Registry login on the server; the password goes to stdin, never into the argv. */
  public RemoteCommand login(String registryHost, String username) {
    return RemoteCommand.of(
        config.engine(), "login", "--username", username, "--password-stdin", registryHost);
  }

  public RemoteCommand pull(String imageRef) {
    return RemoteCommand.of(config.engine(), "pull", imageRef);
  }

  /** JSON array with Id and RepoDigests of a local image. */
  public RemoteCommand imageInspect(String imageRef) {
    return RemoteCommand.of(config.engine(), "image", "inspect", imageRef);
  }

  /** IDs of all containers (running or not) of the compose project. */
  public RemoteCommand projectContainers() {
    return RemoteCommand.of(
        config.engine(),
        "ps",
        "-a",
        "-q",
        "--no-trunc",
        "--filter",
        "label=" + PROJECT_LABEL + "=" + config.project());
  }

  /** JSON array describing containers: Id, Name, Image (ID), State, Config.Labels. */
  public RemoteCommand inspect(List<String> containerIds) {
    List<String> argv = new ArrayList<>(List.of(config.engine(), "inspect"));
    argv.addAll(containerIds);
    return new RemoteCommand(argv);
  }

  /** Where a named volume keeps its files on the server. */
  public RemoteCommand volumeMountpoint(String volume) {
    return RemoteCommand.of(
        config.engine(), "volume", "inspect", "--format", "{{.Mountpoint}}", volume);
  }

  /** KiB used under a directory (the size of Redis's data files). */
  public RemoteCommand diskUsage(String path) {
    return RemoteCommand.of("du", "-sk", path);
  }

  public RemoteCommand networkExists(String network) {
    return RemoteCommand.of(config.engine(), "network", "inspect", network);
  }

  /** Listening TCP sockets, read from procfs so that no ss/netstat is needed. */
  public RemoteCommand listeningSockets() {
    return RemoteCommand.of("cat", "/proc/net/tcp", "/proc/net/tcp6");
  }

  public RemoteCommand memInfo() {
    return RemoteCommand.of("cat", "/proc/meminfo");
  }

  /** POSIX df in KiB of the filesystem holding {@code path} (or its nearest existing parent). */
  public RemoteCommand diskFree(String path) {
    return RemoteCommand.of("df", "-Pk", path);
  }

  /** GPU name, total and used memory (MiB), one line per GPU; exit 127 when there is none. */
  public RemoteCommand gpuMemory() {
    return RemoteCommand.of(
        "nvidia-smi", "--query-gpu=name,memory.total,memory.used", "--format=csv,noheader,nounits");
  }
}
