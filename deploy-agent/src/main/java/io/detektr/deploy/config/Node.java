package io.detektr.deploy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML mapping read field by field; every problem goes to a shared list so that validation
 * reports all of them at once. Paths in messages are dotted ({@code health.checks[1].port}).
 */
final class Node {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
  private final String path;
  private final Map<String, Object> map;
  private final List<String> problems;

  Node(String path, Map<String, Object> map, List<String> problems) {
    this.path = path;
    this.map = map == null ? Map.of() : map;
    this.problems = problems;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String message) {
    problems.add(at(key) + ": " + message);
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  void allowOnly(Set<String> keys) {
    for (String k : map.keySet()) {
      if (!keys.contains(k)) {
        problems.add(
            (path.isEmpty() ? "" : path + ": ")
                + "unknown key '"
                + k
                + "' (known: "
                + String.join(", ", new java.util.TreeSet<>(keys))
                + ")");
      }
    }
  }

  String string(String key, String def, boolean required) {
    Object v = map.get(key);
    if (v == null) {
      if (required) {
        problem(key, "is required");
      }
      return def;
    }
    if (v instanceof Map || v instanceof List) {
      problem(key, "must be a plain value, got " + describe(v));
      return def;
    }
    String s = String.valueOf(v).trim();
    if (s.isEmpty() && required) {
      problem(key, "must not be empty");
    }
    return s;
  }

  int integer(String key, int def, int min, int max) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) {
      problem(key, "must be a whole number, got '" + v + "'");
      return def;
    }
    if (n.intValue() < min || n.intValue() > max) {
      problem(key, "must be between " + min + " and " + max + ", got " + n);
      return def;
    }
    return n.intValue();
  }

  double number(String key, double def, double min) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Number n)) {
      problem(key, "must be a number, got '" + v + "'");
      return def;
    }
    if (n.doubleValue() < min) {
      problem(key, "must be at least " + min + ", got " + n);
      return def;
    }
    return n.doubleValue();
  }

  boolean bool(String key, boolean def) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Boolean b)) {
      problem(key, "must be true or false, got '" + v + "'");
      return def;
    }
    return b;
  }

  Duration duration(String key, Duration def) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    Matcher m = DURATION.matcher(String.valueOf(v).trim());
    if (!m.matches()) {
      problem(key, "must be a duration such as 500ms, 30s, 2m; got '" + v + "'");
      return def;
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> amount;
          case "m" -> amount * 60_000;
          case "h" -> amount * 3_600_000;
          default -> amount * 1000;
        };
    Duration d = Duration.ofMillis((long) millis);
    if (d.isZero()) {
      problem(key, "must be greater than zero");
      return def;
    }
    return d;
  }

  List<String> strings(String key, List<String> def) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof List<?> list)) {
      problem(key, "must be a list, got " + describe(v));
      return def;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (e == null || e instanceof Map || e instanceof List) {
        problems.add(at(key) + "[" + i + "]: must be a plain value");
      } else {
        out.add(String.valueOf(e));
      }
    }
    return List.copyOf(out);
  }

  List<Integer> ports(String key, List<Integer> def) {
    if (map.get(key) == null) {
      return def;
    }
    List<Integer> out = new ArrayList<>();
    for (String s : strings(key, List.of())) {
      try {
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
          throw new NumberFormatException(s);
        }
        out.add(p);
      } catch (NumberFormatException e) {
        problem(key, "'" + s + "' is not a port number (1-65535)");
      }
    }
    return List.copyOf(out);
  }

  Map<String, String> stringMap(String key) {
    Object v = map.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      problem(key, "must be a mapping, got " + describe(v));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    return out;
  }

  Node child(String key) {
    Object v = map.get(key);
    if (v != null && !(v instanceof Map)) {
      problem(key, "must be a mapping, got " + describe(v));
      return new Node(at(key), Map.of(), problems);
    }
    return new Node(at(key), cast(v), problems);
  }

  List<Node> children(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      problem(key, "must be a list, got " + describe(v));
      return List.of();
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      String p = at(key) + "[" + i + "]";
      if (!(e instanceof Map)) {
        problems.add(p + ": must be a mapping, got " + describe(e));
        continue;
      }
      out.add(new Node(p, cast(e), problems));
    }
    return out;
  }

  String path() {
    return path;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object v) {
    return (Map<String, Object>) v;
  }

  private static String describe(Object v) {
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return "'" + v + "'";
  }
}
