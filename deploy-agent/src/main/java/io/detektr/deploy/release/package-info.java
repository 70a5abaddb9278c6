/**
 * Server-side state: numbered release directories, the current pointer, the lock and the audit log;
 * pure rules in {@link io.detektr.deploy.release.ReleaseHistory}.
 */
package io.detektr.deploy.release;
