"""The two small transformers the project ships, written with plain ops so they export to ONNX as
they are: an encoder classifier (mean-pooled, exported as `bert` for transformers.js) and a causal
language model with tied embeddings (exported as `gpt2`, without a key/value cache)."""

import math

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, d, heads, ff, dropout):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, ff), nn.GELU(), nn.Linear(ff, d))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, allowed):
        """`allowed`: [B, 1 or T, T] booleans, True where a query may attend to a key."""
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        q = q.view(b, t, h, d // h).transpose(1, 2)
        k = k.view(b, t, h, d // h).transpose(1, 2)
        v = v.view(b, t, h, d // h).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // h))
        att = att.masked_fill(~allowed.unsqueeze(1), -1e4)
        att = self.drop(torch.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.drop(self.proj(y))
        return x + self.drop(self.mlp(self.ln2(x)))


class Trunk(nn.Module):
    def __init__(self, vocab, d, heads, layers, ff, max_len, dropout):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(max_len, d)
        self.blocks = nn.ModuleList([Block(d, heads, ff, dropout) for _ in range(layers)])
        self.ln = nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)
        # GPT-2's initialization: with unit-variance embeddings, tied output logits start huge.
        for emb in (self.tok, self.pos):
            nn.init.normal_(emb.weight, std=0.02)

    def forward(self, input_ids, allowed):
        t = input_ids.shape[1]
        positions = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.drop(self.tok(input_ids) + self.pos(positions))
        for block in self.blocks:
            x = block(x, allowed)
        return self.ln(x)


class Classifier(nn.Module):
    def __init__(self, vocab, classes, d=128, heads=4, layers=2, ff=512, max_len=256, dropout=0.1):
        super().__init__()
        self.trunk = Trunk(vocab, d, heads, layers, ff, max_len, dropout)
        self.head = nn.Linear(d, classes)

    def forward(self, input_ids, attention_mask):
        keep = attention_mask > 0
        x = self.trunk(input_ids, keep.unsqueeze(1))
        w = keep.unsqueeze(-1).to(x.dtype)
        pooled = (x * w).sum(1) / w.sum(1).clamp(min=1.0)
        return self.head(pooled)


class CausalLM(nn.Module):
    def __init__(self, vocab, d=128, heads=4, layers=2, ff=512, max_len=128, dropout=0.1):
        super().__init__()
        self.trunk = Trunk(vocab, d, heads, layers, ff, max_len, dropout)

    def forward(self, input_ids, attention_mask):
        t = input_ids.shape[1]
        idx = torch.arange(t, device=input_ids.device)
        causal = idx.unsqueeze(0) <= idx.unsqueeze(1)
        allowed = causal.unsqueeze(0) & (attention_mask > 0).unsqueeze(1)
        x = self.trunk(input_ids, allowed)
        return x @ self.trunk.tok.weight.t()
