//! Sentence segmentation on top of Unicode's sentence boundaries (UAX #29), with the
//! repairs news text needs: abbreviations ("Mr.", "Gen.", initials) do not end a
//! sentence, and a quotation that spans several sentences stays in one piece.
//!
//! Spans are byte ranges into the original text, trimmed of surrounding whitespace,
//! so a sentence is always a verbatim slice of the stored body.

use unicode_segmentation::UnicodeSegmentation;

/// A byte range `start..end` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The text this span covers.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Words after which a period rarely ends a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "capt", "cmdr", "co", "col", "corp", "dr", "e.g", "etc", "gen", "gov", "i.e", "inc",
    "jr", "lt", "ltd", "maj", "messrs", "mr", "mrs", "ms", "no", "prof", "rep", "rev", "sen",
    "sgt", "sr", "st", "vs",
];

/// How many UAX #29 pieces one sentence may be glued from: bounds the damage an
/// unbalanced quotation mark can do.
const MAX_PIECES: usize = 4;

/// Splits `text` into sentences.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, usize)> = None; // start, end, pieces
    for (offset, piece) in text.split_sentence_bound_indices() {
        let end = offset + piece.len();
        let (start, pieces) = match current {
            Some((start, _, pieces)) => (start, pieces + 1),
            None => (offset, 1),
        };
        let sentence = &text[start..end];
        let ends_paragraph = piece.ends_with(['\n', '\r', '\u{2029}']);
        let glue = !ends_paragraph
            && pieces < MAX_PIECES
            && (ends_with_abbreviation(sentence) || has_open_quote(sentence));
        if glue {
            current = Some((start, end, pieces));
        } else {
            push_trimmed(text, start, end, &mut out);
            current = None;
        }
    }
    if let Some((start, end, _)) = current {
        push_trimmed(text, start, end, &mut out);
    }
    out
}

/// List markers that start a line but are not part of its sentence.
const BULLETS: &[&str] = &["- ", "* ", "• ", "– ", "— "];

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let slice = &text[start..end];
    let mut lead = slice.len() - slice.trim_start().len();
    if let Some(b) = BULLETS.iter().find(|b| slice[lead..].starts_with(*b)) {
        lead += b.len();
        lead += slice[lead..].len() - slice[lead..].trim_start().len();
    }
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        push_capped(text, start + lead, end - trail, out);
    }
}

/// Longest sentence, in bytes. A block without punctuation (a table dump, a page of
/// run-on text) is cut at a space near this length, so no "sentence" that is quoted,
/// scored or encoded runs to megabytes; every piece is still a verbatim span.
const MAX_SENTENCE_BYTES: usize = 2000;

fn push_capped(text: &str, mut start: usize, end: usize, out: &mut Vec<Span>) {
    while end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // The last space in the second half of the window, else a hard cut.
        let window = &text[start..cut];
        let at = window
            .rfind(char::is_whitespace)
            .filter(|&i| i > MAX_SENTENCE_BYTES / 2)
            .map_or(cut, |i| start + i);
        let piece = &text[start..at];
        out.push(Span {
            start,
            end: start + piece.trim_end().len(),
        });
        let rest = &text[at..end];
        start = at + (rest.len() - rest.trim_start().len());
    }
    if start < end {
        out.push(Span { start, end });
    }
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(before_dot) = trimmed.strip_suffix('.') else {
        return false;
    };
    let word = before_dot
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("Donald J. Trump").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn has_open_quote(sentence: &str) -> bool {
    let mut straight = 0usize;
    let mut curly = 0isize;
    for c in sentence.chars() {
        match c {
            '"' => straight += 1,
            '“' => curly += 1,
            '”' => curly -= 1,
            _ => {}
        }
    }
    straight % 2 == 1 || curly > 0
}

/// How far around a passage [`around`] reads for its neighbours: a very long body
/// is not segmented whole for one quote.
const AROUND_REACH: usize = 4096;

