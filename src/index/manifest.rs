//! The manifest: what the index holds, per corpus file. It travels in the tantivy
//! commit payload, so it is written in the same atomic commit as the documents it
//! describes: after a crash the manifest and the index always agree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::Skipped;

/// Everything the index knows about the corpus it was built from.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version; see [`super::schema::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Per corpus file, keyed by path.
    pub files: BTreeMap<String, FileEntry>,
    /// Near-duplicate groups: article id → the group's key (its smallest id). Articles
    /// without a near-duplicate are absent.
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    /// When the last sync that changed something committed (Unix seconds).
    #[serde(default)]
    pub updated_at: i64,
}

/// One corpus file as last indexed.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Size in bytes at the last stat.
    #[serde(rename = "s")]
    pub size: u64,
    /// Modification time at the last stat (ns since the epoch).
    #[serde(rename = "m")]
    pub mtime_ns: i64,
    /// Hash of the file's bytes.
    #[serde(rename = "h")]
    pub hash: String,
    /// The articles it contributed: id → entry.
    #[serde(rename = "a", default)]
    pub articles: BTreeMap<String, ArticleEntry>,
    /// What was skipped in it, so the report survives incremental runs.
    #[serde(rename = "x", default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// One indexed article.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// [`crate::corpus::Article::content_hash`].
    #[serde(rename = "h")]
    pub hash: String,
    /// When it first entered the archive (Unix seconds).
    #[serde(rename = "t")]
    pub first_indexed: i64,
}

impl Manifest {
    /// Total articles indexed.
    pub fn article_count(&self) -> usize {
        self.files.values().map(|f| f.articles.len()).sum()
    }

    /// Everything skipped, across files.
    pub fn skipped(&self) -> Vec<Skipped> {
        self.files
            .values()
            .flat_map(|f| f.skipped.iter().cloned())
            .collect()
    }

    /// Parses a commit payload.
    pub fn from_payload(payload: &str) -> Result<Manifest, serde_json::Error> {
        serde_json::from_str(payload)
    }

    /// Serialises for a commit payload.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).expect("manifest serialises")
    }
}
