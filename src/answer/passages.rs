//! Candidate sentences of an article: quotable sentences (see
//! [`crate::text::boilerplate::is_quotable`]) with their content terms.

use tantivy::tokenizer::TextAnalyzer;

use crate::text::boilerplate::{boilerplate_lines, is_quotable};
use crate::text::{Span, sentences, tokenize};

/// A quotable sentence of one article.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Byte range in the body.
    pub span: Span,
    /// Index among the article's quotable sentences (0 = lead).
    pub position: usize,
    /// Stemmed content terms (stop words removed), in order, with repeats.
    pub terms: Vec<String>,
    /// Whether it carries a direct quotation or reports speech.
    pub reports_speech: bool,
    /// Whether it is itself a question (which answers nothing).
    pub is_question: bool,
    /// Whether it is a finished sentence; otherwise a line that may still answer
    /// ("Presenter: Hazem Sika", a bullet point). Only [`answer_passages`] keeps those.
    pub finished: bool,
}

/// Verbs (and "according") that report speech: a sentence holding one, or a
/// quotation, reports what someone said; one right before or after a person's name
/// says who (see `ask::speaks`). The common reporting verbs of news writing.
pub(crate) const REPORTING_WORDS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "described",
    "describes",
    "called",
    "calls",
    "added",
    "warned",
    "stated",
    "insisted",
    "argued",
    "claimed",
    "admitted",
    "acknowledged",
    "believes",
    "believed",
    "thinks",
    "thought",
    "revealed",
    "explained",
    "suggested",
    "praised",
    "criticised",
    "criticized",
    "characterised",
    "characterized",
    "emphasised",
    "emphasized",
    "stressed",
    "noted",
    "urged",
    "announced",
    "declared",
    "replied",
    "wrote",
    "vowed",
    "pledged",
    "accused",
    "denied",
    "predicted",
    "promised",
    "according",
];

/// The quotable sentences of `body` (the headline repeated atop it excepted), and the
/// set of all its analyzed terms.
pub fn passages(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
) -> (Vec<Passage>, Vec<String>) {
    split(analyzer, title, body, false)
}

/// Like [`passages`], and also the unfinished lines of two or more words that are not
/// boilerplate (a caption, a "Name: role" line, a bullet point): they can answer a
/// question though they would not do in a summary.
pub fn answer_passages(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
) -> (Vec<Passage>, Vec<String>) {
    split(analyzer, title, body, true)
}

/// Like [`answer_passages`], over only the parts of `body` in `windows` (in order,
/// not overlapping; see [`super::windows`]): spans stay offsets into the whole body.
pub fn answer_passages_in(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
    windows: &[Span],
) -> (Vec<Passage>, Vec<String>) {
    split_windows(analyzer, title, body, windows, true)
}

/// Like [`passages`], over only the parts of `body` in `windows`.
pub fn passages_in(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
    windows: &[Span],
) -> (Vec<Passage>, Vec<String>) {
    split_windows(analyzer, title, body, windows, false)
}

fn split_windows(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
    windows: &[Span],
    with_lines: bool,
) -> (Vec<Passage>, Vec<String>) {
    let mut all = Vec::new();
    let mut all_terms = Vec::new();
    for (k, w) in windows.iter().enumerate() {
        let (ps, terms) = split(analyzer, title, w.of(body), with_lines);
        // Positions skip one between windows: sentences on either side of a gap
        // in the reading are not neighbours.
        let first = all.len() + k;
        all.extend(ps.into_iter().enumerate().map(|(i, mut p)| {
            p.span = Span {
                start: p.span.start + w.start,
                end: p.span.end + w.start,
            };
            p.position = first + i;
            p
        }));
        all_terms.extend(terms);
    }
    if windows.len() > 1 {
        all_terms.sort_unstable();
        all_terms.dedup();
    }
    (all, all_terms)
}

fn split(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
    with_lines: bool,
) -> (Vec<Passage>, Vec<String>) {
    let tokens = tokenize(analyzer, body);
    let boilerplate = boilerplate_lines(body);
    let mut all_terms: Vec<String> = tokens
        .iter()
        .filter(|t| {
            !boilerplate
                .iter()
                .any(|b| b.start <= t.start && t.end <= b.end)
        })
        .map(|t| t.term.clone())
        .collect();
    all_terms.sort_unstable();
    all_terms.dedup();
    let mut out = Vec::new();
    let mut t = 0;
    for span in sentences(body) {
        while t < tokens.len() && tokens[t].start < span.start {
            t += 1;
        }
        if span.of(body) == title.trim() {
            continue;
        }
        let finished = is_quotable(body, span, &boilerplate);
        let line_ok = with_lines
            && !finished
            && !boilerplate.iter().any(|b| b.overlaps(&span))
            && (2..=60).contains(&span.of(body).split_whitespace().count());
        if !finished && !line_ok {
            continue;
        }
        let mut terms = Vec::new();
        let mut k = t;
        while k < tokens.len() && tokens[k].end <= span.end {
            if !tokens[k].stop {
                terms.push(tokens[k].term.clone());
            }
            k += 1;
        }
        let text = span.of(body);
        let reports_speech = text.contains(['"', '“', '”'])
            || text
                .split(|c: char| !c.is_alphabetic())
                .any(|w| REPORTING_WORDS.contains(&w));
        let is_question = text
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with('?');
        out.push(Passage {
            span,
            position: out.len(),
            terms,
            reports_speech,
            is_question,
            finished,
        });
    }
    (out, all_terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyzer;

    #[test]
    fn boilerplate_and_headings_are_not_passages() {
        let body = "The Headline Repeated?\nSkip ad (3)\nA heading without a stop\nTrump said he believed Putin was \"very insulted by it.\"\nSubscribe to our channel now, please do it today.\n";
        let (ps, terms) = passages(&mut analyzer(), "The Headline Repeated?", body);
        assert_eq!(ps.len(), 1);
        assert_eq!(
            ps[0].span.of(body),
            "Trump said he believed Putin was \"very insulted by it.\""
        );
        assert!(ps[0].reports_speech);
        assert!(ps[0].terms.contains(&"insult".to_string()));
        assert!(terms.contains(&"head".to_string()));
        assert!(!terms.contains(&"subscrib".to_string()));
    }
}
