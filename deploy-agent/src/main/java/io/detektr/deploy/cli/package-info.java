/**
 * The picocli front-end: subcommands, progress lines or JSON, exit codes 0 ok, 1 failed, 2 bad
 * usage.
 */
package io.detektr.deploy.cli;
