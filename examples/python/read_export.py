#!/usr/bin/env python3
"""Read what `corpus-audit export` wrote (dolma JSONL, gzip or not) in Python, standard library only.

Prints pages per language and decision, and the most common reasons among the rejected:

  python3 examples/python/read_export.py clean.jsonl.gz clean.rejected.jsonl.gz
"""
import collections
import gzip
import json
import sys


def records(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: read_export.py FILE.jsonl[.gz] ...")
    per_language = collections.Counter()
    reasons = collections.Counter()
    for path in sys.argv[1:]:
        for record in records(path):
            meta = record["metadata"]
            per_language[(meta["language"], meta["decision"])] += 1
            if meta["decision"] == "reject":
                reasons.update(r["code"] for r in meta["reasons"])
    for (language, decision), n in sorted(per_language.items()):
        print(f"{language}\t{decision}\t{n}")
    for code, n in reasons.most_common(5):
        print(f"reason\t{code}\t{n}")


if __name__ == "__main__":
    main()
