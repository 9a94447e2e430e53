//! Finding a quote in an article the way a reporter means it: through what copying
//! does to a quote (straight or curly quotation marks, doubled single quotes, case,
//! runs of spaces and line breaks, an ellipsis standing for dropped words), and,
//! marked as altered, with a word or two changed, dropped or added.
//!
//! Both texts are read as words (letters, digits and inner apostrophes, lower-cased,
//! apostrophes dropped); punctuation and spacing do not count. The quote is
//! aligned word by word against the article (semi-global edit distance: the quote
//! whole, the article anywhere), an ellipsis in the quote letting any run of the
//! article's words through for free.

use crate::text::Span;

/// Most words of a quote that are matched (a pasted paragraph is cut there).
pub const MAX_QUOTE_WORDS: usize = 120;
/// Most article words an ellipsis may stand for: a dropped clause, not a page (with
/// 60, two-word pieces such as "in our … the role" matched unrelated BBC articles).
const MAX_ELLIPSIS_GAP: usize = 25;

/// A word with its place in the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower-cased, without apostrophes.
    pub norm: String,
    /// Byte offset of the word in its text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '′')
}

/// The words of `text`, with their byte ranges. An apostrophe inside a word
/// ("didn’t", "Putin's") belongs to it; one at its edge is a quotation mark.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i;
        loop {
            while j < chars.len() && chars[j].1.is_alphanumeric() {
                j += 1;
            }
            // One apostrophe between letters keeps the word going.
            if j + 1 < chars.len() && is_apostrophe(chars[j].1) && chars[j + 1].1.is_alphanumeric()
            {
                j += 1;
                continue;
            }
            break;
        }
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        // Apostrophes are dropped: "didn't", "didn’t" and "didnt" are one word.
        let norm = text[start..end]
            .chars()
            .filter(|c| !is_apostrophe(*c))
            .flat_map(char::to_lowercase)
            .collect();
        out.push(Word { norm, start, end });
        i = j;
    }
    out
}

/// A quote as typed, read into its words and the places where an ellipsis stands
/// for dropped words.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The quote's words.
    pub words: Vec<Word>,
    /// The quote as typed (the words' byte ranges point into it).
    text: String,
    /// `gaps[i]`: an ellipsis stands between word `i - 1` and word `i`.
    gaps: Vec<bool>,
}

impl Pattern {
    /// Reads a quote. `None` when it has no words.
    pub fn parse(quote: &str) -> Option<Pattern> {
        let mut ws = words(quote);
        ws.truncate(MAX_QUOTE_WORDS);
        if ws.is_empty() {
            return None;
        }
        let gaps = (0..ws.len())
            .map(|i| {
                i > 0 && {
                    let between = &quote[ws[i - 1].end..ws[i].start];
                    between.contains('…') || between.contains("..") || between.contains(". .")
                }
            })
            .collect();
        Some(Pattern {
            words: ws,
            text: quote.to_string(),
            gaps,
        })
    }

    /// Words a match may differ by and still count as the quote, altered: none for
    /// a quote of five words or fewer (one change there makes another statement:
    /// "Obama is a liar" is not "Trump is a liar"), then one in five, at most five.
    pub fn allowed_edits(&self) -> usize {
        let m = self.words.len();
        let content = self
            .words
            .iter()
            .filter(|w| !crate::text::stopwords::is_stop_word(&w.norm))
            .count();
        if m < 6 || content < 2 {
            0
        } else {
            (m / 5).min(5)
        }
    }

