//! The engine: one handle on the index and the config that answers every request
//! (search, ask, summarize, show). Adapters (CLI, Discord) call it and render what
//! it returns; it knows nothing of them.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use jiff::civil::Date;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::excerpt::excerpt;
use crate::index::query;
use crate::index::sync::SyncOptions;
use crate::index::{ArchiveIndex, Filters, Ranking, Retriever, StoredArticle, SyncReport};
use crate::reply::{
    Answer, ArticleRef, ArticleView, Digest, Hit, InContext, QuoteReport, SearchResults, Timeline,
};
use crate::semantic::{ModelState, Semantic};
use crate::text::analyzer;
use crate::{Error, Result};

/// Most results one search returns.
pub const MAX_LIMIT: usize = 100;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Free text; double quotes make phrases.
    pub query: String,
    /// Only this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Only articles published on or after this date.
    pub since: Option<Date>,
    /// Only articles published on or before this date.
    pub until: Option<Date>,
    /// Most hits (stories) to return; the config's default when `None`.
    pub limit: Option<usize>,
}

impl SearchRequest {
    /// The request's outlet and date filters.
    pub fn filters(&self) -> Filters {
        Filters {
            outlet: self.outlet.clone(),
            since: self.since,
            until: self.until,
        }
    }
}

/// Near-duplicate groups, as loaded from the manifest.
#[derive(Debug, Default)]
struct Groups {
    key_of: BTreeMap<String, String>,
    members: HashMap<String, Vec<String>>,
}

impl Groups {
    fn new(key_of: BTreeMap<String, String>) -> Groups {
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for (id, key) in &key_of {
            members.entry(key.clone()).or_default().push(id.clone());
        }
        Groups { key_of, members }
    }

    /// The other members of `id`'s group.
    fn others(&self, id: &str) -> Vec<String> {
        self.key_of
            .get(id)
            .and_then(|k| self.members.get(k))
            .map(|m| m.iter().filter(|x| *x != id).cloned().collect())
            .unwrap_or_default()
    }
}

struct Inner {
    config: Config,
    clock: Arc<dyn Clock>,
    index: ArchiveIndex,
    groups: RwLock<Arc<Groups>>,
    /// The sentence encoder, loaded on first use (a search never needs it).
    semantic: OnceLock<(Option<Arc<Semantic>>, ModelState)>,
}

/// The newsdesk engine. Cheap to clone and shareable across threads.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

impl Engine {
    /// Opens (or creates) the index named in the config, without syncing it.
    pub fn open(config: Config) -> Result<Engine> {
        Engine::open_with_clock(config, Arc::new(SystemClock))
    }

    /// Like [`Engine::open`], with the clock that dates new articles and digests.
    pub fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Engine> {
        let index = ArchiveIndex::open(&config.index.path)?;
        if !config.feeds.is_empty() {
            // The feeds folder is a corpus path: it must exist before the first item.
            let dir = &config.ingest.feeds_dir;
            std::fs::create_dir_all(dir).map_err(|e| crate::Error::io("creating", dir, e))?;
        }
        let engine = Engine {
            inner: Arc::new(Inner {
                config,
                clock,
                index,
                groups: RwLock::new(Arc::default()),
                semantic: OnceLock::new(),
            }),
        };
        engine.load_groups()?;
        Ok(engine)
    }

    fn load_groups(&self) -> Result<()> {
        let manifest = self.inner.index.manifest()?;
        let groups = Arc::new(Groups::new(manifest.groups));
        *self.inner.groups.write().unwrap_or_else(|e| e.into_inner()) = groups;
        Ok(())
    }

    fn groups(&self) -> Arc<Groups> {
        self.inner
            .groups
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The engine's clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// The index.
    pub fn index(&self) -> &ArchiveIndex {
        &self.inner.index
    }

    /// Brings the index up to date with the corpus (a stat pass when nothing
    /// changed), waiting up to `lock_wait` for another process that is indexing.
    pub fn sync(&self, lock_wait: Duration) -> Result<SyncReport> {
        self.sync_with(lock_wait, false)
    }

    /// Like [`Engine::sync`], but re-reads and re-hashes every corpus file, so an
    /// edit that kept a file's size and modification time is found too.
    pub fn verify(&self, lock_wait: Duration) -> Result<SyncReport> {
        self.sync_with(lock_wait, true)
    }

    fn sync_with(&self, lock_wait: Duration, verify: bool) -> Result<SyncReport> {
        let c = &self.inner.config;
        let report = self.inner.index.sync(&SyncOptions {
            corpus: &c.corpus,
            writer_memory_mb: c.index.writer_memory_mb,
            lock_wait,
            now: self.inner.clock.now().as_second(),
            verify,
        })?;
        if !report.fresh {
            self.load_groups()?;
        }
        Ok(report)
    }

    /// For long-running processes: syncs like [`Engine::sync`], and also picks up a
    /// commit another process (e.g. `newsdesk index`) made meanwhile.
    pub fn refresh(&self, lock_wait: Duration) -> Result<SyncReport> {
        let report = self.sync(lock_wait)?;
        if report.fresh {
            let before = self.inner.index.searcher().generation().generation_id();
            self.inner.index.reload()?;
            if self.inner.index.searcher().generation().generation_id() != before {
                self.load_groups()?;
            }
        }
        Ok(report)
    }

    /// A retriever over the index as it stands, with the configured ranking.
    pub(crate) fn retriever(&self) -> Retriever<'_> {
        let c = &self.inner.config.search;
        Retriever::new(
            &self.inner.index,
            Ranking {
                title_boost: c.title_boost,
                phrase_boost: c.phrase_boost,
            },
        )
    }

