/**
 * Implementation of the broker API: URI parsing, provider lookup and the instrumenting wrapper
 * every provider's broker is wrapped in. Not API: may change in any release.
 */
package io.detektr.broker.internal;
