#!/usr/bin/env python3
"""Build a long-report summarization set from the dev set, for measuring only.

The dev articles are short (about 19 sentences), so they cannot tell whether a ranking
shortcut that only bites on long reports hurts. This joins K articles of one category
into one long report (the first article's headline, then every article's body) whose
reference is the K references together, and writes it in the dev set's own layout, so
the scorer reads it with --data:

  make-long-summaries.py --join 5 --rounds 3 --out /tmp/long5
  summarization_score.py --data "/tmp/long5/BBC News Summary" --cmd '... {n} ...'

Its articles are also real news text for timing the pipeline (not for the project either):

  make-long-summaries.py --join 8 --rounds 33 --out /tmp/bbclong   # 990 reports of about 19 KB
  reportkit run pipelines/news-brief.yaml "/tmp/bbclong/BBC News Summary/News Articles" --jobs 1

Each report's first line is its first article's headline with the report's number after it,
so that no two reports share a title (the scorer drops that line).

It reads the dev set where it lies and writes only under --out (never into the project).
"""
import argparse, glob, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DEV = os.path.join(HERE, "..", "..", "shared", "datasets", "summarization-dev", "BBC News Summary")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=DEFAULT_DEV, help="the dev set's 'BBC News Summary' folder")
    ap.add_argument("--join", type=int, default=5, help="articles joined into one report")
    ap.add_argument("--rounds", type=int, default=1, help="shuffled groupings of each category")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    made = 0
    for category in sorted(os.listdir(os.path.join(args.dev, "News Articles"))):
        paths = sorted(glob.glob(os.path.join(args.dev, "News Articles", category, "*.txt")))
        if not paths:
            continue
        for folder in ("News Articles", "Summaries"):
            os.makedirs(os.path.join(args.out, "BBC News Summary", folder, category), exist_ok=True)
        for round_number in range(args.rounds):
            order = paths[:]
            rng.shuffle(order)
            for group_number in range(len(order) // args.join):
                group = order[group_number * args.join:(group_number + 1) * args.join]
                bodies, summaries = [], []
                for path in group:
                    with open(path, encoding="utf-8", errors="replace") as f:
                        lines = [line for line in f.read().split("\n") if line.strip()]
                    with open(path.replace("News Articles", "Summaries"), encoding="utf-8", errors="replace") as f:
                        summaries.append(f.read().strip())
                    if not bodies:
                        bodies.append(f"{lines[0]} ({category} {round_number}-{group_number})")
                    bodies.extend(lines[1:])
                name = f"{round_number}{group_number:03d}.txt"
                with open(os.path.join(args.out, "BBC News Summary", "News Articles", category, name), "w", encoding="utf-8") as f:
                    f.write("\n\n".join(bodies) + "\n")
                with open(os.path.join(args.out, "BBC News Summary", "Summaries", category, name), "w", encoding="utf-8") as f:
                    f.write("\n".join(summaries) + "\n")
                made += 1
    print(f"{made} long reports of {args.join} articles each under {args.out}")


if __name__ == "__main__":
    main()
