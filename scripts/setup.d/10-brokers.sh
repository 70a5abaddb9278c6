#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need redis-server redis-server
need redis-benchmark redis-tools
need openssl openssl   # RedisTlsIT makes a self-signed certificate
need /usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server
