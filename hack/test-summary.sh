#!/usr/bin/env bash
# Prints the totals of the test reports (surefire and failsafe) per module and overall.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
printf '\n%-12s %7s %9s %7s %8s\n' "module" "tests" "failures" "errors" "skipped"
total=(0 0 0 0)
for module in crds worker tools operator charts e2e; do
  sums=(0 0 0 0)
  for f in "$module"/target/surefire-reports/TEST-*.xml "$module"/target/failsafe-reports/TEST-*.xml; do
    [ -f "$f" ] || continue
    line=$(grep -m1 -o '<testsuite [^>]*>' "$f" || true)
    for i in 0 1 2 3; do
      key=(tests failures errors skipped)
      v=$(sed -n "s/.* ${key[$i]}=\"\([0-9]*\)\".*/\1/p" <<<"$line")
      sums[$i]=$(( sums[$i] + ${v:-0} ))
    done
  done
  [ "${sums[0]}" -gt 0 ] || continue
  printf '%-12s %7d %9d %7d %8d\n' "$module" "${sums[@]}"
  for i in 0 1 2 3; do total[$i]=$(( total[$i] + sums[$i] )); done
done
printf '%-12s %7d %9d %7d %8d\n' "all" "${total[@]}"
