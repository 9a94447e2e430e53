//! The tantivy index on disk: opening (and rebuilding on a layout change), reading
//! stored articles, incremental sync with the corpus, and lenient query building.

mod dedup;
pub mod directory;
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

use directory::ReaderTolerant;
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
    /// another [`schema::SCHEMA_VERSION`] is wiped and recreated empty, and so is a
    /// damaged one (an unreadable `meta.json`, a missing or truncated segment file):
    /// the index is derived data, and the next sync refills it from the corpus. An
    /// index on a read-only volume can be read (see [`directory`]).
    pub fn open(path: &Path) -> Result<ArchiveIndex> {
        std::fs::create_dir_all(path).map_err(|e| Error::io("creating", path, e))?;
        let (schema, fields) = schema::build();
        let existing = path.join("meta.json").exists().then(|| open_existing(path));
        let (index, reader) = match existing {
            None => create(path, schema)?,
            Some(Ok((index, reader))) if layout_matches(&index, &schema) => (index, reader),
            Some(Ok(stale)) => {
                tracing::info!(path = %path.display(), "index layout changed, rebuilding");
                drop(stale);
                wipe(path)?;
                create(path, schema)?
            }
            Some(Err(e)) if is_damage(&e) => {
                tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "the index was damaged: it was reset, and a sync rebuilds it from the corpus"
                );
                wipe(path)?;
                create(path, schema)?
            }
            Some(Err(e)) => return Err(e.into()),
        };
        index.tokenizers().register(ANALYZER_NAME, analyzer());
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
        use tantivy::TantivyError::LockFailure;
        use tantivy::directory::error::LockError;
        let deadline = Instant::now() + wait;
        loop {
            match self.index.writer(memory_mb * 1024 * 1024) {
                Ok(w) => return Ok(w),
                Err(LockFailure(LockError::LockBusy, _)) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(LockFailure(LockError::LockBusy, _)) => {
                    return Err(Error::IndexLocked(self.path.clone()));
                }
                Err(LockFailure(LockError::IoError(e), _)) if directory::is_read_only(&e) => {
                    return Err(Error::IndexReadOnly(self.path.clone()));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Opens the index in `path` and a reader over its last commit (which opens every
/// segment file, so a damaged one shows here).
fn open_existing(path: &Path) -> tantivy::Result<(Index, IndexReader)> {
    let index = Index::open(ReaderTolerant::open(path)?)?;
    let reader = reader(&index)?;
    Ok((index, reader))
}

/// Creates an empty index in `path`.
fn create(path: &Path, schema: tantivy::schema::Schema) -> Result<(Index, IndexReader)> {
    let index = Index::create(
        ReaderTolerant::open(path)?,
        schema,
        tantivy::IndexSettings::default(),
    )?;
    let reader = reader(&index)?;
    Ok((index, reader))
}

fn reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// Whether opening failed because the index's files are damaged (as opposed to the
/// volume being unreadable or locked, which rebuilding would not fix).
fn is_damage(e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenReadError as R;
    match e {
        T::DataCorruption(_) | T::IncompatibleIndex(_) | T::SchemaError(_) => true,
        T::OpenReadError(R::FileDoesNotExist(_) | R::IncompatibleIndex(_)) => true,
        T::OpenReadError(R::IoError { io_error, .. }) => matches!(
            io_error.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        ),
        _ => false,
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
