/** Implementation of the Redis provider on Lettuce; not an API. */
package io.detektr.broker.redis.internal;
