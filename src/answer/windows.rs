//! What a question reads of a very long article: the parts around the question's
//! words, not the whole text.
//!
//! Reading an article means segmenting and analyzing all of it. For a news story
//! that is nothing, but the corpus may hold a 50 MB dump as one "article", and then
//! one question cost seconds and a gigabyte. Beyond [`READ_WHOLE_BYTES`], the body
//! is cut into blocks; the blocks where the most (and the rarest) of the question's
//! words occur are read, up to [`MOST_BLOCKS`] of them, widened to whole lines.
//! Finding the words is one linear byte scan (Aho-Corasick), so the cost is bounded
//! however long the article is, and a fact anywhere in it can still be found.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};

use tantivy::tokenizer::TextAnalyzer;

use crate::text::{Span, tokenize};

/// Articles up to this long are read whole.
pub const READ_WHOLE_BYTES: usize = 256 * 1024;
/// The blocks a long article is cut into.
const BLOCK_BYTES: usize = 4 * 1024;
/// How many blocks of a long article a question reads (with the lead block).
const MOST_BLOCKS: usize = 48;
/// How far a block is widened, at most, to start and end on a line break.
const WIDEN_BYTES: usize = 1024;

/// The parts of `body` to read for a question whose words (lowercased prefixes,
/// see [`word_prefixes`]) are `words`: the whole body when it is short enough,
/// otherwise the best blocks, in order, not overlapping.
pub fn reading_windows(body: &str, words: &[String]) -> Vec<Span> {
    if body.len() <= READ_WHOLE_BYTES {
        return vec![Span {
            start: 0,
            end: body.len(),
        }];
    }
    let blocks = body.len().div_ceil(BLOCK_BYTES);
    // Which of the words (at most 64) occur in each block.
    let mut present = vec![0u64; blocks];
    let words: Vec<&String> = words.iter().filter(|w| !w.is_empty()).take(64).collect();
    if let Ok(finder) = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&words)
    {
        let bytes = body.as_bytes();
        for m in finder.find_iter(body) {
            // Word starts only: "rat" must not find "separate".
            if m.start() > 0 && bytes[m.start() - 1].is_ascii_alphanumeric() {
                continue;
            }
            present[m.start() / BLOCK_BYTES] |= 1 << m.pattern().as_usize();
        }
    }
    // A word in few blocks says more about where the answer is than one in all.
    let weight: Vec<f32> = (0..words.len())
        .map(|w| {
            let n = present.iter().filter(|p| *p & (1 << w) != 0).count();
            if n == 0 {
                0.0
            } else {
                (1.0 + blocks as f32 / n as f32).ln()
            }
        })
        .collect();
    let score = |p: u64| -> f32 {
        (0..words.len())
            .filter(|w| p & (1 << w) != 0)
            .map(|w| weight[w])
            .sum()
    };
    let mut ranked: Vec<(f32, usize)> = present
        .iter()
        .enumerate()
        .filter(|(_, p)| **p != 0)
        .map(|(i, p)| (score(*p), i))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = std::iter::once(0)
        .chain(ranked.into_iter().map(|(_, i)| i).filter(|&i| i != 0))
        .take(MOST_BLOCKS)
        .collect();
    chosen.sort_unstable();
    let mut out: Vec<Span> = Vec::new();
    for i in chosen {
        let start = widen_back(body, i * BLOCK_BYTES);
        let end = widen_forward(body, ((i + 1) * BLOCK_BYTES).min(body.len()));
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(Span { start, end }),
        }
    }
    out
}

