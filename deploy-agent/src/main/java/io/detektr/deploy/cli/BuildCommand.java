package io.detektr.deploy.cli;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.image.Git;
import io.detektr.deploy.image.ImageBuilder;
import io.detektr.deploy.ops.Steps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "build",
    description =
        "Build the configured images with Jib and push them, tagged <git-sha> and latest.")
final class BuildCommand extends AgentCommand {
  @Option(
      names = "--tag",
      description =
          "Tag to push besides 'latest' (default: the git commit of the config's repository).")
  String tag;

  @Option(names = "--cache-dir", description = "Jib layer cache directory (default: Jib's own).")
  Path cacheDir;

  @Override
  String name() {
    return "build";
  }

  @Override
  int execute(DeployConfig config) {
    String t = resolveTag(tag, config);
    if (config.images().isEmpty()) {
      throw new DeployException(
          "no images configured", "add an images section to " + config.source());
    }
    ImageBuilder builder = new ImageBuilder(config.registry(), secrets, cacheDir);
    Steps steps = new Steps("", config.images().size(), renderer, secrets);
    List<Map<String, Object>> pushed = new ArrayList<>();
    for (DeployConfig.ImageSpec image : config.images()) {
      steps.run(
          "building and pushing " + image.name(),
          () -> {
            ImageBuilder.Pushed p = builder.build(image, t, msg -> renderer.line("  jib: ", msg));
            renderer.line(
                "", "pushed " + p.pinned() + " (tags " + String.join(", ", p.tags()) + ")");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", p.name());
            m.put("repository", p.repository());
            m.put("digest", p.digest());
            m.put("tags", p.tags());
            pushed.add(m);
            return p.digest();
          });
    }
    renderer.put("tag", t);
    renderer.put("images", pushed);
    return 0;
  }

  static String resolveTag(String tag, DeployConfig config) {
    if (tag != null && !tag.isBlank()) {
      if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
        throw new DeployException(
            "'" + tag + "' is not a valid image tag", "use letters, digits, '_', '.', '-'");
      }
      return tag;
    }
    return Git.headSha(config.source().getParent())
        .orElseThrow(
            () ->
                new DeployException(
                    "no --tag given and "
                        + config.source().getParent()
                        + " is not in a git work tree",
                    "pass --tag explicitly"));
  }
}
