package io.detektr.broker.internal;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageTooLargeException;
import java.util.Map;

/**
 * The size and header rules of {@link Headers}, checked once for every provider before a message is
 * sent, so that no broker stores what another could not carry and each failure names the header.
 */
final class MessageChecks {
  private static final int SHOWN_NAME_CHARS = 64;

  private MessageChecks() {}

  /** What is wrong with {@code message} for {@code topic}, or null when it may be sent. */
  static BrokerException problem(Message message, int maxMessageBytes, String topic) {
    Map<String, String> headers = message.headers().asMap();
    if (headers.size() > Headers.MAX_COUNT) {
      return new MessageTooLargeException(
          "A message to topic '"
              + topic
              + "' has "
              + headers.size()
              + " headers, more than the limit of "
              + Headers.MAX_COUNT
              + " (Headers.MAX_COUNT); merge them or move the data into the payload");
    }
    long headerBytes = 0;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String name = h.getKey();
      int nameBytes = utf8Length(name);
      if (nameBytes < 0) {
        return new BrokerConfigException(
            "Header name '"
                + shown(name)
                + "' contains a lone UTF-16 surrogate, which no broker can store as text;"
                + " use a well-formed name");
      }
      if (nameBytes > Headers.MAX_NAME_BYTES) {
        return new BrokerConfigException(
            "Header name '"
                + shown(name)
                + "' is "
                + nameBytes
                + " bytes long, more than the "
                + Headers.MAX_NAME_BYTES
                + " bytes a RabbitMQ header name can have (Headers.MAX_NAME_BYTES); use a shorter"
                + " name");
      }
      if (Headers.RESERVED_NAMES.contains(name)) {
        return new BrokerConfigException(
            "Header name '"
                + name
                + "' is reserved: a broker gives it a meaning of its own (Headers.RESERVED_NAMES);"
                + " rename the header");
      }
      int valueBytes = utf8Length(h.getValue());
      if (valueBytes < 0) {
        return new BrokerConfigException(
            "Header '"
                + shown(name)
                + "' has a value with a lone UTF-16 surrogate, which no broker can store as"
                + " text; send binary data in the payload");
      }
      if (valueBytes > Headers.MAX_VALUE_BYTES) {
        return new MessageTooLargeException(
            "Header '"
                + shown(name)
                + "' of a message to topic '"
                + topic
                + "' has a value of "
                + valueBytes
                + " bytes, more than the limit of "
                + Headers.MAX_VALUE_BYTES
                + " bytes (Headers.MAX_VALUE_BYTES); put large data in the payload");
      }
      headerBytes += nameBytes + valueBytes;
    }
    if (headerBytes > Headers.MAX_TOTAL_BYTES) {
      return new MessageTooLargeException(
          "The headers of a message to topic '"
              + topic
              + "' take "
              + headerBytes
              + " bytes together, more than the limit of "
              + Headers.MAX_TOTAL_BYTES
              + " bytes (Headers.MAX_TOTAL_BYTES); put large data in the payload");
    }
    long size = message.size() + headerBytes;
    if (size > maxMessageBytes) {
      return new MessageTooLargeException(
          "Message of "
              + size
              + " bytes ("
              + message.size()
              + " of payload, "
              + headerBytes
              + " of header names and values) exceeds the limit of "
              + maxMessageBytes
              + " bytes for topic '"
              + topic
              + "'; send a smaller message or raise BrokerConfig.maxMessageBytes");
    }
    return null;
  }

  /** The UTF-8 length of {@code s}, or -1 when it holds a lone surrogate (not encodable). */
  static int utf8Length(String s) {
    int bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return -1;
        }
        bytes += 4;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** A name as it may be printed: lone surrogates escaped, long names cut. */
  private static String shown(String name) {
    StringBuilder out = new StringBuilder();
    int n = Math.min(name.length(), SHOWN_NAME_CHARS);
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < name.length()
              && Character.isLowSurrogate(name.charAt(i + 1));
      if (pair) {
        out.append(c).append(name.charAt(++i));
      } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (name.length() > n) {
      out.append("...");
    }
    return out.toString();
  }
}
