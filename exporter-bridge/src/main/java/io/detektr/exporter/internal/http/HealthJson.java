package io.detektr.exporter.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detektr.exporter.BrokerState;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of {@code /health}: {@code {"status":"UP"|"DOWN","brokers":[{"broker":..,"family":..,
 * "up":..,"error":..,"lastScrape":..}]}}.
 */
public final class HealthJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthJson() {}

  public static boolean allUp(List<BrokerState> states) {
    return states.stream().allMatch(BrokerState::up);
  }

  public static byte[] render(List<BrokerState> states) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", allUp(states) ? "UP" : "DOWN");
    ArrayNode brokers = root.putArray("brokers");
    for (BrokerState s : states) {
      ObjectNode b = brokers.addObject();
      b.put("broker", s.broker());
      b.put("family", s.family());
      b.put("up", s.up());
      if (!s.up()) {
        b.put("error", s.error());
      }
      if (s.at() != null) {
        b.put("lastScrape", s.at().toString());
      }
    }
    try {
      return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
