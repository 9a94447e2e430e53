//! Composing a digest: select the window's articles, group them into stories
//! (near-duplicates and articles about the same event), and tell each story in the
//! sentences its articles lead with.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

use jiff::Timestamp;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery};
use tantivy::{DateTime, Order, Term};

use crate::Result;
use crate::answer::{Candidate, Vocabulary, lead, passages, select};
use crate::corpus::Article;
use crate::index::{Retriever, StoredArticle};
use crate::reply::{ArticleRef, Digest, Story};
use crate::text::{analyzer, tokenize};

/// Most articles one digest reads.
const MAX_ARTICLES: usize = 2000;
/// Cosine similarity (headline and body terms, TF-IDF) from which two articles
/// published within [`SAME_EVENT_DAYS`] of each other report the same event. Time is
/// the strong signal; the words only need to share a subject. Measured on the shipped
/// corpus (five articles, all on Trump and Putin): the two previews of the Anchorage
/// summit score 0.105, every other pair 0.03–0.08.
pub const SAME_EVENT: f32 = 0.1;
/// Without a publication date to go by, the words must agree far more.
pub const SAME_EVENT_UNDATED: f32 = 0.3;
/// Articles published further apart than this are not the same event.
const SAME_EVENT_DAYS: i32 = 3;
/// Weight of agreement among a story's sentences when choosing them.
const CENTRALITY: f32 = 0.15;
/// Sentences per story.
const STORY_SENTENCES: usize = 2;
/// Only an article's opening sentences tell its story.
const LEAD_PASSAGES: usize = 6;

/// The digest of `[since, until)`: articles first indexed or published in it,
/// grouped into stories (near-duplicates by `duplicate_keys`, article id to group),
/// at most `max_stories`, most covered and most recent first.
pub fn digest(
    r: &Retriever,
    duplicate_keys: &BTreeMap<String, String>,
    since: Timestamp,
    until: Timestamp,
    max_stories: usize,
) -> Result<Digest> {
    let searcher = r.searcher();
    let f = r.fields();
    // The index keeps whole seconds: round the end up so an article indexed in
    // the digest's own second is not left out.
    let until_secs = until.as_second() + i64::from(until.subsec_nanosecond() > 0);
    let range = |field| -> Box<dyn Query> {
        let t = |secs: i64| Term::from_field_date(field, DateTime::from_timestamp_secs(secs));
        Box::new(RangeQuery::new(
            Bound::Included(t(since.as_second())),
            Bound::Excluded(t(until_secs)),
        ))
    };
    let query = BooleanQuery::new(vec![
        (Occur::Should, range(f.indexed_at)),
        (Occur::Should, range(f.published)),
    ]);
    let top = searcher.search(
        &query,
        &TopDocs::with_limit(MAX_ARTICLES)
            .order_by_fast_field::<DateTime>("indexed_at", Order::Desc),
    )?;
    let mut articles: Vec<StoredArticle> = Vec::with_capacity(top.len());
    for (_, addr) in top {
        articles.push(r.stored(addr)?);
    }
    articles.sort_by(|a, b| a.article.id.cmp(&b.article.id));

    // Term vectors: headline words count twice.
    let mut idf_of = |t: &str| r.idf(t);
    let mut analyzer = analyzer();
    let mut vocab = Vocabulary::default();
    let mut lead_passages = Vec::with_capacity(articles.len());
    let vectors: Vec<_> = articles
        .iter()
        .map(|s| {
            let (vector, ps) = event_vector(&mut analyzer, &mut vocab, &mut idf_of, &s.article);
            lead_passages.push(ps);
            vector
        })
        .collect();

    // Group: near-duplicates (from the index) and same-event articles.
    let groups = duplicate_keys;
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            let (a, b) = (&articles[i].article, &articles[j].article);
            let duplicates =
                matches!((groups.get(&a.id), groups.get(&b.id)), (Some(x), Some(y)) if x == y);
            let threshold = match (a.published, b.published) {
                (Some(x), Some(y)) if (x - y).get_days().abs() <= SAME_EVENT_DAYS => SAME_EVENT,
                (Some(_), Some(_)) => f32::INFINITY,
                _ => SAME_EVENT_UNDATED,
            };
            let similarity = vectors[i].cosine(&vectors[j]);
            tracing::trace!(a = %a.id, b = %b.id, similarity, "same-event similarity");
            if duplicates || similarity >= threshold {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..articles.len() {
        let r = root(&mut parent, i);
        clusters.entry(r).or_default().push(i);
    }

    let mut stories: Vec<(usize, usize, Timestamp, Story)> = clusters
        .into_values()
        .map(|members| {
            let story = story(
                &articles,
                &members,
                &lead_passages,
                &vectors,
                &mut vocab,
                &mut idf_of,
            );
            // Outlets that covered it (an article without one counts as its own).
            let outlets: HashSet<String> = members
                .iter()
                .map(|&i| {
                    articles[i]
                        .article
                        .outlet
                        .clone()
                        .unwrap_or_else(|| articles[i].article.id.clone())
                })
                .collect();
            let latest = members
                .iter()
                .map(|&i| recency(&articles[i]))
                .max()
                .unwrap_or(since);
            (members.len(), outlets.len(), latest, story)
        })
        .collect();
    // Most covered first (articles, then outlets), then the most recent; the
    // headline, then the ids, settle what is still tied, so the order is stable
    // (and "Show more" can skip exactly the stories told).
    stories.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then(a.3.headline.cmp(&b.3.headline))
            .then(a.3.articles.cmp(&b.3.articles))
    });
    let total_stories = stories.len();
    Ok(Digest {
        since,
        until,
        total_stories,
        stories: stories
            .into_iter()
            .take(max_stories)
            .map(|(_, _, _, s)| s)
            .collect(),
    })
}

