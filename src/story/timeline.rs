//! `timeline`: how a story unfolded, as verbatim sentences of the archive in date
//! order. A sentence is dated by what it says ("in 2015", "last week", "on
//! Saturday"); an article's lead, failing that, by the article's publication date.
//! The same event reported by several articles is one event with several
//! citations.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::answer::{
    TermVector, Vocabulary, coverage, passages_in, reading_windows, words_to_find,
};
use crate::corpus::Article;
use crate::digest::compose::{SAME_EVENT, event_vector};
use crate::index::{Filters, Retriever, query};
use crate::reply::{ArticleRef, DateFrom, Event, EventReport, Timeline};
use crate::text::{Span, analyzer, tokenize};
use crate::{Error, Result};

use super::dates::{self, FoundDate, Precision};

/// Articles read for a topic, the best first.
const ARTICLES_READ: usize = 40;
/// Share of the topic's words, weighted by rarity, that an article and each of its
/// sentences must hold: with half the words present, the rarest ones decide.
const MIN_COVERAGE: f32 = 0.3;
/// Dated sentences one article contributes at most (the best covered).
const PER_ARTICLE: usize = 6;
/// Most events one timeline tells.
pub const MAX_EVENTS: usize = 100;
/// Cosine similarity (TF-IDF of what two sentences say beyond the topic and the
/// date) from which two sentences with the same date are one report, reworded.
const SAME_SENTENCE: f32 = 0.3;
/// Share of the archive's articles a name may appear in and still mark an event
/// ("Helsinki", "Anchorage" do; "Trump" in a Trump archive does not); a name in at
/// most two articles always does.
const RARE_NAME_SHARE: f32 = 0.05;

/// One dated sentence, before events are merged.
struct Dated<'a> {
    article: &'a Article,
    /// The article's place among those read (for their term vectors).
    index: usize,
    span: Span,
    found: FoundDate,
    from: DateFrom,
    vector: TermVector,
    /// Rare names the sentence gives beyond the topic and the date (a place, a
    /// summit's name): two sentences with the same date and a shared one tell the
    /// same event.
    names: Vec<String>,
}

