/** The picocli front-end of the load test: options, exit codes, one-line errors. */
package io.detektr.loadtest.cli;
