//! The sentence encoder: all-MiniLM-L6-v2 (a 6-layer BERT) run in-process with
//! candle, mean-pooled and L2-normalised as sentence-transformers does. Text in,
//! vectors out; it knows nothing of articles or answers.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use candle_core::safetensors::{Load, MmapedSafetensors};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig};
use half::slice::HalfFloatSliceExt;
use tokenizers::{Tokenizer, TruncationParams};

use super::Vector;
use crate::{Error, Result};

/// Longest input in tokens; longer text is cut (sentence-transformers' limit).
const MAX_TOKENS: usize = 256;
/// Most texts in one forward pass. Batches are formed from texts of similar length,
/// so little of each batch is padding.
const BATCH: usize = 32;
/// Most tokens (texts × longest text) in one forward pass: bounds the attention
/// tensors, and so peak memory, when the texts are long.
const BATCH_TOKENS: usize = 2048;
/// A forward pass costs about as much as this many tokens whatever its size (it
/// reads every weight), so a batch is split where its padding would cost more than
/// that and more than a quarter of its real tokens: a handful of short texts and one
/// long one (what a question encodes) cost about their own tokens, not the longest's
/// times their number.
const PADDING_WORTH_A_PASS: usize = 32;

/// A loaded sentence encoder.
pub struct Encoder {
    model: BertModel,
    tokenizer: Tokenizer,
    dim: usize,
    dir: PathBuf,
    load_ms: u64,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("dir", &self.dir)
            .field("dim", &self.dim)
            .finish_non_exhaustive()
    }
}

fn model_error(dir: &Path, what: impl std::fmt::Display) -> Error {
    Error::Model(format!("{}: {what}", dir.display()))
}

/// The tokenizer, set up as sentence-transformers runs it.
fn load_tokenizer(dir: &Path, json: Vec<u8>) -> Result<Tokenizer> {
    let mut tokenizer = Tokenizer::from_bytes(json)
        .map_err(|e| model_error(dir, format!("tokenizer.json: {e}")))?;
    // Each batch is padded to its own longest text instead of a fixed 128.
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: MAX_TOKENS,
            ..TruncationParams::default()
        }))
        .map_err(|e| model_error(dir, format!("tokenizer.json: {e}")))?;
    Ok(tokenizer)
}

/// A tensor of the weights file as f32 (the file holds fp16 or fp32). candle
/// converts f16 element by element; `half`'s slice conversion uses the CPU's F16C
/// instructions when it has them, which makes loading several times faster.
fn to_f32(view: &impl Load) -> candle_core::Result<Tensor> {
    let tensor = view.load(&Device::Cpu)?;
    if tensor.dtype() != DType::F16 {
        return tensor.to_dtype(DType::F32);
    }
    let halves = tensor.flatten_all()?.to_vec1::<half::f16>()?;
    let mut floats = vec![0f32; halves.len()];
    halves.convert_to_f32_slice(&mut floats);
    Tensor::from_vec(floats, tensor.shape(), &Device::Cpu)
}

