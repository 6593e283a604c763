#!/usr/bin/env bash
# Runs the same generated reports through reportkit and through the Python peers, one core each,
# and prints the times side by side:
#   extract          vs trafilatura.extract   (HTML pages → main text)
#   translate-fixups vs ftfy.fix_text         (text repair)
#   summarize        vs sumy LexRank          (3-sentence extractive summary)
# The peers are installed into a venv (REPORTKIT_VENV, default /tmp/reportkit-venv) by this script.
# Peer times are measured inside Python around the loop (imports and start-up excluded);
# reportkit times are the whole process (start-up, reading, JSON Lines output included).
# Usage: scripts/bench-peers.sh [COUNT=300] [SIZE=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-300}
SIZE=${2:-20000}
VENV=${REPORTKIT_VENV:-/tmp/reportkit-venv}
WORK=${BENCH_DIR:-/tmp/reportkit-bench-peers}
BIN=.build-release/release/reportkit
[ -x "$BIN" ] || swift build -c release --scratch-path .build-release >&2
if ! "$VENV/bin/python" -c "import trafilatura, ftfy, sumy, numpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet trafilatura ftfy sumy numpy
fi
rm -rf "$WORK" && mkdir -p "$WORK"
python3 scripts/gen-reports.py --count "$COUNT" --size "$SIZE" --dir "$WORK/txt"
python3 scripts/gen-reports.py --count "$COUNT" --size "$SIZE" --dir "$WORK/html" --html
MB=$(du -sb "$WORK/txt" | awk '{ printf "%.1f", $1 / 1e6 }')

step_pipeline() {  # step_pipeline NAME STEPS-YAML
  printf 'name: %s\non-error: skip\nsteps:\n%s\n' "$1" "$2" > "$WORK/$1.yaml"
}
step_pipeline extract "  - extract"
step_pipeline fixups "  - translate-fixups"
step_pipeline summarize "  - extract
  - summarize:
      sentences: 3"
reportkit_seconds() {  # reportkit_seconds PIPELINE FOLDER
  local start end
  start=$(date +%s.%N)
  "$BIN" run "$WORK/$1.yaml" "$2" --jobs 1 --quiet > /dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

cat > "$WORK/peers.py" <<'PY'
import glob, re, sys, time
which, folder = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(folder + "/*"))
texts = [open(f, encoding="utf-8").read() for f in files]
if which == "trafilatura":
    import trafilatura
    run = lambda t: trafilatura.extract(t)
elif which == "ftfy":
    import ftfy
    run = lambda t: ftfy.fix_text(t)
else:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.nlp.stemmers import Stemmer

    class Tokenizer:
        """A regex tokenizer, so that sumy needs no downloaded NLTK data."""
        language = "english"
        def to_sentences(self, paragraph):
            return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s]
        def to_words(self, sentence):
            return re.findall(r"[\w']+", sentence)

    summarizer = LexRankSummarizer(Stemmer("english"))
    tokenizer = Tokenizer()
    run = lambda t: summarizer(PlaintextParser.from_string(t, tokenizer).document, 3)
start = time.perf_counter()
for t in texts:
    run(t)
print(f"{time.perf_counter() - start:.3f}")
PY

echo "$COUNT reports of ~$SIZE bytes ($MB MB of text), one core each; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %12s %-14s %12s %10s\n' "reportkit step" "reportkit s" "peer" "peer s" "speed-up"
compare() {  # compare LABEL PIPELINE FOLDER PEER
  local ours theirs
  ours=$(reportkit_seconds "$2" "$3")
  theirs=$("$VENV/bin/python" "$WORK/peers.py" "$4" "$3")
  awk -v l="$1" -v o="$ours" -v p="$4" -v t="$theirs" \
      'BEGIN { printf "%-18s %12.3f %-14s %12.3f %9.1fx\n", l, o, p, t, t / o }'
}
compare extract extract "$WORK/html" trafilatura
compare translate-fixups fixups "$WORK/txt" ftfy
compare summarize summarize "$WORK/txt" sumy
