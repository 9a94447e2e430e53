//! The retrieval layer: one [`Retriever`] per request over a searcher of the index,
//! with BM25 ranking over headline and body, proximity scored on the candidates,
//! outlet and date filters, and one idf cache shared by everything the request
//! computes (answers, summaries, digests).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Bound;

use jiff::civil::Date;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, Term};

use super::query::{self, ParsedQuery, QueryFields};
use super::{ArchiveIndex, Fields, StoredArticle, schema};
use crate::{Error, Result};

/// Ranking settings (from `[search]`).
#[derive(Debug, Clone, Copy)]
pub struct Ranking {
    /// Weight of a headline match relative to a body match.
    pub title_boost: f32,
    /// Weight of the proximity of consecutive query words in the body.
    pub phrase_boost: f32,
}

/// Which articles may match.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Only articles published on or after this date.
    pub since: Option<Date>,
    /// Only articles published on or before this date.
    pub until: Option<Date>,
}

/// A ranked article: its score and where it is.
pub type Ranked = (f32, DocAddress);

/// Retrieval over one consistent view of the index.
pub struct Retriever<'a> {
    index: &'a ArchiveIndex,
    searcher: Searcher,
    ranking: Ranking,
    idf: RefCell<HashMap<String, f32>>,
}

impl<'a> Retriever<'a> {
    /// A retriever over the index's current searcher.
    pub fn new(index: &'a ArchiveIndex, ranking: Ranking) -> Retriever<'a> {
        Retriever {
            index,
            searcher: index.searcher(),
            ranking,
            idf: RefCell::new(HashMap::new()),
        }
    }

    /// The searcher this retriever reads.
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The index's fields.
    pub fn fields(&self) -> Fields {
        self.index.fields()
    }

    /// Articles in this view of the index.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// BM25's inverse document frequency of an analyzed term in article bodies
    /// (cached for the life of the retriever).
    pub fn idf(&self, term: &str) -> f32 {
        if let Some(w) = self.idf.borrow().get(term) {
            return *w;
        }
        let df = self
            .searcher
            .doc_freq(&Term::from_field_text(self.index.fields().body, term))
            .unwrap_or(0) as f32;
        let w = idf(self.searcher.num_docs() as f32, df);
        self.idf.borrow_mut().insert(term.to_string(), w);
        w
    }

    /// The idf of each match term of a query.
    pub fn term_weights(&self, parsed: &ParsedQuery) -> HashMap<String, f32> {
        parsed
            .match_terms()
            .into_iter()
            .map(|t| {
                let w = self.idf(&t);
                (t, w)
            })
            .collect()
    }

    /// The share of a query's weight (idf) carried by terms that no article's
    /// headline or body contains: "the Olympics" asked of an archive that never
    /// mentions them.
    pub fn unseen_share(&self, parsed: &ParsedQuery) -> f32 {
        let weights = self.term_weights(parsed);
        let total: f32 = weights.values().sum();
        let fields = self.index.fields();
        let unseen: f32 = weights
            .iter()
            .filter(|(t, _)| {
                [fields.body, fields.title].iter().all(|&f| {
                    self.searcher
                        .doc_freq(&Term::from_field_text(f, t))
                        .unwrap_or(0)
                        == 0
                })
            })
            .map(|(_, w)| w)
            .sum();
        if total > 0.0 { unseen / total } else { 0.0 }
    }

    /// Reads the stored article at `addr`.
    pub fn stored(&self, addr: DocAddress) -> Result<StoredArticle> {
        self.index.stored(&self.searcher, addr)
    }

    /// Finds an article by id.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        self.index.article(&self.searcher, id)
    }

    /// Runs any query, best first.
    pub fn top(&self, query: &dyn Query, limit: usize) -> Result<Vec<Ranked>> {
        Ok(self
            .searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())?)
    }

    /// Every article in this view (`since: None`), or those first indexed at or after
    /// `since` (Unix seconds), in index order.
    pub fn addresses(&self, since: Option<i64>) -> Result<Vec<DocAddress>> {
        let Some(since) = since else {
            let mut all = Vec::new();
            for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
                let alive = segment.alive_bitset();
                for doc in 0..segment.max_doc() {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        all.push(DocAddress::new(ord as u32, doc));
                    }
                }
            }
            return Ok(all);
        };
        let field = self.index.fields().indexed_at;
        let from = Term::from_field_date(field, tantivy::DateTime::from_timestamp_secs(since));
        let query = RangeQuery::new(Bound::Included(from), Bound::Unbounded);
        let mut found: Vec<DocAddress> = self
            .searcher
            .search(&query, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        found.sort();
        Ok(found)
    }

    fn query_fields(&self) -> QueryFields {
        let f = self.index.fields();
        QueryFields {
            title: f.title,
            body: f.body,
            title_boost: self.ranking.title_boost,
            phrase_boost: self.ranking.phrase_boost,
        }
    }

    /// The best `fetch` articles for a query, and how many match in all. BM25 picks
    /// the candidates; the proximity boost is then scored on those candidates only
    /// (phrase matching over the whole index is what a query would otherwise spend
    /// most of its time on).
    pub fn ranked(
        &self,
        parsed: &ParsedQuery,
        filters: &Filters,
        fetch: usize,
    ) -> Result<(Vec<Ranked>, usize)> {
        let fields = self.query_fields();
        let query = self.filtered(query::build(parsed, fields), filters)?;
        let (mut top, total) = self.searcher.search(
            &query,
            &(TopDocs::with_limit(fetch).order_by_score(), Count),
        )?;
        let Some(proximity) = query::proximity(parsed, fields) else {
            return Ok((top, total));
        };
        if top.len() < 2 {
            return Ok((top, total));
        }
        // Per segment, seek the proximity scorer to each candidate in order.
        let weight = proximity.weight(EnableScoring::enabled_from_searcher(&self.searcher))?;
        let mut by_segment: Vec<DocAddress> = top.iter().map(|(_, a)| *a).collect();
        by_segment.sort();
        let mut bonus: HashMap<DocAddress, f32> = HashMap::new();
        for run in by_segment.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let reader = self.searcher.segment_reader(run[0].segment_ord);
            let mut scorer = weight.scorer(reader, 1.0)?;
            for addr in run {
                if scorer.doc() == TERMINATED {
                    break;
                }
                let at = if scorer.doc() < addr.doc_id {
                    scorer.seek(addr.doc_id)
                } else {
                    scorer.doc()
                };
                if at == addr.doc_id {
                    bonus.insert(*addr, scorer.score());
                }
            }
        }
        for (score, addr) in &mut top {
            *score += bonus.get(addr).copied().unwrap_or(0.0);
        }
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok((top, total))
    }

    /// Adds the outlet and date filters to a text query.
    fn filtered(&self, text: Box<dyn Query>, filters: &Filters) -> Result<Box<dyn Query>> {
        let f = self.index.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if let Some(outlet) = filters.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.outlet_key, &schema::outlet_key(outlet)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let (Some(since), Some(until)) = (filters.since, filters.until)
            && since > until
        {
            return Err(Error::DatesReversed { since, until });
        }
        if filters.since.is_some() || filters.until.is_some() {
            let bound = |d: Option<Date>| match d {
                Some(d) => {
                    Bound::Included(Term::from_field_date(f.published, schema::date_value(d)))
                }
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(filters.since), bound(filters.until))),
            ));
        }
        Ok(if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        })
    }
}

/// BM25's inverse document frequency.
pub fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}
