//! Search excerpts: a verbatim span of the body around the best match, with the
//! matched words' byte ranges.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

use crate::reply::Excerpt;
use crate::text::boilerplate::boilerplate_lines;
use crate::text::{Span, sentences, tokenize};

/// Picks the excerpt of `body` for a query whose terms have the given weights.
///
/// The best sentence is the one covering the most query weight (boilerplate lines
/// count for little); a following sentence is added while the excerpt stays under
/// `max_chars`; a sentence longer than that is cut to a window around its matches,
/// at word boundaries.
pub fn excerpt(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
    weights: &HashMap<String, f32>,
    max_chars: usize,
) -> Excerpt {
    let tokens = tokenize(analyzer, body);
    let matches: Vec<Span> = tokens
        .iter()
        .filter(|t| weights.contains_key(&t.term))
        .map(|t| Span {
            start: t.start,
            end: t.end,
        })
        .collect();
    let sents = sentences(body);
    if sents.is_empty() {
        return Excerpt::default();
    }
    let boilerplate = boilerplate_lines(body);
    let mut best: Option<(f32, usize)> = None;
    let mut t = 0;
    for (i, s) in sents.iter().enumerate() {
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        while t < tokens.len() && tokens[t].start < s.end {
            let term = tokens[t].term.as_str();
            if tokens[t].start >= s.start
                && let Some(w) = weights.get(term)
            {
                score += if seen.contains(&term) { 0.1 * w } else { *w };
                seen.push(term);
            }
            t += 1;
        }
        // Page furniture, and the headline repeated atop the body, say less than
        // the sentences of the story.
        if boilerplate.iter().any(|b| b.overlaps(s)) || s.of(body) == title.trim() {
            score *= 0.2;
        }
        if score > 0.0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    // No match in the body (a headline-only match): show the lead.
    let lead = sents
        .iter()
        .position(|s| s.of(body) != title.trim())
        .unwrap_or(0);
    let first = best.map_or(lead, |(_, i)| i);
    let mut span = sents[first];
    if chars(body, span) > max_chars {
        let anchor = matches
            .iter()
            .find(|m| span.overlaps(m))
            .copied()
            .unwrap_or(span);
        span = window(body, span, anchor, max_chars);
    } else if let Some(next) = sents.get(first + 1) {
        let joined = Span {
            start: span.start,
            end: next.end,
        };
        if chars(body, joined) <= max_chars && !boilerplate.iter().any(|b| b.overlaps(next)) {
            span = joined;
        }
    }
    Excerpt {
        text: span.of(body).to_string(),
        start: span.start,
        end: span.end,
        highlights: matches
            .iter()
            .filter(|m| m.start >= span.start && m.end <= span.end)
            .map(|m| [m.start, m.end])
            .collect(),
    }
}

fn chars(body: &str, span: Span) -> usize {
    span.of(body).chars().count()
}

/// A window of at most `max_chars` inside `outer` that starts a little before
/// `anchor`, cut at whitespace so no word is split.
fn window(body: &str, outer: Span, anchor: Span, max_chars: usize) -> Span {
    let text = outer.of(body);
    let rel_anchor = anchor.start.saturating_sub(outer.start);
    // Start about a third of the window before the first match.
    let lead = max_chars / 3;
    let mut start = text[..rel_anchor]
        .char_indices()
        .rev()
        .nth(lead)
        .map_or(0, |(i, _)| i);
    if start > 0 {
        // Move forward to the start of the next word.
        start = text[start..]
            .find(char::is_whitespace)
            .map_or(start, |ws| start + ws)
            .min(rel_anchor);
        start += text[start..].len() - text[start..].trim_start().len();
    }
    let rest = &text[start..];
    let mut end = rest
        .char_indices()
        .nth(max_chars)
        .map_or(rest.len(), |(i, _)| i);
    if end < rest.len()
        && let Some(ws) = rest[..end].rfind(char::is_whitespace)
        && ws > 0
    {
        end = ws;
    }
    let end = start + rest[..end].trim_end().len();
    Span {
        start: outer.start + start,
        end: outer.start + end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyzer;

    fn weights(terms: &[&str]) -> HashMap<String, f32> {
        terms.iter().map(|t| (t.to_string(), 1.0)).collect()
    }

    #[test]
    fn picks_the_matching_sentence_verbatim_with_highlights() {
        let body = "Skip ad\nLead sentence here. The APEC summit was in Vietnam. Another one.";
        let e = excerpt(
            &mut analyzer(),
            "Title",
            body,
            &weights(&["apec", "vietnam"]),
            40,
        );
        assert_eq!(e.text, "The APEC summit was in Vietnam.");
        assert_eq!(&body[e.start..e.end], e.text);
        let words: Vec<&str> = e.highlights.iter().map(|[s, t]| &body[*s..*t]).collect();
        assert_eq!(words, ["APEC", "Vietnam"]);
    }

    #[test]
    fn long_sentences_are_windowed_at_word_boundaries() {
        let body = format!("{} needle {}.", "word ".repeat(200), "tail ".repeat(200));
        let e = excerpt(&mut analyzer(), "Title", &body, &weights(&["needl"]), 80);
        assert!(e.text.contains("needle"), "{}", e.text);
        assert!(e.text.chars().count() <= 80);
        assert_eq!(&body[e.start..e.end], e.text);
        assert!(!e.text.starts_with(' ') && !e.text.ends_with(' '));
        assert!(
            e.text
                .split_whitespace()
                .all(|w| ["word", "needle", "tail"].contains(&w))
        );
    }

    #[test]
    fn the_headline_atop_the_body_is_not_the_excerpt() {
        let body = "Putin at APEC\nPutin met Trump at the APEC summit.";
        let e = excerpt(
            &mut analyzer(),
            "Putin at APEC",
            body,
            &weights(&["putin", "apec"]),
            300,
        );
        assert_eq!(e.text, "Putin met Trump at the APEC summit.");
    }

    #[test]
    fn no_body_match_shows_the_lead() {
        let body = "First sentence. Second sentence.";
        let e = excerpt(&mut analyzer(), "Title", body, &weights(&["zzz"]), 300);
        assert_eq!(e.text, "First sentence. Second sentence.");
        assert!(e.highlights.is_empty());
    }
}
