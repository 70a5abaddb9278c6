/**
 * The actions (preflight, deploy, rollback) as numbered, timed steps that emit {@link
 * io.detektr.deploy.ops.Event}s instead of printing.
 */
package io.detektr.deploy.ops;
