package io.detektr.broker.tck.interop;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a conformance script printed (see {@code conformance/wire_io.py}): the messages it read, in
 * order, and its other facts by key. Every value is hex on the wire, so bytes compare exactly.
 */
public record ScriptOutput(List<Message> messages, Map<String, String> info) {
  static ScriptOutput parse(String stdout) {
    List<Message> messages = new ArrayList<>();
    Map<String, String> info = new LinkedHashMap<>();
    byte[] payload = null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      String[] w = line.trim().split(" ");
      switch (w[0]) {
        case "message" -> {
          payload = bytes(w[1]);
          headers = new LinkedHashMap<>();
        }
        case "header" -> headers.put(text(w[1]), text(w[2]));
        case "end" -> messages.add(Message.wrap(payload, Headers.of(headers)));
        case "info" -> info.put(w[1], text(w[2]));
        default -> {
          if (!line.isBlank()) {
            throw new AssertionError("unexpected script output line: " + line);
          }
        }
      }
    }
    return new ScriptOutput(List.copyOf(messages), Map.copyOf(info));
  }

  /** An info value. */
  public String info(String key) {
    String v = info.get(key);
    if (v == null) {
      throw new AssertionError("the script printed no '" + key + "'; it printed " + info);
    }
    return v;
  }

  private static byte[] bytes(String hex) {
    return hex.equals("-") ? new byte[0] : HexFormat.of().parseHex(hex);
  }

  private static String text(String hex) {
    return new String(bytes(hex), StandardCharsets.UTF_8);
  }
}
