#!/usr/bin/env bash
# deploy-agent end-to-end tests: a real sshd, a real OCI registry and Podman (there is no Docker
# engine on these machines). The tests configure Podman themselves through CONTAINERS_CONF /
# CONTAINERS_STORAGE_CONF / CONTAINERS_REGISTRIES_CONF files in their temp dirs (runc + cgroupfs,
# vfs storage, lowered ulimits, CNI networks), so nothing under /etc is changed here.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need /usr/sbin/sshd openssh-server
need ssh-keygen openssh-client
need docker-registry docker-registry
need podman podman
need runc runc
need podman-compose podman-compose
need /usr/lib/cni/bridge containernetworking-plugins
need iptables iptables
need busybox busybox-static      # static httpd/sleep for the stand-in exporter and producer images
need redis-server redis-server   # its binary and libraries go into the test's Redis image
need ldd libc-bin
