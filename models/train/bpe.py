"""Byte-level BPE: training, encoding, and the Hugging Face tokenizer.json that transformers.js reads.

The pre-tokenizer regex is the one transformers.js applies for a `ByteLevel` pre-tokenizer, so the
merges learned here are the merges applied at inference.
"""

import heapq
from collections import Counter, defaultdict

import regex

PATTERN = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]
PAD, BOS, EOS, UNK = 0, 1, 2, 3


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters."""
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_CHARS = bytes_to_unicode()


def pre_tokenize(text):
    return ["".join(BYTE_CHARS[b] for b in piece.encode("utf-8")) for piece in PATTERN.findall(text)]


def train(texts, vocab_size):
    """Learns merges until the vocabulary (specials, 256 bytes, merges) has `vocab_size` entries."""
    counts = Counter()
    for text in texts:
        counts.update(pre_tokenize(text))
    words = [list(w) for w in counts]
    freqs = list(counts.values())
    pairs = Counter()
    where = defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pairs[a, b] += freqs[i]
            where[a, b].add(i)
    merges = []
    target = vocab_size - len(SPECIALS) - 256
    # A heap with stale entries: an entry counts only while it matches the pair's current count.
    heap = [(-n, pair) for pair, n in pairs.items()]
    heapq.heapify(heap)
    while len(merges) < target and heap:
        neg, (a, b) = heapq.heappop(heap)
        n = pairs.get((a, b), 0)
        if n != -neg:
            if n > 0:
                heapq.heappush(heap, (-n, (a, b)))
            continue
        if n < 2:
            break
        merges.append((a, b))
        merged = a + b
        for i in list(where[a, b]):
            w = words[i]
            f = freqs[i]
            for x, y in zip(w, w[1:]):
                pairs[x, y] -= f
                if pairs[x, y] <= 0:
                    del pairs[x, y]
                where[x, y].discard(i)
            out = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(merged)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for x, y in zip(out, out[1:]):
                pairs[x, y] += f
                where[x, y].add(i)
            for x, y in set(zip(out, out[1:])):
                heapq.heappush(heap, (-pairs[x, y], (x, y)))
        where.pop((a, b), None)
    vocab = {tok: i for i, tok in enumerate(SPECIALS)}
    for ch in sorted(set(BYTE_CHARS.values())):
        vocab[ch] = len(vocab)
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    return vocab, merges


class Encoder:
    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.cache = {}

    def word(self, w):
        hit = self.cache.get(w)
        if hit is not None:
            return hit
        parts = list(w)
        while len(parts) > 1:
            best = None
            for k in range(len(parts) - 1):
                r = self.ranks.get((parts[k], parts[k + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, k)
            if best is None:
                break
            k = best[1]
            parts[k : k + 2] = [parts[k] + parts[k + 1]]
        ids = [self.vocab[p] for p in parts]
        if len(w) < 256:
            self.cache[w] = ids
        return ids

    def encode(self, text):
        ids = []
        for w in pre_tokenize(text):
            ids.extend(self.word(w))
        return ids


def tokenizer_json(vocab, merges):
    special = lambda i, t: {  # noqa: E731
        "id": i,
        "content": t,
        "single_word": False,
        "lstrip": False,
        "rstrip": False,
        "normalized": False,
        "special": True,
    }
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(i, t) for i, t in enumerate(SPECIALS)],
        "normalizer": {"type": "NFKC"},
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
                {"SpecialToken": {"id": "</s>", "type_id": 1}},
            ],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [BOS], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [EOS], "tokens": ["</s>"]},
            },
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


def tokenizer_config(max_length):
    return {
        "tokenizer_class": "PreTrainedTokenizer",
        "model_max_length": max_length,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
        "unk_token": "<unk>",
        "clean_up_tokenization_spaces": False,
    }