/// The text of `windows` (as [`reading_windows`] gives them) for what scans words
/// rather than sentences: the body itself when it is read whole, otherwise the
/// windows joined by line breaks.
pub fn read_text<'a>(body: &'a str, windows: &[Span]) -> Cow<'a, str> {
    match windows {
        [w] if w.start == 0 && w.end == body.len() => Cow::Borrowed(body),
        _ => Cow::Owned(
            windows
                .iter()
                .map(|w| w.of(body))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

/// Which of `needles` (lowercase ASCII-insensitive, e.g. "g20", "2017") occur
/// anywhere in any of `haystacks`: one automaton, one linear scan of each, without
/// a lowercased copy.
pub fn occurring(haystacks: &[&str], needles: &[String]) -> Vec<bool> {
    let mut found = vec![false; needles.len()];
    if let Ok(finder) = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(needles)
    {
        for haystack in haystacks {
            for m in finder.find_overlapping_iter(*haystack) {
                found[m.pattern().as_usize()] = true;
            }
        }
    }
    found
}

/// The opening of `body` that a summary or a digest reads: all of it when it is
/// short enough, otherwise its first [`READ_WHOLE_BYTES`] ended at a line break (or
/// a space) as a window starts (an article's story is told in its lead, and the
/// cost stays bounded).
pub fn lead(body: &str) -> &str {
    if body.len() <= READ_WHOLE_BYTES {
        return body;
    }
    &body[..widen_back(body, READ_WHOLE_BYTES)]
}

/// The prefixes that find the content words of `text` (a question, a topic) in
/// running text, for [`reading_windows`].
pub fn words_to_find(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let tokens = tokenize(analyzer, text);
    word_prefixes(
        tokens
            .iter()
            .filter(|t| !t.stop)
            .map(|t| (&text[t.start..t.end], t.term.as_str())),
    )
}

/// The prefixes that find a question's words in running text: each word's stem
/// and surface form share them ("company" and its stem "compani" give "compan"), so
/// "companies" is found too. `words` pairs each surface word with its stem.
fn word_prefixes<'a>(words: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut out: Vec<String> = words
        .into_iter()
        .map(|(surface, stem)| {
            let surface = surface.to_lowercase();
            let common = surface
                .chars()
                .zip(stem.chars())
                .take_while(|(a, b)| a == b)
                .count();
            surface.chars().take(common.max(3)).collect::<String>()
        })
        .filter(|p| p.chars().count() >= 3)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Moves `at` back to just after a line break, at most [`WIDEN_BYTES`] away (else
/// after a space, else to a character boundary), so a window does not start
/// mid-sentence, or at least not mid-word.
fn widen_back(body: &str, at: usize) -> usize {
    let floor = floor_boundary(body, at.saturating_sub(WIDEN_BYTES));
    let at = floor_boundary(body, at);
    let before = &body[floor..at];
    before
        .rfind('\n')
        .or_else(|| before.rfind(char::is_whitespace))
        .map_or(at, |i| floor + i + 1)
}

/// Moves `at` forward to just after a line break, at most [`WIDEN_BYTES`] away (else
/// to a space, else to a character boundary).
fn widen_forward(body: &str, at: usize) -> usize {
    let at = floor_boundary(body, at);
    let ceiling = floor_boundary(body, (at + WIDEN_BYTES).min(body.len()));
    let after = &body[at..ceiling];
    match after.find('\n') {
        Some(i) => at + i + 1,
        None => after.find(char::is_whitespace).map_or(at, |i| at + i),
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filler(n: usize) -> String {
        "The council met again today and nothing was decided at all.\n".repeat(n)
    }

    #[test]
    fn a_short_article_is_read_whole() {
        let body = "Short story.";
        assert_eq!(
            reading_windows(body, &["story".into()]),
            [Span { start: 0, end: 12 }]
        );
    }

    #[test]
    fn a_long_article_is_read_near_the_words_wherever_they_are() {
        let fact = "Mr Glazer paid £790m for Manchester United.\n";
        let body = format!("{}{fact}{}", filler(40_000), filler(40_000));
        assert!(body.len() > 4_000_000);
        let words = word_prefixes([
            ("Glazer", "glazer"),
            ("pay", "pay"),
            ("Manchester", "manchest"),
        ]);
        let windows = reading_windows(&body, &words);
        let read: usize = windows.iter().map(|w| w.end - w.start).sum();
        assert!(
            read <= (MOST_BLOCKS + 1) * (BLOCK_BYTES + 2 * WIDEN_BYTES),
            "{read}"
        );
        assert!(
            windows.iter().any(|w| w.of(&body).contains(fact)),
            "the fact's line is read whole"
        );
        assert_eq!(windows[0].start, 0, "the lead is read");
        for w in &windows {
            assert!(w.start == 0 || body.as_bytes()[w.start - 1] == b'\n');
        }
        assert!(windows.windows(2).all(|p| p[0].end < p[1].start));
    }

    #[test]
    fn words_are_found_at_word_starts_in_any_case() {
        let body = format!("{}SEPARATE rats\n{}", filler(5_000), filler(5_000));
        let windows = reading_windows(&body, &["rat".into()]);
        assert!(
            windows
                .iter()
                .any(|w| w.of(&body).contains("SEPARATE rats"))
        );
        let none = reading_windows(
            &format!("{}separate\n{}", filler(5_000), filler(5_000)),
            &["rat".into()],
        );
        assert_eq!(none.len(), 1, "only the lead: {none:?}");
    }

    #[test]
    fn a_window_without_line_breaks_starts_and_ends_between_words() {
        let body = "word ".repeat(READ_WHOLE_BYTES / 5 * 3);
        let windows = reading_windows(&body, &["word".into()]);
        for w in &windows {
            assert!(
                w.start == 0 || body.as_bytes()[w.start - 1] == b' ',
                "{w:?}"
            );
            assert!(
                w.end == body.len() || body.as_bytes()[w.end] == b' ',
                "{w:?}"
            );
        }
    }

    #[test]
    fn a_summary_reads_the_lead_of_a_long_article() {
        let short = filler(3);
        assert_eq!(lead(&short), short);
        let long = filler(10_000);
        let read = lead(&long);
        assert!(read.len() <= READ_WHOLE_BYTES && read.len() > READ_WHOLE_BYTES - WIDEN_BYTES);
        assert!(read.ends_with('\n') && long.starts_with(read));
    }

    #[test]
    fn numbers_are_found_in_any_case_and_windows_read_as_text() {
        assert_eq!(
            occurring(
                &["At the G20", "in 2017."],
                &["g20".into(), "2018".into(), "2017".into()]
            ),
            [true, false, true]
        );
        let body = "first line\nsecond line\nthird line\n";
        let whole = [Span {
            start: 0,
            end: body.len(),
        }];
        assert!(matches!(read_text(body, &whole), Cow::Borrowed(_)));
        let parts = [Span { start: 0, end: 11 }, Span { start: 23, end: 34 }];
        assert_eq!(read_text(body, &parts), "first line\n\nthird line\n");
    }

    #[test]
    fn prefixes_cover_inflections_and_multibyte_text() {
        let p = word_prefixes([("Company", "compani"), ("Zürich", "zürich"), ("of", "of")]);
        assert_eq!(p, ["compan", "zürich"]);
        let body = format!("{}é\n", "x".repeat(READ_WHOLE_BYTES + 4095));
        // Block edges inside a multi-byte character do not panic.
        let _ = reading_windows(&body, &["é".into()]);
    }
}
