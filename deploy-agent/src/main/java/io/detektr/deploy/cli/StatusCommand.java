package io.detektr.deploy.cli;

import io.detektr.deploy.commands.ContainerInfo;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.health.CheckResult;
import io.detektr.deploy.ops.Deployer;
import io.detektr.deploy.ops.Stack;
import io.detektr.deploy.ops.Target;
import io.detektr.deploy.release.LockInfo;
import io.detektr.deploy.release.Release;
import io.detektr.deploy.remote.Remote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    description =
        "Current release, lock, containers (flagging any that does not run its release's pinned"
            + " image) and one round of health checks; exit 1 when anything differs or fails.")
final class StatusCommand extends AgentCommand {
  @Override
  String name() {
    return "status";
  }

  @Override
  int execute(DeployConfig config) {
    try (Remote remote = connect(config)) {
      Target t = target(config, remote);
      String current = t.store().current().orElse("none");
      Optional<LockInfo> lock = t.store().lockInfo();
      renderer.line("", "server:  " + remote.describe() + "  project " + config.project());
      renderer.line("", "release: " + current);
      renderer.line("", "lock:    " + lock.map(LockInfo::describe).orElse("free"));
      List<Map<String, Object>> cs = new ArrayList<>();
      for (ContainerInfo c : t.stack().containers()) {
        renderer.line(
            "",
            String.format(
                "  %-28s %-16s %-10s %.12s", c.name(), c.service(), c.status(), c.imageId()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("service", c.service());
        m.put("status", c.status());
        m.put("image", c.imageId());
        cs.add(m);
      }
      List<String> differs = new ArrayList<>();
      if (!current.equals("none")) {
        Release rel = t.store().read(current);
        List<String> services = t.stack().services(t.store().releaseDir(current));
        for (Stack.Mismatch m : t.stack().mismatches(services, rel.images())) {
          renderer.line("", "  DIFFERS " + m.problem());
          differs.add(m.problem());
        }
        if (!Release.LIVE.equals(rel.outcome())) {
          String note = "release " + current + " is " + rel.outcome() + ": " + rel.message();
          renderer.line("", "  NOTE " + note);
          differs.add(note);
        }
        if (!differs.isEmpty()) {
          renderer.line(
              "", "  run 'deploy-agent repair' to re-apply release " + current + " and verify it");
        }
      }
      List<CheckResult> health = new Deployer(t).healthOnce();
      List<Map<String, Object>> hs = new ArrayList<>();
      for (CheckResult r : health) {
        renderer.line(
            "", String.format("  %-4s %s: %s", r.ok() ? "ok" : "FAIL", r.name(), r.detail()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.name());
        m.put("ok", r.ok());
        m.put("detail", r.detail());
        hs.add(m);
      }
      renderer.put("release", current);
      renderer.put("lock", lock.map(LockInfo::describe).orElse(null));
      renderer.put("containers", cs);
      renderer.put("health", hs);
      renderer.put("differs", differs);
      return differs.isEmpty() && health.stream().allMatch(CheckResult::ok) ? 0 : 1;
    }
  }
}
