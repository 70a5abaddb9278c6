#!/usr/bin/env bash
# exporter-bridge ITs run the real Prometheus tools: promtool (check metrics, check rules)
# and a prometheus server that scrapes the exporter.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need promtool prometheus
need prometheus prometheus