    /// The sentence encoder, loading it on first use. `None` when it is switched off,
    /// missing or damaged (one warning, then answers are lexical only).
    pub fn semantic(&self) -> Option<Arc<Semantic>> {
        self.semantic_slot().0.clone()
    }

    /// Whether the sentence encoder is available, and why not.
    pub fn model_state(&self) -> ModelState {
        match self.semantic_slot() {
            (Some(s), _) => s.state(),
            (None, state) => state.clone(),
        }
    }

    fn semantic_slot(&self) -> &(Option<Arc<Semantic>>, ModelState) {
        self.inner.semantic.get_or_init(|| {
            let c = &self.inner.config.semantic;
            if !c.enabled {
                return (None, ModelState::Disabled);
            }
            match Semantic::load(&c.model_dir, Some(&c.cache_path), c.cache_max_vectors) {
                Ok(s) => {
                    tracing::debug!(dir = %c.model_dir.display(), load_ms = s.encoder().load_ms(), "sentence encoder loaded");
                    let state = s.state();
                    (Some(Arc::new(s)), state)
                }
                Err(e) => {
                    tracing::warn!(
                        dir = %c.model_dir.display(),
                        error = %e,
                        "sentence encoder unavailable: answers use words only (run scripts/fetch-model.sh to restore the model)"
                    );
                    let state = ModelState::Unavailable {
                        dir: c.model_dir.clone(),
                        reason: e.to_string(),
                    };
                    (None, state)
                }
            }
        })
    }

    /// Answers a question from the archive, or says plainly that it cannot.
    pub fn ask(&self, question: &str) -> Result<Answer> {
        let semantic = self.semantic();
        crate::answer::ask(
            &self.retriever(),
            semantic.as_deref(),
            question,
            self.inner.config.answer.max_sentences,
        )
    }

    /// Reads and scores the candidate sentences for a question, without deciding
    /// (`ask --explain`, and the evaluation that fits the answer model).
    pub fn read_question(&self, question: &str) -> Result<crate::answer::Reading> {
        let semantic = self.semantic();
        crate::answer::read(&self.retriever(), semantic.as_deref(), question)
    }

    /// Computes and caches the sentence vectors of every article (`since: None`) or
    /// of those first indexed at or after `since` (Unix seconds), so questions about
    /// them are answered without encoding. Resumable: what is cached stays cached.
    /// `progress(done, total, encoded)` is called after each article. Returns the
    /// sentences encoded; an error when the encoder is unavailable.
    pub fn embed(
        &self,
        since: Option<i64>,
        mut progress: impl FnMut(usize, usize, usize),
    ) -> Result<usize> {
        let Some(semantic) = self.semantic() else {
            return Err(Error::Model(match self.model_state() {
                ModelState::Unavailable { reason, .. } => reason,
                _ => "the sentence encoder is disabled in the config ([semantic] enabled)".into(),
            }));
        };
        if !semantic.has_cache() {
            return Err(Error::Model(format!(
                "the vector cache at {} cannot be opened: nothing to precompute into",
                self.inner.config.semantic.cache_path.display()
            )));
        }
        let retriever = self.retriever();
        let addresses = retriever.addresses(since)?;
        // Sentences of many articles are encoded together: the encoder is fastest
        // with full batches of similar lengths.
        const BATCH: usize = 256;
        let mut pending: Vec<String> = Vec::new();
        let mut encoded = 0;
        for (i, addr) in addresses.iter().enumerate() {
            let article = retriever.stored(*addr)?.article;
            let texts = crate::answer::sentence_texts(&article);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            pending.extend(semantic.uncached(&refs)?.into_iter().map(str::to_string));
            let last = i + 1 == addresses.len();
            if pending.len() >= BATCH || (last && !pending.is_empty()) {
                let refs: Vec<&str> = pending.iter().map(String::as_str).collect();
                // `pending` holds only uncached texts: no second lookup.
                semantic.encode_and_cache(&refs)?;
                encoded += pending.len();
                pending.clear();
            }
            progress(i + 1, addresses.len(), encoded);
        }
        Ok(encoded)
    }

