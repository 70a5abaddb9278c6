#!/usr/bin/env bash
# The contract and fault tests start their own redis-server (also in --sentinel mode) and
# RabbitMQ nodes; bench/ also uses redis-benchmark.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need redis-server redis-server
need redis-benchmark redis-tools
need openssl openssl   # RedisTlsIT makes a self-signed certificate
need /usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server
