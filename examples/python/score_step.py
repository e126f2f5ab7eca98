#!/usr/bin/env python3
"""A pipeline step in Python: score JSONL documents with a running `corpus-audit serve`.

Reads JSONL from stdin (a "text" field per line; "id" and "url" kept), sends them in batches to
POST /v1/score, writes the documents the policy keeps to stdout and the rejected ones, with their
reasons, to --rejected. Standard library only (Debian's python3, no pip).

  corpus-audit serve --port 8787 &
  python3 examples/python/score_step.py --url http://127.0.0.1:8787 --rejected rejected.jsonl \
      < shard.jsonl > kept.jsonl
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request


def score(url, token, documents, retries=5):
    """POST one batch; retries 503 (busy or timed out) after the Retry-After it gives."""
    body = json.dumps({"documents": documents}).encode("utf-8")
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = "Bearer " + token
    for attempt in range(retries + 1):
        request = urllib.request.Request(url + "/v1/score", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)["results"]
        except urllib.error.HTTPError as err:
            if err.code != 503 or attempt == retries:
                raise SystemExit(f"score_step: HTTP {err.code}: {err.read().decode('utf-8', 'replace')}")
            time.sleep(float(err.headers.get("retry-after", "5")))
    raise AssertionError("unreachable")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8787", help="the service's address")
    parser.add_argument("--rejected", help="JSONL file for the rejected documents, with reasons")
    parser.add_argument("--batch", type=int, default=32, help="documents per request (the service's --max-batch)")
    args = parser.parse_args()
    token = os.environ.get("CORPUS_AUDIT_TOKEN")
    rejected = open(args.rejected, "w", encoding="utf-8") if args.rejected else None
    counts = {"keep": 0, "reject": 0}

    def flush(batch):
        sent = [{k: d[k] for k in ("id", "text", "url") if k in d} for d in batch]
        for doc, result in zip(batch, score(args.url, token, sent)):
            counts[result["decision"]] += 1
            if result["decision"] == "keep":
                sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
            elif rejected:
                reasons = [r["code"] for r in result["reasons"]]
                rejected.write(json.dumps({**doc, "reasons": reasons}, ensure_ascii=False) + "\n")

    batch = []
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        doc = json.loads(line)
        if not isinstance(doc.get("text"), str):
            sys.stderr.write(f"score_step: line {number} has no text; skipped\n")
            continue
        doc.setdefault("id", str(number))
        batch.append(doc)
        if len(batch) == args.batch:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    if rejected:
        rejected.close()
    sys.stderr.write(f"score_step: kept {counts['keep']}, rejected {counts['reject']}\n")


if __name__ == "__main__":
    main()
