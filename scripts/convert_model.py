#!/usr/bin/env python3
"""Convert the fp32 all-MiniLM-L6-v2 safetensors file to fp16.

Every tensor is cast to float16 and keeps its name; nothing is added, dropped or
renamed. The one non-float tensor in the source, `embeddings.position_ids`
(int64, the integers 0..511), is cast too: float16 holds every integer up to 2048
exactly, so the cast loses nothing, and the output is float16 throughout.

Run by scripts/fetch-model.sh inside its venv (needs `safetensors` and `numpy`):

    convert_model.py SRC_FP32.safetensors DST_FP16.safetensors
"""

import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file


def convert(src: str, dst: str) -> None:
    out = {}
    with safe_open(src, framework="np") as f:
        metadata = dict(f.metadata() or {})
        for name in f.keys():
            t = f.get_tensor(name)
            h = t.astype(np.float16)
            if np.issubdtype(t.dtype, np.floating):
                finite = np.isfinite(h) | ~np.isfinite(t)
                if not finite.all():
                    sys.exit(f"convert_model: {name} overflows float16")
            elif not np.array_equal(h.astype(t.dtype), t):
                sys.exit(f"convert_model: {name} ({t.dtype}) is not exact in float16")
            out[name] = np.ascontiguousarray(h)
    # Keep "format": "pt" so loaders that check it (transformers) still accept the file.
    metadata.setdefault("format", "pt")
    save_file(out, dst, metadata=metadata)

    # Read it back: same names, same shapes, all float16.
    with safe_open(dst, framework="np") as f:
        names = set(f.keys())
        if names != set(out):
            sys.exit("convert_model: tensor names differ after writing")
        for name in names:
            t = f.get_tensor(name)
            if t.dtype != np.float16 or t.shape != out[name].shape:
                sys.exit(f"convert_model: {name} read back as {t.dtype} {t.shape}")
    params = sum(int(np.prod(t.shape)) for t in out.values())
    print(f"convert_model: wrote {len(out)} float16 tensors ({params} values) to {dst}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2])
