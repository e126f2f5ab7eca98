"""Trains the multilingual sentence-embedding model the translation detector can use, on CPU.

    /usr/bin/python3 models/train/train_embedder.py --pages .train/pages.jsonl \
        --pairs .train/parallel.jsonl --out models/sentence-embedder

A 2-layer transformer encoder (the classifier's trunk), mean-pooled and L2-normalised, trained with
a symmetric in-batch contrastive loss (InfoNCE, as LaBSE and multilingual sentence encoders are) so
that a sentence and its translation land close together and other sentences of the batch far away.
Pairs: `scripts/export-parallel-data.ts` (the demo world's Apertium translations of train-split
Brown files: English against Spanish, Catalan, Portuguese, Galician, Italian, French, Esperanto).
Each epoch takes every English sentence once, with one of its translations drawn at random, so a
batch never holds the same sentence twice; batches group sentences of similar length, and
training cuts them to 64 tokens (the exported model reads 128). The tokenizer is the one the other shipped models use,
learned again from the same fit pages (it comes out identical). Written in the Hugging Face layout
for transformers.js feature extraction (`model_type: bert`, output `last_hidden_state`).
"""

import argparse
import json
import os
import random
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import export  # noqa: E402
import quantize  # noqa: E402
from nets import Trunk  # noqa: E402
from train import pad  # noqa: E402


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


class Embedder(nn.Module):
    def __init__(self, vocab, d=128, heads=4, layers=2, ff=512, max_len=128, dropout=0.1):
        super().__init__()
        self.trunk = Trunk(vocab, d, heads, layers, ff, max_len, dropout)

    def forward(self, input_ids, attention_mask):
        """Per-token states: what the ONNX export returns as `last_hidden_state`."""
        return self.trunk(input_ids, (attention_mask > 0).unsqueeze(1))

    def embed(self, input_ids, attention_mask):
        x = self.forward(input_ids, attention_mask)
        w = (attention_mask > 0).unsqueeze(-1).to(x.dtype)
        return nn.functional.normalize((x * w).sum(1) / w.sum(1).clamp(min=1.0), dim=-1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", default=".train/pages.jsonl")
    p.add_argument("--pairs", default=".train/parallel.jsonl")
    p.add_argument("--out", default="models/sentence-embedder")
    p.add_argument("--vocab", type=int, default=4096)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--train-len", type=int, default=64, help="tokens a sentence is cut to in training")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--temperature", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    with open(args.pages, encoding="utf-8") as f:
        fit = [d for d in (json.loads(line) for line in f) if d["part"] == "fit" and d["text"].strip()]
    vocab, merges = bpe.train([d["text"] for d in fit], args.vocab)
    enc = bpe.Encoder(vocab, merges)
    log(f"tokenizer: {len(vocab)} entries from {len(fit)} fit pages")

    window = min(args.max_len, args.train_len) - 2
    groups = {}
    # The translation languages, in the order the pairs file first has them.
    languages = {}
    with open(args.pairs, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            groups.setdefault(d["a"], []).append(d["b"])
            languages.setdefault(d["lang"], None)
    english = sorted(groups)
    cache = {}

    def ids(text):
        hit = cache.get(text)
        if hit is None:
            hit = [bpe.BOS] + enc.encode(text)[:window] + [bpe.EOS]
            cache[text] = hit
        return hit

    log(f"{len(english)} English sentences, {sum(len(v) for v in groups.values())} translations")
    model = Embedder(len(vocab), d=args.dim, ff=4 * args.dim, max_len=args.max_len)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    steps = args.epochs * ((len(english) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=steps, pct_start=0.1)
    rng = random.Random(args.seed)
    model.train()
    for epoch in range(args.epochs):
        # Batches of sentences of similar length (little padding), in random order.
        order = english[:]
        rng.shuffle(order)
        order.sort(key=lambda s: len(ids(s)))
        batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
        rng.shuffle(batches)
        total, n, correct = 0.0, 0, 0
        for batch in batches:
            if len(batch) < 2:
                continue
            a = model.embed(*pad([ids(s) for s in batch]))
            b = model.embed(*pad([ids(rng.choice(groups[s])) for s in batch]))
            sim = a @ b.t() / args.temperature
            target = torch.arange(len(batch))
            loss = (nn.functional.cross_entropy(sim, target) + nn.functional.cross_entropy(sim.t(), target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(batch)
            correct += (sim.argmax(1) == target).sum().item()
            n += len(batch)
        log(f"epoch {epoch + 1}: loss {total / n:.4f}, in-batch retrieval {correct / n:.3f}")
    model.eval()
    trained_on = {
        "data": "corpus-audit demo world: Apertium translations of train-split Brown files (scripts/export-parallel-data.ts)",
        "english_sentences": len(english),
        "languages": list(languages),
        "script": "models/train/train_embedder.py",
        "torch": torch.__version__,
        "seed": args.seed,
        "epochs": args.epochs,
    }
    export.write_embedder(args.out, model, bpe.tokenizer_json(vocab, merges), bpe.tokenizer_config(args.max_len), args, trained_on)
    quantize.quantize(args.out)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
