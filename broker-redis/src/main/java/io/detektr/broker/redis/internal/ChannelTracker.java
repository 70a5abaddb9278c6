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
 * {@link NettyCustomizer}, at both ends of the channel's handler pipeline:
 *
 * <ul>
 *   <li>last: when the channel becomes active (after Lettuce's handshake, and after Lettuce re-sent
 *       what awaited replies on the old channel), it records the channel under the connection's
 *       {@link Endpoint} and tells the endpoint's {@link Listener}, on that channel's loop;
 *   <li>first: when an active channel goes inactive, it forgets it and tells the listener, before
 *       any Lettuce handler sees the close: before Lettuce moves the commands awaiting replies
 *       aside to re-send them, and before it schedules the reconnect.
 * </ul>
 */
final class ChannelTracker implements NettyCustomizer {
  /** Told about one endpoint's channels, on the channel's event loop. */
  interface Listener {
    void active();

    void inactive();
  }

  private final Map<Endpoint, Channel> channels = new ConcurrentHashMap<>();
  private final Map<Endpoint, Listener> listeners = new ConcurrentHashMap<>();

  @Override
  public void afterChannelInitialized(Channel channel) {
    channel.pipeline().addFirst(new InactiveHook()).addLast(new ActiveHook());
  }

  /** The endpoint's active channel, or null while it is connecting or disconnected. */
  Channel channel(Endpoint endpoint) {
    return channels.get(endpoint);
  }

  void listen(Endpoint endpoint, Listener listener) {
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

  private static Endpoint endpointOf(ChannelHandlerContext ctx) {
    CommandHandler handler = ctx.pipeline().get(CommandHandler.class);
    return handler == null ? null : handler.getEndpoint();
  }

  private final class ActiveHook extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      Endpoint endpoint = endpointOf(ctx);
      if (endpoint != null) {
        channels.put(endpoint, ctx.channel());
        Listener listener = listeners.get(endpoint);
        if (listener != null) {
          listener.active();
        }
      }
      super.channelActive(ctx);
    }
  }

  private final class InactiveHook extends ChannelInboundHandlerAdapter {
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      Endpoint endpoint = endpointOf(ctx);
      if (endpoint != null && channels.remove(endpoint, ctx.channel())) {
        Listener listener = listeners.get(endpoint);
        if (listener != null) {
          listener.inactive();
        }
      }
      super.channelInactive(ctx);
    }
  }
}