/// The events of `topic` in date order, within `[since, until]` when given:
/// empty when no article is about the topic (see [`about`]).
/// `duplicate_keys` (article id to near-duplicate group) folds copies together.
pub fn timeline(
    r: &Retriever,
    duplicate_keys: &BTreeMap<String, String>,
    topic: &str,
    since: Option<Date>,
    until: Option<Date>,
) -> Result<Timeline> {
    if let (Some(since), Some(until)) = (since, until)
        && since > until
    {
        return Err(Error::DatesReversed { since, until });
    }
    let mut analyzer = analyzer();
    let parsed = query::parse(&mut analyzer, topic)?;
    let weights = r.term_weights(&parsed);
    let topic_words = words_to_find(&mut analyzer, topic);
    let (top, _) = r.ranked(&parsed, &Filters::default(), ARTICLES_READ)?;
    let mut articles = Vec::with_capacity(top.len());
    for (_, addr) in top {
        articles.push(r.stored(addr)?.article);
    }

    let n = r.num_docs() as f32;
    let rare_idf = crate::index::retrieve::idf(n, (n * RARE_NAME_SHARE).max(2.0));
    let mut idf = |t: &str| r.idf(t);
    let mut vocab = Vocabulary::default();
    let mut dated: Vec<Dated> = Vec::new();
    let mut article_vectors = Vec::with_capacity(articles.len());
    for (index, a) in articles.iter().enumerate() {
        let (vector, _) = event_vector(&mut analyzer, &mut vocab, &mut idf, a);
        article_vectors.push(vector);
        // A very long article is read around the topic's words (and its lead).
        let windows = reading_windows(&a.body, &topic_words);
        let (ps, doc_terms) = passages_in(&mut analyzer, &a.title, &a.body, &windows);
        let title_terms = tokenize(&mut analyzer, &a.title)
            .into_iter()
            .map(|t| t.term);
        let all_terms: Vec<String> = doc_terms.into_iter().chain(title_terms).collect();
        if !about(&weights, &all_terms) {
            continue;
        }
        let mut mine: Vec<(f32, Dated)> = Vec::new();
        for p in &ps {
            if p.is_question {
                continue;
            }
            // A sentence said twice in one article (a standfirst repeated as the
            // first paragraph) is one event.
            let text = p.span.of(&a.body);
            if !about(&weights, &p.terms) || mine.iter().any(|(_, d)| d.span.of(&a.body) == text) {
                continue;
            }
            let cover = coverage(&weights, &mut p.terms.iter());
            // The most precise date the sentence gives, the first of those: "met
            // Putin in Helsinki on 16 July 2018" is not dated by "the 2016 election"
            // it also mentions.
            let found = dates::dates_in(p.span.of(&a.body), a.published)
                .into_iter()
                .rev()
                .max_by_key(|d| d.precision);
            let (found, from) = match (found, a.published) {
                (Some(f), _) => (f, DateFrom::Text),
                // The lead reports what happened when the article came out.
                (None, Some(d)) if p.position == 0 => (
                    FoundDate {
                        date: d,
                        precision: Precision::Day,
                        relative: false,
                        span: Span { start: 0, end: 0 },
                    },
                    DateFrom::Published,
                ),
                _ => continue,
            };
            // What the sentence says beyond the topic and the date, which every
            // candidate for the same event shares anyway.
            let date_words: Vec<String> = tokenize(&mut analyzer, found.span.of(text))
                .into_iter()
                .map(|t| t.term)
                .collect();
            let vector = vocab.vector(
                p.terms
                    .iter()
                    .filter(|t| !weights.contains_key(*t) && !date_words.contains(t))
                    .map(String::as_str),
                &mut idf,
            );
            let names: Vec<String> = tokenize(&mut analyzer, text)
                .into_iter()
                .filter(|t| {
                    text[t.start..t.end].starts_with(char::is_uppercase)
                        && !t.stop
                        && !weights.contains_key(&t.term)
                        && !date_words.contains(&t.term)
                        && r.idf(&t.term) >= rare_idf
                })
                .map(|t| t.term)
                .collect();
            mine.push((
                cover,
                Dated {
                    names,
                    article: a,
                    index,
                    span: p.span,
                    found,
                    from,
                    vector,
                },
            ));
        }
        // The best covered, told in the article's order.
        mine.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.span.cmp(&b.1.span)));
        // One event per date and article: an article's later mentions of the same
        // day ("while Trump was forming a partnership with Putin on Saturday")
        // retell the event its best sentence gives.
        let mut seen = Vec::new();
        mine.retain(|(_, d)| {
            let key = (d.found.date, d.found.precision);
            let first = !seen.contains(&key);
            seen.push(key);
            first
        });
        mine.truncate(PER_ARTICLE);
        mine.sort_by_key(|(_, d)| d.span);
        dated.extend(mine.into_iter().map(|(_, d)| d));
    }
    dated.retain(|d| within(&d.found, since, until));

    // Earliest date first; at one date the less precise first ("2017" opens the
    // year), then the first report.
    dated.sort_by(|a, b| {
        (
            a.found.date,
            a.found.precision,
            a.article.published.is_none(),
        )
            .cmp(&(
                b.found.date,
                b.found.precision,
                b.article.published.is_none(),
            ))
            .then(a.article.published.cmp(&b.article.published))
            .then(a.article.id.cmp(&b.article.id))
            .then(a.span.cmp(&b.span))
    });

    // One event per happening: a later report of the same date and the same words
    // (or the same story's lead, or a copy of the article) joins the first.
    let mut events: Vec<(usize, Vec<usize>)> = Vec::new(); // lead, others
    for (i, d) in dated.iter().enumerate() {
        let joins = events.iter_mut().find(|(lead, others)| {
            let e = &dated[*lead];
            let same_date = e.found.date == d.found.date && e.found.precision == d.found.precision;
            let article_taken = e.article.id == d.article.id
                || others.iter().any(|&o| dated[o].article.id == d.article.id);
            if !same_date || article_taken {
                return false;
            }
            let copies = matches!(
                (duplicate_keys.get(&e.article.id), duplicate_keys.get(&d.article.id)),
                (Some(x), Some(y)) if x == y
            );
            let similarity = e.vector.cosine(&d.vector);
            tracing::debug!(a = %e.article.id, b = %d.article.id, date = %d.found.label(), similarity, "same-event similarity");
            let same_words = similarity >= SAME_SENTENCE;
            let same_name = e.names.iter().any(|x| d.names.contains(x));
            let same_story = e.from == DateFrom::Published
                && d.from == DateFrom::Published
                && article_vectors[e.index].cosine(&article_vectors[d.index]) >= SAME_EVENT;
            copies || same_words || same_name || same_story
        });
        match joins {
            Some((_, others)) => others.push(i),
            None => events.push((i, Vec::new())),
        }
    }
    events.truncate(MAX_EVENTS);

    let events = events
        .into_iter()
        .map(|(lead, others)| {
            let d = &dated[lead];
            let a = d.article;
            Event {
                date: d.found.label(),
                precision: d.found.precision,
                date_from: d.from,
                date_text: (d.from == DateFrom::Text).then(|| {
                    let s = d.span.of(&a.body);
                    d.found.span.of(s).to_string()
                }),
                text: d.span.of(&a.body).to_string(),
                article: ArticleRef::from(a),
                start: d.span.start,
                end: d.span.end,
                also: others
                    .into_iter()
                    .map(|o| {
                        let d = &dated[o];
                        let a = d.article;
                        EventReport {
                            article: ArticleRef::from(a),
                            text: d.span.of(&a.body).to_string(),
                            start: d.span.start,
                            end: d.span.end,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Timeline {
        topic: topic.to_string(),
        since,
        until,
        events,
    })
}

/// Whether words are about the topic: at least half the topic's words, holding at
/// least [`MIN_COVERAGE`] of their weight (so the rare word of "Macron Putin
/// meetings" cannot be the one missing). A topic of four words or more says more,
/// and must be met more: two thirds of its words and half their weight (with half,
/// "Ad sales boost Time Warner profit" took in Renault's profits).
fn about(weights: &HashMap<String, f32>, terms: &[String]) -> bool {
    let present = weights.keys().filter(|w| terms.contains(w)).count();
    let cover = coverage(weights, &mut terms.iter());
    if weights.len() >= 4 {
        3 * present >= 2 * weights.len() && cover >= 0.5
    } else {
        2 * present >= weights.len() && cover >= MIN_COVERAGE
    }
}

/// Whether the period a date names overlaps `[since, until]`.
fn within(found: &FoundDate, since: Option<Date>, until: Option<Date>) -> bool {
    let first = found.date;
    let last = match found.precision {
        Precision::Day => Some(first),
        Precision::Week => first.checked_add(6.days()).ok(),
        Precision::Month => Some(first.last_of_month()),
        Precision::Year => Date::new(first.year(), 12, 31).ok(),
    }
    .unwrap_or(first);
    since.is_none_or(|s| last >= s) && until.is_none_or(|u| first <= u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(date: &str, precision: Precision) -> FoundDate {
        FoundDate {
            date: date.parse().unwrap(),
            precision,
            relative: false,
            span: Span { start: 0, end: 0 },
        }
    }

    #[test]
    fn a_period_is_within_a_window_it_overlaps() {
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        let year = found("2018-01-01", Precision::Year);
        assert!(within(&year, d("2018-07-01"), None));
        assert!(within(&year, None, d("2018-01-01")));
        assert!(!within(&year, d("2019-01-01"), None));
        assert!(!within(&year, None, d("2017-12-31")));
        let month = found("2022-02-01", Precision::Month);
        assert!(within(&month, d("2022-02-28"), d("2022-03-10")));
        assert!(!within(&month, d("2022-03-01"), None));
        let week = found("2017-07-17", Precision::Week);
        assert!(within(&week, d("2017-07-23"), None));
        assert!(!within(&week, d("2017-07-24"), None));
        assert!(within(&found("2017-01-28", Precision::Day), None, None));
    }
}
