/** Implementation of the exporter: meters, collectors, HTTP details. Not an API. */
package io.detektr.exporter.internal;
