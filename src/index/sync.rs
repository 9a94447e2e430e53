//! Incremental sync of the index with the corpus folders.
//!
//! A stat pass decides whether anything changed; only then is a writer taken and are
//! changed files read, one at a time (bulk files block by block), straight into the
//! writer. Deletes and additions go into one tantivy commit whose payload
//! is the new [`Manifest`], so a crash at any point leaves the previous commit (index
//! and manifest together) in force, and the next run redoes the work.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::manifest::{ArticleEntry, FileEntry, Manifest};
use super::schema::{self, SCHEMA_VERSION};
use super::{ArchiveIndex, dedup};
use crate::Result;
use crate::config::CorpusConfig;
use crate::corpus::fingerprint::Signature;
use crate::corpus::{
    Article, FileStat, JSONL_BATCH_BYTES, LoadedFile, Skipped, load_file_batched, scan_reporting,
};

/// What a sync did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SyncReport {
    /// True when the stat pass found nothing to do.
    pub fresh: bool,
    /// Corpus files seen.
    pub files: usize,
    /// Articles in the index after the sync.
    pub articles: usize,
    /// Articles added.
    pub added: usize,
    /// Articles re-indexed because their content changed.
    pub updated: usize,
    /// Articles removed because their file or line is gone.
    pub removed: usize,
    /// Near-duplicate groups in the index.
    pub duplicate_groups: usize,
    /// Files and lines skipped, with reasons.
    pub skipped: Vec<Skipped>,
}

/// How to sync.
pub struct SyncOptions<'a> {
    /// The corpus settings.
    pub corpus: &'a CorpusConfig,
    /// Index writer memory budget (MB).
    pub writer_memory_mb: usize,
    /// How long to wait for another process holding the writer.
    pub lock_wait: Duration,
    /// The time recorded as "first indexed" for new articles (Unix seconds).
    pub now: i64,
    /// Re-read and re-hash every file, not only those whose size or modification
    /// time changed (an edit that kept both, as `cp -p` or `rsync -a` can leave).
    pub verify: bool,
}

fn key(stat: &FileStat) -> String {
    stat.path.to_string_lossy().into_owned()
}

fn unchanged(stat: &FileStat, entry: Option<&FileEntry>) -> bool {
    entry.is_some_and(|e| e.size == stat.size && e.mtime_ns == stat.mtime_ns)
}

/// Whether the manifest describes exactly these files, as stat sees them.
fn is_fresh(manifest: &Manifest, stats: &[FileStat]) -> bool {
    manifest.files.len() == stats.len()
        && stats
            .iter()
            .all(|s| unchanged(s, manifest.files.get(&key(s))))
}

impl ArchiveIndex {
    /// Brings the index up to date with the corpus: adds new articles, re-indexes
    /// changed ones, deletes removed ones, and updates near-duplicate groups.
    pub fn sync(&self, opts: &SyncOptions<'_>) -> Result<SyncReport> {
        let (stats, passed) = scan_reporting(&opts.corpus.paths)?;
        let mut report = self.sync_files(opts, stats)?;
        // What the scan passed over (links, FIFOs, unreadable folders) comes first.
        report.skipped.splice(0..0, passed);
        Ok(report)
    }

    fn sync_files(&self, opts: &SyncOptions<'_>, stats: Vec<FileStat>) -> Result<SyncReport> {
        let manifest = self.manifest()?;
        if !opts.verify && is_fresh(&manifest, &stats) {
            return Ok(report_of(&manifest, stats.len(), true));
        }
        let writer = self.writer(opts.writer_memory_mb, opts.lock_wait)?;
        // Another process may have synced while we waited for the writer.
        self.reload()?;
        let old = self.manifest()?;
        if !opts.verify && is_fresh(&old, &stats) {
            return Ok(report_of(&old, stats.len(), true));
        }
        let written = self.write_changes(opts, writer, &old, &stats);
        if written.is_err() {
            self.discard_uncommitted(opts.writer_memory_mb);
        }
        written
    }

