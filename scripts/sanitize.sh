#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer, each in its own build folder
# (.build-asan, .build-tsan) so that the ordinary debug build is left alone.
#
#   scripts/sanitize.sh                 both sanitizers, every test
#   scripts/sanitize.sh address         one sanitizer (address | thread)
#   scripts/sanitize.sh thread Fuzz     extra arguments go to 'swift test' (e.g. --filter)
#
# Exits non-zero when a build fails, a test fails, or a sanitizer reports anything.
set -uo pipefail
cd "$(dirname "$0")/.."

sanitizers=(address thread)
if [ $# -gt 0 ] && { [ "$1" = address ] || [ "$1" = thread ]; }; then sanitizers=("$1"); shift; fi
filter=()
if [ $# -gt 0 ]; then
  if [[ "$1" == -* ]]; then filter=("$@"); else filter=(--filter "$@"); fi
fi

status=0
results=()
for sanitizer in "${sanitizers[@]}"; do
  scratch=.build-${sanitizer/address/asan}
  scratch=${scratch/thread/tsan}
  log=$scratch/sanitize.log
  mkdir -p "$scratch"
  echo "== swift test --sanitize=$sanitizer (scratch $scratch, log $log)"
  started=$(date +%s)
  # halt_on_error: the first report fails the run instead of scrolling by. Leak checking is
  # off: Swift's lazily made globals and test-framework caches look like leaks at exit.
  ASAN_OPTIONS="detect_leaks=0:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  TSAN_OPTIONS="halt_on_error=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
    nice swift test --sanitize="$sanitizer" --scratch-path "$scratch" "${filter[@]}" >"$log" 2>&1
  rc=$?
  seconds=$(( $(date +%s) - started ))
  reports=$(grep -cE '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread)Sanitizer)' "$log")
  tests=$(grep -Eo 'Test run with [0-9]+ tests?.*(passed|failed).*' "$log" | tail -1)
  xctests=$(grep -Eo 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -1)
  if [ $rc -eq 0 ] && [ "$reports" -eq 0 ]; then result=clean; else result="FAILED (exit $rc, $reports sanitizer report(s))"; status=1; fi
  line="$sanitizer: $result in ${seconds}s; ${tests:-no Swift Testing summary}${xctests:+; XCTest: $xctests}"
  echo "$line"
  if [ "$result" != clean ]; then
    grep -E 'ERROR: |WARNING: ThreadSanitizer|SUMMARY: |✘|error:' "$log" | head -15 | sed 's/^/   /'
  fi
  results+=("$line")
done
echo
echo "== sanitizer summary"
printf '%s\n' "${results[@]}"
exit $status
