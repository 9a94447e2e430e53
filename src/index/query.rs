//! Lenient query building: any text a user types becomes a query, never a syntax
//! error. Double quotes make phrases; everything else is free text. tantivy's query
//! language (`field:`, `AND`, parentheses, `^2`) has no meaning here, so none of it
//! can leak to users as a parse error.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::text::tokenize;
use crate::{Error, Result};

/// Most distinct words a query keeps; the rest of a pasted essay is ignored.
pub const MAX_TERMS: usize = 32;
/// Most phrases a query keeps.
const MAX_PHRASES: usize = 8;

/// Verbs that ask for what someone said; they are not evidence words themselves.
const SPEECH_VERBS: &[&str] = &["say", "says", "said", "saying", "tell", "tells", "told"];

/// A user's query, analyzed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedQuery {
    /// The text as typed.
    pub text: String,
    /// Quoted phrases, as analyzed terms (stop words kept).
    pub phrases: Vec<Vec<String>>,
    /// Distinct content words (stop words dropped unless nothing else is left).
    pub terms: Vec<String>,
    /// Whether the question asks what someone said ("what did X say …").
    pub asks_for_speech: bool,
}

impl ParsedQuery {
    /// Every term that counts as a match in a text: content words and the content
    /// words of phrases.
    pub fn match_terms(&self) -> Vec<String> {
        let mut all = self.terms.clone();
        for p in &self.phrases {
            for t in p {
                if !all.contains(t) && !crate::text::stopwords::is_stop_word(t) {
                    all.push(t.clone());
                }
            }
        }
        all
    }
}

/// Splits text on double quotes: `(inside_quotes, piece)`. An unbalanced quote
/// opens nothing: the text after it is free text.
fn quoted_pieces(text: &str) -> Vec<(bool, &str)> {
    let is_quote = |c: char| matches!(c, '"' | '“' | '”' | '„');
    let count = text.chars().filter(|&c| is_quote(c)).count();
    let mut pieces = Vec::new();
    let mut inside = false;
    let mut seen = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_quote(c) {
            seen += 1;
            pieces.push((inside, &text[start..i]));
            start = i + c.len_utf8();
            // The last quote of an odd count closes nothing and opens nothing.
            inside = if count % 2 == 1 && seen == count {
                false
            } else {
                !inside
            };
        }
    }
    pieces.push((inside, &text[start..]));
    pieces
}

/// Analyzes user text into a [`ParsedQuery`]. Fails only with a user error that
/// says what to do: for an empty query, or one without a single searchable word.
pub fn parse(analyzer: &mut TextAnalyzer, text: &str) -> Result<ParsedQuery> {
    if text.trim().is_empty() {
        return Err(Error::EmptyQuery);
    }
    let mut parsed = ParsedQuery {
        text: text.to_string(),
        ..ParsedQuery::default()
    };
    let mut content = Vec::new();
    let mut stops = Vec::new();
    for (inside, piece) in quoted_pieces(text) {
        let tokens = tokenize(analyzer, piece);
        if inside {
            let phrase: Vec<String> = tokens
                .iter()
                .map(|t| t.term.clone())
                .take(MAX_TERMS)
                .collect();
            if !phrase.is_empty() && parsed.phrases.len() < MAX_PHRASES {
                parsed.phrases.push(phrase);
            }
            continue;
        }
        for t in tokens {
            let surface = piece[t.start..t.end].to_lowercase();
            if SPEECH_VERBS.contains(&surface.as_str()) {
                parsed.asks_for_speech = true;
                continue;
            }
            let bucket = if t.stop { &mut stops } else { &mut content };
            if !bucket.contains(&t.term) && bucket.len() < MAX_TERMS {
                bucket.push(t.term);
            }
        }
    }
    parsed.terms = if content.is_empty() && parsed.phrases.is_empty() {
        stops
    } else {
        content
    };
    if parsed.terms.is_empty() && parsed.phrases.is_empty() {
        return Err(Error::NoSearchableWords(text.to_string()));
    }
    Ok(parsed)
}

