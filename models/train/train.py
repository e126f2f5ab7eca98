"""Trains the models corpus-audit ships, from the training worlds (models/DATA.md), on CPU.

    /usr/bin/python3 models/train/train.py --data .train/pages.jsonl --out models

Reads the pages `scripts/export-training-data.ts` wrote (text already normalized as the detectors
normalize it) and writes, in the Hugging Face layout transformers.js loads, each with the same byte-level BPE tokenizer:
  models/mgt-classifier/           human / machine-translation / lm-generated (model_type bert)
  models/lm-observer/              causal LM trained on the human pages (model_type gpt2)
  models/lm-performer/             the observer trained further on the same text with another
                                   seed, order and learning rate: Binoculars' second model
each with onnx/model.onnx (fp32) and onnx/model_quantized.onnx (int8 weights, see quantize.py).
Only pages of part `fit` are used; `calibrate` and `test` stay unseen. Needs Debian's
python3-torch, python3-onnx and python3-regex, and libopenblas0-pthread (torch's generic BLAS
is several times slower). Seeded (Python and torch); that a rerun gives bit-identical weights is
not verified.
"""

import argparse
import copy
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
from nets import CausalLM, Classifier  # noqa: E402

CLASSES = ["human", "machine-translation", "lm-generated"]
CLASS_OF_ORIGIN = {"human": 0, "human-translation": 0, "machine-translation": 1, "lm-generated": 2}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def batches(items, size, rng):
    order = list(range(len(items)))
    rng.shuffle(order)
    for i in range(0, len(order), size):
        yield [items[j] for j in order[i : i + size]]


def pad(seqs):
    t = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), t), bpe.PAD, dtype=torch.long)
    mask = torch.zeros((len(seqs), t), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


def train_classifier(docs, enc, args):
    window = args.cls_len - 2
    samples = []
    for d in docs:
        ids = enc.encode(d["text"])
        label = CLASS_OF_ORIGIN[d["origin"]]
        # Up to four windows a page, so long pages do not outweigh short ones.
        starts = list(range(0, max(1, len(ids) - window // 2), window))[:4]
        for s in starts:
            samples.append(([bpe.BOS] + ids[s : s + window] + [bpe.EOS], label))
    counts = [sum(1 for _, y in samples if y == c) for c in range(len(CLASSES))]
    weights = torch.tensor([len(samples) / (len(CLASSES) * max(n, 1)) for n in counts])
    log(f"classifier: {len(samples)} windows, per class {counts}")
    torch.manual_seed(args.seed)
    model = Classifier(len(enc.vocab), len(CLASSES), max_len=args.cls_len)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    rng = random.Random(args.seed)
    steps = args.cls_epochs * ((len(samples) + 31) // 32)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=steps, pct_start=0.1)
    model.train()
    for epoch in range(args.cls_epochs):
        total, n = 0.0, 0
        for batch in batches(samples, 32, rng):
            ids, mask = pad([s for s, _ in batch])
            y = torch.tensor([label for _, label in batch])
            loss = loss_fn(model(ids, mask), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(batch)
            n += len(batch)
            if n % 3200 < 32:
                log(f"  {n}/{len(samples)} windows, loss {total / n:.4f}")
        log(f"classifier epoch {epoch + 1}: loss {total / n:.4f}")
    model.eval()
    return model


def lm_sequences(docs, enc, length):
    seqs = []
    for d in docs:
        ids = [bpe.BOS] + enc.encode(d["text"]) + [bpe.EOS]
        for s in range(0, len(ids) - 1, length):
            chunk = ids[s : s + length + 1]
            if len(chunk) > 8:
                seqs.append(chunk)
    return seqs


def train_lm(model, seqs, epochs, lr, seed):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(seqs) + 31) // 32)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    for epoch in range(epochs):
        total, n = 0.0, 0
        for batch in batches(seqs, 32, rng):
            ids, mask = pad([s[:-1] for s in batch])
            target = torch.full(ids.shape, -100, dtype=torch.long)
            for i, s in enumerate(batch):
                target[i, : len(s) - 1] = torch.tensor(s[1:])
            logits = model(ids, mask)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(batch)
            n += len(batch)
        log(f"lm epoch {epoch + 1}: loss {total / n:.4f}")
    model.eval()
    return model


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=".train/pages.jsonl")
    p.add_argument("--out", default="models")
    p.add_argument("--vocab", type=int, default=4096)
    p.add_argument("--cls-len", type=int, default=128)
    p.add_argument("--cls-epochs", type=int, default=3)
    p.add_argument("--lm-len", type=int, default=128)
    p.add_argument("--lm-epochs", type=int, default=5)
    p.add_argument("--skip-classifier", action="store_true", help="train only the language models")
    p.add_argument("--skip-lm", action="store_true", help="train only the classifier")
    p.add_argument("--limit", type=int, default=0, help="use only this many fit pages (a quick check)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)

    with open(args.data, encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    fit = [d for d in pages if d["part"] == "fit" and d["text"].strip()]
    if args.limit:
        fit = fit[: args.limit]
    log(f"{len(pages)} pages, {len(fit)} in the fit part")

    vocab, merges = bpe.train([d["text"] for d in fit], args.vocab)
    enc = bpe.Encoder(vocab, merges)
    log(f"tokenizer: {len(vocab)} entries, {len(merges)} merges")
    tok_json = bpe.tokenizer_json(vocab, merges)
    trained_on = {
        "data": "the fit part of the training worlds: corpus-audit's demo world (seed 1, 1,500 pages) and the training corpus of models/DATA.md",
        "worlds": sorted({d.get("world", "demo") for d in fit}),
        "pages": len(fit),
        "script": "models/train/train.py",
        "torch": torch.__version__,
        "seed": args.seed,
    }

    if not args.skip_classifier:
        classifier = train_classifier(fit, enc, args)
        export.write_classifier(
            os.path.join(args.out, "mgt-classifier"), classifier, tok_json, bpe.tokenizer_config(args.cls_len),
            CLASSES, args, trained_on,
        )
        log("wrote mgt-classifier")

    if args.skip_lm:
        quantize.quantize(os.path.join(args.out, "mgt-classifier"))
        return
    human = [d for d in fit if CLASS_OF_ORIGIN[d["origin"]] == 0]
    seqs = lm_sequences(human, enc, args.lm_len)
    log(f"language models: {len(human)} human pages, {len(seqs)} sequences of up to {args.lm_len} tokens")
    observer = train_lm(CausalLM(len(vocab), max_len=args.lm_len), seqs, args.lm_epochs, 2e-3, args.seed)
    export.write_lm(
        os.path.join(args.out, "lm-observer"), observer, tok_json, bpe.tokenizer_config(args.lm_len),
        args, {**trained_on, "role": "observer"},
    )
    performer = train_lm(copy.deepcopy(observer), seqs, 1, 5e-4, args.seed + 1)
    export.write_lm(
        os.path.join(args.out, "lm-performer"), performer, tok_json, bpe.tokenizer_config(args.lm_len),
        args, {**trained_on, "role": "performer: the observer trained one more epoch (seed + 1, lr 5e-4)"},
    )
    log("wrote lm-observer and lm-performer")
    for name in ("mgt-classifier", "lm-observer", "lm-performer"):
        folder = os.path.join(args.out, name)
        if os.path.exists(os.path.join(folder, "onnx", "model.onnx")):
            quantize.quantize(folder)


if __name__ == "__main__":
    main()