    /// Summarises what the archive says about a topic, across articles.
    pub fn summarize_topic(&self, topic: &str) -> Result<Answer> {
        let c = &self.inner.config.answer;
        crate::answer::summarize_topic(
            &self.retriever(),
            topic,
            c.summary_sentences,
            c.min_coverage,
        )
    }

    /// Summarises one article: its key sentences in order, and its key quotes.
    pub fn summarize_article(&self, id: &str) -> Result<Answer> {
        let article = self.article(id)?.article;
        Ok(crate::answer::summarize_article(
            &self.retriever(),
            article,
            self.inner.config.answer.summary_sentences,
        ))
    }

    /// The digest of `[since, until)`: what came in, grouped into stories, at most
    /// `max_stories`.
    pub fn digest(
        &self,
        since: jiff::Timestamp,
        until: jiff::Timestamp,
        max_stories: usize,
    ) -> Result<Digest> {
        crate::digest::compose::digest(
            &self.retriever(),
            &self.groups().key_of,
            since,
            until,
            max_stories,
        )
    }

    /// Every article that carries `quote` (verbatim, or altered by a word or two),
    /// the first report first, with the sentence that carries it and its speaker.
    pub fn whosaid(&self, quote: &str) -> Result<QuoteReport> {
        crate::story::whosaid(&self.retriever(), quote)
    }

    /// The events of a story in date order, each a cited verbatim sentence, within
    /// `[since, until]` when given.
    pub fn timeline(
        &self,
        topic: &str,
        since: Option<Date>,
        until: Option<Date>,
    ) -> Result<Timeline> {
        crate::story::timeline(
            &self.retriever(),
            &self.groups().key_of,
            topic,
            since,
            until,
        )
    }

    /// Searches the archive.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let limit = req.limit.unwrap_or(self.inner.config.search.default_limit);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(Error::LimitOutOfRange {
                limit,
                max: MAX_LIMIT,
            });
        }
        let mut analyzer = analyzer();
        let parsed = query::parse(&mut analyzer, &req.query)?;
        let retriever = self.retriever();
        let searcher = retriever.searcher();
        // Fetch extra so folding near-duplicates still fills the page.
        let fetch = limit * 3 + 10;
        let (top, total) = retriever.ranked(&parsed, &req.filters(), fetch)?;
        let weights = retriever.term_weights(&parsed);
        let groups = self.groups();
        let mut hits: Vec<Hit> = Vec::new();
        let mut shown_groups: Vec<String> = Vec::new();
        for (score, addr) in top {
            if hits.len() == limit {
                break;
            }
            let stored = retriever.stored(addr)?;
            let a = &stored.article;
            if let Some(key) = groups.key_of.get(&a.id) {
                if shown_groups.contains(key) {
                    continue;
                }
                shown_groups.push(key.clone());
            }
            let also_in = self.refs(searcher, &groups.others(&a.id))?;
            hits.push(Hit {
                rank: hits.len() + 1,
                id: a.id.clone(),
                title: a.title.clone(),
                outlet: a.outlet.clone(),
                published: a.published,
                url: a.url.clone(),
                score,
                excerpt: excerpt(
                    &mut analyzer,
                    &a.title,
                    &a.body,
                    &weights,
                    self.inner.config.search.excerpt_chars,
                ),
                also_in,
            });
        }
        Ok(SearchResults {
            query: req.query.clone(),
            total,
            hits,
        })
    }

    fn refs(&self, searcher: &Searcher, ids: &[String]) -> Result<Vec<ArticleRef>> {
        let mut out = Vec::new();
        for id in ids {
            if let Some(s) = self.inner.index.article(searcher, id)? {
                out.push(ArticleRef::from(&s.article));
            }
        }
        Ok(out)
    }

    /// Looks up one article by id.
    pub fn article(&self, id: &str) -> Result<StoredArticle> {
        let searcher = self.inner.index.searcher();
        self.inner
            .index
            .article(&searcher, id)?
            .ok_or_else(|| Error::UnknownArticle(id.to_string()))
    }

    /// The passage `start..end` of article `id` with the sentences around it; `None`
    /// when the range is not a passage of the article as stored now (it changed).
    pub fn in_context(&self, id: &str, start: usize, end: usize) -> Result<Option<InContext>> {
        let body = self.article(id)?.article.body;
        Ok(
            crate::text::sentences::around(&body, start, end).map(|(before, after)| InContext {
                before: before.map(|s| s.of(&body).to_string()).unwrap_or_default(),
                text: body[start..end].to_string(),
                after: after.map(|s| s.of(&body).to_string()).unwrap_or_default(),
            }),
        )
    }

    /// One article in full, with its near-duplicates.
    pub fn show(&self, id: &str) -> Result<ArticleView> {
        let stored = self.article(id)?;
        let searcher = self.inner.index.searcher();
        let also_in = self.refs(&searcher, &self.groups().others(id))?;
        let a = stored.article;
        Ok(ArticleView {
            id: a.id,
            title: a.title,
            outlet: a.outlet,
            published: a.published,
            url: a.url,
            authors: a.authors,
            tags: a.tags,
            indexed_at: stored.indexed_at,
            also_in,
            body: a.body,
        })
    }
}

