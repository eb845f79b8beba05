#!/usr/bin/env bash
# Checks grafana/ offline (CI runs this through grafana/pom.xml in the integration-test phase):
#   1. promtool check rules  grafana/alerts/*.yaml   every rule file parses, every expression is valid PromQL
#   2. promtool test rules   grafana/tests/*.yaml    every alert fires on a bad series, not on a healthy one
#   3. python3 test/lint_test.py                     the linter's own tests
#   4. python3 test/lint.py                          dashboards, metric names, runbooks, alert test coverage
#   5. node test/schema/check-schema.mjs             dashboards type-check against Grafana's @grafana/schema (tsc)
# Prints one line per check and "grafana: N passed, M failed" at the end; exits 1 on any failure.
# Needs promtool (Debian: apt-get install prometheus) and python3; PROMTOOL=/path/to/promtool overrides.
# Step 5 needs node 18+ and npm: it installs the pinned tools of test/schema/package-lock.json into
# test/schema/node_modules once (npm ci; the only step that uses the network, like helm/test/validate.sh) and is
# offline after. Without node and npm it is reported as skipped; INKFLOW_GRAFANA_SCHEMA=skip skips it.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
grafana="$(cd "$here/.." && pwd)"
cd "$grafana"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "grafana: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

promtool="${PROMTOOL:-$(command -v promtool || true)}"
if [ -z "$promtool" ] || [ ! -x "$promtool" ]; then
  fail "promtool is missing: install Debian's prometheus package (sudo apt-get install prometheus;" \
       "./inkflow test installs it when run as root), or set PROMTOOL=/path/to/promtool"
  finish
fi
if ! command -v python3 >/dev/null; then
  fail "python3 is missing (apt-get install python3); the dashboard linter needs it"
  finish
fi
echo "== $("$promtool" --version 2>&1 | head -1)"

shopt -s nullglob
rule_files=(alerts/*.yaml)
test_files=(tests/*.yaml)
[ ${#rule_files[@]} -gt 0 ] || fail "no rule files in grafana/alerts/"
[ ${#test_files[@]} -gt 0 ] || fail "no promtool tests in grafana/tests/"

echo "== promtool check rules"
for f in "${rule_files[@]}"; do
  if out="$("$promtool" check rules "$f" 2>&1)"; then
    pass "promtool check rules $f ($(grep -o '[0-9]* rules found' <<<"$out"))"
  else
    fail "promtool check rules $f"
    sed 's/^/       /' <<<"$out"
  fi
done

echo "== promtool test rules"
for f in "${test_files[@]}"; do
  # promtool resolves rule_files relative to the test file's folder.
  if out="$(cd "$(dirname "$f")" && "$promtool" test rules "$(basename "$f")" 2>&1)"; then
    pass "promtool test rules $f ($(grep -c '^  - name:' "$f") tests)"
  else
    fail "promtool test rules $f"
    sed 's/^/       /' <<<"$out"
  fi
done

echo "== linter self-test"
if out="$(python3 "$here/lint_test.py" 2>&1)"; then
  pass "lint_test.py ($(grep -o 'Ran [0-9]* tests' <<<"$out"))"
else
  fail "lint_test.py"
  sed 's/^/       /' <<<"$out"
fi

echo "== dashboards, metric names, runbooks"
out="$(python3 "$here/lint.py" --grafana "$grafana" 2>&1)"
rc=$?
grep -v '^lint: ' <<<"$out"
summary="$(grep '^lint: ' <<<"$out" | tail -1)"
if [[ "$summary" =~ ^lint:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
  [ "$rc" -eq 0 ] || [ "${BASH_REMATCH[2]}" -gt 0 ] || fail "lint.py exited $rc"
else
  fail "lint.py did not finish (exit $rc)"
fi

echo "== dashboards against Grafana's schema"
schema="$here/schema"
if [ "${INKFLOW_GRAFANA_SCHEMA:-}" = skip ]; then
  echo "skip schema check (INKFLOW_GRAFANA_SCHEMA=skip)"
elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skip schema check: node (18+) and npm are needed to type-check the dashboards against @grafana/schema"
else
  stamp="$schema/node_modules/.inkflow-lock.sha256"
  lock_sum="$(sha256sum "$schema/package-lock.json" | cut -d' ' -f1)"
  installed=true
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
    echo "   npm ci in grafana/test/schema (pinned @grafana/schema and typescript)"
    if (cd "$schema" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
      echo "$lock_sum" > "$stamp"
    else
      installed=false
      fail "npm ci in grafana/test/schema failed (no access to the npm registry?); INKFLOW_GRAFANA_SCHEMA=skip skips this check"
    fi
  fi
  if $installed; then
    out="$(node "$schema/check-schema.mjs" 2>&1)"
    rc=$?
    grep -v '^schema: ' <<<"$out"
    summary="$(grep '^schema: ' <<<"$out" | tail -1)"
    if [[ "$summary" =~ ^schema:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
      passed=$((passed + BASH_REMATCH[1]))
      failed=$((failed + BASH_REMATCH[2]))
      [ "$rc" -eq 0 ] || [ "${BASH_REMATCH[2]}" -gt 0 ] || fail "check-schema.mjs exited $rc"
    else
      fail "check-schema.mjs did not finish (exit $rc)"
    fi
  fi
fi

finish
