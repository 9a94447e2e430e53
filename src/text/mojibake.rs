//! Known mojibake, repaired for display only: UTF-8 text that was once decoded as
//! Windows-1252, Latin-1 or Mac Roman and saved again ("â€™" for "’", "¬†" for a
//! no-break space). The stored body keeps its exact bytes (offsets and `--json`
//! depend on them); the human and Discord renderers show the repaired text.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// Each garbled sequence and what it stood for. Only sequences that ordinary text
/// never holds: two or three characters that a mis-decoding makes of one.
const REPAIRS: &[(&str, &str)] = &[
    // UTF-8 read as Windows-1252.
    ("â€™", "’"),
    ("â€˜", "‘"),
    ("â€œ", "“"),
    ("â€\u{9d}", "”"),
    ("â€”", "—"),
    ("â€“", "–"),
    ("â€¦", "…"),
    ("â€¢", "•"),
    ("Â\u{a0}", "\u{a0}"),
    ("Ã©", "é"),
    ("Ã¨", "è"),
    ("Ã¼", "ü"),
    ("Ã¶", "ö"),
    ("Ã¤", "ä"),
    // UTF-8 read as Mac Roman.
    ("‚Äô", "’"),
    ("‚Äò", "‘"),
    ("‚Äú", "“"),
    ("‚Äù", "”"),
    ("‚Äî", "—"),
    ("‚Äì", "–"),
    ("‚Ä¶", "…"),
    ("¬†", "\u{a0}"),
];

static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(REPAIRS.iter().map(|(bad, _)| bad))
        .expect("a fixed, valid pattern set")
});

/// `text` with known mojibake repaired; borrowed when there is none.
pub fn repair(text: &str) -> Cow<'_, str> {
    if !FINDER.is_match(text) {
        return Cow::Borrowed(text);
    }
    let good: Vec<&str> = REPAIRS.iter().map(|(_, good)| *good).collect();
    Cow::Owned(FINDER.replace_all(text, &good))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_the_shipped_corpus_example_and_leaves_clean_text_alone() {
        assert_eq!(
            repair("new¬†“partner-like cooperation”¬†between"),
            "new\u{a0}“partner-like cooperation”\u{a0}between"
        );
        assert_eq!(repair("Itâ€™s â€œfineâ€\u{9d}"), "It’s “fine”");
        assert!(matches!(repair("Café – “quoted” ¬ sign"), Cow::Borrowed(_)));
    }
}
