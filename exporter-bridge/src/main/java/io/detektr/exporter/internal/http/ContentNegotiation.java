package io.detektr.exporter.internal.http;

/**
 * Picks the exposition format from an {@code Accept} header: OpenMetrics when the scraper asks for
 * it (Prometheus does by default), the Prometheus text format 0.0.4 otherwise. The protobuf format
 * is never chosen: the text formats carry everything this exporter writes.
 */
public final class ContentNegotiation {
  public static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0;" + " charset=utf-8";
  public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private ContentNegotiation() {}

  public static String contentType(String accept) {
    if (accept == null) {
      return TEXT;
    }
    for (String part : accept.split(",")) {
      String[] params = part.trim().split(";");
      if (params[0].trim().equalsIgnoreCase("application/openmetrics-text") && !refused(params)) {
        return OPENMETRICS;
      }
    }
    return TEXT;
  }

  /** {@code q=0} means "not acceptable". */
  private static boolean refused(String[] params) {
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim().replace(" ", "");
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2)) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