/// What `/newsdesk status` reports about the archive.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ArchiveStatus {
    /// Articles in the index.
    pub articles: usize,
    /// Corpus files indexed.
    pub files: usize,
    /// Files or lines skipped.
    pub skipped: usize,
    /// When the index last changed.
    pub updated_at: Option<jiff::Timestamp>,
}

impl Engine {
    /// Distinct outlet names in the index, sorted.
    pub fn outlets(&self) -> Result<Vec<String>> {
        let searcher = self.inner.index.searcher();
        let field = self.inner.index.fields().outlet;
        let mut out = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(|e| Error::io("reading terms of", self.inner.index.path(), e))?;
            while terms.advance() {
                if let Ok(name) = std::str::from_utf8(terms.key()) {
                    out.insert(name.to_string());
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Articles whose headline matches what a user is typing (the last word may be
    /// unfinished); the most recent articles when nothing is typed yet.
    pub fn suggest_titles(&self, partial: &str, limit: usize) -> Result<Vec<ArticleRef>> {
        let searcher = self.inner.index.searcher();
        let f = self.inner.index.fields();
        let mut analyzer = analyzer();
        let tokens = crate::text::tokenize(&mut analyzer, partial);
        let query: Box<dyn Query> = if tokens.is_empty() {
            Box::new(tantivy::query::AllQuery)
        } else {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (i, t) in tokens.iter().enumerate() {
                let term = Box::new(TermQuery::new(
                    Term::from_field_text(f.title, &t.term),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>;
                let is_last = i + 1 == tokens.len();
                let typed: String = partial[t.start..t.end]
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                if is_last && !typed.is_empty() && !partial.ends_with(char::is_whitespace) {
                    // The word being typed: its prefix matches too.
                    let prefix =
                        tantivy::query::RegexQuery::from_pattern(&format!("{typed}.*"), f.title)?;
                    let either = BooleanQuery::new(vec![
                        (Occur::Should, term),
                        (Occur::Should, Box::new(prefix)),
                    ]);
                    clauses.push((Occur::Must, Box::new(either)));
                } else if !t.stop {
                    clauses.push((Occur::Must, term));
                }
            }
            Box::new(BooleanQuery::new(clauses))
        };
        let addrs: Vec<tantivy::DocAddress> = if tokens.is_empty() {
            searcher
                .search(
                    &query,
                    &TopDocs::with_limit(limit).order_by_fast_field::<tantivy::DateTime>(
                        "published",
                        tantivy::Order::Desc,
                    ),
                )?
                .into_iter()
                .map(|(_, a)| a)
                .collect()
        } else {
            searcher
                .search(&query, &TopDocs::with_limit(limit).order_by_score())?
                .into_iter()
                .map(|(_, a)| a)
                .collect()
        };
        addrs
            .into_iter()
            .map(|a| {
                Ok(ArticleRef::from(
                    &self.inner.index.stored(&searcher, a)?.article,
                ))
            })
            .collect()
    }

    /// The first `n` quotable sentences of an article, verbatim with offsets.
    pub fn lead(&self, id: &str, n: usize) -> Result<Vec<crate::reply::Quote>> {
        let a = self.article(id)?.article;
        let (passages, _) =
            crate::answer::passages(&mut analyzer(), &a.title, crate::answer::lead(&a.body));
        Ok(passages
            .into_iter()
            .take(n)
            .map(|p| crate::reply::Quote {
                text: p.span.of(&a.body).to_string(),
                start: p.span.start,
                end: p.span.end,
            })
            .collect())
    }

    /// Size and age of the archive.
    pub fn status(&self) -> Result<ArchiveStatus> {
        let m = self.inner.index.manifest()?;
        Ok(ArchiveStatus {
            articles: m.article_count(),
            files: m.files.len(),
            skipped: m.skipped().len(),
            updated_at: (m.updated_at > 0)
                .then(|| jiff::Timestamp::from_second(m.updated_at).ok())
                .flatten(),
        })
    }
}
