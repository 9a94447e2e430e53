//! Search excerpts: a verbatim span of the body around the best match, with the
//! matched words' byte ranges.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

use crate::reply::Excerpt;
use crate::text::boilerplate::boilerplate_lines;
use crate::text::{Span, sentences, tokenize};

/// Picks the excerpt of `body` for a query whose terms have the given weights.
///
/// The best paragraph (line) is the one covering the most query weight (boilerplate
/// lines and the headline repeated atop the body count for little); within it, the
/// best sentence, plus the next one while the excerpt stays under `max_chars`; a
/// sentence longer than that is cut to a window around its matches, at word
/// boundaries. Only the chosen paragraph is segmented into sentences, and only words
/// that could stem to a query term are stemmed, which keeps excerpts cheap.
pub fn excerpt(
    analyzer: &mut TextAnalyzer,
    title: &str,
    body: &str,
    weights: &HashMap<String, f32>,
    max_chars: usize,
) -> Excerpt {
    let matches = match_spans(analyzer, body, weights);
    let boilerplate = boilerplate_lines(body);
    let title = title.trim();

    // Score each non-empty line by the distinct query weight it holds.
    let mut best: Option<(f32, Span)> = None;
    let mut lead: Option<Span> = None;
    let mut offset = 0;
    let mut m = 0;
    for line in body.split_inclusive('\n') {
        let span = Span {
            start: offset,
            end: offset + line.trim_end().len(),
        };
        offset += line.len();
        if span.of(body).trim().is_empty() {
            continue;
        }
        let furniture =
            boilerplate.iter().any(|b| b.overlaps(&span)) || span.of(body).trim() == title;
        if lead.is_none() && !furniture {
            lead = Some(span);
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        while m < matches.len() && matches[m].0.start < span.end {
            let (s, term) = &matches[m];
            if s.start >= span.start {
                let w = weights[term.as_str()];
                score += if seen.contains(&term.as_str()) {
                    0.1 * w
                } else {
                    w
                };
                seen.push(term);
            }
            m += 1;
        }
        if furniture {
            score *= 0.2;
        }
        if score > 0.0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, span));
        }
    }
    // No match in the body (a headline-only match): show the lead.
    let Some(paragraph) = best.map(|(_, s)| s).or(lead) else {
        return Excerpt::default();
    };

    let text = paragraph.of(body);
    let sents: Vec<Span> = sentences(text)
        .into_iter()
        .map(|s| Span {
            start: s.start + paragraph.start,
            end: s.end + paragraph.start,
        })
        .collect();
    let Some(first_sentence) = sents.first().copied() else {
        return Excerpt::default();
    };
    let in_paragraph: Vec<&(Span, String)> = matches
        .iter()
        .filter(|(s, _)| paragraph.start <= s.start && s.end <= paragraph.end)
        .collect();
    let mut chosen = (0.0f32, 0usize);
    for (i, s) in sents.iter().enumerate() {
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        for (m, term) in in_paragraph.iter().map(|(m, t)| (m, t.as_str())) {
            if s.start <= m.start && m.end <= s.end {
                let w = weights[term];
                score += if seen.contains(&term) { 0.1 * w } else { w };
                seen.push(term);
            }
        }
        if score > chosen.0 {
            chosen = (score, i);
        }
    }
    let mut span = if chosen.0 > 0.0 {
        sents[chosen.1]
    } else {
        first_sentence
    };
    if chars(body, span) > max_chars {
        let anchor = in_paragraph
            .iter()
            .map(|(m, _)| *m)
            .find(|m| span.overlaps(m))
            .unwrap_or(span);
        span = window(body, span, anchor, max_chars);
    } else if let Some(next) = sents.get(chosen.1 + 1) {
        let joined = Span {
            start: span.start,
            end: next.end,
        };
        if chars(body, joined) <= max_chars {
            span = joined;
        }
    }
    Excerpt {
        text: span.of(body).to_string(),
        start: span.start,
        end: span.end,
        highlights: matches
            .iter()
            .filter(|(m, _)| m.start >= span.start && m.end <= span.end)
            .map(|(m, _)| [m.start, m.end])
            .collect(),
    }
}

/// The words of `body` whose analyzed form is a query term, with that term, in order.
/// Words are found as the index's tokenizer finds them (runs of alphanumeric
/// characters); a word is only stemmed if it could stem to a query term (its first
/// letters match a term's), since stemming every word of every hit is the cost.
fn match_spans(
    analyzer: &mut TextAnalyzer,
    body: &str,
    weights: &HashMap<String, f32>,
) -> Vec<(Span, String)> {
    let prefixes: Vec<&[u8]> = weights
        .keys()
        .map(|t| &t.as_bytes()[..t.len().min(3)])
        .collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut check = |s: usize, e: usize, out: &mut Vec<(Span, String)>| {
        let word = &body[s..e];
        if word.len() > 40 {
            return;
        }
        let ascii = word.is_ascii();
        let candidate = !ascii
            || prefixes.iter().any(|p| {
                word.len() >= p.len() && word.as_bytes()[..p.len()].eq_ignore_ascii_case(p)
            });
        if !candidate {
            return;
        }
        for t in tokenize(analyzer, word) {
            if weights.contains_key(&t.term) {
                out.push((
                    Span {
                        start: s + t.start,
                        end: s + t.end,
                    },
                    t.term,
                ));
            }
        }
    };
    for (i, c) in body.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            check(s, i, &mut out);
        }
    }
    if let Some(s) = start {
        check(s, body.len(), &mut out);
    }
    out
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
