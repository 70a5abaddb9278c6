package io.detektr.broker;

/**
 * A consumer group's backlog at one moment.
 *
 * @param lag messages published to the topic that the group has not been handed yet, or -1 when the
 *     broker cannot tell
 * @param pending messages handed to a consumer of the group and not yet acknowledged, or -1 when
 *     the broker cannot tell
 * @param consumers consumers attached to the group, or -1 when the broker cannot tell
 */
public record GroupStats(long lag, long pending, long consumers) {}
