#!/usr/bin/env bash
# The browser tests need Debian's Chromium, the scale-out tests a Redis server, the balancer
# tests nginx (and openssl, for the certificate they make), the store tests PostgreSQL
# (testkit/postgres.ts starts a server of its own).
# Install what is missing when we may (root with apt-get); otherwise stop with the exact
# command to run.
# Never skip silently.
set -euo pipefail

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
command -v openssl >/dev/null || need+=(openssl)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${need[*]} for the tests (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  exit 0
fi

echo "The tests need: ${need[*]}" >&2
echo "Install with:   sudo apt-get install -y ${need[*]}" >&2
exit 1
