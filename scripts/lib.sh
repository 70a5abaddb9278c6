# Shared by setup steps: install Debian packages once, only when a command is missing.
# shellcheck shell=bash
apt_updated=""
need() { # need COMMAND PACKAGE...: installs PACKAGE(s) when COMMAND is not on PATH
  local cmd=$1; shift
  if command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ]; then return 0; fi
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "missing: $cmd. Install the Debian package(s) '$*' (apt-get install $*) and rerun." >&2
    return 1
  fi
  local sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo
  if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
  echo "installing $* (for $cmd)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || { echo "installing '$*' did not provide $cmd" >&2; return 1; }
}
