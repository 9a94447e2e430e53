//! Page boilerplate: video-player prompts, subscription and share calls, "Read also"
//! link lists, comment-widget lines, visit counters. Such lines stay in the stored
//! body (it is kept byte for byte) but are never chosen as answer or summary
//! sentences.

use super::Span;

/// Line prefixes (lower-case, after any bullet) that mark a boilerplate line.
const PREFIXES: &[&str] = &[
    "advertisement",
    "all rights reserved",
    "be the first to comment",
    "bias distribution",
    "check our website",
    "click here",
    "copyright",
    "coverage details",
    "email this",
    "factuality",
    "find us on",
    "follow us",
    "join our",
    "leave a comment",
    "listen to this article",
    "log in",
    "login",
    "more from",
    "print this",
    "read also",
    "read more",
    "recommended",
    "related",
    "see also",
    "share on",
    "share this",
    "sign up",
    "skip ad",
    "sponsored",
    "subscribe",
    "to view factuality",
    "upgrade to premium",
    "you may also like",
    "you must be logged in",
    "your video will begin",
    "©",
];

/// Phrases that mark a boilerplate line wherever they occur in it.
const CONTAINS: &[&str] = &["visits today", "of the sources lean", "all rights reserved"];

/// Prefixes of a line that introduces a list of links to other stories.
const LINK_LIST_MARKERS: &[&str] = &[
    "read also",
    "read more",
    "related",
    "more from",
    "see also",
    "recommended",
    "you may also like",
];

/// Byte ranges of the boilerplate lines of `body`.
pub fn boilerplate_lines(body: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut in_link_list = false;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let span = Span {
            start: offset,
            end: offset + line.trim_end().len(),
        };
        offset += line.len();
        let (bullet, text) = strip_bullet(line.trim());
        let lower = text.to_lowercase();
        if in_link_list && bullet {
            spans.push(span);
            continue;
        }
        in_link_list = LINK_LIST_MARKERS.iter().any(|m| lower.starts_with(m));
        if is_boilerplate_line(&lower) {
            spans.push(span);
        }
    }
    spans
}

fn strip_bullet(line: &str) -> (bool, &str) {
    for bullet in ["- ", "* ", "• ", "– "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return (true, rest.trim_start());
        }
    }
    (false, line)
}

fn is_boilerplate_line(lower: &str) -> bool {
    if lower.is_empty() {
        return false;
    }
    if PREFIXES.iter().any(|p| lower.starts_with(p)) || CONTAINS.iter().any(|p| lower.contains(p)) {
        return true;
    }
    // Counters such as "18 Articles" or "(Visited 43 times, 1 visits today)".
    let words: Vec<&str> = lower.split_whitespace().collect();
    let is_count = |w: &str| {
        w.trim_start_matches('(')
            .chars()
            .all(|c| c.is_ascii_digit())
    };
    matches!(words.as_slice(), [n, "articles" | "comments" | "shares" | "views"] if is_count(n))
        || lower.starts_with("(visited ")
}

/// Whether a sentence is fit to be quoted as an answer or summary sentence: not
/// boilerplate, long enough to say something, and a finished sentence rather than
/// a headline, a caption or a list of tags.
pub fn is_quotable(body: &str, sentence: Span, boilerplate: &[Span]) -> bool {
    if boilerplate.iter().any(|b| b.overlaps(&sentence)) {
        return false;
    }
    let text = sentence.of(body);
    let words = text.split_whitespace().count();
    if !(5..=120).contains(&words) {
        return false;
    }
    let end = text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    end.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    fn flagged(body: &str) -> Vec<&str> {
        boilerplate_lines(body).iter().map(|s| s.of(body)).collect()
    }

    #[test]
    fn page_furniture_is_flagged() {
        let body = "Your video will begin in 10\nSkip ad (3)\nReal news here.\n- Subscribe to our channel:\n(Visited 43 times, 1 visits today)\nYou must be logged in to post a comment Login\n18 Articles\n";
        assert_eq!(
            flagged(body),
            [
                "Your video will begin in 10",
                "Skip ad (3)",
                "- Subscribe to our channel:",
                "(Visited 43 times, 1 visits today)",
                "You must be logged in to post a comment Login",
                "18 Articles"
            ]
        );
    }

    #[test]
    fn read_also_lists_are_flagged_to_their_end() {
        let body = "Story text.\nRead also:\n- Other headline one\n- Other headline two\nBack to text.\n- A real bullet.\n";
        assert_eq!(
            flagged(body),
            ["Read also:", "- Other headline one", "- Other headline two"]
        );
    }

    #[test]
    fn only_finished_sentences_are_quotable() {
        let body = "Trump makes a strong case for good relations\nThe two leaders signed an official statement on Syria.\nShort one.\n";
        let bp = boilerplate_lines(body);
        let quotable: Vec<&str> = sentences(body)
            .into_iter()
            .filter(|s| is_quotable(body, *s, &bp))
            .map(|s| s.of(body))
            .collect();
        assert_eq!(
            quotable,
            ["The two leaders signed an official statement on Syria."]
        );
    }
}
