package io.detektr.broker.redis.internal;

import io.detektr.broker.Message;

/** An entry handed to this consumer, with its delivery count (the attempt). */
record StreamEntry(String id, Message message, int attempt) {}
