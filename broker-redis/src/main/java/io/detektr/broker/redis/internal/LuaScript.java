package io.detektr.broker.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run with EVALSHA. {@link #run} falls back to EVAL when the server does not know it
 * (after a restart or a failover the script cache is empty): one round trip in the common case. The
 * fallback sends the EVAL when the NOSCRIPT reply comes, after whatever was sent meanwhile, so
 * callers whose commands must stay in order load the script first ({@link #load}) and take the
 * NOSCRIPT error from {@link #runLoaded} instead.
 */
final class LuaScript {
  private final String name;
  private final byte[] source;
  private volatile String sha;

  private LuaScript(String name, byte[] source) {
    this.name = name;
    this.source = source;
  }

  static LuaScript load(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new LuaScript(resource, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script " + resource, e);
    }
  }

  /** Loads the script into the server's cache (SCRIPT LOAD), for {@link #runLoaded}. */
  CompletionStage<String> load(RedisAsyncCommands<byte[], byte[]> redis) {
    return redis.scriptLoad(source);
  }

  /** A SCRIPT LOAD to write straight to a channel (see {@link Pipeline#preamble}). */
  RedisCommand<byte[], byte[], String> loadCommand() {
    return new Command<>(
        CommandType.SCRIPT,
        new StatusOutput<>(ByteArrayCodec.INSTANCE),
        new CommandArgs<>(ByteArrayCodec.INSTANCE).add(CommandKeyword.LOAD).add(source));
  }

  /** EVAL: sends the whole script, which the server then caches. */
  <T> CompletionStage<T> eval(
      RedisAsyncCommands<byte[], byte[]> redis,
      ScriptOutputType type,
      byte[][] keys,
      byte[]... args) {
    return redis.eval(source, type, keys, args);
  }

  /** EVALSHA only: fails with the server's NOSCRIPT error when it does not know the script. */
  <T> CompletionStage<T> runLoaded(
      RedisAsyncCommands<byte[], byte[]> redis,
      ScriptOutputType type,
      byte[][] keys,
      byte[]... args) {
    if (sha == null) {
      sha = redis.digest(source);
    }
    return redis.evalsha(sha, type, keys, args);
  }

  <T> CompletionStage<T> run(
      RedisAsyncCommands<byte[], byte[]> redis,
      ScriptOutputType type,
      byte[][] keys,
      byte[]... args) {
    CompletionStage<T> first = runLoaded(redis, type, keys, args);
    return first
        .handle(
            (result, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(result);
              }
              if (RedisErrors.isNoScript(error)) {
                CompletionStage<T> again = eval(redis, type, keys, args);
                flush(redis); // the connection may not auto-flush (Pipeline)
                return again;
              }
              return CompletableFuture.<T>failedFuture(error);
            })
        .thenCompose(s -> s);
  }

  @SuppressWarnings("deprecation") // no other way from the async API to its connection
  private static void flush(RedisAsyncCommands<byte[], byte[]> redis) {
    redis.getStatefulConnection().flushCommands();
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + "]";
  }
}
