/**
 * Health checks run through the SSH connection (Redis PING, HTTP, TCP) and the poller with growing
 * intervals.
 */
package io.detektr.deploy.health;