    /// Writes what changed since `old` and commits it with the new manifest; the
    /// writer is dropped (its lock released) when this returns.
    fn write_changes(
        &self,
        opts: &SyncOptions<'_>,
        mut writer: IndexWriter,
        old: &Manifest,
        stats: &[FileStat],
    ) -> Result<SyncReport> {
        let now = opts.now;
        let started = std::time::Instant::now();
        let (mut plan, to_read) = Plan::new(old, stats, opts.verify);
        let f = self.fields;
        // One file (one block of a bulk file) at a time: its articles go to the writer
        // and are dropped before the next is read, so memory holds one batch of
        // articles, not the corpus.
        let mut signatures = Vec::new();
        for (k, stat) in to_read {
            let mut entry = FileEntry {
                size: stat.size,
                mtime_ns: stat.mtime_ns,
                hash: String::new(),
                articles: BTreeMap::new(),
                skipped: Vec::new(),
            };
            let mut failed = None;
            load_file_batched(
                stat,
                opts.corpus.max_file_bytes,
                JSONL_BATCH_BYTES,
                |batch| {
                    if failed.is_some() {
                        return;
                    }
                    for item in plan.batch(&k, &mut entry, batch, now) {
                        if item.replaces {
                            // Before the add: a delete only hits documents added before it.
                            writer.delete_term(Term::from_field_text(f.id, &item.article.id));
                        }
                        let sig = Signature::of(&item.article.body);
                        if let Err(e) = writer.add_document(self.document(&item, &sig)) {
                            failed = Some(e);
                            return;
                        }
                        signatures.push((item.article.id, sig));
                    }
                },
            );
            if let Some(e) = failed {
                return Err(e.into());
            }
            plan.files.insert(k, entry);
        }
        for id in plan.finish() {
            writer.delete_term(Term::from_field_text(f.id, &id));
        }
        let added = started.elapsed();
        let old_searcher = self.searcher();
        let groups = dedup::regroup(f, &old_searcher, &old.groups, &plan.deleted, signatures)?;
        let grouped = started.elapsed();

        let manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            files: std::mem::take(&mut plan.files),
            groups,
            updated_at: now,
        };
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&manifest.to_payload());
        commit.commit()?;
        writer.wait_merging_threads()?;
        self.reload()?;
        tracing::debug!(?added, ?grouped, committed = ?started.elapsed(), "sync phases (cumulative)");

        let mut report = report_of(&manifest, stats.len(), false);
        report.added = plan.new_count;
        report.updated = plan.updated_count;
        report.removed = plan.removed_count;
        tracing::info!(
            added = report.added,
            updated = report.updated,
            removed = report.removed,
            articles = report.articles,
            "index synced"
        );
        Ok(report)
    }

    /// Deletes the files of a write that failed (a full disk, a killed writer). They
    /// belong to no commit, so the index is intact without them, but left in place
    /// they would keep a full disk full and every later sync failing.
    fn discard_uncommitted(&self, memory_mb: usize) {
        let collected = self
            .writer(memory_mb, Duration::ZERO)
            .and_then(|w| Ok(w.garbage_collect_files().wait()?));
        match collected {
            Ok(gc) => tracing::info!(
                files = gc.deleted_files.len(),
                "removed the files of the failed index write"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "could not remove the files of the failed index write")
            }
        }
    }

    fn document(&self, item: &Addition, sig: &Signature) -> TantivyDocument {
        let f = self.fields;
        let a = &item.article;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.id, &a.id);
        doc.add_text(f.title, &a.title);
        doc.add_text(f.body, &a.body);
        if let Some(outlet) = &a.outlet {
            doc.add_text(f.outlet, outlet);
            doc.add_text(f.outlet_key, schema::outlet_key(outlet));
        }
        if let Some(date) = a.published {
            doc.add_date(f.published, schema::date_value(date));
        }
        doc.add_date(
            f.indexed_at,
            tantivy::DateTime::from_timestamp_secs(item.first_indexed),
        );
        if let Some(url) = &a.url {
            doc.add_text(f.url, url);
        }
        for author in &a.authors {
            doc.add_text(f.authors, author);
        }
        for tag in &a.tags {
            doc.add_text(f.tags, tag);
        }
        doc.add_text(f.source, &item.source);
        for h in sig.band_hashes() {
            doc.add_u64(f.lsh, h);
        }
        doc
    }
}

fn report_of(manifest: &Manifest, files: usize, fresh: bool) -> SyncReport {
    let group_keys: HashSet<&String> = manifest.groups.values().collect();
    SyncReport {
        fresh,
        files,
        articles: manifest.article_count(),
        duplicate_groups: group_keys.len(),
        skipped: manifest.skipped(),
        ..SyncReport::default()
    }
}

