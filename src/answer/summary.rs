//! Summarising one article: its key sentences in their order, and its key direct
//! quotations.

use crate::corpus::Article;
use crate::index::Retriever;
use crate::reply::{Answer, AnswerSentence, Citations, Quote};
use crate::text::analyzer::tokenize;
use crate::text::boilerplate::boilerplate_lines;
use crate::text::{Span, analyzer};

use super::passages::passages;
use super::vectors::Vocabulary;
use super::windows::lead;

/// Sentences at least this similar to a chosen one are left out as repetitive.
const REDUNDANT: f32 = 0.6;
/// Most direct quotations listed.
const MAX_QUOTES: usize = 5;
/// Taken off a sentence that speaks to the reader or for the writer: about the
/// weight of being the article's second sentence.
const ASIDE_PENALTY: f32 = 0.3;
/// Added to a sentence that reports what someone said.
const SPEECH_BONUS: f32 = 0.1;

/// Whether a sentence is the writer's aside rather than news: it asks the reader a
/// question, or, outside quotation marks, addresses the reader ("If you were already
/// worried …") or speaks for the writer ("… in our election").
fn is_aside(sentence: &str) -> bool {
    if sentence.trim_end().ends_with('?') {
        return true;
    }
    let mut outside = String::new();
    let mut quoted = false;
    let mut chars = sentence.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '“' | '‘' => quoted = true,
            '”' => quoted = false,
            '"' => quoted = !quoted,
            // ’ closes a ‘…’ quotation; inside a word ("it’s") it is an apostrophe.
            '’' if quoted && !chars.peek().is_some_and(|n| n.is_alphabetic()) => quoted = false,
            _ if !quoted => outside.push(c),
            _ => {}
        }
    }
    outside
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        // "US" is the country, not "us".
        .filter(|w| !(w.len() > 1 && w.chars().all(|c| c.is_uppercase())))
        .map(|w| w.to_lowercase().replace('’', "'"))
        .any(|w| {
            matches!(
                w.as_str(),
                "you" | "your" | "you're" | "you'll" | "you've" | "yourself" | "our" | "we" | "us"
            )
        })
}

/// Summarises one article in at most `max_sentences`: its key sentences in order
/// (centrality within the article, the lead, overlap with the headline), each cited,
/// and its key quotes.
pub fn summarize_article(r: &Retriever, article: Article, max_sentences: usize) -> Answer {
    let mut idf_of = |t: &str| r.idf(t);

    let mut analyzer = analyzer();
    // A very long body is summarised from its lead (centrality is quadratic).
    let (ps, _) = passages(&mut analyzer, &article.title, lead(&article.body));
    let mut vocab = Vocabulary::default();
    let title_terms: Vec<String> = tokenize(&mut analyzer, &article.title)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.term)
        .collect();
    let title = vocab.vector(title_terms.iter().map(String::as_str), &mut idf_of);
    let vectors: Vec<_> = ps
        .iter()
        .map(|p| vocab.vector(p.terms.iter().map(String::as_str), &mut idf_of))
        .collect();
    let n = ps.len();
    let mut scored: Vec<(f32, usize)> = (0..n)
        .map(|i| {
            let centrality = if n > 1 {
                (0..n)
                    .filter(|&j| j != i)
                    .map(|j| vectors[i].cosine(&vectors[j]))
                    .sum::<f32>()
                    / (n - 1) as f32
            } else {
                1.0
            };
            let lead = 1.0 / (1.0 + ps[i].position as f32 / 2.0);
            let headline = vectors[i].cosine(&title);
            // News (who did or said what) over the writer's asides to the reader.
            let text = ps[i].span.of(&article.body);
            let news = if is_aside(text) {
                -ASIDE_PENALTY
            } else if ps[i].reports_speech {
                SPEECH_BONUS
            } else {
                0.0
            };
            (0.45 * centrality + 0.35 * lead + 0.2 * headline + news, i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let want = max_sentences.min(n.div_ceil(3).max(2));
    let mut chosen: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if chosen.len() == want {
            break;
        }
        if chosen
            .iter()
            .all(|&j| vectors[i].cosine(&vectors[j]) < REDUNDANT)
        {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();

    let mut answer = Vec::new();
    let mut cites = Citations::default();
    for i in chosen {
        let span = ps[i].span;
        let n = cites.cite(&article, span);
        answer.push(AnswerSentence {
            text: span.of(&article.body).to_string(),
            id: article.id.clone(),
            start: span.start,
            end: span.end,
            citations: vec![n],
        });
    }
    let sources = cites.into_sources();
    Answer {
        question: article.id.clone(),
        found: !answer.is_empty(),
        answer,
        sources,
        see_also: Vec::new(),
        quotes: direct_quotes(lead(&article.body)),
    }
}

/// The longest direct quotations of a body (three words or more, outside
/// boilerplate), in order of appearance: the words between the quotation marks.
pub fn direct_quotes(body: &str) -> Vec<Quote> {
    let boilerplate = boilerplate_lines(body);
    let mut found = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let mut open: Option<(usize, char)> = None;
        for (i, c) in line.char_indices() {
            let at = offset + i;
            match (open, c) {
                (None, '"' | '“') => open = Some((at + c.len_utf8(), c)),
                (Some((start, '"')), '"') | (Some((start, '“')), '”') => {
                    let span = trim(body, Span { start, end: at });
                    let words = span.of(body).split_whitespace().count();
                    if words >= 3 && !boilerplate.iter().any(|b| b.overlaps(&span)) {
                        found.push(span);
                    }
                    open = None;
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    // Keep the longest few, then restore reading order.
    let mut by_length = found.clone();
    by_length.sort_by_key(|s| std::cmp::Reverse(s.end - s.start));
    by_length.truncate(MAX_QUOTES);
    found.retain(|s| by_length.contains(s));
    found
        .into_iter()
        .map(|s| Quote {
            text: s.of(body).to_string(),
            start: s.start,
            end: s.end,
        })
        .collect()
}

fn trim(body: &str, span: Span) -> Span {
    let text = span.of(body);
    let lead = text.len() - text.trim_start().len();
    Span {
        start: span.start + lead,
        end: span.start + lead + text.trim().len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asides_are_told_from_news() {
        assert!(is_aside(
            "If you were already worried about the Trump/Putin relationship, this will not make you feel any better."
        ));
        assert!(is_aside(
            "It’s worth noting that US intelligence was busy investigating the interference in our election."
        ));
        assert!(is_aside("What does Putin want?"));
        assert!(!is_aside(
            "The chat took place in a positive and business-like tone."
        ));
        assert!(!is_aside("“We will win,” the minister said."));
        assert!(!is_aside("‘We will win,’ the minister said."));
        assert!(!is_aside(
            "US President Donald Trump met Russian President Vladimir Putin."
        ));
    }

    #[test]
    fn quotes_are_found_verbatim_in_both_styles() {
        let body = "He said \"good discussions\" and \"very insulted by it, which is bad.\"\nThe Kremlin said, “Both sides demonstrated a mood for work.”\nSkip ad \"this is not a quote at all\"\n";
        let quotes = direct_quotes(body);
        let texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "very insulted by it, which is bad.",
                "Both sides demonstrated a mood for work."
            ]
        );
        for q in &quotes {
            assert_eq!(&body[q.start..q.end], q.text);
        }
    }
}
