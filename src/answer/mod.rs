//! Extractive answers and summaries: every sentence shown is a verbatim span of a
//! stored body, cited by number to its article with byte offsets. Functions over a
//! [`Retriever`] (and the sentence encoder, when there is one); the [`Engine`] is
//! only their front door.
//!
//! - [`ask`]: a question's answer, from fitted scores of candidate sentences
//!   ([`weights`]), or an honest "not in the archive".
//! - [`summarize_topic`]: what the archive says about a topic, across articles.
//! - [`summarize_article`]: one article's key sentences and quotes.
//!
//! [`Engine`]: crate::Engine

mod ask;
mod leftover;
mod passages;
mod question;
mod select;
mod summary;
mod vectors;
pub mod weights;
mod windows;

use crate::Result;
use crate::index::query;
use crate::index::{Filters, Retriever};
use crate::reply::{Answer, ArticleRef};
use crate::semantic::Semantic;
use crate::text::analyzer;

pub use ask::{FEATURES, Reading, ScoredSentence, read, sentence_texts};
pub(crate) use passages::passages_in;
pub(crate) use passages::{Passage, REPORTING_WORDS, passages};
pub(crate) use question::ROLE_WORDS;
pub(crate) use select::{Candidate, select};
pub use summary::summarize_article;
pub(crate) use vectors::{TermVector, Vocabulary};
pub(crate) use windows::{lead, reading_windows, words_to_find};

/// Articles read to summarise a topic.
const ARTICLES_READ: usize = 8;
/// Closest articles suggested when the archive has no answer.
const SEE_ALSO: usize = 3;
/// Weight of centrality (agreement with the other candidates) in a topic summary.
const CENTRALITY: f32 = 0.15;

/// Answers a question from the archive in at most `max_sentences` sentences, or says
/// plainly that it cannot.
pub fn ask(
    r: &Retriever,
    semantic: Option<&Semantic>,
    question: &str,
    max_sentences: usize,
) -> Result<Answer> {
    let reading = read(r, semantic, question)?;
    Ok(ask::answer(reading, question, max_sentences))
}

/// Summarises what the archive says about a topic, across articles: the sentences
/// that cover the topic best and agree most with each other, when some article
/// covers at least `min_coverage` of the topic's words (weighted by rarity).
pub fn summarize_topic(
    r: &Retriever,
    topic: &str,
    max_sentences: usize,
    min_coverage: f32,
) -> Result<Answer> {
    let mut analyzer = analyzer();
    let parsed = query::parse(&mut analyzer, topic)?;
    let (mut top, _) = r.ranked(&parsed, &Filters::default(), ARTICLES_READ * 3)?;
    top.truncate(ARTICLES_READ);
    let weights = r.term_weights(&parsed);
    let topic_words = windows::words_to_find(&mut analyzer, topic);

    let mut vocab = Vocabulary::default();
    let mut best_doc_cover: f32 = 0.0;
    let mut articles = Vec::new();
    let mut candidates = Vec::new();
    for (_, addr) in top {
        let stored = r.stored(addr)?;
        let body = &stored.article.body;
        let (ps, doc_terms) = passages_in(
            &mut analyzer,
            &stored.article.title,
            body,
            &windows::reading_windows(body, &topic_words),
        );
        let covered = |terms: &mut dyn Iterator<Item = &String>| coverage(&weights, terms);
        let title_terms: Vec<String> = crate::text::tokenize(&mut analyzer, &stored.article.title)
            .into_iter()
            .map(|t| t.term)
            .collect();
        let doc_cover = covered(&mut doc_terms.iter().chain(&title_terms));
        best_doc_cover = best_doc_cover.max(doc_cover);
        let article = articles.len();
        for p in ps {
            let Passage {
                span,
                position,
                terms,
                is_question,
                ..
            } = p;
            if is_question {
                continue;
            }
            let cover = covered(&mut terms.iter());
            if cover == 0.0 || !has_phrases(&parsed.phrases, &terms) {
                continue;
            }
            let vector = vocab.vector(terms.iter().map(String::as_str), |t| r.idf(t));
            // "He wants …" means little without the sentence before it.
            let dangling = if ask::starts_with_pronoun(span.of(&stored.article.body)) {
                0.1
            } else {
                0.0
            };
            candidates.push(Candidate {
                article,
                span,
                position,
                cover,
                relevance: 0.65 * cover + 0.35 * doc_cover - dangling,
                vector,
            });
        }
        articles.push(stored.article);
    }

    let evidence = if candidates.is_empty() {
        0.0
    } else {
        best_doc_cover
    };
    if evidence < min_coverage {
        tracing::debug!(evidence, "weak evidence: no summary");
        return Ok(Answer {
            question: topic.to_string(),
            found: false,
            answer: Vec::new(),
            sources: Vec::new(),
            see_also: articles
                .iter()
                .take(SEE_ALSO)
                .map(ArticleRef::from)
                .collect(),
            quotes: Vec::new(),
        });
    }
    let (answer, sources) = select(&articles, candidates, max_sentences, CENTRALITY);
    Ok(Answer {
        question: topic.to_string(),
        found: !answer.is_empty(),
        answer,
        sources,
        see_also: Vec::new(),
        quotes: Vec::new(),
    })
}

/// The share of the query's weight (`weights`: idf of each query term) that
/// `terms` cover, each term counted once (0..1).
pub(crate) fn coverage(
    weights: &std::collections::HashMap<String, f32>,
    terms: &mut dyn Iterator<Item = &String>,
) -> f32 {
    let total: f32 = weights.values().sum();
    let mut seen: Vec<&String> = Vec::new();
    let mut sum = 0.0;
    for t in terms {
        if let Some(w) = weights.get(t)
            && !seen.contains(&t)
        {
            sum += w;
            seen.push(t);
        }
    }
    if total > 0.0 { sum / total } else { 0.0 }
}

/// A sentence answers a question or topic with quoted phrases only if it holds
/// their words.
fn has_phrases(phrases: &[Vec<String>], terms: &[String]) -> bool {
    phrases.iter().all(|p| {
        p.iter()
            .filter(|t| !crate::text::stopwords::is_stop_word(t))
            .all(|t| terms.contains(t))
    })
}
