package io.detektr.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rewrites chosen {@code key = value} lines of a rabbitmq.conf, keeping everything else. */
final class RabbitConf {
  private RabbitConf() {}

  /**
   * The file with the values of {@code overrides} replaced and {@code extra} lines appended. Every
   * overridden key must be present exactly once, so the test fails when the production file loses a
   * setting the test relies on.
   */
  static List<String> withOverrides(
      String conf, Map<String, String> overrides, List<String> extra) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String line : conf.split("\n", -1)) {
      String key =
          line.contains("=") && !line.strip().startsWith("#")
              ? line.substring(0, line.indexOf('=')).strip()
              : null;
      if (key != null && overrides.containsKey(key)) {
        if (!seen.add(key)) {
          throw new IllegalStateException("rabbitmq.conf sets " + key + " twice");
        }
        out.add(key + " = " + overrides.get(key));
      } else {
        out.add(line);
      }
    }
    for (String key : overrides.keySet()) {
      if (!seen.contains(key)) {
        throw new IllegalStateException("rabbitmq.conf does not set " + key);
      }
    }
    out.addAll(extra);
    return out;
  }
}
