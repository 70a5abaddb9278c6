package io.detektr.deploy.commands;

import java.util.Set;

/**
 * A container of the project as the engine reports it.
 *
 * @param imageId the ID of the image it runs, without the {@code sha256:} prefix
 * @param status engine status word (running, exited, created, ...)
 * @param publishedPorts host ports published by the container
 */
public record ContainerInfo(
    String id,
    String name,
    String service,
    String imageId,
    String status,
    boolean running,
    Set<Integer> publishedPorts) {}