impl Encoder {
    /// Loads the model in `dir`: `config.json`, `tokenizer.json` and
    /// `model.safetensors` (fp16 or fp32; computed in f32, since f16 arithmetic on
    /// the CPU is slower and overflows in the attention mask).
    pub fn load(dir: &Path) -> Result<Encoder> {
        let started = Instant::now();
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| Error::io("reading", path, e))
        };
        let config: BertConfig = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| model_error(dir, format!("config.json: {e}")))?;
        let weights = dir.join("model.safetensors");
        if !weights.is_file() {
            return Err(model_error(dir, "model.safetensors is missing"));
        }
        // SAFETY: the weights file is memory-mapped read-only, and only while loading.
        // A model folder is an asset that nothing rewrites while newsdesk runs
        // (scripts/fetch-model.sh writes a new file and renames it into place, which
        // leaves this mapping intact); every tensor is copied out.
        let file = unsafe { MmapedSafetensors::new(&weights) }
            .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))?;
        let mut views = file.tensors();
        // Largest first, so the two threads below finish together.
        views.sort_by_key(|(_, v)| std::cmp::Reverse(v.data().len()));
        let next = AtomicUsize::new(0);
        let convert = || -> candle_core::Result<Vec<(String, Tensor)>> {
            let mut out = Vec::new();
            while let Some((name, view)) = views.get(next.fetch_add(1, Ordering::Relaxed)) {
                out.push((name.clone(), to_f32(view)?));
            }
            Ok(out)
        };
        // A command-line `ask` waits for the model, so both cores load it: a second
        // thread parses the tokenizer and then helps convert the weights.
        let (tokenizer, mine, theirs) = std::thread::scope(|s| {
            let helper = s.spawn(|| {
                let tokenizer = read("tokenizer.json").and_then(|json| load_tokenizer(dir, json));
                (tokenizer, convert())
            });
            let mine = convert();
            let (tokenizer, theirs) = helper.join().unwrap_or_else(|_| {
                let panicked = || model_error(dir, "loading panicked");
                (Err(panicked()), Ok(Vec::new()))
            });
            (tokenizer, mine, theirs)
        });
        let tensors: HashMap<String, Tensor> = mine
            .and_then(|m| Ok(m.into_iter().chain(theirs?).collect()))
            .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))?;
        let tokenizer = tokenizer?;
        let weights_ms = started.elapsed().as_millis();
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        let model = BertModel::load(vb, &config)
            .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))?;
        let mut encoder = Encoder {
            model,
            tokenizer,
            dim: config.hidden_size,
            dir: dir.to_owned(),
            load_ms: 0,
        };
        // A file of the right shape but damaged content shows as non-unit vectors.
        let probe = encoder.encode(&["newsdesk loads its sentence encoder."])?;
        let norm = probe[0].0.iter().map(|x| x * x).sum::<f32>().sqrt();
        if !(0.99..=1.01).contains(&norm) {
            return Err(model_error(
                dir,
                "the model computes invalid vectors (damaged weights?)",
            ));
        }
        encoder.load_ms = started.elapsed().as_millis() as u64;
        tracing::debug!(
            weights_ms,
            total_ms = encoder.load_ms,
            "sentence encoder loaded"
        );
        Ok(encoder)
    }

    /// Dimensions of a vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The model folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How long loading took, in milliseconds.
    pub fn load_ms(&self) -> u64 {
        self.load_ms
    }

    /// Encodes texts into unit vectors, in the order given.
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vector>> {
        let fail = |e: &dyn std::fmt::Display| model_error(&self.dir, format!("encoding: {e}"));
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| fail(&e))?;
        // Similar lengths together: a batch costs as much as its longest text.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encodings[i].get_ids().len());
        let mut out: Vec<Option<Vector>> = vec![None; texts.len()];
        let lengths: Vec<usize> = order
            .iter()
            .map(|&i| encodings[i].get_ids().len())
            .collect();
        for range in batches(&lengths) {
            // Sorted by length: the batch's last text is its longest.
            let width = lengths[range.end - 1].max(1);
            let batch = &order[range];
            let mut ids = Vec::with_capacity(batch.len() * width);
            let mut mask = Vec::with_capacity(batch.len() * width);
            for &i in batch {
                let e = &encodings[i];
                ids.extend(e.get_ids().iter().copied());
                mask.extend(e.get_attention_mask().iter().copied());
                let pad = width - e.get_ids().len();
                ids.extend(std::iter::repeat_n(0u32, pad));
                mask.extend(std::iter::repeat_n(0u32, pad));
            }
            let shape = (batch.len(), width);
            let ids = Tensor::from_vec(ids, shape, &Device::Cpu).map_err(|e| fail(&e))?;
            let mask = Tensor::from_vec(mask, shape, &Device::Cpu).map_err(|e| fail(&e))?;
            let vectors = self.pooled(&ids, &mask).map_err(|e| fail(&e))?;
            for (&i, v) in batch.iter().zip(vectors) {
                out[i] = Some(Vector(v));
            }
        }
        Ok(out.into_iter().map(Option::unwrap_or_default).collect())
    }

    /// One forward pass: mean of the token states under the mask, L2-normalised.
    fn pooled(&self, ids: &Tensor, mask: &Tensor) -> candle_core::Result<Vec<Vec<f32>>> {
        let types = ids.zeros_like()?;
        let states = self.model.forward(ids, &types, Some(mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = states.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        mean.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

/// Splits texts sorted by token length (`lengths`, ascending) into forward passes:
/// consecutive ranges of at most [`BATCH`] texts and [`BATCH_TOKENS`] tokens with
/// padding (a lone longer text is a batch of its own), split also where a text
/// would pad the batch by more than [`PADDING_WORTH_A_PASS`] tokens and a quarter of
/// its real ones. (The rule looks at the batch's whole padding, not only what a split
/// would save; on a question's few texts and on 64 candidate sentences it comes
/// within a few percent of the cheapest split under the cost model above.)
fn batches(lengths: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut tokens) = (0, 0);
    for (i, &len) in lengths.iter().enumerate() {
        // Sorted: this text would be the batch's longest, and every text in it would
        // be padded to its length (so `n * len` is at least the real tokens).
        let n = i - start + 1;
        let full = n > BATCH || n * len > BATCH_TOKENS;
        let padding = n * len - (tokens + len);
        let padded = padding > PADDING_WORTH_A_PASS && 4 * padding > tokens + len;
        if i > start && (full || padded) {
            out.push(start..i);
            (start, tokens) = (i, 0);
        }
        tokens += len;
    }
    if start < lengths.len() {
        out.push(start..lengths.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_text_once_within_the_caps() {
        assert!(batches(&[]).is_empty());
        assert_eq!(batches(&[300]), vec![0..1]);
        // Equal lengths: only the count caps a batch.
        let same = vec![20; 70];
        assert_eq!(batches(&same), vec![0..32, 32..64, 64..70]);
        // Long texts: the token cap (2048 with padding), and a lone longer text.
        let long = vec![
            200, 200, 200, 250, 256, 256, 256, 256, 256, 256, 256, 256, 300,
        ];
        let split = batches(&long);
        let mut next = 0;
        for r in &split {
            assert_eq!(r.start, next);
            next = r.end;
            let padded = r.len() * long[r.end - 1];
            assert!(r.len() == 1 || padded <= BATCH_TOKENS, "{r:?}");
        }
        assert_eq!(next, long.len());
    }

    #[test]
    fn a_long_text_among_short_ones_is_a_pass_of_its_own() {
        // A question's leftover texts: three short, two medium, one long.
        assert_eq!(batches(&[7, 9, 9, 17, 17, 45]), vec![0..5, 5..6]);
        // A little padding is cheaper than another pass.
        assert_eq!(batches(&[10, 12, 14, 16]), vec![0..4]);
    }

    fn model_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2")
    }

    /// The shipped model against an independent fp32 numpy implementation
    /// (scripts/reference_embeddings.py): same vectors, batched or one by one.
    #[test]
    fn matches_the_reference_implementation() {
        let encoder = Encoder::load(&model_dir()).unwrap();
        let fixture: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minilm_reference.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let sentences = fixture["sentences"].as_array().unwrap();
        let texts: Vec<&str> = sentences
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        let batched = encoder.encode(&texts).unwrap();
        for (s, v) in sentences.iter().zip(&batched) {
            let reference = Vector(
                s["embedding"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap() as f32)
                    .collect(),
            );
            assert_eq!(v.0.len(), 384);
            let cos = v.cosine(&reference);
            assert!(cos > 0.999, "{}: cosine {cos} to the reference", s["text"]);
            let alone = encoder.encode(&[s["text"].as_str().unwrap()]).unwrap();
            assert!(alone[0].cosine(v) > 0.9999, "padding changes nothing");
        }
        // Paraphrases are closer than unrelated text.
        assert!(batched[0].cosine(&batched[1]) > batched[0].cosine(&batched[3]) + 0.3);
        assert!(encoder.encode(&[]).unwrap().is_empty());
    }

    #[test]
    fn a_missing_or_damaged_model_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = Encoder::load(dir.path()).unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e}");
        for name in ["config.json", "tokenizer.json"] {
            std::fs::copy(model_dir().join(name), dir.path().join(name)).unwrap();
        }
        let e = Encoder::load(dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("model.safetensors is missing"),
            "{e}"
        );
        // A truncated weights file.
        let weights = std::fs::read(model_dir().join("model.safetensors")).unwrap();
        std::fs::write(
            dir.path().join("model.safetensors"),
            &weights[..weights.len() / 3],
        )
        .unwrap();
        let e = Encoder::load(dir.path()).unwrap_err();
        assert!(matches!(e, Error::Model(_)), "{e}");
        // Garbage where the config should be.
        std::fs::write(dir.path().join("config.json"), b"{not json").unwrap();
        let e = Encoder::load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("config.json"), "{e}");
    }
}
