package io.detektr.deploy.ops;

/** Receives the core's events. Implementations must mask nothing: the core already did. */
@FunctionalInterface
public interface EventSink {
  void on(Event event);
}
