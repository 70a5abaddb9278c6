package io.detektr.deploy.it;

import io.detektr.broker.tck.harness.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real OpenSSH server on a free loopback port: generated host key, an authorized client key, its
 * own config under a temp dir ({@code sshd -f FILE -D}), and SetEnv for the remote sessions.
 */
final class Sshd implements AutoCloseable {
  final int port = FreePorts.next();
  final Path dir;
  final Path hostKey;
  final Path clientKey;
  final Path knownHosts;
  private final Process process;

  Sshd(Path dir, Map<String, String> sessionEnv) throws IOException {
    this.dir = Files.createDirectories(dir);
    Path sshd = Procs.require("/usr/sbin/sshd", "openssh-server");
    Procs.require("/usr/bin/ssh-keygen", "openssh-client");
    hostKey = dir.resolve("ssh_host_ed25519_key");
    clientKey = dir.resolve("id_ed25519");
    Procs.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
    Procs.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
    Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"));
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(
        knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(Path.of(hostKey + ".pub")));
    // privilege separation directory that sshd insists on (a runtime dir, not configuration)
    Files.createDirectories(Path.of("/run/sshd"));
    String setEnv =
        sessionEnv.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey,
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "AllowTcpForwarding yes",
            "MaxSessions 64",
            "MaxStartups 64",
            "Subsystem sftp internal-sftp",
            "SetEnv " + setEnv,
            "LogLevel ERROR",
            ""));
    Path log = dir.resolve("sshd.log");
    process =
        new ProcessBuilder(sshd.toString(), "-f", config.toString(), "-D", "-E", log.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.out").toFile())
            .start();
    Procs.awaitPort(port, Duration.ofSeconds(15), process, log);
  }

  /** The SHA256 fingerprint of the host key as ssh-keygen prints it. */
  String fingerprint() {
    return Procs.ok("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub").split("\\s+")[1];
  }

  /**
   * Cuts every open SSH connection as a network failure would: kills (SIGKILL) the per-connection
   * sshd processes, and with them the sessions' commands; the listening sshd stays.
   */
  int dropConnections() {
    List<ProcessHandle> sessions = process.toHandle().children().toList();
    sessions.forEach(ProcessHandle::destroyForcibly);
    return sessions.size();
  }

  @Override
  public void close() {
    Procs.stop(process);
  }
}
