#!/usr/bin/env bash
# deploy-agent end-to-end tests: a real sshd, a real OCI registry and Podman (no Docker engine here).
# Podman is configured by the tests through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF /
# CONTAINERS_REGISTRIES_CONF files in their temp dirs, so nothing under /etc is changed here.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need /usr/sbin/sshd openssh-server
need ssh-keygen openssh-client
need docker-registry docker-registry
need podman podman
need runc runc
need podman-compose podman-compose
need redis-server redis-server
need redis-cli redis-tools
need ldd libc-bin
# podman rootful networking (netavark/aardvark on Debian 12) and slirp for port publishing
need /usr/lib/podman/netavark netavark || need /usr/libexec/podman/netavark netavark
need nsenter util-linux
