#!/usr/bin/env bash
# Measures the batch runner with the release binary on generated reports:
#   1. the example pipeline (pipelines/news-brief.yaml) over text files, --jobs 1 and --jobs 2: MB/s, reports/s;
#      then --jobs 1 over reports of real news text made from the summarization dev set, when it is there
#   2. peak memory (max RSS) of `run --jsonl` and of file batches, for 1,000 and 100,000 reports
#   3. a 100,000-report JSON Lines stream: every line comes out, in order (count and ids)
# Usage: scripts/bench-run.sh [FILES=2000] [SIZE=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-2000}
SIZE=${2:-20000}
WORK=${BENCH_DIR:-/tmp/reportkit-bench-run}
BIN=.build-release/release/reportkit
[ -x "$BIN" ] || swift build -c release --scratch-path .build-release >&2
# No file is deleted between timed runs: on ext4 without a journal (this machine's), creating
# a file skips every inode deleted in the last 30 s (5 min while the inode table is not yet
# written back), one by one, and a run that wrote 1,000 files just after deleting 1,000 others
# spent a fifth of its time in that kernel search. Each timed run writes to a folder of its
# own; what an earlier run of this script left is deleted first, written back, and given the
# 30 s to age.
if [ -e "$WORK" ]; then
  rm -rf "$WORK" && sync
  echo "deleted the previous run's files; waiting 31 s so that creating files is not slowed by them" >&2
  sleep 31
fi
mkdir -p "$WORK"
# A copy of the example pipeline in the work folder: its exports go to $WORK/out-*.
cp pipelines/news-brief.yaml pipelines/clean.yaml "$WORK/"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 scripts/gen-reports.py --count "$FILES" --size "$SIZE" --dir "$WORK/in"
BYTES=$(du -sb "$WORK/in" | cut -f1)
timed() {  # timed LABEL COMMAND... → prints wall seconds, user seconds and max RSS
  local label=$1; shift
  /usr/bin/time -f "%e %U %M" -o "$WORK/time" "$@"
  read -r wall user rss < "$WORK/time"
  printf '%-38s %7.2f s wall %7.2f s user %8d KB max RSS\n' "$label" "$wall" "$user" "$rss" >&2
  echo "$wall $rss $user"
}
declare -A WALL
for jobs in 1 2; do
  read -r wall rss user < <(REPORTKIT_OUT="out-jobs$jobs" timed "news-brief, $FILES files, --jobs $jobs" \
      "$BIN" run "$WORK/news-brief.yaml" "$WORK/in" --jobs "$jobs" --quiet)
  WALL[$jobs]=$wall
  n=$(ls "$WORK/out-jobs$jobs" | wc -l)
  [ "$n" -eq "$FILES" ] || { echo "expected $FILES outputs, got $n" >&2; exit 1; }
  awk -v b="$BYTES" -v w="$wall" -v u="$user" -v n="$FILES" -v j="$jobs" \
      'BEGIN { printf "  jobs %d: %.1f MB/s, %.0f reports/s (per CPU-second of user time: %.1f MB/s)\n", j, b / 1e6 / w, n / w, b / 1e6 / u }'
done
awk -v a="${WALL[1]}" -v b="${WALL[2]}" 'BEGIN { printf "  speed-up with 2 jobs: %.2fx\n", a / b }'

# The same on real news text, when the summarization dev set lies beside the project: the
# generated reports have a vocabulary of some seventy words, so every sentence shares terms
# with most others, which real news does not. The reports are built from the dev articles
# at run time (8 joined per report, about 19 KB) and stay in the work folder.
DEV="${SUMMARIZATION_DEV:-../shared/datasets/summarization-dev/BBC News Summary}"
if [ -d "$DEV" ]; then
  python3 scripts/make-long-summaries.py --dev "$DEV" --join 8 --rounds 33 --out "$WORK/news" >&2
  NEWS="$WORK/news/BBC News Summary/News Articles"
  NEWS_BYTES=$(du -sb "$NEWS" | cut -f1)
  NEWS_FILES=$(find "$NEWS" -type f | wc -l)
  read -r wall rss user < <(REPORTKIT_OUT="out-news" timed "news-brief, $NEWS_FILES news reports, --jobs 1" \
      "$BIN" run "$WORK/news-brief.yaml" "$NEWS" --jobs 1 --quiet)
  awk -v b="$NEWS_BYTES" -v w="$wall" -v n="$NEWS_FILES" \
      'BEGIN { printf "  news text, jobs 1: %.1f MB/s, %.0f reports/s\n", b / 1e6 / w, n / w }'
else
  echo "  (no summarization dev set at $DEV: the news-text run is skipped)" >&2
fi

# The stream pipeline is the example's cleaning half: JSON Lines in, JSON Lines out.
cp pipelines/clean.yaml "$WORK/stream.yaml"
for n in 1000 100000; do
  python3 scripts/gen-reports.py --count "$n" --size 2000 --jsonl > "$WORK/in-$n.jsonl"
  read -r wall rss user < <(timed "run --jsonl, $n reports of 2 KB" \
      sh -c "'$BIN' run '$WORK/stream.yaml' --jsonl --quiet < '$WORK/in-$n.jsonl' > '$WORK/out-$n.jsonl'")
  echo "  $n reports: max RSS $rss KB, $(awk -v n=$n -v w=$wall 'BEGIN { printf "%.0f", n / w }') reports/s"
done
python3 - "$WORK/in-100000.jsonl" "$WORK/out-100000.jsonl" <<'PY'
import json, sys
ins = [json.loads(l)["id"] for l in open(sys.argv[1])]
outs = [json.loads(l)["id"] for l in open(sys.argv[2])]
assert len(outs) == len(ins), f"{len(outs)} lines out for {len(ins)} in"
assert outs == ins, "order differs"
print(f"  100000-line stream: {len(outs)} lines out, ids in input order: ok")
PY
# File batches: the same ± 10 % for 1,000 and 100,000 files (a folder given, and a glob).
declare -A FILE_RSS
for n in 1000 100000; do
  mkdir -p "$WORK/files-$n"
  python3 scripts/gen-reports.py --count "$n" --size 2000 --dir "$WORK/files-$n"
  for form in folder glob; do
    input="$WORK/files-$n"; [ "$form" = glob ] && input="$WORK/files-$n/*.txt"
    read -r wall rss user < <(REPORTKIT_OUT="out-files-$n-$form" timed "news-brief, $n files of 2 KB ($form)" \
        "$BIN" run "$WORK/news-brief.yaml" "$input" --quiet)
    written=$(ls "$WORK/out-files-$n-$form" | wc -l)
    [ "$written" -eq "$n" ] || { echo "expected $n outputs, got $written" >&2; exit 1; }
    FILE_RSS[$n-$form]=$rss
  done
done
for form in folder glob; do
  awk -v a="${FILE_RSS[1000-$form]}" -v b="${FILE_RSS[100000-$form]}" -v f="$form" \
      'BEGIN { printf "  file batch (%s): max RSS %d KB for 1,000 files, %d KB for 100,000 (%+.1f %%)\n", f, a, b, (b - a) * 100 / a }'
done
