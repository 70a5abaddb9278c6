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
 * agent prints or writes to the audit log passes through {@link #mask(String)}. Masking is for
 * output only: commands, their output and parsed data always carry the real values (a secret that
 * happens to occur in an image path must not change the path the agent pulls).
 */
public final class Secrets {
  private static final String MASK = "****";
  private final Function<String, String> env;
  private final List<String> values;

  public Secrets(Function<String, String> env) {
    this(env, new ArrayList<>());
  }

  private Secrets(Function<String, String> env, List<String> values) {
    this.env = env;
    this.values = values;
  }

  /**
   * These secrets with some variables taken from {@code overrides} (e.g. the values a running
   * release was started with); both views mask every value either of them has handed out.
   */
  public Secrets with(Map<String, String> overrides) {
    Map<String, String> copy = Map.copyOf(overrides);
    return new Secrets(name -> copy.containsKey(name) ? copy.get(name) : env.apply(name), values);
  }

  /** The value of environment variable {@code name}, registered for masking. */
  public Optional<String> get(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    String v = env.apply(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    synchronized (values) {
      if (v.length() >= 3 && !values.contains(v)) {
        values.add(v);
        values.sort(Comparator.comparingInt(String::length).reversed());
      }
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

  /**
   * Fails naming every variable of {@code purposeByEnv} (variable to what it is for) that is not
   * set, so that a deploy stops before it locks or uploads anything.
   */
  public void requireAll(Map<String, String> purposeByEnv) {
    List<String> missing = new ArrayList<>();
    purposeByEnv.forEach(
        (name, purpose) -> {
          if (get(name).isEmpty()) {
            missing.add(name + " (" + purpose + ")");
          }
        });
    if (!missing.isEmpty()) {
      throw new DeployException(
          "environment variable"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set; nothing was locked or changed on the server",
          "export them before running the agent (never put them in the config file)");
    }
  }

  /** Resolves a map of name to environment variable into name to value (all required). */
  public Map<String, String> resolve(Map<String, String> namesToEnv) {
    Map<String, String> out = new LinkedHashMap<>();
    namesToEnv.forEach((k, e) -> out.put(k, require(e, "secret " + k)));
    return out;
  }

  /**
   * A value that is not secret (a user name): read from the environment but never masked, so that a
   * registry user named like the repository owner does not hide the image paths in the output.
   */
  public Optional<String> plain(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(env.apply(name)).filter(v -> !v.isEmpty());
  }

  /**
   * {@code text} with every known secret value replaced by {@code ****} where it stands as a whole
   * value: not where it is part of a longer word ({@code detektr} is masked in {@code user=detektr}
   * and {@code ghcr.io/detektr/redis}, not in {@code detektr-broker} or {@code detektrs}).
   */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    synchronized (values) {
      for (String v : values) {
        out = maskWhole(out, v);
      }
    }
    return out;
  }

  private static String maskWhole(String text, String value) {
    StringBuilder b = new StringBuilder(text.length());
    int copied = 0;
    int at = text.indexOf(value);
    while (at >= 0) {
      int end = at + value.length();
      boolean whole =
          (at == 0 || !wordChar(text.charAt(at - 1)))
              && (end == text.length() || !wordChar(text.charAt(end)));
      if (whole) {
        b.append(text, copied, at).append(MASK);
        copied = end;
      }
      at = text.indexOf(value, whole ? end : at + 1);
    }
    return copied == 0 ? text : b.append(text, copied, text.length()).toString();
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }
}
