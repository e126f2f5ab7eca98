#!/usr/bin/python3
"""The collapse harness's transformer backend: a small word-level GPT trained with PyTorch.

Run by `corpus-audit collapse --backend transformer` as a child process. It reads one JSON request
per line on stdin and answers one JSON line on stdout, in order:

  {"cmd": "hello"}                                   -> {"ok": true, "torch": "...", "device": "cpu"}
  {"cmd": "train", "id": 1, "docs": [[[tokens]]], "vocabulary": [...], "seed": 7, "config": {...}}
                                                     -> {"ok": true, "params": n, "loss": x, "seconds": s}
  {"cmd": "generate", "id": 1, "prompts": [[tokens]], "tokens": 64, "temperature": 1.0,
   "top_p": 1.0, "greedy": false, "seed": 9}         -> {"ok": true, "outputs": [[tokens]]}
  {"cmd": "perplexity", "id": 1, "groups": [[[tokens]]]}
                                                     -> {"ok": true, "perplexities": [x, ...]}
  {"cmd": "free", "id": 1}                           -> {"ok": true}

Vocabulary: the real training data's words (fixed for every generation, so perplexities compare),
plus </s> (sentence end) and <unk> (words outside it; trained on half the occurrences of the words
the data holds once). Samples only ever use words the generation's own training data
holds (the others are masked), as with the n-gram backend. Uses CUDA when present.
Errors answer {"ok": false, "error": "..."} and the process keeps serving.
"""

import json
import math
import os
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - reported to the caller, who says what to install
    sys.stdout.write(json.dumps({"ok": False, "error": "no torch: install Debian's python3-torch"}) + "\n")
    sys.stdout.flush()
    sys.exit(3)

END = "</s>"
UNK = "<unk>"
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# Small enough to train in about a minute on two CPU cores on the default corpus (60 Brown files).
DEFAULTS = {
    "d_model": 64,
    "layers": 2,
    "heads": 4,
    "context": 64,
    "epochs": 2,
    "batch": 32,
    "lr": 3e-3,
}


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x, mask):
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + a
        return x + self.mlp(self.ln2(x))


def cutoffs_for(vocab):
    """Adaptive-softmax clusters: the 2,000 most frequent words at full cost, rarer ones cheaper."""
    return [c for c in (2000, 10000) if c < vocab - 1] or [max(1, vocab // 2)]


class WordGPT(nn.Module):
    def __init__(self, vocab, cfg):
        super().__init__()
        d = cfg["d_model"]
        self.context = cfg["context"]
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(self.context, d)
        self.blocks = nn.ModuleList([Block(d, cfg["heads"]) for _ in range(cfg["layers"])])
        self.ln = nn.LayerNorm(d)
        # An adaptive softmax (Grave et al. 2017) over a vocabulary sorted by frequency: exact
        # log-probabilities for every word, at a fraction of a full output layer's cost on a CPU.
        self.out = nn.AdaptiveLogSoftmaxWithLoss(d, vocab, cutoffs_for(vocab), div_value=4.0)
        # Small initial embeddings (GPT-2's 0.02) keep the first steps' loss near a uniform guess.
        nn.init.normal_(self.tok.weight, std=0.02)
        nn.init.normal_(self.pos.weight, std=0.02)

    def hidden(self, idx):
        n = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(n, device=idx.device))
        mask = torch.triu(torch.full((n, n), float("-inf"), device=idx.device), diagonal=1)
        for b in self.blocks:
            x = b(x, mask)
        return self.ln(x)

    def target_log_probs(self, idx, targets):
        """Log-probability of each target word after each position (flattened)."""
        h = self.hidden(idx)
        return self.out(h.reshape(-1, h.shape[-1]), targets.reshape(-1)).output

    def next_log_probs(self, idx):
        """Log-probabilities of every word after the last position of each sequence."""
        return self.out.log_prob(self.hidden(idx)[:, -1, :])


class Trained:
    def __init__(self, model, words, index, allowed):
        self.model = model
        self.words = words
        self.index = index
        self.allowed = allowed  # bool mask over the vocabulary: words this generation's data holds


def encode(sentences, index):
    unk = index[UNK]
    out = []
    for s in sentences:
        out.extend(index.get(t, unk) for t in s)
        out.append(index[END])
    return out


def train(req):
    cfg = dict(DEFAULTS)
    cfg.update(req.get("config") or {})
    torch.manual_seed(req["seed"])
    # Words by their frequency in this generation's data (the adaptive softmax's clusters follow
    # it); words the data lacks come last, in the order given.
    freq = {}
    for doc in req["docs"]:
        for sentence in doc:
            for t in sentence:
                freq[t] = freq.get(t, 0) + 1
    vocabulary = list(req["vocabulary"])
    order = {w: i for i, w in enumerate(vocabulary)}
    words = [END, UNK] + sorted(vocabulary, key=lambda w: (-freq.get(w, 0), order[w]))
    index = {w: i for i, w in enumerate(words)}
    stream = []
    allowed = torch.zeros(len(words), dtype=torch.bool)
    for doc in req["docs"]:
        ids = encode(doc, index)
        stream.extend(ids)
    if len(stream) < 2:
        raise ValueError("no training tokens")
    allowed[torch.tensor(sorted(set(stream)))] = True
    allowed[index[UNK]] = False
    data = torch.tensor(stream, dtype=torch.long)
    # Words never seen in training are <unk> when scored; the model learns what <unk> is worth
    # from the words its data holds once (Good-Turing's estimate of unseen mass): each occurrence of
    # such a word is <unk> with probability 1/2, drawn again every epoch.
    counts = torch.bincount(data, minlength=len(words))
    singleton = counts[data] == 1
    ctx = cfg["context"]
    # Non-overlapping windows of context+1 tokens (input and the next-token targets).
    n_windows = max(1, (len(data) - 1) // ctx)
    starts = torch.arange(n_windows) * ctx
    model = WordGPT(len(words), cfg).to(DEVICE)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.01)
    steps = cfg["epochs"] * math.ceil(n_windows / cfg["batch"])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg["lr"], total_steps=max(steps, 1))
    g = torch.Generator().manual_seed(req["seed"])
    t0 = time.time()
    loss_value = float("nan")
    model.train()
    for _ in range(cfg["epochs"]):
        epoch_data = data.clone()
        epoch_data[singleton & (torch.rand(len(data), generator=g) < 0.5)] = index[UNK]
        order = starts[torch.randperm(n_windows, generator=g)]
        for b in range(0, n_windows, cfg["batch"]):
            s = order[b : b + cfg["batch"]]
            seqs = [epoch_data[i : i + ctx + 1] for i in s.tolist()]
            width = min(len(x) for x in seqs)
            if width < 2:
                continue
            batch = torch.stack([x[:width] for x in seqs]).to(DEVICE)
            loss = -model.target_log_probs(batch[:, :-1], batch[:, 1:]).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            loss_value = loss.item()
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    return Trained(model, words, index, allowed.to(DEVICE)), {
        "params": params,
        "loss": loss_value if math.isfinite(loss_value) else None,
        "seconds": round(time.time() - t0, 3),
    }


