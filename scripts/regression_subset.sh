#!/usr/bin/env bash
# Rewrites tests/conversations/regression.txt: the development and scripted conversations the
# understanding gets right now. Held-out conversations never enter it.
set -euo pipefail
cd "$(dirname "$0")/.."
files=(tests/conversations/harbor_grill.yaml tests/conversations/sunrise_taqueria.yaml tests/conversations/dev/*.yaml tests/conversations/dev2/*.yaml tests/conversations/dev3/*.yaml tests/conversations/dev4/*.yaml tests/conversations/dev5/*.yaml tests/conversations/dev6/*.yaml tests/conversations/dev7/*.yaml tests/conversations/dev8/*.yaml tests/conversations/dev9/*.yaml tests/conversations/dev10/*.yaml tests/conversations/dev11/*.yaml tests/conversations/dev12/*.yaml tests/conversations/dev13/*.yaml tests/conversations/dev14/*.yaml tests/conversations/dev15/*.yaml tests/conversations/dev16/*.yaml tests/conversations/dev17/*.yaml tests/conversations/dev18/*.yaml)
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
