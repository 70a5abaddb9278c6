package io.detektr.deploy.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.deploy.DeployException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Pure parsers of what the server's commands print. */
public final class Parsers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Parsers() {}

  /** Ports in LISTEN state (0A) in {@code /proc/net/tcp} and {@code tcp6} text. */
  public static Set<Integer> listeningPorts(String procNetTcp) {
    Set<Integer> ports = new TreeSet<>();
    for (String line : procNetTcp.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4 || !f[0].endsWith(":") || !"0A".equals(f[3])) {
        continue;
      }
      String local = f[1];
      ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
    }
    return ports;
  }

  /** MemAvailable of {@code /proc/meminfo}, in KiB. */
  public static long memAvailableKiB(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemAvailable:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new DeployException("no MemAvailable line in /proc/meminfo output");
  }

  /** Available KiB from {@code df -Pk PATH} (second line, fourth column). */
  public static long dfAvailableKiB(String df) {
    String[] lines = df.trim().split("\n");
    if (lines.length < 2) {
      throw new DeployException("unexpected df output: " + df);
    }
    String[] f = lines[lines.length - 1].trim().split("\\s+");
    return Long.parseLong(f[3]);
  }

  /** The {@code repository@sha256:...} entry of an image inspect result, if present. */
  public static Optional<String> repoDigest(String imageInspectJson, String repository) {
    JsonNode image = first(imageInspectJson);
    for (JsonNode d : image.path("RepoDigests")) {
      String ref = d.asText();
      if (ref.startsWith(repository + "@")) {
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  /** The image ID of an image inspect result, without {@code sha256:}. */
  public static String imageId(String imageInspectJson) {
    return stripAlgorithm(first(imageInspectJson).path("Id").asText());
  }

  /** Containers of an {@code inspect} result (docker and podman shapes). */
  public static List<ContainerInfo> containers(String inspectJson) {
    List<ContainerInfo> out = new ArrayList<>();
    for (JsonNode c : read(inspectJson)) {
      JsonNode labels = c.path("Config").path("Labels");
      JsonNode state = c.path("State");
      Set<Integer> ports = new TreeSet<>();
      c.path("NetworkSettings")
          .path("Ports")
          .forEach(
              bindings ->
                  bindings.forEach(
                      b -> {
                        String hp = b.path("HostPort").asText("");
                        if (hp.matches("\\d+")) {
                          ports.add(Integer.parseInt(hp));
                        }
                      }));
      out.add(
          new ContainerInfo(
              c.path("Id").asText(),
              c.path("Name").asText().replaceFirst("^/", ""),
              labels.path(Commands.SERVICE_LABEL).asText(""),
              stripAlgorithm(c.path("Image").asText()),
              state.path("Status").asText(""),
              state.path("Running").asBoolean(false),
              ports));
    }
    return out;
  }

  static String stripAlgorithm(String id) {
    return id.startsWith("sha256:") ? id.substring(7) : id;
  }

  private static JsonNode first(String json) {
    JsonNode n = read(json);
    if (!n.isArray() || n.isEmpty()) {
      throw new DeployException("expected a JSON array from inspect, got: " + abbreviate(json));
    }
    return n.get(0);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new DeployException("not JSON: " + abbreviate(json), "", false, e);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
