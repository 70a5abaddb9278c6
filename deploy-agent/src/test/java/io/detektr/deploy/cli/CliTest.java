package io.detektr.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI without a server: dry-run plans, exit codes, JSON. */
class CliTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return DeployAgentCli.run(
        Map.of("REDIS_PASSWORD", "pw-123456")::get,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  Path config() throws IOException {
    Files.writeString(dir.resolve("id"), "k");
    Files.writeString(dir.resolve("kh"), "");
    Files.writeString(
        dir.resolve("compose.yml"), "services:\n  redis: {image: r}\n  capture: {image: c}\n");
    Path f = dir.resolve("c.yml");
    Files.writeString(
        f,
        "host: 127.0.0.1\nport: 2222\nuser: root\nkeyPath: id\nknownHosts: kh\nremoteDir: /srv/b\n"
            + "engine: podman\nproject: t\ncomposeFile: compose.yml\nproducers: [capture]\n"
            + "registry: {url: '127.0.0.1:5000/t', insecure: true}\n"
            + "images: [{name: redis, service: redis}]\n"
            + "health: {checks: [{type: redis, port: 6379, passwordEnv: REDIS_PASSWORD}]}\n");
    return f;
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void deployDryRunPrintsThePlanWithTheRealCommands() throws IOException {
    assertThat(run("deploy", "-c", config().toString(), "--tag", "abc123", "--dry-run")).isZero();
    assertThat(out())
        .contains("[1/11] locking the server: mkdir /srv/b/lock")
        .contains("[3/11] pulling images: podman pull 127.0.0.1:5000/t/redis:abc123")
        .contains(
            "[5/11] stopping producers: podman-compose -f '/srv/b/releases/<current>/compose.yml' -p t stop capture")
        .contains(
            "[7/11] recreating containers: podman-compose -f '/srv/b/releases/<next>/compose.yml' -p t up -d --force-recreate redis\n")
        .contains(
            "[10/11] starting producers: podman-compose -f '/srv/b/releases/<next>/compose.nodeps.yml' -p t up -d --force-recreate --no-deps capture")
        .contains("on failure in steps 7-10");
  }

  @Test
  void rollbackDryRunStopsProducersFirstAndStartsThemLast() throws IOException {
    assertThat(run("rollback", "-c", config().toString(), "--to", "0002", "--dry-run")).isZero();
    assertThat(out())
        .contains(
            "[3/9] stopping producers: podman-compose -f '/srv/b/releases/<current>/compose.yml' -p t stop capture")
        .contains(
            "[5/9] switching release: podman rm -f <containers not running their pinned image>;"
                + " podman-compose -f /srv/b/releases/0002/compose.yml -p t up -d --force-recreate redis")
        .contains(
            "[8/9] starting producers: podman-compose -f /srv/b/releases/0002/compose.nodeps.yml -p t up -d --force-recreate --no-deps capture");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(run("deploy", "--no-such-flag")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
  }

  @Test
  void invalidConfigExitsTwoWithAllProblems() throws IOException {
    Path f = dir.resolve("bad.yml");
    Files.writeString(f, "port: x\n");
    assertThat(run("status", "-c", f.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("host: is required")
        .contains("user: is required")
        .contains("port: must be a whole number");
  }

  @Test
  void jsonModePrintsOneObject() throws IOException {
    Path f = dir.resolve("bad.yml");
    Files.writeString(f, "port: x\n");
    assertThat(run("status", "--json", "-c", f.toString())).isEqualTo(2);
    assertThat(out().strip())
        .startsWith("{\"command\":\"status\",\"ok\":false,\"exitCode\":2,\"error\":{")
        .endsWith("}")
        .doesNotContain("\n");
  }

  @Test
  void unreachableServerFailsWithExitOne() throws IOException {
    assertThat(run("history", "-c", config().toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: ");
  }

  @Test
  void everySubcommandHasHelpWithTheExitCodes() {
    for (String sub :
        new String[] {
          "preflight",
          "build",
          "deploy",
          "rollback",
          "repair",
          "status",
          "history",
          "lock",
          "unlock"
        }) {
      out.reset();
      assertThat(run(sub, "--help")).as(sub + " --help").isZero();
      assertThat(out())
          .as(sub + " --help")
          .contains("Usage: deploy-agent " + sub)
          .contains("--stacktrace")
          .contains("Exit codes:")
          .contains("2   bad usage or an invalid configuration file");
    }
  }

  @Test
  void aBadOptionIsOneLineAndAPointerToTheHelp() {
    assertThat(run("deploy", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines())
        .containsExactly(
            "error: Unknown option: '--no-such-flag'",
            "  what to do: see 'deploy-agent deploy --help'");
    assertThat(out()).isEmpty();
  }

  @Test
  void stacktraceShowsTheTraceOfAFailure() throws IOException {
    assertThat(run("history", "--stacktrace", "-c", config().toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: ")
        .contains("\tat io.detektr");
  }

  @Test
  void placeholdersOfTheExampleAreRefusedBeforeConnecting() throws IOException {
    Path f = config();
    Files.writeString(
        f,
        Files.readString(f)
            .replace("host: 127.0.0.1", "host: nebula.example.lan")
            .replace("127.0.0.1:5000/t", "ghcr.io/OWNER/detektr"));
    for (String[] args :
        new String[][] {
          {"preflight", "-c", f.toString()}, {"deploy", "-c", f.toString(), "--tag", "a"}
        }) {
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("host: 'nebula.example.lan' is the example's placeholder")
          .contains("registry.url: 'ghcr.io/OWNER/detektr' still has the placeholder OWNER")
          .doesNotContain("SSH");
    }
  }
}
