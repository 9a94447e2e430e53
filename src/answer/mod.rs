//! Extractive answers and summaries: every sentence shown is a verbatim span of a
//! stored body, cited by number to its article with byte offsets.
//!
//! Answering a question:
//! 1. retrieve the best articles with the search query;
//! 2. score each quotable sentence by how much of the question (words weighted by
//!    rarity) it covers, itself and through its article, plus its centrality among
//!    the candidates and, for "what did X say" questions, reported speech;
//! 3. decline (`found: false`) when no sentence covers enough of the question;
//! 4. pick the best few with diversity: a sentence that says what a chosen one says
//!    is folded into it as another citation instead of being repeated.

mod passages;
mod select;
mod summary;
mod vectors;

use std::collections::HashMap;

use crate::Result;
use crate::engine::{Engine, SearchRequest, idf};
use crate::index::query;
use crate::reply::{Answer, ArticleRef};
use crate::text::analyzer;

pub(crate) use passages::{Passage, passages};
pub(crate) use select::{Candidate, select};
pub(crate) use vectors::{TermVector, Vocabulary};

/// Articles read to answer one question.
const ARTICLES_READ: usize = 8;
/// Extra relevance for reported speech when the question asks what someone said.
const SPEECH_BONUS: f32 = 0.3;
/// Relevance taken from sentences that open with a back-referring pronoun.
const DANGLING_PENALTY: f32 = 0.1;
/// Closest articles suggested when the archive has no answer.
const SEE_ALSO: usize = 3;

impl Engine {
    /// Answers a question from the archive, or says plainly that it cannot.
    pub fn ask(&self, question: &str) -> Result<Answer> {
        let max = self.config().answer.max_sentences;
        self.extract(question, max, Evidence::Sentence)
    }

    /// Summarises what the archive says about a topic, across articles.
    pub fn summarize_topic(&self, topic: &str) -> Result<Answer> {
        let max = self.config().answer.summary_sentences;
        self.extract(topic, max, Evidence::Article)
    }

    fn extract(&self, question: &str, max_sentences: usize, evidence: Evidence) -> Result<Answer> {
        let mut analyzer = analyzer();
        let parsed = query::parse(&mut analyzer, question)?;
        let searcher = self.index().searcher();
        let (mut top, _) = self.ranked(
            &searcher,
            &parsed,
            &SearchRequest::default(),
            ARTICLES_READ * 3,
        )?;
        top.truncate(ARTICLES_READ);
        let weights = self.term_weights(&searcher, &parsed)?;
        let total_weight: f32 = weights.values().sum();

        let body_field = self.index().fields().body;
        let n_docs = searcher.num_docs() as f32;
        let mut idf_cache: HashMap<String, f32> = HashMap::new();
        let mut idf_of = |term: &str| -> f32 {
            if let Some(w) = idf_cache.get(term) {
                return *w;
            }
            let df = searcher
                .doc_freq(&tantivy::Term::from_field_text(body_field, term))
                .unwrap_or(0) as f32;
            let w = idf(n_docs, df);
            idf_cache.insert(term.to_string(), w);
            w
        };

        let mut vocab = Vocabulary::default();
        let mut best_doc_cover: f32 = 0.0;
        let mut articles = Vec::new();
        let mut candidates = Vec::new();
        for (_, addr) in top {
            let stored = self.index().stored(&searcher, addr)?;
            let (ps, doc_terms) =
                passages(&mut analyzer, &stored.article.title, &stored.article.body);
            let covered = |terms: &mut dyn Iterator<Item = &String>| -> f32 {
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
                if total_weight > 0.0 {
                    sum / total_weight
                } else {
                    0.0
                }
            };
            let title_terms: Vec<String> =
                crate::text::tokenize(&mut analyzer, &stored.article.title)
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
                    reports_speech,
                    is_question,
                } = p;
                if is_question {
                    continue;
                }
                let cover = covered(&mut terms.iter());
                if cover == 0.0 || !has_phrases(&parsed.phrases, &terms) {
                    continue;
                }
                let vector = vocab.vector(terms.iter().map(String::as_str), &mut idf_of);
                let speech = if parsed.asks_for_speech && reports_speech {
                    SPEECH_BONUS
                } else {
                    0.0
                };
                // "He wants …" means little without the sentence before it.
                let dangling = if starts_with_pronoun(span.of(&stored.article.body)) {
                    DANGLING_PENALTY
                } else {
                    0.0
                };
                candidates.push(Candidate {
                    article,
                    span,
                    position,
                    cover,
                    relevance: 0.65 * cover + 0.35 * doc_cover + speech - dangling,
                    vector,
                });
            }
            articles.push(stored.article);
        }

        let best_cover = candidates.iter().map(|c| c.cover).fold(0.0, f32::max);
        let evidence_cover = match evidence {
            Evidence::Sentence => best_cover,
            Evidence::Article if candidates.is_empty() => 0.0,
            Evidence::Article => best_doc_cover,
        };
        if evidence_cover < self.config().answer.min_coverage {
            tracing::debug!(best_cover, "weak evidence: not answering");
            return Ok(Answer {
                question: question.to_string(),
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
        let (answer, sources) = select(&articles, candidates, max_sentences);
        Ok(Answer {
            question: question.to_string(),
            found: !answer.is_empty(),
            answer,
            sources,
            see_also: Vec::new(),
            quotes: Vec::new(),
        })
    }
}

/// Whether a sentence opens with a pronoun that refers back to an earlier one.
fn starts_with_pronoun(sentence: &str) -> bool {
    let first = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    DANGLING_PRONOUNS.contains(&first)
}

/// Sentence openers that need the previous sentence to be understood.
const DANGLING_PRONOUNS: &[&str] = &[
    "He", "She", "It", "They", "This", "These", "Those", "His", "Her", "Their", "Its",
];

/// What must cover the question for the archive to count as answering it.
#[derive(Debug, Clone, Copy)]
enum Evidence {
    /// One sentence (a question needs a sentence that answers it).
    Sentence,
    /// One article, headline included (a topic is covered by articles about it).
    Article,
}

/// A sentence answers a question with quoted phrases only if it holds their words.
fn has_phrases(phrases: &[Vec<String>], terms: &[String]) -> bool {
    phrases.iter().all(|p| {
        p.iter()
            .filter(|t| !crate::text::stopwords::is_stop_word(t))
            .all(|t| terms.contains(t))
    })
}
