package io.detektr.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real OCI registry (Debian's {@code docker-registry}) on a free loopback port with its storage
 * in a temp dir, and a small client of its HTTP API (Docker Registry v2).
 */
final class LocalRegistry implements AutoCloseable {
  static final String BINARY = "docker-registry";
  private static final String MANIFEST_TYPES =
      "application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int port;
  private final ServerProcess process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LocalRegistry() throws IOException {
    dir = Files.createTempDirectory("ops-registry-");
    port = FreePorts.next();
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: warn",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("data"),
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""));
    process =
        new ServerProcess(
            "registry-" + port, List.of(BINARY, "serve", config.toString()), Map.of(), dir);
    try {
      process.start(port, Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      RepoFiles.deleteTree(dir);
      throw new IllegalStateException(
          "cannot start "
              + BINARY
              + " (Debian package"
              + " docker-registry; scripts/setup.d/50-ops.sh installs it): "
              + e.getMessage(),
          e);
    }
  }

  /** host:port, the prefix of image references pushed here. */
  String address() {
    return "127.0.0.1:" + port;
  }

  List<String> tags(String repository) throws Exception {
    return JSON.convertValue(
        get("/v2/" + repository + "/tags/list").path("tags"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  JsonNode manifest(String repository, String reference) throws Exception {
    return get("/v2/" + repository + "/manifests/" + reference);
  }

  /** The digest the registry reports for a tag (Docker-Content-Digest). */
  String digest(String repository, String reference) throws Exception {
    HttpResponse<byte[]> r = send("/v2/" + repository + "/manifests/" + reference);
    return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  byte[] blob(String repository, String digest) throws Exception {
    return send("/v2/" + repository + "/blobs/" + digest).body();
  }

  JsonNode get(String path) throws Exception {
    return JSON.readTree(send(path).body());
  }

  private HttpResponse<byte[]> send(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address() + path))
            .header("Accept", MANIFEST_TYPES)
            .build();
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " -> " + r.statusCode() + ": " + new String(r.body()));
    }
    return r;
  }

  @Override
  public void close() {
    process.kill();
    RepoFiles.deleteTree(dir);
  }
}
