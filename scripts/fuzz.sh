#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs each for a while.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   run each target SECONDS (default 60), one after another
#   scripts/fuzz.sh --list                   the targets
#   scripts/fuzz.sh --replay TARGET FILE...  run inputs once (a crash file, a corpus folder)
#   scripts/fuzz.sh --large [TARGET...]      run each target once on generated ~1 MB repetitive
#                                            inputs with a 60 s timeout: catches quadratic work
#                                            that the fuzzer's small inputs cannot show
#
# Environment: FUZZ_ARGS adds libFuzzer flags (e.g. "-jobs=2 -workers=2"); FUZZ_NO_BUILD=1 skips the build.
# The generated corpus is kept in Fuzz/.build/corpus/<target> (it grows across runs); findings
# (crash-*, timeout-*, oom-*) go to Fuzz/.build/findings/<target>/, logs to Fuzz/.build/logs/.
# Exits 1 when any target found something, so CI fails.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
fuzz=$root/Fuzz
work=$fuzz/.build
targets_all=(FuzzPipelineLoad FuzzHTMLExtract FuzzTextExtract FuzzTranslateFixups FuzzSummarize FuzzReportJSON)

build() {
  [ "${FUZZ_NO_BUILD:-0}" = 1 ] && return 0
  echo "== building fuzz targets (release, -sanitize=fuzzer,address)"
  local attempt
  for attempt in 1 2; do
    nice swift build --package-path "$fuzz" --scratch-path "$work" -c release \
      -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' | tail -20
    [ "${PIPESTATUS[0]}" = 0 ] && return 0
    # SwiftPM keeps the source list of a path dependency in its build plan, so files added
    # to ReportKit since the last fuzz build are "not in scope". Drop the plan and retry once.
    [ $attempt = 1 ] && echo "== build failed; retrying with a fresh build plan" && \
      rm -f "$work/release.yaml" "$work/build.db" "$work/release/description.json"
  done
  echo "error: fuzz build failed" >&2
  exit 2
}

known() { local t; for t in "${targets_all[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

case "${1:-}" in
  --list) printf '%s\n' "${targets_all[@]}"; exit 0 ;;
  --replay)
    shift; target=${1:?usage: scripts/fuzz.sh --replay TARGET FILE...}; shift
    known "$target" || { echo "error: unknown target '$target' (see --list)" >&2; exit 2; }
    build
    ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" exec "$work/release/$target" -runs=1 "$@" ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  --large)
    shift
    targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=("${targets_all[@]}")
    build
    big=$work/large; mkdir -p "$big"
    # One pattern per artifact class the code looks for, repeated to about 1 MB.
    patterns=('U.S. ' '"' "'" 'the ' '. , ' 'Next: x\n' 'Same line here.\n' '<b><i>' '<p>' '、，。' 'â€™' 'a' '(' 'e.g., ')
    status=0
    for t in "${targets[@]}"; do
      known "$t" || { echo "error: unknown target '$t' (see --list)" >&2; exit 2; }
      rm -f "$big"/*
      n=0
      for p in "${patterns[@]}"; do
        n=$((n + 1))
        body=$(printf "$p"); repeat=$(( 1000000 / (${#body} + 1) ))
        # A pattern with a line break repeats as lines; the others run on as one long line.
        if [[ "$p" == *'\n' ]]; then joiner=(cat); else joiner=(tr -d '\n'); fi
        case $t in
          FuzzTranslateFixups|FuzzSummarize) control='\001' ;;  # with extract first
          *) control='' ;;
        esac
        case $t in
          FuzzReportJSON)
            { printf '{"id":"large","body":[{"kind":"paragraph","text":"'
              yes "$body" | "${joiner[@]}" | tr '\n' ' ' | head -c 1000000 | sed 's/\\/\\\\/g; s/"/\\"/g'
              printf '"}]}'; } > "$big/$n" ;;
          FuzzPipelineLoad)
            { printf 'steps:\n'; yes '  - extract' | head -n $(( repeat < 20000 ? repeat : 20000 )); } > "$big/$n" ;;
          *) { printf "$control"; yes "$body" | "${joiner[@]}" | head -c 1000000; } > "$big/$n" ;;
        esac
      done
      started=$(date +%s)
      if ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" nice "$work/release/$t" -runs=1 -timeout=60 \
           -rss_limit_mb=4096 -malloc_limit_mb=4096 "$big"/* >"$work/logs/$t.large.log" 2>&1; then
        echo "$t: ${#patterns[@]} large inputs in $(( $(date +%s) - started ))s: ok"
      else
        echo "$t: FAILED on a large input (log: ${work#"$root"/}/logs/$t.large.log)"
        grep -E 'Running:|ERROR|SUMMARY' "$work/logs/$t.large.log" | tail -3 | sed 's/^/   /'
        status=1
      fi
    done
    exit $status ;;
esac

seconds=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${targets_all[@]}")
for t in "${targets[@]}"; do known "$t" || { echo "error: unknown target '$t' (see --list)" >&2; exit 2; }; done

build
mkdir -p "$work/logs"
status=0
summary=()
for t in "${targets[@]}"; do
  corpus=$work/corpus/$t findings=$work/findings/$t log=$work/logs/$t.log
  mkdir -p "$corpus" "$findings"
  dict=()
  [ -f "$fuzz/Dictionaries/$t.dict" ] && dict=(-dict="$fuzz/Dictionaries/$t.dict")
  echo "== $t for ${seconds}s (log: ${log#"$root"/})"
  # Leak checking is off: Swift's lazily made globals look like leaks at exit. Memory blow-ups
  # are still caught by -rss_limit_mb and -malloc_limit_mb, hangs by -timeout.
  # shellcheck disable=SC2086
  ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  nice "$work/release/$t" "$corpus" "$fuzz/Corpus/$t" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=16384 \
    -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
  found=$(grep -Eo '(crash|timeout|oom|leak|slow-unit)-[0-9a-f]+' "$log" | grep -v slow-unit | sort -u | tr '\n' ' ')
  if [ $rc -eq 0 ] && [ -z "$found" ]; then
    result=ok
  else
    result="FOUND (exit $rc): ${found:-see log}"
    status=1
    grep -E 'ERROR|Fatal error|SUMMARY|deadly signal|timeout after' "$log" | head -5 | sed 's/^/   /'
  fi
  line=$(printf '%-22s %12s execs %8s/s  corpus %5s  %s' "$t" "$runs" "$rate" "$(ls "$corpus" | wc -l)" "$result")
  echo "$line"
  summary+=("$line")
done
echo
echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit $status
