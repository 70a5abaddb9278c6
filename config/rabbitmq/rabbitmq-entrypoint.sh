#!/bin/sh
# Entrypoint of the RabbitMQ service (docker-compose.broker.yml, profile "rabbitmq"): prepares
# the definitions RabbitMQ imports at boot, then execs rabbitmq-server.
#
# Why: RabbitMQ does not create its default user when definitions are imported at boot ("Will
# not seed default virtual host and user: have definitions to load"), and definitions.json
# cannot read environment variables. So the repository's definitions.json holds the topology
# only, and this script writes a second definitions file with the one user, from the
# environment, into a private directory (mode 700, a tmpfs in the container) that
# rabbitmq.conf's load_definitions points to. Both files are imported, topology first.
#
#   RABBITMQ_USER / RABBITMQ_PASSWORD   the broker user (from the stack's .env file), or
#   RABBITMQ_PASSWORD_FILE              a file holding the password (compose secret)
#   RABBITMQ_TOPOLOGY      topology definitions (default /etc/rabbitmq/definitions.json)
#   RABBITMQ_DEFINITIONS_DIR  directory made    (default /tmp/rabbitmq-definitions)
#   RABBITMQ_SERVER        server command       (default rabbitmq-server on PATH)
#
# User name and password are limited to [A-Za-z0-9._~-] (e.g. `openssl rand -hex 32`), so they
# can be written into JSON without escaping.
set -eu

if [ -n "${RABBITMQ_PASSWORD_FILE:-}" ]; then
  RABBITMQ_PASSWORD=$(cat "$RABBITMQ_PASSWORD_FILE")
fi
for var in RABBITMQ_USER RABBITMQ_PASSWORD; do
  eval "value=\${$var:-}"
  if [ -z "$value" ]; then
    echo "rabbitmq-entrypoint: $var is not set; put it in the stack's .env file" >&2
    exit 64
  fi
  case "$value" in
    *[!A-Za-z0-9._~-]*)
      echo "rabbitmq-entrypoint: $var may only contain A-Z a-z 0-9 . _ ~ -" \
        "(generate one with: openssl rand -hex 32)" >&2
      exit 64 ;;
  esac
done

dir=${RABBITMQ_DEFINITIONS_DIR:-/tmp/rabbitmq-definitions}
umask 077
mkdir -p "$dir"
cp "${RABBITMQ_TOPOLOGY:-/etc/rabbitmq/definitions.json}" "$dir/10-topology.json"
cat > "$dir/20-user.json" <<JSON
{
  "users": [
    { "name": "$RABBITMQ_USER", "password": "$RABBITMQ_PASSWORD", "tags": ["administrator"] }
  ],
  "permissions": [
    { "user": "$RABBITMQ_USER", "vhost": "detektr",
      "configure": ".*", "write": ".*", "read": ".*" }
  ]
}
JSON
unset RABBITMQ_PASSWORD RABBITMQ_PASSWORD_FILE value

exec ${RABBITMQ_SERVER:-rabbitmq-server} "$@"
