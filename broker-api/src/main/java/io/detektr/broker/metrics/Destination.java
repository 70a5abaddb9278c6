package io.detektr.broker.metrics;

/**
 * What a metric event is about: the tags {@code provider}, {@code topic} and {@code group} of every
 * broker meter. {@code group} is empty for publish-side events.
 */
public record Destination(String provider, String topic, String group) {
  public static Destination publisher(String provider, String topic) {
    return new Destination(provider, topic, "");
  }
}
