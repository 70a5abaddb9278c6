#!/usr/bin/env bash
# The wire-format conformance tests (interop/, *InteropIT) run Python scripts with Debian's own
# client libraries against the harness's redis-server and RabbitMQ: python3-redis, python3-pika.
# They run /usr/bin/python3, the interpreter those packages install into (not a pyenv or venv one).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need /usr/bin/python3 python3
need_python_module() { # need_python_module MODULE PACKAGE: installs PACKAGE when MODULE is missing
  if /usr/bin/python3 -c "import $1" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "missing: Python module '$1' for /usr/bin/python3. Install the Debian package '$2' (apt-get install $2) and rerun." >&2
    return 1
  fi
  local sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo
  if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
  echo "installing $2 (for Python module $1)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  /usr/bin/python3 -c "import $1" || { echo "installing '$2' did not provide Python module $1" >&2; return 1; }
}
need_python_module redis python3-redis
need_python_module pika python3-pika
