#!/usr/bin/env bash
# Scores `reportkit apply extract` on the extraction dev set (main-content F1 over the
# `body` blocks) and times the run. The pages are unpacked to a temporary folder and
# read from there; nothing from the data set is written into the project.
#
#   scripts/score-extract.sh                       # release binary in .build-release
#   scripts/score-extract.sh path/to/reportkit     # another binary
#   SHOW=5 scripts/score-extract.sh                # also list the 5 weakest pages
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
binary="${1:-$root/.build-release/release/reportkit}"
scorer="${SCORER:-/work/shared/eval/extraction_score.py}"
[[ -f "$scorer" ]] || scorer="$root/../shared/eval/extraction_score.py"
[[ -x "$binary" ]] || { echo "score-extract: no binary at $binary (swift build -c release --scratch-path .build-release)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$scorer" --unpack "$work/pages" >/dev/null

# One process over every page, as the acceptance check runs it.
"$binary" apply extract "$work"/pages/*.html > "$work/out.jsonl"

# JSON line per page -> {"id", "text"}: the body blocks' text, one block a line.
python3 - "$work/out.jsonl" "$work/pred.jsonl" <<'EOF'
import json, os, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for line in src:
        report = json.loads(line)
        path = (report.get("source") or {}).get("path", "")
        page = os.path.basename(path).removesuffix(".html")
        text = "\n".join(block.get("text", "") for block in report.get("body", []))
        dst.write(json.dumps({"id": page, "text": text}) + "\n")
EOF
python3 "$scorer" --jsonl "$work/pred.jsonl" --show "${SHOW:-0}"
