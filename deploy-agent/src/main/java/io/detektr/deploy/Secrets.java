package io.detektr.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secret values read from environment variables, and the one place that masks them: every line the
 * agent prints, returns in an error or writes to the audit log passes through {@link
 * #mask(String)}.
 */
public final class Secrets {
  private static final String MASK = "****";
  private final Function<String, String> env;
  private final List<String> values = new ArrayList<>();

  public Secrets(Function<String, String> env) {
    this.env = env;
  }

  /** The value of environment variable {@code name}, registered for masking. */
  public synchronized Optional<String> get(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    String v = env.apply(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    if (v.length() >= 3 && !values.contains(v)) {
      values.add(v);
      values.sort(Comparator.comparingInt(String::length).reversed());
    }
    return Optional.of(v);
  }

  /** Like {@link #get} but failing with the variable's name when it is not set. */
  public String require(String name, String purpose) {
    return get(name)
        .orElseThrow(
            () ->
                new DeployException(
                    "environment variable " + name + " (" + purpose + ") is not set",
                    "export "
                        + name
                        + "=... before running the agent (never put it in the config file)"));
  }

  /** Resolves a map of name to environment variable into name to value (all required). */
  public Map<String, String> resolve(Map<String, String> namesToEnv) {
    Map<String, String> out = new LinkedHashMap<>();
    namesToEnv.forEach((k, e) -> out.put(k, require(e, "secret " + k)));
    return out;
  }

  /** {@code text} with every known secret value replaced by {@code ****}. */
  public synchronized String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String v : values) {
      out = out.replace(v, MASK);
    }
    return out;
  }
}
