#!/usr/bin/env bash
# What `make demo` and `make test` install first, one step at a time: system packages, the
# Python environment, the livekit-server binary. A step that is already done is skipped
# silently; a step that runs prints what it is doing, how long it usually takes and, every
# 30 s, how long it has been running; its output goes to a log file (shown when it fails).
# The end is one summary line. A repeat run with nothing to do prints nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_DIR="${KIOSK_CACHE_DIR:-$ROOT/.cache}/setup"
TICK_SECONDS="${SETUP_TICK_SECONDS:-30}"
mkdir -p "$LOG_DIR"

took() {  # seconds → "1m05s" / "12s"
  local s=$1
  if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

started=$SECONDS
done_steps=()
ran=0

# step NAME "USUAL DURATION" CHECK-COMMAND -- RUN-COMMAND...
step() {
  local name=$1 usual=$2 check=$3
  shift 3
  [ "$1" = "--" ] && shift
  if eval "$check" >/dev/null 2>&1; then
    return 0
  fi
  ran=1
  local log="$LOG_DIR/${name// /-}.log"
  local t0=$SECONDS
  echo "setup: $name (usually $usual; output in ${log#"$ROOT"/}) …"
  "$@" >"$log" 2>&1 &
  local pid=$!
  trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
  local next=$TICK_SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ $((SECONDS - t0)) -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
      echo "setup: … still on $name ($(took $((SECONDS - t0))) so far)"
      next=$((next + TICK_SECONDS))
    fi
  done
  local rc=0
  wait "$pid" || rc=$?
  trap - INT TERM
  local elapsed=$((SECONDS - t0))
  if [ "$rc" -ne 0 ]; then
    echo "setup: $name FAILED after $(took "$elapsed") (exit $rc); the end of ${log#"$ROOT"/}:" >&2
    tail -n 25 "$log" | sed 's/^/    /' >&2
    exit "$rc"
  fi
  echo "setup: $name done in $(took "$elapsed")"
  done_steps+=("$name $(took "$elapsed")")
}

step "system packages" "1–4 min on a fresh machine" "./scripts/system-deps.sh --check" \
  -- ./scripts/system-deps.sh
step "Python environment" "2–5 min on a fresh machine" "make --no-print-directory -q python-env" \
  -- make --no-print-directory python-env
step "livekit-server" "1–3 min to build once with Go" "./scripts/livekit-server.sh --check" \
  -- ./scripts/livekit-server.sh

if [ "$ran" -eq 1 ]; then
  summary=$(IFS=,; echo "${done_steps[*]}" | sed 's/,/, /g')
  echo "setup: finished in $(took $((SECONDS - started))) ($summary); logs in ${LOG_DIR#"$ROOT"/}"
fi
