/**
 * Deploy agent for the broker stack: a core (configuration in {@code config}, remote commands as
 * data in {@code commands}, SSH in {@code remote}, Jib images in {@code image}, health checks in
 * {@code health}, releases, lock and audit in {@code release}, the actions in {@code ops}) and a
 * thin picocli front-end in {@code cli}. The core never prints; it emits {@link
 * io.detektr.deploy.ops.Event}s that the CLI renders.
 */
package io.detektr.deploy;
