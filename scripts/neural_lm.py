"""Neural text generators for the cross-source evaluation world and the training corpus: small
language models (LSTM, GRU, transformer; word- or character-level; of a chosen width and depth),
trained here on human text and sampled with varied decoding. Called by scripts/build-cross-world.ts
and scripts/build-train-world.ts, which pick different families, languages and sizes; writes one
JSON line per generated page: {"generator", "decoding", "paragraphs": [...]}.

  python3 scripts/neural_lm.py --train corpus.txt --unit word|char --arch lstm|gru|transformer \
      --pages 60 --seed 1 --out samples.jsonl [--minutes 4] [--d 192] [--layers 2|3]
"""

import argparse
import json
import random
import re
import time

import torch
from torch import nn


def tokenize(text, unit):
    if unit == "char":
        return list(text)
    # Words, punctuation and the paragraph mark as tokens; spaces are put back when detokenizing.
    return re.findall(r"\n|\w+(?:['’]\w+)?|[^\w\s]", text)


def detokenize(tokens, unit):
    if unit == "char":
        return "".join(tokens)
    out = ""
    for t in tokens:
        if t == "\n":
            out += "\n"
        elif out == "" or out.endswith("\n") or re.match(r"[.,;:!?)\]’'\"]", t) or out.endswith(("(", "[")):
            out += t
        else:
            out += " " + t
    return out


class Recurrent(nn.Module):
    def __init__(self, vocab, cell, d=192, layers=2):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(d, d, layers, batch_first=True, dropout=0.1 if layers > 1 else 0.0)
        self.out = nn.Linear(d, vocab)

    def forward(self, x, state=None):
        y, state = self.rnn(self.emb(x), state)
        return self.out(y), state


class Transformer(nn.Module):
    def __init__(self, vocab, d=192, heads=4, layers=3, context=128):
        super().__init__()
        self.context = context
        self.emb = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(context, d)
        layer = nn.TransformerEncoderLayer(d, heads, 4 * d, dropout=0.1, batch_first=True, norm_first=True)
        self.body = nn.TransformerEncoder(layer, layers)
        self.out = nn.Linear(d, vocab)

    def forward(self, x, state=None):
        t = x.shape[1]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        h = self.emb(x) + self.pos(torch.arange(t).unsqueeze(0))
        return self.out(self.body(h, mask=mask)), None


def train(model, ids, minutes, seq, batch, lr):
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    data = torch.tensor(ids)
    end = time.time() + 60 * minutes
    step = 0
    loss_avg = None
    model.train()
    while time.time() < end:
        starts = torch.randint(0, len(data) - seq - 1, (batch,))
        x = torch.stack([data[s : s + seq] for s in starts])
        y = torch.stack([data[s + 1 : s + seq + 1] for s in starts])
        logits, _ = model(x)
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        loss_avg = loss.item() if loss_avg is None else 0.98 * loss_avg + 0.02 * loss.item()
    model.eval()
    return step, loss_avg


def pick(logits, temperature, top_k, top_p, generator):
    logits = logits / temperature
    if top_k:
        kth = torch.topk(logits, top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, dim=-1)
    if top_p < 1:
        sorted_probs, order = torch.sort(probs, descending=True)
        keep = torch.cumsum(sorted_probs, 0) - sorted_probs < top_p
        probs = torch.zeros_like(probs).scatter(0, order[keep], sorted_probs[keep])
        probs = probs / probs.sum()
    return int(torch.multinomial(probs, 1, generator=generator))


@torch.no_grad()
def sample(model, prime, length, decoding, generator, arch):
    tokens = list(prime)
    state = None
    x = torch.tensor([tokens])
    for _ in range(length):
        if arch == "transformer":
            logits, _ = model(torch.tensor([tokens[-model.context :]]))
        else:
            logits, state = model(x, state)
        nxt = pick(logits[0, -1], decoding["t"], decoding["k"], decoding["p"], generator)
        tokens.append(nxt)
        x = torch.tensor([[nxt]])
    return tokens[len(prime) :]


DECODINGS = [
    {"t": 0.7, "k": 0, "p": 1.0},
    {"t": 1.0, "k": 0, "p": 1.0},
    {"t": 0.9, "k": 40, "p": 1.0},
    {"t": 1.0, "k": 0, "p": 0.9},
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--unit", choices=["word", "char"], required=True)
    ap.add_argument("--arch", choices=["lstm", "gru", "transformer"], required=True)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--minutes", type=float, default=4)
    ap.add_argument("--out", required=True)
    ap.add_argument("--d", type=int, default=192, help="width")
    ap.add_argument("--layers", type=int, default=0, help="depth (default: 2 recurrent, 3 transformer)")
    args = ap.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    text = open(args.train, encoding="utf-8").read()
    tokens = tokenize(text, args.unit)
    counts = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    # Words outside the 6,000 most frequent become <unk>, which sampling never emits.
    frequent = sorted(counts, key=lambda t: -counts[t])[:6000]
    vocab = sorted(frequent if args.unit == "word" else counts)
    index = {t: i + 1 for i, t in enumerate(vocab)}
    ids = [index.get(t, 0) for t in tokens]
    size = len(vocab) + 1
    if args.arch == "transformer":
        model = Transformer(size, d=args.d, layers=args.layers or 3)
        seq, batch, lr = 128, 32, 1e-3
    else:
        model = Recurrent(size, args.arch, d=args.d, layers=args.layers or 2)
        seq, batch, lr = 64, 32, 2e-3
    steps, loss = train(model, ids, args.minutes, seq, batch, lr)
    params = sum(p.numel() for p in model.parameters())
    print(f"{args.arch}-{args.unit}: {params} parameters, vocab {size}, {steps} steps, loss {loss:.3f}", flush=True)
    generator = torch.Generator().manual_seed(args.seed)
    paragraph_starts = [i + 1 for i, t in enumerate(ids) if tokens[i] == "\n" and i + 1 < len(ids)]
    length = 500 if args.unit == "char" else 130
    name = f"{args.arch}-{args.unit}"
    with open(args.out, "w", encoding="utf-8") as out:
        for page in range(args.pages):
            decoding = DECODINGS[page % len(DECODINGS)]
            # Primed with the first few tokens of a random human paragraph, as a spammer would seed it.
            start = random.choice(paragraph_starts)
            prime = ids[start : start + (12 if args.unit == "char" else 3)]
            paragraphs = []
            while sum(len(p) for p in paragraphs) < 1400:
                out_ids = sample(model, prime, length, decoding, generator, args.arch)
                words = [vocab[i - 1] if i > 0 else "" for i in out_ids]
                text = detokenize([tokens[start + j] for j in range(len(prime))] + words, args.unit)
                for p in text.split("\n"):
                    p = re.sub(r"\s+", " ", p).strip()
                    if len(p) >= 80:
                        paragraphs.append(p)
                start = random.choice(paragraph_starts)
                prime = ids[start : start + (12 if args.unit == "char" else 3)]
            label = f"t={decoding['t']}" + (f" k={decoding['k']}" if decoding["k"] else "") + (
                f" p={decoding['p']}" if decoding["p"] < 1 else ""
            )
            out.write(json.dumps({"generator": name, "decoding": label, "paragraphs": paragraphs}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
