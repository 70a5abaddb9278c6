/**
 * The server connection: SSH (sshj) with known_hosts verification, SFTP file operations and
 * direct-tcpip tunnels for health checks.
 */
package io.detektr.deploy.remote;
