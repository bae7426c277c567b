#!/usr/bin/env bash
# The one command that runs the whole test suite (CI runs it via .ci/run).
#
# On a fresh Debian 12 machine (as root) it installs what the tests need
# (blender, ffmpeg, chromium, postgresql), starts PostgreSQL on 127.0.0.1:5432, creates the
# `manager` role (CREATEDB) and the `manager_test` database, then runs
#   dotnet test Manager.sln -c Release ... "$@"
# and prints as its very last line: `N passed, M failed[, K skipped]`.
#
# Environment given to the tests:
#   MANAGER_TEST_POSTGRES  Npgsql connection string
#   MANAGER_TEST_BLENDER   path of the blender executable
# If either is already set when the script starts, it is used as given and
# that dependency is neither installed nor started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PG_VERSION=15
PG_CLUSTER=main
PG_HOST=127.0.0.1
PG_PORT=5432
RESULTS="$ROOT/TestResults"

log() { echo "[test.sh] $*" >&2; }

# Whatever stops the script before the summary (apt, PostgreSQL, ...) still
# ends with a summary line that counts as a failure.
SUMMARY_PRINTED=0
on_exit() {
  local rc=$?
  if [[ $SUMMARY_PRINTED -eq 0 && $rc -ne 0 ]]; then echo "0 passed, 1 failed"; fi
}
trap on_exit EXIT

SUDO=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi

# --- Debian packages ----------------------------------------------------------
pkgs=()
if [[ -z "${MANAGER_TEST_BLENDER:-}" ]] && ! command -v blender >/dev/null 2>&1; then
  pkgs+=(blender)
fi
# ffmpeg (and its ffprobe): the reference worker runs a job's video task with it, and the end-to-end test counts
# the video's frames with ffprobe.
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
  pkgs+=(ffmpeg)
fi
# chromium: the dashboard's browser tests drive Debian's build with Playwright (/usr/bin/chromium; Playwright's own
# browser download is never used).
if [[ ! -x /usr/bin/chromium ]]; then
  pkgs+=(chromium)
fi
if [[ -z "${MANAGER_TEST_POSTGRES:-}" ]] && ! command -v pg_ctlcluster >/dev/null 2>&1; then
  pkgs+=(postgresql)
fi
if [[ ${#pkgs[@]} -gt 0 ]]; then
  aptlog="$(mktemp)"
  log "installing ${pkgs[*]} (apt-get update + install, log: $aptlog)"
  if ! { "${SUDO[@]}" apt-get update -qq &&
         "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } >"$aptlog" 2>&1; then
    tail -n 40 "$aptlog" >&2
    log "installing ${pkgs[*]} failed"
    exit 1
  fi
  rm -f "$aptlog"
fi

# --- PostgreSQL ---------------------------------------------------------------
pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; }

# psql as the postgres superuser over the local socket, SQL on stdin.
# (cd / so psql does not warn about an unreadable cwd such as /root.)
psql_postgres() {
  (cd / && "${SUDO[@]}" su postgres -s /bin/sh -c 'psql -X -q -v ON_ERROR_STOP=1')
}

if [[ -z "${MANAGER_TEST_POSTGRES:-}" ]]; then
  if ! pg_ready; then
    if ! pg_lsclusters -h 2>/dev/null |
         awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { f = 1 } END { exit !f }'; then
      log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
      "${SUDO[@]}" pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" >/dev/null
    fi
    log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    # pg_ctlcluster switches to the cluster owner itself when run as root.
    "${SUDO[@]}" pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2 || true
    for _ in $(seq 1 60); do # up to 30 s
      if pg_ready; then break; fi
      sleep 0.5
    done
    if ! pg_ready; then
      log "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT after 30 s"
      tail -n 20 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" >&2 || true
      exit 1
    fi
  fi

  # Role and database, idempotently. CREATEDB: tests may create a database each.
  psql_postgres <<'SQL' >&2
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'manager') THEN
    CREATE ROLE manager;
  END IF;
END
$$;
ALTER ROLE manager WITH LOGIN PASSWORD 'manager' CREATEDB;
SELECT 'CREATE DATABASE manager_test OWNER manager'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'manager_test')\gexec
ALTER DATABASE manager_test OWNER TO manager;
SQL
  export MANAGER_TEST_POSTGRES="Host=$PG_HOST;Port=$PG_PORT;Username=manager;Password=manager;Database=manager_test"
fi

# --- Blender ------------------------------------------------------------------
if [[ -z "${MANAGER_TEST_BLENDER:-}" ]]; then
  MANAGER_TEST_BLENDER="$(command -v blender)"
fi
export MANAGER_TEST_BLENDER

# --- Tests --------------------------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

rc=0
dotnet test Manager.sln -c Release \
  --logger "trx;LogFilePrefix=results" \
  --results-directory "$RESULTS" "$@" || rc=$?

# --- Summary from the .trx files of this run -----------------------------------
# <Counters total=".." executed=".." passed=".." failed=".." error=".." .../>
# xunit's skipped tests count in total but not in executed.
counter() { # FILE ATTR -> number (0 when absent)
  local n
  n=$(grep -o '<Counters [^>]*>' "$1" | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9][0-9]*') || true
  echo "${n:-0}"
}

passed=0 failed=0 skipped=0 ntrx=0
while IFS= read -r -d '' trx; do
  ntrx=$((ntrx + 1))
  total=$(counter "$trx" total)
  executed=$(counter "$trx" executed)
  passed=$((passed + $(counter "$trx" passed)))
  failed=$((failed + $(counter "$trx" failed) + $(counter "$trx" error) \
                   + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
  if [[ $total -gt $executed ]]; then skipped=$((skipped + total - executed)); fi
done < <(find "$RESULTS" -type f -name '*.trx' -print0)

if [[ $ntrx -eq 0 ]]; then
  log "no .trx file was written (build failure?); dotnet test exited with $rc"
  if [[ $rc -eq 0 ]]; then rc=1; fi
  SUMMARY_PRINTED=1
  echo "0 passed, 1 failed"
  exit "$rc"
fi

if [[ $rc -eq 0 && $failed -gt 0 ]]; then rc=1; fi
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # e.g. one project failed to build, or a test host crashed: count it as one failure.
  log "dotnet test exited with $rc although no test failed (build error or crashed test host?)"
  failed=1
fi

summary="$passed passed, $failed failed"
if [[ $skipped -gt 0 ]]; then summary+=", $skipped skipped"; fi
SUMMARY_PRINTED=1
echo "$summary"
exit "$rc"
