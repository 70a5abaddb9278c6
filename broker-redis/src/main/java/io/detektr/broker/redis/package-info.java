/**
 * The Redis Streams provider of the broker API. Put {@code broker-redis} on the class path and
 * connect with {@code redis://[user:password@]host:port/db}, {@code rediss://...} (TLS) or {@code
 * redis-sentinel://[:password@]s1:26379,s2:26379/db?masterId=NAME}; nothing of this module is used
 * directly. Mapping: topic = stream, group = consumer group, dead letters = stream {@code
 * <topic>.dlq}. Query parameters: {@code verifyPeer=full|ca|none} (rediss), {@code masterId} and
 * {@code sentinelPassword} (sentinel), {@code pack=N} (up to N messages per entry), {@code
 * payloadField=NAME} (the field of other producers' entries that holds the payload). The entry
 * layout, packed entries and the rules for entries of other producers are docs/wire-format.md.
 */
package io.detektr.broker.redis;
