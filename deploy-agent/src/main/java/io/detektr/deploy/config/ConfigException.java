package io.detektr.deploy.config;

import io.detektr.deploy.DeployException;
import java.util.List;

/** The configuration file is invalid; carries every problem found, not only the first. */
public final class ConfigException extends DeployException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(String file, List<String> problems) {
    super(
        "Invalid configuration "
            + file
            + " ("
            + problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + "):\n  - "
            + String.join("\n  - ", problems),
        "Fix the listed fields; deploy/nebula.yml documents every field.");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
