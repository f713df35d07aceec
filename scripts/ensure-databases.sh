#!/usr/bin/env bash
# Makes sure the local PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) that the store
# tests use are running: a server that is installed but not answering is started; one that answers
# is left alone; one that is not installed is reported and skipped (its tests then skip too).
# Idempotent and safe to run at any time, e.g. from scripts/setup.sh. Never fails the caller:
# it exits 0 and says what it found.
set -u

WAIT_SECONDS="${ARGOSY_DB_WAIT_SECONDS:-30}"

answers() { # host port: true when something accepts TCP connections there
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for() { # name port
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    if answers 127.0.0.1 "$2"; then
      echo "ensure-databases: $1 is up on 127.0.0.1:$2"
      return 0
    fi
    sleep 1
  done
  echo "ensure-databases: $1 did not answer on 127.0.0.1:$2 within ${WAIT_SECONDS}s" >&2
  return 1
}

ensure_postgres() {
  if answers 127.0.0.1 5432; then
    echo "ensure-databases: PostgreSQL already answers on 127.0.0.1:5432"
    return 0
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    echo "ensure-databases: PostgreSQL is not installed (no pg_ctlcluster or /etc/postgresql): skipped"
    return 0
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "ensure-databases: starting PostgreSQL $version (cluster main)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
    echo "ensure-databases: pg_ctlcluster failed (exit $?)" >&2
  wait_for PostgreSQL 5432
}

ensure_mariadb() {
  if answers 127.0.0.1 3306; then
    echo "ensure-databases: MariaDB/MySQL already answers on 127.0.0.1:3306"
    return 0
  fi
  if [ ! -x /usr/sbin/mariadbd ]; then
    echo "ensure-databases: MariaDB is not installed (no /usr/sbin/mariadbd): skipped"
    return 0
  fi
  echo "ensure-databases: starting MariaDB"
  # --oknodo: exits 0 without starting a second daemon when one is already running.
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd ||
    echo "ensure-databases: start-stop-daemon failed (exit $?)" >&2
  wait_for MariaDB 3306
}

ensure_postgres || true
ensure_mariadb || true
exit 0
