#!/bin/sh
# Entrypoint of the Redis broker image: turns the password from the environment into an ACL
# file (only the SHA-256 of the password is written, in a tmpfs, mode 600) and starts
# redis-server with config/redis/redis.conf; extra arguments (e.g. --maxmemory 4gb) pass on.
#
#   REDIS_PASSWORD       the password (from the compose env file), or
#   REDIS_PASSWORD_FILE  a file holding it (compose/Docker secret), which wins when set
#   REDIS_CONF           config file   (default /usr/local/etc/redis/redis.conf)
#   REDIS_DATA_DIR       data directory (default /data, the named volume)
#   REDIS_ACL_FILE       ACL file made (default /tmp/redis-acl/users.acl; /tmp is a tmpfs)
#   REDIS_SERVER         server binary (default redis-server on PATH)
set -eu

if [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
  REDIS_PASSWORD=$(cat "$REDIS_PASSWORD_FILE")
fi
if [ -z "${REDIS_PASSWORD:-}" ]; then
  echo "redis-entrypoint: REDIS_PASSWORD (or REDIS_PASSWORD_FILE) is not set; refusing to" \
    "start Redis without a password. Put REDIS_PASSWORD in the stack's .env file." >&2
  exit 64
fi

conf=${REDIS_CONF:-/usr/local/etc/redis/redis.conf}
acl=${REDIS_ACL_FILE:-/tmp/redis-acl/users.acl}
umask 077
mkdir -p "$(dirname "$acl")"
hash=$(printf '%s' "$REDIS_PASSWORD" | sha256sum | cut -d ' ' -f 1)
# The default user, with the password's hash only: no clear text on disk or in argv.
printf 'user default on #%s ~* &* +@all\n' "$hash" > "$acl"
unset REDIS_PASSWORD REDIS_PASSWORD_FILE hash

exec "${REDIS_SERVER:-redis-server}" "$conf" --dir "${REDIS_DATA_DIR:-/data}" --aclfile "$acl" "$@"
