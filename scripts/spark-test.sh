#!/usr/bin/env bash
# End-to-end test of the Spark recipe (docs/scaling.md): a JSON Lines data set through
# `reportkit run --jsonl` with RDD.pipe, pyspark in local mode, the binary and the pipeline
# shipped to the workers with SparkContext.addFile. Checks that every line comes out once,
# in input order (count and ids). Not part of `swift test` (it needs Java and pyspark).
# Usage: scripts/spark-test.sh [LINES=20000]   (REPORTKIT_VENV: the venv for pyspark)
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-20000}
VENV=${REPORTKIT_VENV:-/tmp/reportkit-venv}
WORK=${SPARK_TEST_DIR:-/tmp/reportkit-spark-test}
BIN=.build-release/release/reportkit
[ -x "$BIN" ] || swift build -c release --scratch-path .build-release >&2
command -v java > /dev/null || { echo "spark-test: java is needed (Java 17)" >&2; exit 2; }
if ! "$VENV/bin/python" -c "import pyspark" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pyspark
fi
rm -rf "$WORK" && mkdir -p "$WORK"
python3 scripts/gen-reports.py --count "$LINES" --size 2000 --jsonl > "$WORK/reports.jsonl"
# The stream pipeline is the example's cleaning half: JSON Lines in, JSON Lines out.
cp pipelines/clean.yaml "$WORK/stream.yaml"

cat > "$WORK/spark_test.py" <<'PY'
import json, sys, time
from pyspark import SparkContext, SparkFiles

binary, pipeline, data, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sc = SparkContext("local[2]", "reportkit-spark-test")
sc.setLogLevel("ERROR")
# Ship the binary and the pipeline to every worker; Spark makes added files executable.
sc.addFile(binary)
sc.addFile(pipeline)
command = f"{SparkFiles.get('reportkit')} run {SparkFiles.get('stream.yaml')} --jsonl --quiet --jobs 1"
start = time.time()
lines = sc.textFile(data, minPartitions=4)
out = lines.pipe(command, checkCode=True).collect()
seconds = time.time() - start
ids_in = [json.loads(l)["id"] for l in open(data)]
ids_out = [json.loads(l)["id"] for l in out]
assert len(ids_in) == expected, len(ids_in)
assert len(ids_out) == len(ids_in), f"{len(ids_out)} lines out for {len(ids_in)} in"
assert ids_out == ids_in, "order differs"
titles = sum(1 for l in out if json.loads(l).get("title"))
assert titles == len(out), f"only {titles} reports have a title"
print(f"spark-test: ok: {len(out)} lines in, {len(out)} out, same ids in the same order, "
      f"{lines.getNumPartitions()} partitions, {seconds:.1f}s")
sc.stop()
PY
"$VENV/bin/python" "$WORK/spark_test.py" "$PWD/$BIN" "$WORK/stream.yaml" "$WORK/reports.jsonl" "$LINES"
