//! Choosing answer sentences: relevance plus centrality, with diversity, and
//! folding sentences that say the same thing into one cited several times.

use crate::corpus::Article;
use crate::reply::{AnswerSentence, Citations, Source};
use crate::text::Span;

use super::vectors::TermVector;

/// Cosine similarity from which two sentences say the same thing.
const SAME_THING: f32 = 0.55;
/// Candidates scoring below this fraction of the best one are not used.
const CUTOFF: f32 = 0.5;

/// A candidate sentence.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of its article in the slice passed to [`select`].
    pub article: usize,
    /// Byte range in the article body.
    pub span: Span,
    /// Index among the article's quotable sentences.
    pub position: usize,
    /// Share of the question's weight the sentence itself covers (0..1).
    pub cover: f32,
    /// Relevance to the question.
    pub relevance: f32,
    /// Its term vector.
    pub vector: TermVector,
}

/// Picks up to `max` sentences and numbers their sources. Each candidate scores its
/// relevance plus `centrality` times its mean similarity to the other candidates.
pub fn select(
    articles: &[Article],
    candidates: Vec<Candidate>,
    max: usize,
    centrality: f32,
) -> (Vec<AnswerSentence>, Vec<Source>) {
    let n = candidates.len();
    let mut scored: Vec<(f32, Candidate)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let agreement = if n > 1 && centrality > 0.0 {
                candidates
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, o)| c.vector.cosine(&o.vector))
                    .sum::<f32>()
                    / (n - 1) as f32
            } else {
                0.0
            };
            (c.relevance + centrality * agreement, c.clone())
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.article.cmp(&b.1.article))
            .then(a.1.position.cmp(&b.1.position))
    });
    let best = scored.first().map_or(0.0, |s| s.0);
    for (score, c) in scored.iter().take(12) {
        let a = &articles[c.article];
        tracing::debug!(score, relevance = c.relevance, cover = c.cover, id = %a.id, sentence = c.span.of(&a.body), "candidate");
    }

    // Each chosen sentence with the candidates that say the same thing.
    let mut chosen: Vec<(Candidate, Vec<Candidate>)> = Vec::new();
    for (score, c) in scored {
        if score < CUTOFF * best {
            break;
        }
        let twin = chosen
            .iter()
            .enumerate()
            .map(|(k, entry)| (entry.0.vector.cosine(&c.vector), k))
            .filter(|(sim, _)| *sim >= SAME_THING)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k);
        match twin {
            Some(k) => {
                let (primary, also) = &mut chosen[k];
                let new_article =
                    primary.article != c.article && also.iter().all(|a| a.article != c.article);
                if new_article {
                    also.push(c);
                }
            }
            None if chosen.len() < max => chosen.push((c, Vec::new())),
            None => {}
        }
    }

    let mut sentences = Vec::new();
    let mut cites = Citations::default();
    for (primary, also) in chosen {
        let article = &articles[primary.article];
        let mut citations = Vec::new();
        for c in std::iter::once(&primary).chain(&also) {
            let n = cites.cite(&articles[c.article], c.span);
            if !citations.contains(&n) {
                citations.push(n);
            }
        }
        sentences.push(AnswerSentence {
            text: primary.span.of(&article.body).to_string(),
            id: article.id.clone(),
            start: primary.span.start,
            end: primary.span.end,
            citations,
        });
    }
    (sentences, cites.into_sources())
}
