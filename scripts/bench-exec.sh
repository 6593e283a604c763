#!/usr/bin/env bash
# Measures what an exec step costs: the same JSON Lines stream through `run --jsonl` with and
# without one exec step whose plugin does no work, with the release binary.
#   plugin "splice": answers each request by cutting the report out of the request line, so
#                    the time is the host's (encode, pipe, decode), not the plugin's
#   plugin "json":   parses and re-encodes each report with Python's json, like a real plugin
# Each is timed with --jobs 1 (one child) and with --jobs JOBS (default: all cores; a child per job).
# Usage: scripts/bench-exec.sh [REPORTS=20000] [SIZE=2000] [JOBS=nproc]   (BIN=path/to/reportkit to time another build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
SIZE=${2:-2000}
JOBS=${3:-$(nproc)}
WORK=${BENCH_DIR:-/tmp/reportkit-bench-exec}
BIN=${BIN:-.build-release/release/reportkit}
[ -x "$BIN" ] || swift build -c release --scratch-path .build-release >&2
rm -rf "$WORK" && mkdir -p "$WORK"

cat > "$WORK/noop.py" <<'PY'
import json, sys
MODE = sys.argv[1]
DESCRIBE = json.dumps({"type": "describe", "protocol": 1, "name": "noop",
                       "summary": "Returns each report unchanged.", "options": [], "examples": []})
out = sys.stdout
for line in sys.stdin:
    if line.startswith('{"type":"describe"'):
        out.write(DESCRIBE + "\n"); out.flush(); continue
    id_start = line.index('"id":') + 5
    request_id = line[id_start:line.index(",", id_start)]
    if MODE == "splice":
        report = line[line.index(',"report":') + 10:line.rstrip().rindex("}")]
    else:
        report = json.dumps(json.loads(line)["report"], ensure_ascii=False, separators=(",", ":"))
    out.write('{"type":"report","id":' + request_id + ',"report":' + report + "}\n")
    out.flush()
PY
# The interpreter itself, not a version-manager shim (pyenv's is a shell script that runs more
# programs): each run starts the plugin twice (describe, then the child), and the shim's cost
# is the machine's, not the exec step's.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
# Both pipelines share one cheap step (a pipeline needs one); the difference is the exec step.
printf 'name: bare\nsteps:\n  - translate-fixups: {rules: [encoding]}\n' > "$WORK/bare.yaml"
for mode in splice json; do
  cat > "$WORK/$mode.yaml" <<YAML
name: noop-$mode
plugins:
  noop: {command: ["$PYTHON", "$WORK/noop.py", $mode]}
steps:
  - translate-fixups: {rules: [encoding]}
  - noop
YAML
done
python3 scripts/gen-reports.py --count "$N" --size "$SIZE" --jsonl > "$WORK/in.jsonl"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $N reports of about $SIZE bytes"
best() {  # best-of-3 wall seconds of a run: best PIPELINE JOBS
  local pipeline=$1 jobs=$2 best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$WORK/time" "$BIN" run "$pipeline" --jsonl --jobs "$jobs" --quiet < "$WORK/in.jsonl" > "$WORK/out.jsonl"
    [ "$(wc -l < "$WORK/out.jsonl")" -eq "$N" ] || { echo "lost lines with $pipeline" >&2; exit 1; }
    t=$(cat "$WORK/time"); best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
  done
  echo "$best"
}
for jobs in 1 "$JOBS"; do
  bare=$(best "$WORK/bare.yaml" "$jobs")
  printf -- '--jobs %s\n%-28s %6.2f s\n' "$jobs" "without the exec step" "$bare"
  for mode in splice json; do
    t=$(best "$WORK/$mode.yaml" "$jobs")
    awk -v m="$mode" -v t="$t" -v b="$bare" -v n="$N" 'BEGIN {
      printf "%-28s %6.2f s   exec step alone: %.2f s = %.0f reports/s\n", "exec step, plugin " m, t, t - b, n / (t - b) }'
  done
done
