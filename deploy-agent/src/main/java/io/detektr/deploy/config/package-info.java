/**
 * Configuration: the YAML file read into immutable records by {@link
 * io.detektr.deploy.config.ConfigLoader}, which reports every problem at once.
 */
package io.detektr.deploy.config;
