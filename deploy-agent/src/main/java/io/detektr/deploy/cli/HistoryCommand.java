package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Target;
import io.detektr.deploy.release.Release;
import io.detektr.deploy.remote.Remote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "history",
    description = "Releases with time, git SHA, digests, who and outcome (newest first).")
final class HistoryCommand extends AgentCommand {
  @Override
  String name() {
    return "history";
  }

  @Override
  int execute(DeployConfig config) {
    try (Remote remote = connect(config)) {
      Target t = target(config, remote);
      String current = t.store().current().orElse("");
      List<Map<String, Object>> json = new ArrayList<>();
      for (Release r : t.store().list()) {
        String digests =
            String.join(
                " ",
                r.images().values().stream()
                    .map(
                        v ->
                            v.substring(
                                v.lastIndexOf('/') + 1,
                                Math.min(v.length(), v.indexOf("@sha256:") + 20)))
                    .toList());
        renderer.line(
            "",
            String.format(
                "%s %s  %-20s  %-12s  %-20s  %-9s  %s",
                r.id().equals(current) ? "*" : " ",
                r.id(),
                r.createdAt(),
                r.gitSha(),
                r.deployedBy(),
                r.outcome(),
                digests));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release", r.id());
        m.put("current", r.id().equals(current));
        m.put("createdAt", r.createdAt().toString());
        m.put("gitSha", r.gitSha());
        m.put("tag", r.tag());
        m.put("deployedBy", r.deployedBy());
        m.put("outcome", r.outcome());
        m.put("images", r.images());
        m.put("message", r.message());
        json.add(m);
      }
      renderer.put("releases", json);
      return 0;
    }
  }
}