/// Field weights and boosts for [`build`].
#[derive(Debug, Clone, Copy)]
pub struct QueryFields {
    /// Headline field.
    pub title: Field,
    /// Body field.
    pub body: Field,
    /// Weight of headline matches.
    pub title_boost: f32,
    /// Weight of the proximity clauses.
    pub phrase_boost: f32,
}

fn term_query(field: Field, term: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, term),
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

fn phrase_query(field: Field, terms: &[String], slop: u32) -> Box<dyn Query> {
    if terms.len() == 1 {
        return term_query(field, &terms[0]);
    }
    let terms = terms
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    let mut q = PhraseQuery::new(terms);
    q.set_slop(slop);
    Box::new(q)
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// The text part of a search: BM25 over title and body, quoted phrases required.
/// Proximity is scored separately ([`proximity`]), only on the best candidates.
pub fn build(parsed: &ParsedQuery, f: QueryFields) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for phrase in &parsed.phrases {
        let either = BooleanQuery::new(vec![
            (Occur::Should, phrase_query(f.body, phrase, 0)),
            (
                Occur::Should,
                boosted(phrase_query(f.title, phrase, 0), f.title_boost),
            ),
        ]);
        clauses.push((Occur::Must, Box::new(either)));
    }
    if !parsed.terms.is_empty() {
        let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in &parsed.terms {
            words.push((Occur::Should, term_query(f.body, term)));
            words.push((
                Occur::Should,
                boosted(term_query(f.title, term), f.title_boost),
            ));
        }
        // With a phrase present, free words only rank; without one, at least one of
        // them must match.
        let occur = if parsed.phrases.is_empty() {
            Occur::Must
        } else {
            Occur::Should
        };
        clauses.push((occur, Box::new(BooleanQuery::new(words))));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The proximity score: consecutive query words standing within three positions of
/// each other in the body. `None` when it does not apply (fewer than two words, or
/// no boost).
pub fn proximity(parsed: &ParsedQuery, f: QueryFields) -> Option<Box<dyn Query>> {
    if f.phrase_boost <= 0.0 || parsed.terms.len() < 2 {
        return None;
    }
    let pairs: Vec<(Occur, Box<dyn Query>)> = parsed
        .terms
        .windows(2)
        .map(|pair| {
            (
                Occur::Should,
                boosted(phrase_query(f.body, pair, 3), f.phrase_boost),
            )
        })
        .collect();
    Some(Box::new(BooleanQuery::new(pairs)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyzer;

    fn p(text: &str) -> Result<ParsedQuery> {
        parse(&mut analyzer(), text)
    }

    #[test]
    fn question_words_are_dropped_and_speech_is_noticed() {
        let q = p("What did Putin say about Trump at APEC?").unwrap();
        assert_eq!(q.terms, ["putin", "trump", "apec"]);
        assert!(q.asks_for_speech);
    }

    #[test]
    fn quotes_make_phrases_and_unbalanced_quotes_are_free_text() {
        let q = p("\"feel-out meeting\" Trump").unwrap();
        assert_eq!(q.phrases, [vec!["feel", "out", "meet"]]);
        assert_eq!(q.terms, ["trump"]);
        let q = p("Putin \"summit").unwrap();
        assert!(q.phrases.is_empty());
        assert_eq!(q.terms, ["putin", "summit"]);
    }

    #[test]
    fn query_syntax_is_just_words() {
        let q = p("title:( AND body:[a TO z] ^2").unwrap();
        assert_eq!(q.terms, ["titl", "bodi", "z", "2"]);
        let q = p("AND OR NOT").unwrap();
        assert_eq!(q.terms, ["and", "or", "not"], "all stop words: keep them");
    }

    #[test]
    fn empty_and_wordless_queries_are_user_errors() {
        for text in ["", "   ", "🙂🙃", "?!…", "\"\""] {
            let e = p(text).unwrap_err();
            assert!(e.is_user_error(), "{text}: {e}");
        }
    }

    #[test]
    fn long_queries_are_capped() {
        let text: String = (0..3000).map(|i| format!("w{i} ")).collect();
        assert_eq!(p(&text).unwrap().terms.len(), MAX_TERMS);
    }
}
