"""Writes a trained model in the Hugging Face layout transformers.js loads: config.json,
tokenizer.json, tokenizer_config.json and onnx/model.onnx (fp32, dynamic batch and length)."""

import json
import os

import onnx
import torch


def _write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1 if not path.endswith("tokenizer.json") else None)
        f.write("\n")


def _export(model, path, max_len, output_axes, output_name="logits"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ids = torch.randint(4, 100, (2, min(16, max_len)))
    mask = torch.ones_like(ids)
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"}}
    torch.onnx.export(
        model,
        (ids, mask),
        path,
        input_names=["input_ids", "attention_mask"],
        output_names=[output_name],
        dynamic_axes={**axes, output_name: output_axes},
        opset_version=14,
        do_constant_folding=True,
    )
    onnx.checker.check_model(onnx.load(path))


def _common(out, tok_json, tok_config):
    os.makedirs(out, exist_ok=True)
    _write_json(os.path.join(out, "tokenizer.json"), tok_json)
    _write_json(os.path.join(out, "tokenizer_config.json"), tok_config)


def write_classifier(out, model, tok_json, tok_config, classes, args, trained_on):
    _common(out, tok_json, tok_config)
    _export(model, os.path.join(out, "onnx", "model.onnx"), args.cls_len, {0: "batch_size"})
    _write_json(
        os.path.join(out, "config.json"),
        {
            "model_type": "bert",
            "architectures": ["BertForSequenceClassification"],
            "id2label": {str(i): c for i, c in enumerate(classes)},
            "label2id": {c: i for i, c in enumerate(classes)},
            "vocab_size": len(tok_json["model"]["vocab"]),
            "hidden_size": 128,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "intermediate_size": 512,
            "max_position_embeddings": args.cls_len,
            "pad_token_id": 0,
            "corpus_audit": {"trained_on": trained_on, "pooling": "mean over attention_mask"},
        },
    )


def write_lm(out, model, tok_json, tok_config, args, trained_on):
    _common(out, tok_json, tok_config)
    _export(model, os.path.join(out, "onnx", "model.onnx"), args.lm_len, {0: "batch_size", 1: "sequence_length"})
    _write_json(
        os.path.join(out, "config.json"),
        {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "vocab_size": len(tok_json["model"]["vocab"]),
            "n_embd": 128,
            "n_head": 4,
            "n_layer": 2,
            "n_positions": args.lm_len,
            "bos_token_id": 1,
            "eos_token_id": 2,
            "pad_token_id": 0,
            "use_cache": False,
            "corpus_audit": {"trained_on": trained_on, "key_value_cache": False},
        },
    )


def write_embedder(out, model, tok_json, tok_config, args, trained_on):
    """A sentence encoder for transformers.js feature extraction: `last_hidden_state` per token, to
    be mean-pooled over the attention mask and L2-normalised (as corpus_audit.pooling says)."""
    _common(out, tok_json, tok_config)
    _export(
        model, os.path.join(out, "onnx", "model.onnx"), args.max_len,
        {0: "batch_size", 1: "sequence_length"}, output_name="last_hidden_state",
    )
    _write_json(
        os.path.join(out, "config.json"),
        {
            "model_type": "bert",
            "architectures": ["BertModel"],
            "vocab_size": len(tok_json["model"]["vocab"]),
            "hidden_size": args.dim,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "intermediate_size": 4 * args.dim,
            "max_position_embeddings": args.max_len,
            "pad_token_id": 0,
            "corpus_audit": {
                "trained_on": trained_on,
                "pooling": "mean over attention_mask",
                "normalize": True,
                "languages": ["eng", *trained_on["languages"]],
            },
        },
    )