@torch.no_grad()
def generate(m, req):
    g = torch.Generator(device="cpu").manual_seed(req["seed"])
    ctx = m.model.context
    outputs = []
    prompts = req["prompts"]
    n_tokens = req["tokens"]
    greedy = req.get("greedy", False)
    temperature = max(req.get("temperature", 1.0), 1e-6)
    top_p = req.get("top_p", 1.0)
    unk = m.index[UNK]
    for b in range(0, len(prompts), 128):
        chunk = [[m.index.get(t, unk) for t in p] or [m.index[END]] for p in prompts[b : b + 128]]
        width = max(len(p) for p in chunk)
        # Left-pad with </s>: a sentence boundary is the most neutral context there is.
        seqs = torch.tensor([[m.index[END]] * (width - len(p)) + p for p in chunk], device=DEVICE)
        made = []
        for _ in range(n_tokens):
            logits = m.model.next_log_probs(seqs[:, -ctx:])
            logits = logits.masked_fill(~m.allowed, float("-inf"))
            if greedy:
                nxt = logits.argmax(-1)
            else:
                probs = F.softmax(logits / temperature, dim=-1)
                if top_p < 1.0:
                    sp, si = probs.sort(dim=-1, descending=True)
                    keep = sp.cumsum(-1) - sp < top_p
                    sp = sp * keep
                    probs = torch.zeros_like(probs).scatter(-1, si, sp)
                    probs = probs / probs.sum(-1, keepdim=True)
                nxt = torch.multinomial(probs.cpu(), 1, generator=g).squeeze(-1).to(DEVICE)
            made.append(nxt)
            seqs = torch.cat([seqs, nxt[:, None]], dim=1)
        ids = torch.stack(made, dim=1).tolist()
        outputs.extend([[m.words[i] for i in row] for row in ids])
    return outputs


@torch.no_grad()
def perplexity(m, group):
    """Perplexity of whole sentences (each ending in </s>), in windows of the model's context."""
    ids = encode(group, m.index)
    if not ids:
        return None  # JSON has no NaN
    ctx = m.model.context
    seq = [m.index[END]] + ids
    total = 0.0
    count = 0
    for start in range(0, len(seq) - 1, ctx):
        x = torch.tensor([seq[start : start + ctx]], device=DEVICE)
        y = torch.tensor([seq[start + 1 : start + ctx + 1]], device=DEVICE)
        total -= m.model.target_log_probs(x[:, : y.shape[1]], y).sum().item()
        count += y.shape[1]
    return math.exp(total / count)


def main():
    torch.set_num_threads(os.cpu_count() or 1)
    models = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            cmd = req.get("cmd")
            if cmd == "hello":
                out = {"ok": True, "torch": torch.__version__, "device": str(DEVICE)}
            elif cmd == "train":
                models[req["id"]], info = train(req)
                out = {"ok": True, **info}
            elif cmd == "generate":
                out = {"ok": True, "outputs": generate(models[req["id"]], req)}
            elif cmd == "perplexity":
                out = {"ok": True, "perplexities": [perplexity(models[req["id"]], g) for g in req["groups"]]}
            elif cmd == "free":
                models.pop(req["id"], None)
                out = {"ok": True}
            else:
                out = {"ok": False, "error": f"unknown command {cmd!r}"}
        except Exception as err:  # answer and keep serving: the caller decides what to do
            out = {"ok": False, "error": f"{type(err).__name__}: {err}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
