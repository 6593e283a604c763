#!/usr/bin/env python3
"""Score `reportkit apply translate-fixups` on ftfy's encoding test cases.

ftfy's cases (github.com/rspeer/python-ftfy, tests/test-cases/*.json) are measurement
data: keep them outside the project and pass their folder. Each case has `original`,
`fixed-encoding` (what ftfy.fix_encoding returns; when absent, `fixed`) and `expect`
("pass" or "fail"). Cases expected to pass are scored against the encoding expectation;
the "fail" cases (ftfy's own known failures) are reported apart.

All cases go through one run, a line each (`apply --to text` prints a line per input
line); cases holding a line break, or a batch whose line count comes back wrong, run
one by one.

Usage:
  scripts/score-ftfy-cases.py CASES_DIR [--rules encoding] [--reportkit PATH] [--show N]
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(cases_dir):
    cases = []
    for path in sorted(Path(cases_dir).glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            case["file"] = path.name
            case["expected"] = case.get("fixed-encoding", case["fixed"])
            cases.append(case)
    return cases


def run(reportkit, rules, text):
    proc = subprocess.run([reportkit, "apply", "translate-fixups", "--to", "text", "--set", f"rules={rules}"],
                          input=text.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[-300:]}")
    return proc.stdout.decode("utf-8", "surrogateescape")


def repair_all(reportkit, rules, originals):
    results = [None] * len(originals)
    batch = [i for i, text in enumerate(originals) if "\n" not in text and "\r" not in text and text != ""]
    if batch:
        out = run(reportkit, rules, "\n".join(originals[i] for i in batch) + "\n")
        lines = out.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) == len(batch):
            for i, line in zip(batch, lines):
                results[i] = line
    for i, text in enumerate(originals):
        if results[i] is None:
            out = run(reportkit, rules, text)
            results[i] = out[:-1] if out.endswith("\n") and not text.endswith("\n") else out
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases_dir")
    parser.add_argument("--rules", default="encoding", help="the translate-fixups rules to run (default: encoding)")
    parser.add_argument("--reportkit", default=str(ROOT / ".build-release" / "release" / "reportkit"))
    parser.add_argument("--show", type=int, default=50, help="failures to print")
    args = parser.parse_args()

    cases = load(args.cases_dir)
    if not cases:
        sys.exit(f"no *.json cases in {args.cases_dir}")
    results = repair_all(args.reportkit, args.rules, [c["original"] for c in cases])
    counts = {"pass": [0, 0], "fail": [0, 0]}
    failures = []
    for case, got in zip(cases, results):
        group = counts.setdefault(case["expect"], [0, 0])
        group[1] += 1
        if got == case["expected"]:
            group[0] += 1
        elif case["expect"] == "pass":
            failures.append((case, got))
    for case, got in failures[:args.show]:
        print(f"FAIL {case['file']}: {case['label']}")
        print(f"  original {case['original']!r}")
        print(f"  expected {case['expected']!r}")
        print(f"  got      {got!r}")
    ok, total = counts["pass"]
    print(f"{ok}/{total} cases ftfy expects to pass come out as ftfy's fix_encoding gives them (rules={args.rules})")
    if counts["fail"][1]:
        print(f"{counts['fail'][0]}/{counts['fail'][1]} of ftfy's known failures come out as ftfy's authors wish they would")


if __name__ == "__main__":
    main()