/// What an article reports, as a term vector (its headline twice and its lead), and
/// the lead's first sentences. Two articles published within [`SAME_EVENT_DAYS`]
/// whose vectors reach [`SAME_EVENT`] report the same event.
pub(crate) fn event_vector(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    vocab: &mut Vocabulary,
    idf: &mut impl FnMut(&str) -> f32,
    a: &Article,
) -> (crate::answer::TermVector, Vec<crate::answer::Passage>) {
    let (ps, _) = passages(analyzer, &a.title, lead(&a.body));
    let title: Vec<String> = tokenize(analyzer, &a.title)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.term)
        .collect();
    let mut terms: Vec<String> = title.iter().chain(&title).cloned().collect();
    terms.extend(ps.iter().flat_map(|p| p.terms.iter().cloned()));
    let vector = vocab.vector(terms.iter().map(String::as_str), &mut *idf);
    (vector, ps.into_iter().take(LEAD_PASSAGES).collect())
}

/// Tells one story: its lead article (the one closest to the others, then the
/// earliest) gives the headline; the sentences come from the articles' leads.
fn story(
    articles: &[StoredArticle],
    members: &[usize],
    lead_passages: &[Vec<crate::answer::Passage>],
    vectors: &[crate::answer::TermVector],
    vocab: &mut Vocabulary,
    idf_of: &mut impl FnMut(&str) -> f32,
) -> Story {
    let centrality = |i: usize| -> f32 {
        members
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| vectors[i].cosine(&vectors[j]))
            .sum()
    };
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        centrality(b)
            .total_cmp(&centrality(a))
            .then(
                articles[a]
                    .article
                    .published
                    .cmp(&articles[b].article.published),
            )
            .then(articles[a].article.id.cmp(&articles[b].article.id))
    });
    let lead = order[0];
    let story_articles: Vec<Article> = order.iter().map(|&i| articles[i].article.clone()).collect();
    let mut candidates = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        for p in &lead_passages[i] {
            let vector = vocab.vector(p.terms.iter().map(String::as_str), &mut *idf_of);
            let to_story = vector.cosine(&vectors[i]);
            candidates.push(Candidate {
                article: k,
                span: p.span,
                position: p.position,
                cover: to_story,
                relevance: 1.0 / (1.0 + p.position as f32 / 2.0) + 0.5 * to_story,
                vector,
            });
        }
    }
    let (answer, sources) = select(&story_articles, candidates, STORY_SENTENCES, CENTRALITY);
    let a = &articles[lead].article;
    let mut outlets: Vec<String> = Vec::new();
    for s in &story_articles {
        if let Some(o) = &s.outlet
            && !outlets.contains(o)
        {
            outlets.push(o.clone());
        }
    }
    Story {
        headline: a.title.clone(),
        url: a.url.clone(),
        answer,
        sources,
        articles: story_articles.iter().map(|s| s.id.clone()).collect(),
        outlets,
        also_reported_by: story_articles[1..].iter().map(ArticleRef::from).collect(),
    }
}

/// When an article last came to notice: first indexed or published, the later.
fn recency(s: &StoredArticle) -> Timestamp {
    let published = s
        .article
        .published
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp());
    match (s.indexed_at, published) {
        (Some(a), Some(b)) => a.max(b),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => Timestamp::UNIX_EPOCH,
    }
}
