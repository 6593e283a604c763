"""Checks the brief made from the seed report (issue 2's acceptance list).

Reads one JSON report (the output of `reportkit run pipelines/clean.yaml SEED`) on stdin.
"""
import json
import sys

report = json.loads(sys.stdin.readline())
title = "Party Secretary outlines his vision for the city\u2019s future"
body = [block["text"] for block in report["body"]]
text = "\n".join(body)
problems = []
if report.get("title") != title:
    problems.append(f"title is {report.get('title')!r}")
for bad in [". ,", ". .", "and s inspire"]:
    if bad in text:
        problems.append(f"body still has {bad!r}")
for line in body:
    folded = line.replace("'", "\u2019").rstrip(".")
    if folded == title or line.startswith(("Previous ", "Next ")):
        problems.append(f"body still has the line {line!r}")
    if line.rstrip(".") == "The 12th Congress of the Communist Party of China in Shanghai" and line is not body[0]:
        problems.append(f"body repeats the dek: {line!r}")
sentences = (report.get("summary") or {}).get("sentences", [])
if len(sentences) != 3:
    problems.append(f"summary has {len(sentences)} sentences")
for s in sentences:
    if s["text"] not in text:
        problems.append(f"summary sentence not from the body: {s['text']!r}")
    if s["text"].rstrip(".") == title:
        problems.append("the headline is in the summary")
if problems:
    print("seed brief: FAILED\n  " + "\n  ".join(problems))
    sys.exit(1)
print("seed brief: ok (title, no artifacts, no repeated headline or navigation, 3 summary sentences from the body)")
