#!/usr/bin/env bash
# exporter-bridge and loadtest ITs run the real Prometheus tools: promtool (check metrics, check rules)
# and a prometheus server that scrapes the exporter, the RabbitMQ plugin and running loadtests.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need promtool prometheus
need prometheus prometheus
