package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code .github/workflows/broker-deploy.yml}: schema-valid, the jobs and triggers, no leaks. */
class WorkflowTest {
  private static final String FILE = ".github/workflows/broker-deploy.yml";
  private final String text = RepoFiles.read(FILE);
  private final JsonNode workflow = Schemas.yaml(text);

  @Test
  @DisplayName("is valid against the GitHub workflow JSON schema (SchemaStore)")
  void schemaValid() {
    assertThat(Schemas.violations(Schemas.WORKFLOW, workflow)).isEmpty();
  }

  @Test
  @DisplayName("the schema check can fail: an unknown key in a job is reported")
  void schemaRejectsBrokenWorkflow() {
    JsonNode broken = workflow.deepCopy();
    ((ObjectNode) broken.path("jobs").path("test")).put("runs_on", "ubuntu-24.04");
    assertThat(Schemas.violations(Schemas.WORKFLOW, broken)).isNotEmpty();
  }

  @Test
  @DisplayName("pull requests and pushes to main trigger it")
  void triggers() {
    // YAML 1.1 reads the key "on" as boolean true; Jackson's YAML keeps it as "on"
    JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
    assertThat(on.path("pull_request").path("branches").toString()).contains("main");
    assertThat(on.path("push").path("branches").toString()).contains("main");
  }

  @Test
  @DisplayName("PRs build and test with scripts/test.sh, the .ci/run command")
  void testJob() {
    assertThat(RepoFiles.read(".ci/run")).contains("bash scripts/test.sh");
    JsonNode test = workflow.path("jobs").path("test");
    assertThat(test.has("if")).as("the test job runs for every trigger").isFalse();
    assertThat(runs(test)).anyMatch(r -> r.strip().equals("bash scripts/test.sh"));
  }

  @Test
  @DisplayName("push to main: tested images pushed to ghcr.io/<owner>/detektr with the SHA tag")
  void imagesJob() {
    JsonNode images = workflow.path("jobs").path("images");
    assertThat(images.path("needs").asText()).isEqualTo("test");
    assertThat(images.path("if").asText())
        .contains("github.event_name == 'push'")
        .contains("refs/heads/main");
    assertThat(images.path("permissions").path("packages").asText()).isEqualTo("write");
    String all = String.join("\n", runs(images));
    assertThat(all)
        .contains("ghcr.io/${OWNER,,}/detektr")
        .contains("jib:build")
        .contains("-Ddetektr.image.tag=\"$IMAGE_TAG\"")
        .contains("tag=${GITHUB_SHA}");
  }

  @Test
  @DisplayName("every module with a Jib image is pushed, from packaged (not compile-only) jars")
  void imagesJobBuildsEveryImage() {
    String jib =
        runs(workflow.path("jobs").path("images")).stream()
            .map(r -> r.replace("\\\n", " "))
            .flatMap(String::lines)
            .filter(l -> l.contains("jib:build"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no jib:build in the images job"));
    Matcher pl = Pattern.compile("-pl (\\S+)").matcher(jib);
    assertThat(pl.find()).as(jib).isTrue();
    Set<String> withImage = new TreeSet<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(RepoFiles.read("pom.xml"));
    while (module.find()) {
      if (RepoFiles.read(module.group(1) + "/pom.xml").contains("jib-maven-plugin")) {
        withImage.add(module.group(1));
      }
    }
    assertThat(withImage).contains("exporter-bridge", "loadtest", "ops-tests");
    assertThat(new TreeSet<>(List.of(pl.group(1).split(",")))).isEqualTo(withImage);
    // a compile-only reactor resolves a listed module (exporter-bridge, for loadtest) to its
    // classes directory, which Jib leaves out of the image
    assertThat(jib).contains("package jib:build").doesNotContain("compile jib:build");
  }

  @Test
  @DisplayName("deploy: after the images, one at a time, the agent with SSH key, known host, token")
  void deployJob() {
    JsonNode deploy = workflow.path("jobs").path("deploy");
    assertThat(deploy.path("needs").asText()).isEqualTo("images");
    assertThat(deploy.path("concurrency").path("group").asText()).isNotBlank();
    assertThat(deploy.path("concurrency").path("cancel-in-progress").asBoolean()).isFalse();
    String env = deploy.path("steps").toString();
    assertThat(env)
        .contains("secrets.NEBULA_SSH_KEY")
        .contains("secrets.NEBULA_KNOWN_HOSTS")
        .contains("secrets.REGISTRY_TOKEN");
    List<String> runs = runs(deploy);
    String agent =
        runs.stream()
            .filter(r -> r.contains(" deploy --config"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no step runs the deploy agent's deploy"));
    // a failed health verification makes the agent exit non-zero, which fails the step: so
    // nothing may swallow its exit code
    assertThat(agent).doesNotContain("|| true").doesNotContain("continue-on-error");
    assertThat(deploy.toString()).doesNotContain("continue-on-error");
  }

  @Test
  @DisplayName("no secret is echoed or put on a command line: secrets only reach env: blocks")
  void noSecretEchoed() {
    Matcher m = Pattern.compile("\\$\\{\\{\\s*secrets\\.").matcher("");
    for (JsonNode job : iterable(workflow.path("jobs"))) {
      for (String run : runs(job)) {
        assertThat(m.reset(run).find()).as("secret expression inside run: %s", run).isFalse();
      }
    }
    assertThat(text)
        .doesNotContainPattern("(?i)echo[^\\n]*\\$\\{\\{\\s*secrets\\.")
        .doesNotContainPattern(
            "(?i)echo[^\\n]*\\$(SSH_KEY|KNOWN_HOSTS|REDIS_PASSWORD|"
                + "RABBITMQ_PASSWORD|REGISTRY_PASSWORD)")
        .doesNotContain("set -x");
  }

  private static List<String> runs(JsonNode job) {
    List<String> out = new ArrayList<>();
    job.path("steps")
        .forEach(
            s -> {
              if (s.has("run")) {
                out.add(s.get("run").asText());
              }
            });
    return out;
  }

  private static List<JsonNode> iterable(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }
}
