#!/usr/bin/env bash
# ops-tests: the production files are checked by the programs that read them. redis-server and
# RabbitMQ come from 10-brokers.sh; the entrypoint scripts need a POSIX sh and sha256sum; the
# image tests push to a real OCI registry (Debian's docker-registry) on a free loopback port.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need redis-server redis-server
need /usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server
need sha256sum coreutils
need docker-registry docker-registry