    fn surface(&self, range: std::ops::Range<usize>) -> String {
        self.words[range]
            .iter()
            .map(|w| &self.text[w.start..w.end])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Where the words of an article and a quote part ways.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// The quote's words here (empty: the article has words the quote lacks).
    pub quoted: String,
    /// The article's words here, verbatim (empty: the quote has words the article
    /// lacks).
    pub article: String,
}

/// The quote found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// From the first matched word to the last, as bytes of the text.
    pub span: Span,
    /// Word edits between the quote and the text (0: the quote as written).
    pub edits: usize,
    /// Where they differ, in order.
    pub differences: Vec<Difference>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Quote word `i - 1` against text word `j - 1` (equal or substituted).
    Pair,
    /// Quote word `i - 1` is not in the text.
    Dropped,
    /// Text word `j - 1` is not in the quote.
    Added,
    /// Text word `j - 1` is skipped where the quote has an ellipsis.
    Ellipsis,
    /// The match starts here.
    Start,
}

/// Most cells of one alignment table (quote words × text words): a news story is
/// aligned whole; a very long text only around the places the quote can be.
const MAX_CELLS: usize = 1 << 21;
/// Most places of a very long text tried.
const MAX_ANCHOR_HITS: usize = 2000;

/// The best place `pattern` appears in `text` (`text_words` = [`words`] of it):
/// the fewest edits, then the earliest; `None` when every place needs more than
/// [`Pattern::allowed_edits`].
///
/// A very long text is aligned only around the occurrences of a few of the
/// quote's words, the rarest in the text: one more of them than the edits allowed,
/// so any match keeps at least one. Time and memory stay bounded whatever the
/// text's length.
pub fn find(pattern: &Pattern, text: &str, text_words: &[Word]) -> Option<Match> {
    let m = pattern.words.len();
    if (m + 1).saturating_mul(text_words.len() + 1) <= MAX_CELLS {
        return align(pattern, text, text_words);
    }
    let mut hits: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for w in &pattern.words {
        hits.entry(w.norm.as_str()).or_default();
    }
    for (i, w) in text_words.iter().enumerate() {
        if let Some(at) = hits.get_mut(w.norm.as_str()) {
            at.push(i);
        }
    }
    let mut anchors: Vec<&Vec<usize>> = hits.values().collect();
    anchors.sort_by_key(|at| at.len());
    let gaps = pattern.gaps.iter().filter(|g| **g).count();
    let reach = m + pattern.allowed_edits() + gaps * MAX_ELLIPSIS_GAP;
    let mut windows: Vec<(usize, usize)> = anchors
        .into_iter()
        .take(pattern.allowed_edits() + 1)
        .flatten()
        .take(MAX_ANCHOR_HITS)
        .map(|&i| {
            (
                i.saturating_sub(reach),
                (i + reach + 1).min(text_words.len()),
            )
        })
        .collect();
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in windows {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
        .into_iter()
        .filter_map(|(a, b)| align(pattern, text, &text_words[a..b]))
        .min_by_key(|found| (found.edits, found.span.start))
}

/// [`find`] over the whole of `text_words` (offsets are the words' own).
fn align(pattern: &Pattern, text: &str, text_words: &[Word]) -> Option<Match> {
    let q = &pattern.words;
    let (m, n) = (q.len(), text_words.len());
    if n == 0 {
        return None;
    }
    let allowed = pattern.allowed_edits();
    let inf = u32::MAX / 2;
    // cost[i][j]: quote[..i] aligned to text words ending at j; back: how.
    let width = n + 1;
    let mut cost = vec![inf; (m + 1) * width];
    let mut back = vec![Step::Start; (m + 1) * width];
    let mut gap_len = vec![0u32; (m + 1) * width];
    cost[..=n].fill(0);
    for i in 1..=m {
        let row = i * width;
        let prev = (i - 1) * width;
        cost[row] = i as u32;
        back[row] = Step::Dropped;
        // An ellipsis before quote word i lets the text run on between words
        // i - 1 and i at no cost.
        let ellipsis_after = i < m && pattern.gaps[i];
        for j in 1..=n {
            let same = q[i - 1].norm == text_words[j - 1].norm;
            let mut best = (cost[prev + j - 1] + u32::from(!same), Step::Pair);
            let dropped = cost[prev + j] + 1;
            if dropped < best.0 {
                best = (dropped, Step::Dropped);
            }
            let added = cost[row + j - 1] + 1;
            if added < best.0 {
                best = (added, Step::Added);
            }
            if ellipsis_after
                && cost[row + j - 1] <= best.0
                && (gap_len[row + j - 1] as usize) < MAX_ELLIPSIS_GAP
                && !matches!(back[row + j - 1], Step::Start)
            {
                best = (cost[row + j - 1], Step::Ellipsis);
                gap_len[row + j] = gap_len[row + j - 1] + 1;
            }
            // A word added inside an ellipsis's gap still counts toward its length,
            // so alternating free and paid skips cannot stretch the gap.
            if best.1 == Step::Added && gap_len[row + j - 1] > 0 {
                gap_len[row + j] = gap_len[row + j - 1] + 1;
            }
            cost[row + j] = best.0;
            back[row + j] = best.1;
        }
    }
    // The best end: fewest edits, then one that ends on the quote's last word as
    // written (not short of it, not on a changed word), then the earliest.
    let last = m * width;
    let (end, edits) = (1..=n).map(|j| (j, cost[last + j])).min_by_key(|&(j, c)| {
        let exact_end = back[last + j] == Step::Pair && q[m - 1].norm == text_words[j - 1].norm;
        (c, !exact_end, j)
    })?;
    if edits as usize > allowed {
        return None;
    }
    // Walk back to the start, collecting where the words differ.
    let (mut i, mut j) = (m, end);
    let mut ops: Vec<(Step, usize, usize, bool)> = Vec::new(); // step, i, j, same
    let mut first_text_word = end;
    while i > 0 {
        let step = back[i * width + j];
        match step {
            Step::Pair => {
                let same = q[i - 1].norm == text_words[j - 1].norm;
                ops.push((Step::Pair, i - 1, j - 1, same));
                first_text_word = j;
                i -= 1;
                j -= 1;
            }
            Step::Dropped => {
                ops.push((Step::Dropped, i - 1, j, false));
                i -= 1;
            }
            Step::Added => {
                ops.push((Step::Added, i, j - 1, false));
                j -= 1;
            }
            Step::Ellipsis => j -= 1,
            Step::Start => break,
        }
    }
    ops.reverse();
    // The match's first word: the first text word paired with the quote.
    let start_word = ops
        .iter()
        .find(|o| o.0 == Step::Pair)
        .map_or(first_text_word.saturating_sub(1), |o| o.2);
    let end_word = end - 1;
    if start_word > end_word {
        return None;
    }
    let span = Span {
        start: text_words[start_word].start,
        end: text_words[end_word].end,
    };

    // Runs of edits become differences.
    let mut differences = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if ops[k].0 == Step::Pair && ops[k].3 {
            k += 1;
            continue;
        }
        let run_start = k;
        while k < ops.len() && !(ops[k].0 == Step::Pair && ops[k].3) {
            k += 1;
        }
        let run = &ops[run_start..k];
        let quoted: Vec<usize> = run
            .iter()
            .filter(|o| o.0 != Step::Added)
            .map(|o| o.1)
            .collect();
        let article: Vec<usize> = run
            .iter()
            .filter(|o| o.0 != Step::Dropped)
            .map(|o| o.2)
            .collect();
        differences.push(Difference {
            quoted: match (quoted.first(), quoted.last()) {
                (Some(&a), Some(&b)) => pattern.surface(a..b + 1),
                _ => String::new(),
            },
            article: match (article.first(), article.last()) {
                (Some(&a), Some(&b)) => text[text_words[a].start..text_words[b].end].to_string(),
                _ => String::new(),
            },
        });
    }
    Some(Match {
        span,
        edits: edits as usize,
        differences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const APEC: &str = "Trump made a reference to a \"mutual good feeling\" with Putin; the Russian president described Trump as \"well-mannered... and comfortable to deal with\". In tweets, he also said former President Barack Obama didn't have chemistry with Putin.";

    fn found(quote: &str, text: &str) -> Option<Match> {
        find(&Pattern::parse(quote).unwrap(), text, &words(text))
    }

    #[test]
    fn words_unify_apostrophes_and_case() {
        let w: Vec<String> = words("Obama DIDN’T have ‘‘very severe consequences’’ Putin's  \n x")
            .into_iter()
            .map(|w| w.norm)
            .collect();
        assert_eq!(
            w,
            [
                "obama",
                "didnt",
                "have",
                "very",
                "severe",
                "consequences",
                "putins",
                "x"
            ]
        );
    }

    #[test]
    fn copying_does_not_hide_a_quote() {
        for quote in [
            "comfortable to deal with",
            "\"comfortable to deal with\"",
            "“Comfortable to deal with”",
            "''comfortable   to\ndeal with''",
            "well-mannered and comfortable to deal with",
            "well-mannered … comfortable to deal with",
            "\"well-mannered...comfortable to deal with\"",
        ] {
            let m = found(quote, APEC).unwrap_or_else(|| panic!("{quote}"));
            assert_eq!(m.edits, 0, "{quote}");
            assert!(m.differences.is_empty(), "{quote}");
            assert!(
                m.span.of(APEC).ends_with("comfortable to deal with"),
                "{quote}"
            );
        }
        let m = found("didn't have chemistry", APEC).unwrap();
        assert_eq!(m.span.of(APEC), "didn't have chemistry");
    }

    #[test]
    fn an_altered_quote_is_found_with_its_differences() {
        let m = found("well-mannered and easy to deal with", APEC).unwrap();
        assert_eq!(m.edits, 1);
        assert_eq!(
            m.differences,
            [Difference {
                quoted: "easy".into(),
                article: "comfortable".into()
            }]
        );
        let m = found("well-mannered and very comfortable to deal with", APEC).unwrap();
        assert_eq!(
            m.differences,
            [Difference {
                quoted: "very".into(),
                article: String::new()
            }]
        );
        let m = found("well-mannered and comfortable to with", APEC).unwrap();
        assert_eq!(
            m.differences,
            [Difference {
                quoted: String::new(),
                article: "deal".into()
            }]
        );
    }

    #[test]
    fn too_different_is_not_the_quote() {
        assert!(found("comfortable to work with", APEC).is_none());
        assert!(found("Obama is a liar", "\"Trump is a liar,\" Clinton said.").is_none());
        assert!(found("well-mannered and tiresome to argue with", APEC).is_none());
        assert!(found("mutual bad feeling", APEC).is_none());
        assert!(found("Obama had great chemistry with Trump", APEC).is_none());
        assert!(Pattern::parse(" … \"\" ").is_none());
    }

    #[test]
    fn a_very_long_text_is_searched_around_the_quotes_words() {
        // Far more words than one alignment table holds.
        let filler = "the market rose and the market fell again today ".repeat(20_000);
        let text = format!(
            "{filler}Minister Jane Holt said every bridge in the county will be rebuilt before winter. {filler}"
        );
        let ws = words(&text);
        assert!(ws.len() * 9 > MAX_CELLS);
        let m = found(
            "every bridge in the county will be rebuilt before winter",
            &text,
        )
        .unwrap();
        assert_eq!(m.edits, 0);
        assert_eq!(
            m.span.of(&text),
            "every bridge in the county will be rebuilt before winter"
        );
        let m = found(
            "every road in the county will be rebuilt before the winter",
            &text,
        )
        .unwrap();
        assert_eq!(m.edits, 2);
        assert!(
            found(
                "every tunnel in the region will be closed before spring",
                &text
            )
            .is_none()
        );
    }

    #[test]
    fn an_ellipsis_does_not_reach_across_the_article() {
        let far = format!("alpha beta {} gamma delta", "word ".repeat(40));
        assert!(found("alpha beta … gamma delta", &far).is_none());
        let near = format!("alpha beta {} gamma delta", "word ".repeat(10));
        let m = found("alpha beta … gamma delta", &near).unwrap();
        assert_eq!(m.edits, 0);
        assert_eq!(m.span.of(&near), near);
    }
}
