package io.detektr.deploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.ops.Event;
import io.detektr.deploy.ops.EventSink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns core events into progress lines ({@code [3/9] pulling images ... 4.2 s}) or, with {@code
 * --json}, collects them into the one JSON object printed at the end. Everything it prints passes
 * through {@link Secrets#mask}.
 */
final class Renderer implements EventSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintStream out;
  private final Secrets secrets;
  private final boolean json;
  private final boolean verbose;
  private final List<Map<String, Object>> steps = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Object> result = new LinkedHashMap<>();

  Renderer(PrintStream out, Secrets secrets, boolean json, boolean verbose) {
    this.out = out;
    this.secrets = secrets;
    this.json = json;
    this.verbose = verbose;
  }

  @Override
  public synchronized void on(Event e) {
    if (e instanceof Event.StepFinished f) {
      Map<String, Object> m = step(f.phase(), f.index(), f.total(), f.title());
      m.put("ok", f.ok());
      m.put("seconds", Math.round(f.took().toMillis() / 100.0) / 10.0);
      m.put("detail", f.detail());
      steps.add(m);
      if (!json) {
        String line =
            String.format(
                "%s %s ... %.1f s",
                prefix(f.phase(), f.index(), f.total()), f.title(), f.took().toMillis() / 1000.0);
        if (!f.ok()) {
          line += "  FAILED: " + f.detail().lines().findFirst().orElse("");
        } else if (verbose && !f.detail().isEmpty()) {
          line += "  (" + f.detail() + ")";
        }
        print(line);
      }
    } else if (e instanceof Event.StepSkipped k) {
      Map<String, Object> m = step(k.phase(), k.index(), k.total(), k.title());
      m.put("skipped", k.reason());
      steps.add(m);
      if (!json) {
        print(
            prefix(k.phase(), k.index(), k.total())
                + " "
                + k.title()
                + " ... skipped ("
                + k.reason()
                + ")");
      }
    } else if (e instanceof Event.Info i) {
      line("", i.message());
    } else if (e instanceof Event.Warning w) {
      warnings.add(w.message());
      line("warning: ", w.message());
    }
  }

  private static Map<String, Object> step(String phase, int index, int total, String title) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!phase.isEmpty()) {
      m.put("phase", phase);
    }
    m.put("step", index);
    m.put("of", total);
    m.put("title", title);
    return m;
  }

  private static String prefix(String phase, int index, int total) {
    return "[" + (phase.isEmpty() ? "" : phase + " ") + index + "/" + total + "]";
  }

  void line(String prefix, String text) {
    if (!json) {
      print(prefix + text);
    }
  }

  private void print(String text) {
    out.println(secrets.mask(text));
  }

  void put(String key, Object value) {
    result.put(key, value);
  }

  /** Prints the JSON object (in --json mode). */
  void finish(String command, int exitCode) {
    if (!json) {
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("ok", exitCode == 0);
    m.put("exitCode", exitCode);
    m.putAll(result);
    m.put("steps", steps);
    m.put("warnings", warnings);
    try {
      print(JSON.writeValueAsString(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
