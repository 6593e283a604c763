#!/usr/bin/env python3
"""Generate text reports that look like scraped, machine-translated news, for benchmarks.

The words are this script's own; a seeded generator makes every run identical.

  gen-reports.py --count 1000 --size 20000 --dir DIR          # DIR/r000000.txt ...
  gen-reports.py --count 100000 --size 2000 --jsonl > in.jsonl # {"id": ..., "raw": ...} per line
  gen-reports.py --count 200 --size 20000 --html --dir DIR     # the same texts as simple HTML pages
"""
import argparse, html, json, os, random

SUBJECTS = ["The city council", "The harbor board", "Provincial officials", "The water authority",
            "Local farmers", "The transport bureau", "Residents of the old quarter", "The school district",
            "A spokesperson for the ministry", "The county planning office", "Volunteers from the river club"]
VERBS = ["approved", "announced", "reviewed", "postponed", "expanded", "questioned", "welcomed", "funded",
         "inspected", "completed"]
OBJECTS = ["a plan to repair the northern bridge", "new bus routes for the industrial park",
           "the budget for flood barriers", "a pilot program for rooftop gardens",
           "the cleanup of the canal banks", "a survey of air quality near the port",
           "longer opening hours at the public library", "repairs to the night market stalls",
           "a study on ferry ticket prices", "training for emergency volunteers"]
TAILS = ["on Monday", "after a long debate", "in a statement", "at a press briefing",
         "despite heavy rain", "for the third time this year", "ahead of the spring festival", ""]


def sentence(rng):
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    tail = rng.choice(TAILS)
    if tail:
        s += " " + tail
    roll = rng.randrange(10)
    if roll == 0:
        s += "\uff0cand officials said work would begin soon"   # full-width comma
    elif roll == 1:
        s += " . , as well as nearby streets"                  # orphaned punctuation
    return s + "."


def report(rng, size, number):
    headline = f"Officials {rng.choice(VERBS)} plan number {number} for the district"
    lines = [headline, "A short dek line about the plan.", headline]
    total = sum(len(l.encode()) + 1 for l in lines)
    while total < size:
        para = " ".join(sentence(rng) for _ in range(3 + rng.randrange(3)))
        if rng.randrange(6) == 0:
            para = "\u201cWe will keep going,\u201d said Lin Wei, a district engineer. " + para
        lines.append(para)
        total += len(para.encode()) + 1
    lines += ["Previous: Rain expected over the weekend", "Next: Market prices steady"]
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--size", type=int, default=20000, help="bytes per report")
    ap.add_argument("--dir")
    ap.add_argument("--jsonl", action="store_true")
    ap.add_argument("--html", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    if a.dir:
        os.makedirs(a.dir, exist_ok=True)
    for i in range(a.count):
        lines = report(rng, a.size, i)
        ident = f"r{i:06d}"
        if a.jsonl:
            print(json.dumps({"id": ident, "raw": "\n".join(lines) + "\n"}, ensure_ascii=False))
        elif a.html:
            body = "\n".join(f"<p>{html.escape(l)}</p>" for l in lines[3:-2])
            page = (f"<!DOCTYPE html><html><head><title>{html.escape(lines[0])}</title></head><body>"
                    f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{html.escape(lines[0])}</h1>"
                    f"<p class='dek'>{html.escape(lines[1])}</p>\n{body}</article>"
                    f"<footer>Previous: Rain expected | Next: Market prices</footer></body></html>\n")
            with open(os.path.join(a.dir, ident + ".html"), "w") as f:
                f.write(page)
        else:
            with open(os.path.join(a.dir, ident + ".txt"), "w") as f:
                f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
