package io.detektr.broker.internal;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Endpoint;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses and prints broker URIs. Hand-written because {@link java.net.URI} rejects the
 * comma-separated host lists that RabbitMQ clusters and Redis Sentinel need.
 */
public final class BrokerUris {
  private BrokerUris() {}

  public static BrokerConfig.Builder parse(String uri, BrokerConfig.Builder b) {
    if (uri == null || uri.isBlank()) {
      return b.problem("the broker URI is empty; set BROKER_URL, e.g. redis://localhost:6379");
    }
    int sep = uri.indexOf("://");
    if (sep <= 0) {
      return b.problem(
          "'"
              + redact(uri)
              + "' is not a broker URI: expected scheme://host[:port],"
              + " e.g. redis://localhost:6379, amqp://localhost:5672 or mem://");
    }
    b.scheme(uri.substring(0, sep).toLowerCase(Locale.ROOT));
    String rest = uri.substring(sep + 3);
    int query = rest.indexOf('?');
    if (query >= 0) {
      parseQuery(rest.substring(query + 1), b);
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String authority = slash >= 0 ? rest.substring(0, slash) : rest;
    b.path(slash >= 0 ? decode(rest.substring(slash + 1)) : "");
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
      b.username(user.isEmpty() ? null : user);
      if (colon >= 0) {
        b.password(decode(userInfo.substring(colon + 1)));
      }
    }
    List<Endpoint> endpoints = new ArrayList<>();
    if (!authority.isEmpty()) {
      for (String host : authority.split(",")) {
        parseHost(host.trim(), b, endpoints);
      }
    }
    return b.endpoints(endpoints);
  }

  private static void parseHost(String text, BrokerConfig.Builder b, List<Endpoint> out) {
    if (text.isEmpty()) {
      b.problem("the broker URI has an empty host in its host list");
      return;
    }
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      host = text.substring(1, Math.max(close, 1));
      if (close >= 0 && close + 1 < text.length() && text.charAt(close + 1) == ':') {
        port = text.substring(close + 2);
      }
    } else if (text.indexOf(':') >= 0) {
      host = text.substring(0, text.indexOf(':'));
      port = text.substring(text.indexOf(':') + 1);
    }
    int portNumber = -1;
    if (port != null) {
      try {
        portNumber = Integer.parseInt(port);
        if (portNumber < 1 || portNumber > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        b.problem("port '" + port + "' of host '" + host + "' is not a number from 1 to 65535");
        return;
      }
    }
    out.add(new Endpoint(host, portNumber));
  }

  private static void parseQuery(String query, BrokerConfig.Builder b) {
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "true";
      b.parameter(key, value);
    }
  }

  /** Prints {@code config} as a URI; {@code redact} replaces the password with {@code ****}. */
  public static String format(BrokerConfig config, boolean redact) {
    StringBuilder s = new StringBuilder(config.scheme()).append("://");
    config.username().ifPresent(u -> s.append(encode(u)));
    config.password().ifPresent(p -> s.append(':').append(redact ? "****" : encode(p)));
    if (config.username().isPresent() || config.password().isPresent()) {
      s.append('@');
    }
    s.append(
        config.endpoints().stream()
            .map(
                e ->
                    e.host().contains(":")
                        ? "[" + e.host() + "]" + (e.port() < 0 ? "" : ":" + e.port())
                        : e.toString())
            .collect(Collectors.joining(",")));
    if (!config.path().isEmpty()) {
      s.append('/').append(config.path());
    }
    if (!config.parameters().isEmpty()) {
      s.append('?')
          .append(
              config.parameters().entrySet().stream()
                  .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                  .sorted()
                  .collect(Collectors.joining("&")));
    }
    return s.toString();
  }

  /** Masks the password of a URI that may not even parse, for error messages. */
  public static String redact(String uri) {
    return uri == null ? "null" : uri.replaceAll("(://[^:/@]*):[^@/]*@", "$1:****@");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
