package io.detektr.deploy.ops;

import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.health.Backoff;
import io.detektr.deploy.release.ComposePinner;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The plans printed by {@code --dry-run}: every step with the commands it would run. Pure. */
public final class Plans {
  private Plans() {}

  public static List<String> deploy(DeployConfig c, String tag) {
    Commands cmd = new Commands(c);
    String dir = c.releaseDir("<next>");
    List<String> services = new ArrayList<>(services(c));
    services.removeAll(c.producers());
    List<String> lines = new ArrayList<>();
    lines.add(
        "plan: deploy tag "
            + tag
            + " to "
            + c.ssh().user()
            + "@"
            + c.ssh().host()
            + ":"
            + c.ssh().port()
            + " (project "
            + c.project()
            + ", "
            + c.remoteDir()
            + ")");
    List<String> s = Deployer.DEPLOY_STEPS;
    lines.add(step(1, s, "mkdir " + c.remoteDir() + "/lock (atomic; fails when held)"));
    List<String> files = new ArrayList<>(List.of("compose.source.yml"));
    files.addAll(c.files());
    files.add(".env (mode 600: " + String.join(", ", c.secrets().keySet()) + ")");
    lines.add(step(2, s, "SFTP to " + dir + "/: " + String.join(", ", files)));
    lines.add(
        step(
            3,
            s,
            c.images().isEmpty()
                ? "no images configured"
                : c.images().stream()
                    .map(i -> cmd.pull(c.repository(i) + ":" + tag).toShell())
                    .collect(Collectors.joining("; "))));
    lines.add(
        step(
            4,
            s,
            c.images().stream()
                    .map(i -> i.service() + " -> " + c.repository(i) + "@sha256:...")
                    .collect(Collectors.joining(", "))
                + " in "
                + dir
                + "/"
                + Commands.COMPOSE_FILE));
    lines.add(
        step(
            5,
            s,
            c.producers().isEmpty()
                ? "no producers configured"
                : cmd.composeStop(c.releaseDir("<current>"), c.producers()).toShell()));
    lines.add(
        step(
            6, s, "BGSAVE on the first redis check's endpoint (running release's password), wait"));
    lines.add(step(7, s, cmd.composeUp(dir, services).toShell()));
    lines.add(step(8, s, cmd.projectContainers().toShell() + "; " + c.engine() + " inspect ..."));
    lines.add(step(9, s, health(c)));
    lines.add(
        step(
            10,
            s,
            c.producers().isEmpty()
                ? "no producers configured"
                : cmd.composeUpNoDeps(dir, c.producers()).toShell()));
    lines.add(
        step(
            11,
            s,
            "release.json outcome=live, " + c.remoteDir() + "/current, keep " + c.keepReleases()));
    lines.add(
        "on failure in steps 7-10: restore the previous healthy release (rm -f containers not"
            + " running its pinned images, up, up to 3 times), verify images and health, exit 1");
    return lines;
  }

  public static List<String> rollback(DeployConfig c, String to) {
    Commands cmd = new Commands(c);
    String dir = c.releaseDir(to);
    List<String> services = new ArrayList<>(services(c));
    services.removeAll(c.producers());
    List<String> s = Deployer.ROLLBACK_STEPS;
    List<String> lines = new ArrayList<>();
    lines.add(
        "plan: rollback to "
            + to
            + " on "
            + c.ssh().user()
            + "@"
            + c.ssh().host()
            + ":"
            + c.ssh().port());
    lines.add(step(1, s, "mkdir " + c.remoteDir() + "/lock"));
    lines.add(step(2, s, "read " + c.remoteDir() + "/current and releases/*/release.json"));
    lines.add(
        step(
            3,
            s,
            c.producers().isEmpty()
                ? "no producers configured"
                : cmd.composeStop(c.releaseDir("<current>"), c.producers()).toShell()));
    lines.add(step(4, s, "BGSAVE, wait until written"));
    lines.add(
        step(
            5,
            s,
            c.engine()
                + " rm -f <containers not running their pinned image>; "
                + cmd.composeUp(dir, services).toShell()
                + " (up to 3 times)"));
    lines.add(step(6, s, cmd.projectContainers().toShell() + "; " + c.engine() + " inspect ..."));
    lines.add(step(7, s, health(c)));
    lines.add(
        step(
            8,
            s,
            c.producers().isEmpty()
                ? "no producers configured"
                : cmd.composeUpNoDeps(dir, c.producers()).toShell()));
    lines.add(step(9, s, c.remoteDir() + "/current = " + to));
    return lines;
  }

  private static String health(DeployConfig c) {
    DeployConfig.Health h = c.health();
    String checks =
        h.checks().stream()
            .filter(DeployConfig.Check::enabled)
            .map(k -> k.name() + " (" + k.type() + " " + k.host() + ":" + k.port() + ")")
            .collect(Collectors.joining(", "));
    List<java.time.Duration> sleeps =
        new Backoff(h.initialInterval(), h.maxInterval(), h.factor()).schedule(h.deadline());
    return checks
        + "; up to "
        + (sleeps.size() + 1)
        + " rounds within "
        + h.deadline().toSeconds()
        + " s";
  }

  private static String step(int i, List<String> titles, String what) {
    return "[" + i + "/" + titles.size() + "] " + titles.get(i - 1) + ": " + what;
  }

  private static List<String> services(DeployConfig c) {
    if (!c.services().isEmpty()) {
      return c.services();
    }
    try {
      return ComposePinner.services(Files.readString(c.composeFile()));
    } catch (IOException e) {
      return List.of("<all services>");
    }
  }
}
