#!/usr/bin/env bash
# Runs each fuzz target for a short fixed time (FUZZTIME, default 20s).
# A crasher fails the run; Go writes it to testdata/fuzz/<Target>/ in the
# target's package: commit it there as a regression seed and fix the bug.
# The seed corpora (every fixture, examples, the shared corpus when it is
# checked out next to the repository) also run in plain `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-20s}"
targets=(
  "FuzzLoad ./internal/loader"
  "FuzzPrescan ./internal/loader"
  "FuzzLint ./internal/linter"
  "FuzzFix ./internal/fix"
)
for t in "${targets[@]}"; do
  read -r name pkg <<<"$t"
  printf '\n== fuzz %s (%s, %s)\n' "$name" "$pkg" "$fuzztime"
  go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg"
done
