package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.LongString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The string form of an AMQP header value, so that no header a foreign producer sends is lost
 * (docs/wire-format.md, "Header values"): strings as they are; integers in decimal; floats as
 * Java's {@code Double.toString}; booleans {@code true}/{@code false}; decimals in plain notation;
 * timestamps as seconds since the epoch; byte arrays in standard base64; lists and tables as
 * compact JSON (table keys sorted); void (null) as the empty string.
 */
final class AmqpValues {
  private AmqpValues() {}

  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Object[]) {
      StringBuilder sb = new StringBuilder();
      json(sb, value);
      return sb.toString();
    }
    return scalar(value);
  }

  private static String scalar(Object value) {
    if (value instanceof LongString || value instanceof String) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (value instanceof Date d) {
      return Long.toString(Math.floorDiv(d.getTime(), 1000L));
    }
    return value.toString(); // Integer, Long, Short, Byte, Double, Float, Boolean
  }

  private static void json(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      sb.append('{');
      String sep = "";
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        sb.append(sep);
        string(sb, e.getKey());
        sb.append(':');
        json(sb, e.getValue());
        sep = ",";
      }
      sb.append('}');
    } else if (value instanceof List<?> || value instanceof Object[]) {
      List<?> list = value instanceof List<?> l ? l : List.of((Object[]) value);
      sb.append('[');
      String sep = "";
      for (Object v : new ArrayList<>(list)) {
        sb.append(sep);
        json(sb, v);
        sep = ",";
      }
      sb.append(']');
    } else if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigDecimal
        || value instanceof Date
        || (value instanceof Double d && Double.isFinite(d))
        || (value instanceof Float f && Float.isFinite(f))) {
      sb.append(scalar(value));
    } else {
      string(sb, scalar(value)); // strings, byte arrays (base64), NaN and infinities
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
