//! The tantivy index on disk: opening (and rebuilding on a layout change), reading
//! stored articles, incremental sync with the corpus, and lenient query building.

mod dedup;
pub mod manifest;
pub mod query;
pub mod retrieve;
pub mod schema;
pub mod sync;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

pub use manifest::Manifest;
pub use retrieve::{Filters, Ranking, Retriever};
pub use schema::Fields;
pub use sync::SyncReport;

use crate::corpus::Article;
use crate::text::analyzer::{ANALYZER_NAME, analyzer};
use crate::{Error, Result};

/// An article as stored in the index, with what the index adds to it.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    /// The article.
    pub article: Article,
    /// When it first entered the archive.
    pub indexed_at: Option<jiff::Timestamp>,
}

/// The archive's tantivy index.
pub struct ArchiveIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: PathBuf,
}

impl ArchiveIndex {
    /// Opens the index at `path`, creating it if missing. An index written with
    /// another [`schema::SCHEMA_VERSION`] is wiped and recreated empty; the next
    /// sync refills it from the corpus.
    pub fn open(path: &Path) -> Result<ArchiveIndex> {
        std::fs::create_dir_all(path).map_err(|e| Error::io("creating", path, e))?;
        let (schema, fields) = schema::build();
        let index = if !path.join("meta.json").exists() {
            Index::create_in_dir(path, schema)?
        } else {
            let index = Index::open_in_dir(path)?;
            if layout_matches(&index, &schema) {
                index
            } else {
                tracing::info!(path = %path.display(), "index layout changed, rebuilding");
                drop(index);
                wipe(path)?;
                Index::create_in_dir(path, schema)?
            }
        };
        index.tokenizers().register(ANALYZER_NAME, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(ArchiveIndex {
            index,
            reader,
            fields,
            path: path.to_owned(),
        })
    }

    /// The field handles.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// Where the index lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A searcher over the last committed state this reader has loaded.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Loads the latest commit (after a sync, possibly by another process).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The manifest of the last commit (empty for a new index).
    pub fn manifest(&self) -> Result<Manifest> {
        let metas = self.index.load_metas()?;
        match metas.payload.as_deref() {
            None | Some("") => Ok(Manifest {
                schema_version: schema::SCHEMA_VERSION,
                ..Manifest::default()
            }),
            Some(payload) => {
                Manifest::from_payload(payload).map_err(|e| Error::Manifest(e.to_string()))
            }
        }
    }

    /// Finds an article by id.
    pub fn article(&self, searcher: &Searcher, id: &str) -> Result<Option<StoredArticle>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some(&(_, addr)) => Ok(Some(self.stored(searcher, addr)?)),
            None => Ok(None),
        }
    }

    /// Reads the stored article at `addr`.
    pub fn stored(&self, searcher: &Searcher, addr: DocAddress) -> Result<StoredArticle> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        };
        let date = |field| doc.get_first(field).and_then(|v| v.as_datetime());
        Ok(StoredArticle {
            article: Article {
                id: text(f.id).unwrap_or_default(),
                title: text(f.title).unwrap_or_default(),
                outlet: text(f.outlet),
                published: date(f.published).and_then(schema::civil_date),
                url: text(f.url),
                authors: all(f.authors),
                tags: all(f.tags),
                body: text(f.body).unwrap_or_default(),
            },
            indexed_at: date(f.indexed_at)
                .and_then(|d| jiff::Timestamp::from_second(d.into_timestamp_secs()).ok()),
        })
    }

    /// Takes the index writer, waiting up to `wait` for another process to let go.
    fn writer(&self, memory_mb: usize, wait: Duration) -> Result<IndexWriter> {
        let deadline = Instant::now() + wait;
        loop {
            match self.index.writer(memory_mb * 1024 * 1024) {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(..)) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    return Err(Error::IndexLocked(self.path.clone()));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Whether an existing index was written by this version of newsdesk.
fn layout_matches(index: &Index, schema: &tantivy::schema::Schema) -> bool {
    if index.schema() != *schema {
        return false;
    }
    let Ok(metas) = index.load_metas() else {
        return false;
    };
    match metas.payload.as_deref() {
        None | Some("") => true,
        Some(p) => Manifest::from_payload(p)
            .map(|m| m.schema_version == schema::SCHEMA_VERSION)
            .unwrap_or(false),
    }
}

/// Removes an old index's files (only the index's own, never other files).
fn wipe(path: &Path) -> Result<()> {
    // meta.json first: without it the folder is no index, whatever else a crash
    // here leaves behind.
    let meta = path.join("meta.json");
    if meta.exists() {
        std::fs::remove_file(&meta).map_err(|e| Error::io("removing", &meta, e))?;
    }
    let entries = std::fs::read_dir(path).map_err(|e| Error::io("reading", path, e))?;
    for entry in entries.flatten() {
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_index_file = name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy")
            || p.extension().is_some_and(|e| {
                matches!(
                    e.to_str(),
                    Some("idx" | "pos" | "term" | "store" | "fast" | "fieldnorm" | "del" | "lock")
                )
            });
        if is_index_file {
            std::fs::remove_file(&p).map_err(|e| Error::io("removing", &p, e))?;
        }
    }
    Ok(())
}
