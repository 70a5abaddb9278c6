#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need on a Debian machine with a
# JDK, then runs the whole build with every test. Each scripts/setup.d/*.sh installs or checks
# one area's servers and tools; a missing piece that cannot be installed fails here, with the
# reason, before Maven starts.
set -euo pipefail
cd "$(dirname "$0")/.."

for step in scripts/setup.d/*.sh; do
  echo "==> setup: ${step##*/}"
  bash "$step"
done

echo "==> ./mvnw -B verify $*"
exec ./mvnw -B verify "$@"
