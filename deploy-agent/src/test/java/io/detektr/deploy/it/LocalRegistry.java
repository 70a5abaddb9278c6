package io.detektr.deploy.it;

import io.detektr.broker.tck.harness.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OCI registry: Debian's docker-registry on a free loopback port, storage in a temp dir,
 * plain HTTP with a password (htpasswd, bcrypt made with BouncyCastle, which sshj brings).
 */
final class LocalRegistry implements AutoCloseable {
  final int port = FreePorts.next();
  private final Process process;

  LocalRegistry(Path dir, String user, String password) throws IOException {
    Files.createDirectories(dir);
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(
        htpasswd,
        user
            + ":"
            + org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate(
                "2y", password.toCharArray(), salt, 6)
            + "\n");
    Path bin = Procs.require("/usr/bin/docker-registry", "docker-registry");
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log: {level: error}",
            "storage:",
            "  filesystem: {rootdirectory: " + dir.resolve("data") + "}",
            "auth:",
            "  htpasswd: {realm: e2e, path: " + htpasswd + "}",
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""));
    Path log = dir.resolve("registry.log");
    process =
        new ProcessBuilder(bin.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Procs.awaitPort(port, Duration.ofSeconds(15), process, log);
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    Procs.stop(process);
  }
}
