#!/usr/bin/env bash
# The PostgreSQL adapters are tested against a real PostgreSQL 15 server that the tests start themselves
# (test/support/postgres-cluster.ts), in a temp dir on a loopback port. This installs Debian's server
# binaries where they are missing (root with apt-get); without them the PostgreSQL suites fail, saying why.
set -u
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian postgresql-15 for the PostgreSQL adapter tests..."
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 >/dev/null 2>&1
  fi
  [ -x /usr/lib/postgresql/15/bin/initdb ] || echo "could not install postgresql-15: the PostgreSQL suites will fail"
else
  echo "no PostgreSQL server binaries and no root apt-get: the PostgreSQL suites will fail"
fi
exit 0
