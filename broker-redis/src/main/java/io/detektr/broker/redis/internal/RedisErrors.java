package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerAuthenticationException;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerFullException;
import io.detektr.broker.BrokerUnavailableException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Translates Lettuce's exceptions into the broker API's, cause kept; messages built here only. */
final class RedisErrors {
  private RedisErrors() {}

  /** {@code error} as a {@link BrokerException}; {@code where} names the server (host:port). */
  static BrokerException translate(Throwable error, String where) {
    Throwable e = unwrap(error);
    if (e instanceof BrokerException b) {
      return b;
    }
    String text = messages(e);
    if (isAuthentication(text)) {
      return new BrokerAuthenticationException(
          "Redis at "
              + where
              + " refused the credentials ("
              + firstLine(text)
              + "); check the user and password of BROKER_URL (or BROKER_USERNAME /"
              + " BROKER_PASSWORD)",
          e);
    }
    if (hasCause(e, javax.net.ssl.SSLException.class)) {
      return new BrokerException(
          "TLS handshake with Redis at "
              + where
              + " failed ("
              + firstLine(text)
              + "); if the server's certificate is not signed by a CA the JVM"
              + " trusts, add the CA to the trust store (javax.net.ssl.trustStore), or for a test"
              + " server only add ?verifyPeer=none to BROKER_URL",
          e);
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new BrokerUnavailableException(
          "Redis at "
              + where
              + " did not answer in time ("
              + e.getMessage()
              + "); check that it is running and not overloaded",
          e);
    }
    if (text.contains("DB index is out of range")) { // SELECT at connect: no such database
      return new BrokerConfigException(
          "Redis at "
              + where
              + " has no such database ("
              + firstLine(text)
              + "); the number after the host in BROKER_URL (redis://host:6379/N) must be below"
              + " the server's 'databases' setting (16 unless configured)");
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (e instanceof RedisConnectionException
        || e instanceof java.io.IOException
        || lower.contains("connection refused")
        || lower.contains("connection closed")
        || lower.contains("connection reset")
        || lower.contains("broken pipe")) {
      return new BrokerUnavailableException(
          "Cannot reach Redis at "
              + where
              + " ("
              + firstLine(text)
              + "); check that redis-server is running there and that BROKER_URL"
              + " points at it",
          e);
    }
    if (text.startsWith("OOM")) {
      return new BrokerFullException(
          "Redis at "
              + where
              + " is out of memory ("
              + firstLine(text)
              + "); consume faster, set maxLength with DROP_OLDEST or raise maxmemory");
    }
    if (text.startsWith("READONLY")
        || text.startsWith("LOADING")
        || text.startsWith("MASTERDOWN")) {
      return new BrokerUnavailableException(
          "Redis at "
              + where
              + " cannot take writes right now ("
              + firstLine(text)
              + "); a failover or restart is in progress, retry shortly",
          e);
    }
    if (e instanceof RedisCommandInterruptedException) {
      return new BrokerException("Interrupted while talking to Redis at " + where, e);
    }
    return new BrokerException("Redis at " + where + " failed: " + firstLine(text), e);
  }

  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static boolean isNoScript(Throwable error) {
    String m = unwrap(error).getMessage();
    return m != null && m.startsWith("NOSCRIPT");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAuthentication(String text) {
    return text.contains("WRONGPASS")
        || text.contains("NOAUTH")
        || text.contains("NOPERM")
        || text.contains("invalid password")
        || text.contains("invalid username-password");
  }

  /** The messages of the whole cause chain: Lettuce puts the server's reply in a cause. */
  private static String messages(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        s.append(s.length() == 0 ? "" : " / ").append(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return s.toString();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
