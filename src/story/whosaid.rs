//! `whosaid`: every article that carries a quote, the first report first, each with
//! the sentence that carries it and who says it there.

use crate::answer::{reading_windows, words_to_find};
use crate::index::{Filters, Retriever, query};
use crate::reply::{ArticleRef, Occurrence, Quote, QuoteReport};
use crate::text::{Span, analyzer, sentences};
use crate::{Error, Result};

use super::quotes::{self, Pattern};
use super::speaker::speaker;

/// Articles read for a quote: the best by the quote's words. A copy of the quote
/// holds all of them, so it ranks near the top of any archive.
const CANDIDATES: usize = 200;

/// Finds every article that carries `quote` (verbatim or nearly), ordered by
/// publication date (undated last, then by id).
pub fn whosaid(r: &Retriever, quote: &str) -> Result<QuoteReport> {
    let pattern = Pattern::parse(quote).ok_or_else(|| {
        if quote.trim().is_empty() {
            Error::EmptyQuery
        } else {
            Error::NoSearchableWords(quote.to_string())
        }
    })?;
    // The quote's words, without its quotation marks (which would make a phrase
    // that an altered copy could not match).
    let words: Vec<&str> = pattern
        .words
        .iter()
        .map(|w| &quote[w.start..w.end])
        .collect();
    let words = words.join(" ");
    let mut analyzer = analyzer();
    let parsed = query::parse(&mut analyzer, &words)?;
    let to_find = words_to_find(&mut analyzer, &words);
    let (top, _) = r.ranked(&parsed, &Filters::default(), CANDIDATES)?;
    let mut occurrences = Vec::new();
    for (_, addr) in top {
        let a = r.stored(addr)?.article;
        // A very long article is read where the quote's words are (a news story
        // whole), so memory stays bounded whatever the corpus holds.
        let mut body_words = Vec::new();
        for window in reading_windows(&a.body, &to_find) {
            body_words.extend(quotes::words(window.of(&a.body)).into_iter().map(|mut w| {
                w.start += window.start;
                w.end += window.start;
                w
            }));
        }
        let Some(found) = quotes::find(&pattern, &a.body, &body_words) else {
            continue;
        };
        let spans = sentences_near(&a.body, found.span);
        let sentence = carrying_sentences(&spans, found.span);
        let said_by = speaker(&a.body, &spans, found.span);
        occurrences.push(Occurrence {
            speaker_as_written: said_by.as_ref().map(|s| s.as_written.clone()),
            speaker: said_by.map(|s| s.name),
            text: sentence.of(&a.body).to_string(),
            start: sentence.start,
            end: sentence.end,
            matched: Quote {
                text: found.span.of(&a.body).to_string(),
                start: found.span.start,
                end: found.span.end,
            },
            altered: found.edits > 0,
            differences: found.differences,
            article: ArticleRef::from(&a),
        });
    }
    occurrences.sort_by(|a, b| {
        let (a, b) = (&a.article, &b.article);
        (a.published.is_none(), a.published, &a.id).cmp(&(
            b.published.is_none(),
            b.published,
            &b.id,
        ))
    });
    Ok(QuoteReport {
        quote: quote.to_string(),
        found: !occurrences.is_empty(),
        occurrences,
    })
}

/// How far around a match its sentences are read (for the carrying sentence and
/// the speaker's attribution a few sentences back).
const NEAR_BYTES: usize = 8 * 1024;

/// The sentences within [`NEAR_BYTES`] of `matched`, as spans of `body` (the first
/// and last may be cut short).
fn sentences_near(body: &str, matched: Span) -> Vec<Span> {
    let mut lo = matched.start.saturating_sub(NEAR_BYTES);
    while !body.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (matched.end + NEAR_BYTES).min(body.len());
    while !body.is_char_boundary(hi) {
        hi += 1;
    }
    sentences(&body[lo..hi])
        .into_iter()
        .map(|s| Span {
            start: s.start + lo,
            end: s.end + lo,
        })
        .collect()
}

/// The sentences a match lies in, as one span (the match itself when the text has
/// no sentence around it).
fn carrying_sentences(spans: &[Span], matched: Span) -> Span {
    let mut over = spans.iter().filter(|s| s.overlaps(&matched));
    match over.next() {
        None => matched,
        Some(first) => {
            let last = over.next_back().unwrap_or(first);
            Span {
                start: first.start.min(matched.start),
                end: last.end.max(matched.end),
            }
        }
    }
}
