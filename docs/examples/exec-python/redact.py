#!/usr/bin/env python3
"""A reportkit exec plugin: masks chosen words in the title, dek and body.

It speaks protocol 1 (docs/plugins.md): one JSON request per line on stdin,
one JSON answer per line on stdout, logs on stderr. Standard library only.
"""
import json
import re
import sys

DESCRIPTION = {
    "type": "describe",
    "protocol": 1,
    "name": "redact",
    "summary": "Mask chosen words (names, places) wherever they appear.",
    "discussion": "Whole words only, case-insensitive. Every replacement is recorded in the report's changes.",
    "options": [
        {"name": "words", "type": "list", "items": "string", "required": True,
         "doc": "The words to mask."},
        {"name": "mask", "type": "string", "default": "[redacted]",
         "doc": "What each masked word becomes."},
    ],
    "examples": [
        {
            "title": "masks a name in the body, whatever its case",
            "options": {"words": ["Okafor"]},
            "input": "Council votes on the bridge\n\nMayor OKAFOR said the vote was close.",
            "expect": {"contains": "Mayor [redacted] said", "not-contains": "OKAFOR"},
        },
        {
            "title": "leaves longer words that merely contain it",
            "options": {"words": ["port"], "mask": "***"},
            "input": "The port reopened; the airport did not.",
            "expect": {"fields": {"body.0.text": "The *** reopened; the airport did not."}},
        },
    ],
}


def redact(text, pattern, mask, changes, block=None, field=None):
    if not text:
        return text
    new = pattern.sub(mask, text)
    if new != text:
        change = {"step": "redact", "rule": "redact", "before": text, "after": new}
        if block is not None:
            change["block"] = block
        if field is not None:
            change["field"] = field
        changes.append(change)
    return new


def transform(report, options):
    words = options.get("words") or []
    if not words:
        raise ValueError("option 'words' is empty: nothing to redact")
    mask = options.get("mask", "[redacted]")
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    changes = report.setdefault("changes", [])
    for field in ("title", "subtitle"):
        report[field] = redact(report.get(field), pattern, mask, changes, field=field)
    for index, block in enumerate(report.get("body", [])):
        block["text"] = redact(block["text"], pattern, mask, changes, block=index)
    return report


def answer(request):
    kind = request.get("type")
    if kind == "describe":
        return DESCRIPTION
    if kind == "transform":
        try:
            return {"type": "report", "id": request["id"],
                    "report": transform(request["report"], request.get("options", {}))}
        except Exception as error:  # a structured error fails this report only
            return {"type": "error", "id": request["id"], "message": str(error)}
    return {"type": "error", "id": request.get("id"), "message": f"unknown request type {kind!r}"}


def main():
    while True:
        line = sys.stdin.readline()
        if not line:
            return  # reportkit closed our input: the run is over
        sys.stdout.write(json.dumps(answer(json.loads(line)), ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
