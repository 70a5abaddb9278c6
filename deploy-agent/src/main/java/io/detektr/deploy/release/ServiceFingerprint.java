package io.detektr.deploy.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a service's container is made of, as one hash: its definition in the pinned compose file
 * (image digest, command, ports, mounts, ...), the content of every file of the release it
 * bind-mounts ({@code ./config/redis.conf}) and the values of the variables it uses ({@code
 * ${REDIS_PASSWORD}}). Two releases with the same fingerprint for Redis run the same Redis, so a
 * deploy keeps its container (Kamal's accessories) instead of restarting it.
 */
public final class ServiceFingerprint {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  private ServiceFingerprint() {}

  /**
   * @param composeYaml the release's pinned compose file
   * @param file reads a file of the release by its path relative to the release directory
   * @param env the release's .env
   */
  public static String of(
      String composeYaml,
      String service,
      Function<String, Optional<byte[]>> file,
      Map<String, String> env) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(composeYaml);
    Object svc =
        root instanceof Map<?, ?> r && r.get("services") instanceof Map<?, ?> s
            ? s.get(service)
            : null;
    MessageDigest sha = sha256();
    String definition = canonical(svc);
    sha.update(definition.getBytes(StandardCharsets.UTF_8));
    if (svc instanceof Map<?, ?> m && m.get("volumes") instanceof List<?> mounts) {
      for (Object mount : mounts) {
        String source =
            mount instanceof String s && s.contains(":")
                ? s.substring(0, s.indexOf(':'))
                : mount instanceof Map<?, ?> l ? String.valueOf(l.get("source")) : "";
        if (source.startsWith("./")) {
          sha.update(("\0file " + source + "\0").getBytes(StandardCharsets.UTF_8));
          sha.update(file.apply(source.substring(2)).orElse(new byte[] {0}));
        }
      }
    }
    Matcher v = VARIABLE.matcher(definition);
    TreeSet<String> names = new TreeSet<>();
    while (v.find()) {
      names.add(v.group(1));
    }
    for (String name : names) {
      sha.update(
          ("\0env " + name + "=" + env.getOrDefault(name, "")).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The YAML value with every mapping's keys sorted, so that key order changes nothing. */
  private static String canonical(Object node) {
    if (node instanceof Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      m.forEach((k, val) -> sorted.put(String.valueOf(k), canonical(val)));
      return sorted.toString();
    }
    if (node instanceof List<?> l) {
      return l.stream().map(ServiceFingerprint::canonical).toList().toString();
    }
    return String.valueOf(node);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
