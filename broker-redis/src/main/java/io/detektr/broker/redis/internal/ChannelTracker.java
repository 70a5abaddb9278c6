package io.detektr.broker.redis.internal;

import io.lettuce.core.Delegating;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.protocol.Endpoint;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows the live Netty channel of each Lettuce connection of one client, so that a {@link Pipeline}
 * can write on that channel's event loop and nowhere else (Lettuce does not expose the channel). It
 * hooks every channel the client opens, the first and every reconnect, through Lettuce's public
 * {@link NettyCustomizer}: when a channel becomes active (after Lettuce's handshake, and after
 * Lettuce re-sent what awaited replies on the old one), it records the channel under the
 * connection's {@link Endpoint} and tells the listener registered for it, on that channel's loop;
 * when the channel goes inactive it forgets it.
 */
final class ChannelTracker implements NettyCustomizer {
  private final Map<Endpoint, Channel> channels = new ConcurrentHashMap<>();
  private final Map<Endpoint, Runnable> listeners = new ConcurrentHashMap<>();

  @Override
  public void afterChannelInitialized(Channel channel) {
    channel.pipeline().addLast(new Hook());
  }

  /** The endpoint's active channel, or null while it is connecting or disconnected. */
  Channel channel(Endpoint endpoint) {
    return channels.get(endpoint);
  }

  /** Runs {@code listener} on the channel's event loop each time {@code endpoint} (re)connects. */
  void onActive(Endpoint endpoint, Runnable listener) {
    listeners.put(endpoint, listener);
  }

  void forget(Endpoint endpoint) {
    listeners.remove(endpoint);
    channels.remove(endpoint);
  }

  /** The endpoint behind a connection's writer (Lettuce may wrap it, e.g. for timeouts). */
  static Endpoint endpointOf(StatefulConnection<?, ?> connection) {
    RedisChannelWriter writer = ((RedisChannelHandler<?, ?>) connection).getChannelWriter();
    while (!(writer instanceof Endpoint) && writer instanceof Delegating<?> d) {
      writer = (RedisChannelWriter) d.getDelegate();
    }
    if (writer instanceof Endpoint endpoint) {
      return endpoint;
    }
    throw new IllegalStateException("Lettuce connection without an endpoint: " + writer);
  }

  private final class Hook extends ChannelInboundHandlerAdapter {
    private Endpoint endpoint;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      CommandHandler handler = ctx.pipeline().get(CommandHandler.class);
      if (handler != null) {
        endpoint = handler.getEndpoint();
        channels.put(endpoint, ctx.channel());
        Runnable listener = listeners.get(endpoint);
        if (listener != null) {
          listener.run();
        }
      }
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (endpoint != null) {
        channels.remove(endpoint, ctx.channel());
      }
      super.channelInactive(ctx);
    }
  }
}
