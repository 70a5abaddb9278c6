/**
 * The RabbitMQ provider: {@code amqp://} and {@code amqps://} URIs, served by {@link
 * io.detektr.broker.rabbitmq.RabbitMqProvider} through the {@link
 * io.detektr.broker.spi.BrokerProvider} SPI. Put this module on the runtime class path and call
 * {@code Brokers.connect("amqp://user:pass@rabbit1:5672,rabbit2:5672/vhost")}.
 *
 * <h2>Mapping</h2>
 *
 * <ul>
 *   <li>A topic is a durable exchange of type {@code topic} named after it. Every group queue is
 *       bound with {@code #}, so today it behaves like a fanout exchange (every group gets every
 *       message); the type is {@code topic} rather than {@code fanout} because RabbitMQ fixes an
 *       exchange's type when it is declared, and routing by key (by camera, say) is the reason to
 *       run RabbitMQ here at all: a topic exchange lets such bindings be added later without
 *       deleting and re-creating every exchange. The routing cost of one {@code #} binding is
 *       negligible.
 *   <li>A group is a durable queue {@code <topic>.<group>} bound to the topic's exchange: classic
 *       by default, a quorum queue with {@code ?queueType=quorum}.
 *   <li>Publishes are persistent (delivery mode 2) with the message headers as AMQP headers ({@code
 *       content-type} as the {@code content_type} property, {@code published-at} also as the {@code
 *       timestamp} property; consumers map both back, and turn header values of other types into
 *       strings: docs/wire-format.md), and complete on the publisher confirm; confirms are
 *       asynchronous and pipelined up to {@code PublisherOptions.maxInFlight}. A negative
 *       acknowledgement (a queue at its {@code x-max-length} with overflow {@code reject-publish})
 *       fails the publish with {@code BrokerFullException}.
 *   <li>Consumers use manual acknowledgements with prefetch {@code SubscriptionOptions.prefetch}
 *       and run handlers on {@code concurrency} threads of their own. With one thread, while
 *       deliveries wait for it, up to a quarter of the prefetch of acks is held and sent as one
 *       {@code multiple} ack; a held ack lost with the process means a redelivery, not a loss.
 *   <li>Attempts are counted on classic queues too: {@code retry()} republishes the message to its
 *       group queue with an incremented attempt header and then acknowledges the original; a
 *       message redelivered because its consumer went away counts one more attempt (the {@code
 *       redelivered} flag, or {@code x-delivery-count} on quorum queues).
 *   <li>Dead letters are published, confirmed, to the dead-letter topic's exchange with the
 *       dead-letter headers, then the original is acknowledged (RabbitMQ's own dead-lettering
 *       cannot carry a reason).
 *   <li>Messages discarded by {@code drop-head} (and expired by {@code messageTtl}) are
 *       dead-lettered by RabbitMQ to the internal exchange {@code _detektr.dropped} with the topic
 *       as routing key; every broker instance with a publisher on that topic drains the counting
 *       queue {@code _detektr.dropped.<topic>} and reports them with {@code BrokerMetrics.dropped}.
 *   <li>Connections recover automatically, topology included; several hosts form an address list
 *       tried in turn.
 * </ul>
 *
 * <h2>Deviations a user may notice</h2>
 *
 * <ul>
 *   <li>Quorum queues enforce {@code reject-publish} after an enqueue (they accept the message that
 *       crosses the limit); the provider declares their {@code x-max-length} one lower, so a
 *       publisher that waits for confirms sees the documented limit, while pipelined publishes may
 *       overshoot it by what is in flight.
 *   <li>RabbitMQ hands a consumer's unacknowledged messages back as soon as its channel or
 *       connection closes (a closed subscription, a crashed process), which is sooner than {@code
 *       redeliverAfter}; a handler that hangs while its process stays connected keeps its messages
 *       until the node's {@code consumer_timeout}.
 *   <li>On classic queues a redelivery after a crash counts one attempt however often it was
 *       redelivered (the {@code redelivered} flag is a boolean); quorum queues count exactly.
 *   <li>Queues of the group {@code dead-letters} never take the URI's limits: dead letters wait for
 *       someone to read them.
 *   <li>Group stats report {@code pending} as -1: AMQP does not tell the unacknowledged count.
 *   <li>{@code GroupStart.EARLIEST} starts a new group empty, like {@code LATEST}: a queue holds
 *       only what was routed to it while it existed.
 * </ul>
 *
 * <h2>URI parameters</h2>
 *
 * <ul>
 *   <li>{@code queueType=classic|quorum} (default classic);
 *   <li>{@code maxLength=N} and {@code overflow=reject|drop-oldest}: limits of every group queue,
 *       for topics this process has no publisher options for;
 *   <li>{@code messageTtl=N} (milliseconds, or with a unit: {@code 500ms}, {@code 30s}, {@code 5m},
 *       {@code 1h}): {@code x-message-ttl} of every group queue;
 *   <li>{@code heartbeat=N} seconds (default 30), {@code recoveryInterval=N} milliseconds between
 *       reconnection attempts (default 1000).
 * </ul>
 *
 * <h2>Queue limits are fixed when a queue is declared</h2>
 *
 * <p>RabbitMQ takes {@code x-max-length}, {@code x-overflow}, {@code x-message-ttl} and {@code
 * x-queue-type} when a queue is created and refuses a later declaration with other values ({@code
 * PRECONDITION_FAILED}); the API, though, sets limits on the publisher while queues belong to
 * groups. So a broker instance remembers the options of its publishers per topic and applies them
 * to every group queue it declares on that topic (declare groups after creating the publisher, as
 * the contract does), and the same limits can be given as URI parameters so that separate publisher
 * and consumer processes agree: give every process the same {@code maxLength}, {@code overflow},
 * {@code messageTtl} and {@code queueType}. When a queue already exists with other arguments the
 * declaration fails with {@code BrokerConfigException} naming the queue and the arguments that
 * differ; delete the queue ({@code rabbitmqctl delete_queue <name>}) or align the settings.
 */
package io.detektr.broker.rabbitmq;
