//! Sentence meaning as vectors: an in-process encoder ([`Encoder`]) and an on-disk
//! cache of what it computed ([`VectorCache`]). Text in, unit vectors out; nothing
//! here knows about articles, questions or answers.
//!
//! Vectors are computed lazily, for the sentences a question actually reads, and
//! cached by a hash of the model and the text, so the next question about the same
//! story is fast and the indexing path never pays for encoding.

mod cache;
mod encoder;

use std::path::{Path, PathBuf};

pub use cache::VectorCache;
pub use encoder::Encoder;

use crate::Result;

/// A unit-length sentence vector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vector(pub Vec<f32>);

impl Vector {
    /// Cosine similarity with another unit vector (0 when either is empty).
    pub fn cosine(&self, other: &Vector) -> f32 {
        self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum()
    }
}

/// The encoder with its cache.
#[derive(Debug)]
pub struct Semantic {
    encoder: Encoder,
    cache: Option<VectorCache>,
    fingerprint: [u8; 32],
}

/// Whether the sentence encoder is available, for `check` and the logs.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ModelState {
    /// Loaded and working.
    Loaded {
        /// The model folder.
        dir: PathBuf,
        /// Vector dimensions.
        dim: usize,
        /// Load time in milliseconds.
        load_ms: u64,
        /// Vectors in the cache (`None` without a cache).
        cached_vectors: Option<usize>,
    },
    /// Switched off in the config.
    Disabled,
    /// Missing or damaged: answers are lexical only.
    Unavailable {
        /// The model folder.
        dir: PathBuf,
        /// Why it could not be loaded.
        reason: String,
    },
}

impl ModelState {
    /// Loads the configured model once to report its state (for `newsdesk check`).
    pub fn probe(config: &crate::config::SemanticConfig) -> ModelState {
        if !config.enabled {
            return ModelState::Disabled;
        }
        match Encoder::load(&config.model_dir) {
            Ok(e) => ModelState::Loaded {
                dir: config.model_dir.clone(),
                dim: e.dim(),
                load_ms: e.load_ms(),
                // Only an existing cache is counted: `check` creates no files.
                cached_vectors: config
                    .cache_path
                    .is_file()
                    .then(|| VectorCache::open(&config.cache_path, config.cache_max_vectors))
                    .and_then(|c| c.and_then(|c| c.len()).ok()),
            },
            Err(e) => ModelState::Unavailable {
                dir: config.model_dir.clone(),
                reason: e.to_string(),
            },
        }
    }
}

impl Semantic {
    /// Loads the model in `model_dir` and opens the cache at `cache_path`. A cache
    /// that cannot be opened is logged and skipped: vectors are then computed each
    /// time, which is slower but never wrong.
    pub fn load(
        model_dir: &Path,
        cache_path: Option<&Path>,
        max_vectors: usize,
    ) -> Result<Semantic> {
        let encoder = Encoder::load(model_dir)?;
        let cache = cache_path.and_then(|p| match VectorCache::open(p, max_vectors) {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(path = %p.display(), error = %e, "vector cache unavailable; encoding without it");
                None
            }
        });
        let fingerprint = fingerprint(model_dir);
        Ok(Semantic {
            encoder,
            cache,
            fingerprint,
        })
    }

    /// The encoder.
    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The state to report.
    pub fn state(&self) -> ModelState {
        ModelState::Loaded {
            dir: self.encoder.dir().to_owned(),
            dim: self.encoder.dim(),
            load_ms: self.encoder.load_ms(),
            cached_vectors: self.cache.as_ref().and_then(|c| c.len().ok()),
        }
    }

    /// Vectors of `texts`, in order: from the cache where held, encoded (and then
    /// cached) where not. A failing cache is logged and bypassed.
    pub fn vectors(&self, texts: &[&str]) -> Result<Vec<Vector>> {
        let keys: Vec<cache::Key> = texts.iter().map(|t| self.key(t)).collect();
        let mut held = match &self.cache {
            Some(c) => c.get_many(&keys).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "vector cache read failed");
                Default::default()
            }),
            None => Default::default(),
        };
        let mut missing: Vec<usize> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            if !held.contains_key(k) && !missing.iter().any(|&j| keys[j] == *k) {
                missing.push(i);
            }
        }
        if !missing.is_empty() {
            let todo: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
            let fresh = self.encode_and_cache(&todo)?;
            for (i, v) in missing.into_iter().zip(fresh) {
                held.insert(keys[i], v);
            }
        }
        Ok(keys
            .iter()
            .map(|k| held.get(k).cloned().unwrap_or_default())
            .collect())
    }

    /// Encodes `texts` and caches their vectors, without looking them up first (for
    /// texts known to be missing). The vectors come back as the cache stores them
    /// (f16), so a fresh vector and a cached one score alike. A failing cache write
    /// is logged, not fatal.
    pub fn encode_and_cache(&self, texts: &[&str]) -> Result<Vec<Vector>> {
        let fresh = self.encoder.encode(texts)?;
        if let Some(c) = &self.cache {
            let entries: Vec<(cache::Key, &Vector)> =
                texts.iter().map(|t| self.key(t)).zip(&fresh).collect();
            if let Err(e) = c.put_many(&entries) {
                tracing::warn!(error = %e, "vector cache write failed");
            }
        }
        Ok(fresh.into_iter().map(cache::as_stored).collect())
    }

    /// Whether vectors are cached on disk (without a cache, precomputing is futile).
    pub fn has_cache(&self) -> bool {
        self.cache.is_some()
    }

    /// Which of `texts` have no cached vector yet.
    pub fn uncached<'a>(&self, texts: &[&'a str]) -> Result<Vec<&'a str>> {
        let Some(c) = &self.cache else {
            return Ok(texts.to_vec());
        };
        let keys: Vec<cache::Key> = texts.iter().map(|t| self.key(t)).collect();
        let held = c.get_many(&keys)?;
        Ok(texts
            .iter()
            .zip(&keys)
            .filter(|(_, k)| !held.contains_key(*k))
            .map(|(t, _)| *t)
            .collect())
    }

    fn key(&self, text: &str) -> cache::Key {
        let mut h = blake3::Hasher::new();
        h.update(&self.fingerprint);
        h.update(text.as_bytes());
        *h.finalize().as_bytes()
    }
}

/// Bumped whenever what a vector means changes (tokenizer settings, pooling).
const CACHE_FORMAT: u32 = 1;

/// Identifies the model, so a different model never reads another's vectors: a hash
/// of the cache format, its config, its tokenizer and its weights file's header
/// (tensor names, shapes and offsets) and size. Not its modification time, which a
/// fresh clone changes without changing the model.
fn fingerprint(dir: &Path) -> [u8; 32] {
    use std::io::Read;
    let mut h = blake3::Hasher::new();
    h.update(&CACHE_FORMAT.to_le_bytes());
    for name in ["config.json", "tokenizer.json"] {
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            h.update(&bytes);
        }
    }
    if let Ok(mut f) = std::fs::File::open(dir.join("model.safetensors")) {
        if let Ok(meta) = f.metadata() {
            h.update(&meta.len().to_le_bytes());
        }
        let mut len = [0u8; 8];
        if f.read_exact(&mut len).is_ok() {
            let n = u64::from_le_bytes(len).min(1 << 24);
            let mut header = Vec::new();
            if f.take(n).read_to_end(&mut header).is_ok() {
                h.update(&header);
            }
        }
    }
    *h.finalize().as_bytes()
}
