#!/usr/bin/env bash
# Crash-and-resume check for `reportkit run --resume` (issue 9).
#
# Generates N small text reports, runs extract → translate-fixups → summarize → export
# markdown over them, kills the run with SIGKILL K times at random moments, resumes it with
# --resume after each kill (each kill comes once a random number of new outputs appeared,
# so that it lands while the run writes), and then checks that exactly N outputs exist, each complete
# (YAML front matter that parses, a body after it), and that no temporary or partial file
# is left.
#
#   scripts/crash-resume.sh [REPORTS] [KILLS]      (defaults: 10000 5)
#
# Uses $REPORTKIT if set, else .build-release/release/reportkit (built when missing).
# Needs python3 with PyYAML for the front-matter check. Exits 0 when every check passes.
set -euo pipefail

reports=${1:-10000}
kills=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${REPORTKIT:-$root/.build-release/release/reportkit}
if [[ ! -x $bin ]]; then
    echo "building $bin (release)…" >&2
    swift build --package-path "$root" -c release --scratch-path "$root/.build-release" --product reportkit >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reportkit-crash-resume.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"

# The generator: each report has a headline, a dateline sentence, a few paragraphs made
# from numbered facts (so every report differs), a repeated headline and a navigation line
# for extract to drop, and a doubled space and stray comma for translate-fixups.
python3 - "$work/in" "$reports" <<'PY'
import os, random, sys
folder, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
places = ["Ashford", "Bellmoor", "Corrin", "Dunvale", "Eastwick", "Fairhold", "Glenrock", "Harlow"]
subjects = ["the water board", "the school council", "the transit office", "the library trust",
            "the harbor office", "the parks department", "the housing agency", "the clinic"]
verbs = ["approved", "postponed", "debated", "announced", "reviewed", "funded"]
things = ["a new bridge", "longer opening hours", "a bus line", "a repair plan", "two new wards",
          "a budget of {} million", "a survey of {} homes", "a pilot in {} streets"]
for i in range(count):
    place = rng.choice(places)
    headline = f"{place} report {i}: {rng.choice(subjects).capitalize()} {rng.choice(verbs)} {rng.choice(things).format(rng.randint(2, 90))}"
    lines = [headline, "", "Home | News | Local | Contact", ""]
    for p in range(rng.randint(2, 4)):
        sentences = []
        for s in range(rng.randint(2, 4)):
            sentences.append(f"In {place}, {rng.choice(subjects)} {rng.choice(verbs)} "
                             f"{rng.choice(things).format(rng.randint(2, 90))} on day {rng.randint(1, 28)} ,  officials said.")
        lines += [" ".join(sentences), ""]
    lines += [headline, ""]
    with open(os.path.join(folder, f"r{i:05d}.txt"), "w") as f:
        f.write("\n".join(lines))
PY

cp "$root/Tests/ReportKitCLITests/Fixtures/crash-resume.yaml" "$work/pipeline.yaml"

count_outputs() { { find "$work/out" -maxdepth 1 -name '*.md' 2>/dev/null || true; } | wc -l; }
count_temporaries() { { find "$work/out" -name '.*.tmp' 2>/dev/null || true; } | wc -l; }

killed=0
for round in $(seq 1 "$kills"); do
    before=$(count_outputs)
    "$bin" run --resume --quiet "$work/pipeline.yaml" >/dev/null 2>"$work/stderr-$round" &
    pid=$!
    # A random moment while it writes: once a random number of new outputs (up to a third of
    # those left) has appeared, plus 0-99 ms, so that kills land mid-write as well as between.
    left=$((reports - before))
    target=$((before + 1 + (RANDOM * 32768 + RANDOM) % (left / 3 > 0 ? left / 3 : 1)))
    while kill -0 "$pid" 2>/dev/null && (( $(count_outputs) < target )); do sleep 0.02; done
    sleep "0.0$((RANDOM % 10))"
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        killed=$((killed + 1))
    fi
    wait "$pid" 2>/dev/null || true
    echo "round $round: killed pid $pid; outputs $before → $(count_outputs); temporary files left: $(count_temporaries)"
done

start=$(date +%s.%N)
"$bin" run --resume --quiet "$work/pipeline.yaml" >/dev/null 2>"$work/stderr-final" || {
    echo "FAIL: the final resumed run failed:"; cat "$work/stderr-final"; exit 1; }
end=$(date +%s.%N)
echo "final resume: $(count_outputs) outputs, $(python3 -c "print(f'{$end - $start:.2f}')") s"

python3 - "$work/out" "$reports" "$killed" <<'PY'
import os, sys, yaml
folder, expected, killed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = os.listdir(folder)
problems = []
outputs = [n for n in names if n.endswith(".md") and not n.startswith(".")]
others = [n for n in names if n not in outputs]
if others:
    problems.append(f"{len(others)} other file(s) left, e.g. {others[:3]}")
if len(outputs) != expected:
    problems.append(f"{len(outputs)} outputs, expected {expected}")
wanted = {f"r{i:05d}.md" for i in range(expected)}
missing = wanted - set(outputs)
if missing:
    problems.append(f"{len(missing)} missing, e.g. {sorted(missing)[:3]}")
bad = 0
for name in outputs:
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    ok = text.startswith("---\n")
    if ok:
        end = text.find("\n---\n", 4)
        ok = end > 0
    if ok:
        try:
            front = yaml.safe_load(text[4:end])
            ok = isinstance(front, dict) and bool(front.get("title"))
        except yaml.YAMLError:
            ok = False
    if ok:
        ok = text[end + 5:].strip() != "" and text.endswith("\n")
    if not ok:
        bad += 1
        if bad <= 3:
            problems.append(f"{name} is not a complete brief")
print(f"checked {len(outputs)} outputs after {killed} SIGKILL(s): {bad} invalid, {len(others)} stray file(s)")
if problems:
    print("FAIL: " + "; ".join(problems))
    sys.exit(1)
print("PASS")
PY