/// The sentences just before and just after the passage `start..end` of `text`
/// (none at the text's edges, or where a neighbour runs further than the stretch
/// read around the passage), or `None` when the range is not a slice of `text`.
pub fn around(text: &str, start: usize, end: usize) -> Option<(Option<Span>, Option<Span>)> {
    text.get(start..end)?;
    let mut lo = start.saturating_sub(AROUND_REACH);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (end + AROUND_REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let all: Vec<Span> = sentences(&text[lo..hi])
        .into_iter()
        .map(|s| Span {
            start: s.start + lo,
            end: s.end + lo,
        })
        .collect();
    // The first and last sentence of the stretch read may be cut by its edges: not
    // shown (unless the edge is the text's own).
    let n = all.len();
    let whole = |i: usize| (i > 0 || lo == 0) && (i + 1 < n || hi == text.len());
    let before = all
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.end <= start)
        .filter(|(i, _)| whole(*i))
        .map(|(_, s)| *s);
    let after = all
        .iter()
        .enumerate()
        .find(|(_, s)| s.start >= end)
        .filter(|(i, _)| whole(*i))
        .map(|(_, s)| *s);
    Some((before, after))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_block_without_punctuation_is_cut_into_bounded_verbatim_pieces() {
        let text = "word ".repeat(10_000) + &"é".repeat(3_000);
        let spans = sentences(&text);
        assert!(spans.len() > 10);
        for s in &spans {
            assert!(s.end - s.start <= MAX_SENTENCE_BYTES, "{s:?}");
            let piece = s.of(&text);
            assert!(!piece.is_empty() && piece.trim() == piece);
        }
        // Nothing but the spaces between pieces is lost.
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        let kept: String = spans.iter().map(|s| squeeze(s.of(&text))).collect();
        assert!(kept == squeeze(&text), "text was lost between pieces");
    }

    use super::*;

    #[test]
    fn around_finds_the_neighbouring_sentences() {
        let text = "One came. Two went. Three stayed.";
        let (before, after) = around(text, 10, 19).unwrap();
        assert_eq!(before.map(|s| s.of(text)), Some("One came."));
        assert_eq!(after.map(|s| s.of(text)), Some("Three stayed."));
        assert_eq!(
            around(text, 0, 9),
            Some((None, Some(Span { start: 10, end: 19 })))
        );
        assert_eq!(around(text, 5, 99), None);
        assert_eq!(around("né", 2, 3), None, "not a char boundary");
        // In a long body only the stretch around the passage is read.
        let long = format!(
            "{}Alpha rose. Beta fell. Gamma held. {}",
            "Filler words here. ".repeat(1000),
            "More filler. ".repeat(1000)
        );
        let beta = long.find("Beta").unwrap();
        let (before, after) = around(&long, beta, beta + "Beta fell.".len()).unwrap();
        assert_eq!(before.map(|s| s.of(&long)), Some("Alpha rose."));
        assert_eq!(after.map(|s| s.of(&long)), Some("Gamma held."));
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Smith met Gen. Jones. Donald J. Trump left."),
            ["Mr. Smith met Gen. Jones.", "Donald J. Trump left."]
        );
    }

    #[test]
    fn quotations_stay_whole() {
        let text =
            "\"He said he didn't meddle. I asked him again,\" Trump told reporters. Then he left.";
        assert_eq!(
            split(text),
            [
                "\"He said he didn't meddle. I asked him again,\" Trump told reporters.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn ellipses_inside_a_sentence_do_not_split() {
        let text = "He was \"well-mannered... and comfortable to deal with\". Next.";
        assert_eq!(
            split(text),
            [
                "He was \"well-mannered... and comfortable to deal with\".",
                "Next."
            ]
        );
    }

    #[test]
    fn lines_are_separate_sentences_and_spans_are_trimmed() {
        let text = "  Headline without stop\nBody one. Body two!\n\n";
        assert_eq!(
            split(text),
            ["Headline without stop", "Body one.", "Body two!"]
        );
    }

    #[test]
    fn list_markers_are_not_part_of_the_sentence() {
        assert_eq!(
            split("- A bullet point.\n• Another one."),
            ["A bullet point.", "Another one."]
        );
    }

    #[test]
    fn an_unclosed_quote_cannot_swallow_the_article() {
        let text = "\"Open. A. B. C. D. E. F.";
        assert!(split(text).len() >= 2);
    }
}
