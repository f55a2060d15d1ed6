#!/usr/bin/env bash
# Rewrites tests/conversations/regression.txt: the development and scripted conversations the
# understanding gets right now. Held-out conversations never enter it.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
files=(tests/conversations/harbor_grill.yaml tests/conversations/sunrise_taqueria.yaml tests/conversations/dev*/*.yaml)
args=()
for f in "${files[@]}"; do args+=(--conversations "$f"); done
out=$(.venv/bin/kiosk-agent eval "${args[@]}" --label regression)
{
  echo "# Regression subset: the development and scripted conversations the understanding gets right"
  echo "# today (regenerate with scripts/regression_subset.sh after an improvement). Held-out ones"
  echo "# never appear here. tests/test_scripted_conversations.py runs each of these."
  grep '^PASS ' <<<"$out" | sed 's/^PASS //'
} > tests/conversations/regression.txt
tail -n 1 <<<"$out"
