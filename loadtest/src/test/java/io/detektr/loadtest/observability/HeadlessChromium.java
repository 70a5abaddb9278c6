package io.detektr.loadtest.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium in headless mode, without network (every host name resolves to nothing) and
 * without the GPU, as the test machine has neither: the DOM after the page's scripts ran, a
 * screenshot, and what the browser logged (console messages included).
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  /** What one page load gave. */
  record Page(String dom, String log) {}

  private final Path profile;

  HeadlessChromium(Path workDir) {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(
          BINARY
              + " is missing: install the Debian package chromium"
              + " (scripts/setup.d/35-chromium.sh does)");
    }
    this.profile = workDir.resolve("chromium-profile");
  }

  Page dumpDom(Path html) throws IOException, InterruptedException {
    return run(html, "--dump-dom");
  }

  Page screenshot(Path html, Path png) throws IOException, InterruptedException {
    return run(html, "--screenshot=" + png.toAbsolutePath(), "--window-size=1200,2400");
  }

  private Page run(Path html, String... action) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-extensions",
                "--disable-sync",
                "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(action));
    cmd.add(html.toAbsolutePath().toUri().toString());
    Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
    Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("chromium did not finish within 90 s: " + cmd);
    }
    return new Page(
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Console messages the page logged (chromium writes them as {@code CONSOLE(line)]}). */
  static List<String> consoleMessages(String log) {
    return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }
}
