/** The thin command-line front-end of the standalone exporter. */
package io.detektr.exporter.cli;