/// An article to (re-)index.
struct Addition {
    article: Article,
    source: String,
    first_indexed: i64,
    /// Whether an older version of it is in the index (to delete first).
    replaces: bool,
}

/// The work of a sync, decided file by file.
struct Plan<'a> {
    /// Old articles by id: (file, entry).
    old_articles: HashMap<&'a str, (&'a str, &'a ArticleEntry)>,
    /// Which file holds each id (first come, first served).
    owners: HashMap<String, String>,
    /// The new manifest's files.
    files: BTreeMap<String, FileEntry>,
    /// Ids whose old documents are gone (changed or removed).
    deleted: HashSet<String>,
    new_count: usize,
    updated_count: usize,
    removed_count: usize,
}

impl<'a> Plan<'a> {
    /// Keeps unchanged files (and their claim on their ids); returns the rest to read,
    /// in order. Files that lost an id to a duplicate are re-read, in case the other
    /// copy is gone now.
    fn new(
        old: &'a Manifest,
        stats: &'a [FileStat],
        verify: bool,
    ) -> (Plan<'a>, Vec<(String, &'a FileStat)>) {
        let old_articles = old
            .files
            .iter()
            .flat_map(|(path, f)| {
                f.articles
                    .iter()
                    .map(move |(id, e)| (id.as_str(), (path.as_str(), e)))
            })
            .collect();
        let mut plan = Plan {
            old_articles,
            owners: HashMap::new(),
            files: BTreeMap::new(),
            deleted: HashSet::new(),
            new_count: 0,
            updated_count: 0,
            removed_count: 0,
        };
        let mut to_read = Vec::new();
        for stat in stats {
            let k = key(stat);
            match old.files.get(&k) {
                Some(entry)
                    if !verify
                        && unchanged(stat, Some(entry))
                        && !entry
                            .skipped
                            .iter()
                            .any(|s| s.reason.starts_with("duplicate id")) =>
                {
                    for id in entry.articles.keys() {
                        plan.owners.insert(id.clone(), k.clone());
                    }
                    plan.files.insert(k, entry.clone());
                }
                _ => to_read.push((k, stat)),
            }
        }
        (plan, to_read)
    }

    /// Records a batch of the file `k` in its new manifest `entry`; returns its
    /// articles that need indexing.
    fn batch(
        &mut self,
        k: &str,
        entry: &mut FileEntry,
        loaded: LoadedFile,
        now: i64,
    ) -> Vec<Addition> {
        if !loaded.hash.is_empty() {
            entry.hash = loaded.hash;
        }
        entry.skipped.extend(loaded.skipped);
        let mut additions = Vec::new();
        for (i, article) in loaded.articles.into_iter().enumerate() {
            if let Some(owner) = self.owners.get(&article.id) {
                entry.skipped.push(crate::corpus::duplicate_id_skip(
                    k,
                    loaded.lines.get(i).copied(),
                    &article.id,
                    owner,
                ));
                continue;
            }
            self.owners.insert(article.id.clone(), k.to_string());
            let hash = article.content_hash();
            let (first_indexed, replaces) = match self.old_articles.get(article.id.as_str()) {
                Some((path, e)) if e.hash == hash && *path == k => {
                    entry.articles.insert(article.id.clone(), (*e).clone());
                    continue;
                }
                Some((_, e)) => {
                    self.deleted.insert(article.id.clone());
                    self.updated_count += 1;
                    (e.first_indexed, true)
                }
                None => {
                    self.new_count += 1;
                    (now, false)
                }
            };
            entry.articles.insert(
                article.id.clone(),
                ArticleEntry {
                    hash,
                    first_indexed,
                },
            );
            additions.push(Addition {
                article,
                source: k.to_string(),
                first_indexed,
                replaces,
            });
        }
        additions
    }

    /// After every file: the ids no file holds any more, to delete.
    fn finish(&mut self) -> Vec<String> {
        let gone: Vec<String> = self
            .old_articles
            .keys()
            .filter(|id| !self.owners.contains_key(**id))
            .map(|id| id.to_string())
            .collect();
        self.removed_count = gone.len();
        self.deleted.extend(gone.iter().cloned());
        gone
    }
}
