package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.detektr.broker.BrokerAuthenticationException;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerUnavailableException;
import java.util.concurrent.TimeoutException;

/** Turns amqp-client exceptions into the API's, with messages that say what to do. */
final class Errors {
  static final int NOT_FOUND = 404;
  static final int PRECONDITION_FAILED = 406;

  private Errors() {}

  static BrokerException connectFailed(BrokerConfig config, String hosts, Exception e) {
    String user = config.username().orElse("guest");
    ShutdownSignalException signal = signal(e);
    if (e instanceof AuthenticationFailureException
        || e instanceof PossibleAuthenticationFailureException) {
      return new BrokerAuthenticationException(
          "RabbitMQ at "
              + hosts
              + " refused the credentials"
              + " of user '"
              + user
              + "': check the user name and password in BROKER_URL",
          e);
    }
    if (signal != null && String.valueOf(reasonText(signal)).contains("vhost")) {
      return new BrokerAuthenticationException(
          "RabbitMQ at "
              + hosts
              + " refused user '"
              + user
              + "' access to virtual host '"
              + Connector.virtualHost(config)
              + "' ("
              + reasonText(signal)
              + "): create the vhost and grant permissions (rabbitmqctl"
              + " add_vhost / set_permissions) or fix the URI path",
          e);
    }
    return new BrokerUnavailableException(
        "Cannot connect to RabbitMQ at "
            + hosts
            + " ("
            + describe(e)
            + "); start the node or point BROKER_URL at a running one, e.g."
            + " amqp://user:pass@host:5672/vhost",
        e);
  }

  /** An operation failed: a closed connection is retriable, a channel error says why. */
  static BrokerException operationFailed(String what, Exception e) {
    if (e instanceof BrokerException be) {
      return be;
    }
    ShutdownSignalException signal = signal(e);
    if (e instanceof AlreadyClosedException
        || e instanceof TimeoutException
        || (signal != null && signal.isHardError())) {
      return new BrokerUnavailableException(
          what
              + " failed: the connection to RabbitMQ is down"
              + " or did not answer ("
              + describe(e)
              + "); it reconnects by itself, try again",
          e);
    }
    return new BrokerException(what + " failed: " + describe(e), e);
  }

  /** Closes {@code channel}; aborts it when it is already closed, which also unregisters it. */
  static void closeQuietly(Channel channel) {
    try {
      channel.close();
    } catch (Exception e) {
      try {
        channel.abort();
      } catch (Exception ignored) {
        // nothing left to release
      }
    }
  }

  /** The AMQP reply code of a channel or connection error, or -1. */
  static int replyCode(Exception e) {
    ShutdownSignalException s = signal(e);
    if (s != null && s.getReason() instanceof AMQP.Channel.Close c) {
      return c.getReplyCode();
    }
    if (s != null && s.getReason() instanceof AMQP.Connection.Close c) {
      return c.getReplyCode();
    }
    return -1;
  }

  static String reasonText(ShutdownSignalException s) {
    if (s.getReason() instanceof AMQP.Channel.Close c) {
      return c.getReplyText();
    }
    if (s.getReason() instanceof AMQP.Connection.Close c) {
      return c.getReplyText();
    }
    return s.getMessage();
  }

  static ShutdownSignalException signal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s) {
        return s;
      }
    }
    return null;
  }

  static String describe(Throwable e) {
    ShutdownSignalException s = signal(e);
    if (s != null) {
      return reasonText(s);
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
