package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Preflight;
import io.detektr.deploy.remote.Remote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "preflight",
    description = "Check the server: ports, RAM, disk, GPU, engine, compose, networks, registry.")
final class PreflightCommand extends AgentCommand {
  @Override
  String name() {
    return "preflight";
  }

  @Override
  int execute(DeployConfig config) {
    refusePlaceholders(config);
    List<Preflight.Row> rows;
    try (Remote remote = connect(config)) {
      rows = new Preflight(target(config, remote)).run();
      target(config, remote)
          .store()
          .audit(
              who(cli.env),
              "preflight",
              rows.stream().allMatch(Preflight.Row::ok) ? "ok" : "failed",
              "failed="
                  + rows.stream()
                      .filter(r -> !r.ok())
                      .map(Preflight.Row::check)
                      .toList()
                      .toString()
                      .replace(' ', '_'));
    }
    int width = rows.stream().mapToInt(r -> r.check().length()).max().orElse(10);
    List<Map<String, Object>> json = new ArrayList<>();
    for (Preflight.Row r : rows) {
      renderer.line(
          "",
          String.format(
              "%-4s  %-" + width + "s  %s", r.ok() ? "ok" : "FAIL", r.check(), r.detail()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("check", r.check());
      m.put("ok", r.ok());
      m.put("detail", r.detail());
      json.add(m);
    }
    renderer.put("checks", json);
    long failed = rows.stream().filter(r -> !r.ok()).count();
    renderer.line(
        "", failed == 0 ? "preflight passed" : "preflight FAILED: " + failed + " check(s)");
    return failed == 0 ? 0 : 1;
  }
}
