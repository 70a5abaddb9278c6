package io.detektr.broker.rabbitmq.internal;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's URI parameters, validated together.
 *
 * @param quorum whether group queues are quorum queues ({@code queueType=quorum})
 * @param limits queue limits for topics without publisher options of this instance
 * @param heartbeat the AMQP heartbeat
 * @param recoveryInterval the pause between reconnection attempts
 */
record RabbitSettings(
    boolean quorum, QueueLimits limits, Duration heartbeat, Duration recoveryInterval) {

  static final Set<String> KNOWN =
      Set.of("queueType", "maxLength", "overflow", "messageTtl", "heartbeat", "recoveryInterval");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  static RabbitSettings from(BrokerConfig config) {
    Map<String, String> p = config.parameters();
    List<String> problems = new ArrayList<>();
    for (String name : p.keySet()) {
      if (!KNOWN.contains(name)) {
        problems.add(
            "unknown amqp URI parameter '"
                + name
                + "'; known: "
                + KNOWN.stream().sorted().toList());
      }
    }
    String type = p.getOrDefault("queueType", "classic").toLowerCase(Locale.ROOT);
    if (!type.equals("classic") && !type.equals("quorum")) {
      problems.add("queueType must be classic or quorum, was '" + type + "'");
    }
    long maxLength = 0;
    if (p.containsKey("maxLength")) {
      try {
        maxLength = Long.parseLong(p.get("maxLength").trim());
        if (maxLength < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(
            "maxLength must be a whole number >= 0 (0 = unbounded), was '"
                + p.get("maxLength")
                + "'");
      }
    }
    Overflow overflow = Overflow.REJECT;
    String overflowText = p.getOrDefault("overflow", "reject").toLowerCase(Locale.ROOT);
    switch (overflowText) {
      case "reject", "reject-publish" -> overflow = Overflow.REJECT;
      case "drop-oldest", "drop-head" -> overflow = Overflow.DROP_OLDEST;
      default -> problems.add("overflow must be reject or drop-oldest, was '" + overflowText + "'");
    }
    long ttlMillis = millis(p, "messageTtl", 0, problems);
    long heartbeatSeconds = 30;
    if (p.containsKey("heartbeat")) {
      try {
        heartbeatSeconds = Integer.parseInt(p.get("heartbeat").trim());
        if (heartbeatSeconds < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(
            "heartbeat must be a number of seconds >= 0 (0 = off), was '"
                + p.get("heartbeat")
                + "'");
      }
    }
    long recoveryMillis = millis(p, "recoveryInterval", 1_000, problems);
    if (!problems.isEmpty()) {
      throw new BrokerConfigException(problems);
    }
    return new RabbitSettings(
        type.equals("quorum"),
        new QueueLimits(maxLength, overflow, ttlMillis),
        Duration.ofSeconds(heartbeatSeconds),
        Duration.ofMillis(Math.max(1, recoveryMillis)));
  }

  private static long millis(Map<String, String> p, String name, long dflt, List<String> problems) {
    String text = p.get(name);
    if (text == null) {
      return dflt;
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      problems.add(
          name
              + " must be a number of milliseconds or have a unit (500ms, 30s, 5m, 1h),"
              + " was '"
              + text
              + "'");
      return dflt;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> n * 1_000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n;
    };
  }
}
