//! Whether a sentence speaks to what a question asks, beyond the story they share.
//!
//! A question the archive cannot answer usually still names the archive's people and
//! story ("Who succeeded Amit Yoran as director of …?" beside "Amit Yoran was director
//! of …"), so the encoder finds the two close. What tells them apart is what is left
//! over: the question's words the sentence does not hold ("who succeeded as") and the
//! sentence's words the question does not hold ("was within the department of …").
//! When the sentence answers, its leftover is about what the question's leftover asks
//! (a paraphrase, or the fact asked for); when it only shares the story, the two
//! leftovers are about different things. The cosine of the two leftovers feeds the
//! found/not-found gate (on the development questions it separates answerable from
//! near-miss ones about as well as the whole gate did before, and adds to it).

use std::collections::{HashMap, HashSet};

use crate::Result;
use crate::semantic::Encoder;

/// Short words that carry no subject: they do not make another text's words shared.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or",
    "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did",
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "that", "this",
    "these", "those", "it", "its", "as", "about", "into", "over", "after", "before", "than",
    "then", "his", "her", "their", "he", "she", "they", "we", "you", "i", "not", "no", "s",
];

/// Words are compared by their first letters, so "succeed" and "succeeded", or
/// "elect" and "election", count as the same word.
const STEM_BYTES: usize = 5;

/// The words of `text`, lowercased: runs of ASCII letters and digits (anything else
/// separates words, as the fitted weights assume).
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn stem(word: &str) -> &str {
    // Words are ASCII, so any byte is a character boundary.
    &word[..word.len().min(STEM_BYTES)]
}

/// The words of `text`, in order, that `other` does not hold (by stem, ignoring
/// `other`'s stop words), joined by spaces; empty when there are none.
pub(super) fn leftover(text: &str, other: &str) -> String {
    let shared: HashSet<String> = words(other)
        .into_iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w).to_string())
        .collect();
    let left: Vec<String> = words(text)
        .into_iter()
        .filter(|w| !shared.contains(stem(w)))
        .collect();
    left.join(" ")
}

/// For each sentence, the cosine of what `question` asks beyond it with what it
/// says beyond the question, from one call to the encoder. 0 when either leaves
/// nothing over: there is then nothing to compare (and the fitted weight never saw
/// such a pair).
pub(super) fn leftover_similarity(
    encoder: &Encoder,
    question: &str,
    sentences: &[&str],
) -> Result<Vec<f32>> {
    let pairs: Vec<[String; 2]> = sentences
        .iter()
        .map(|s| [leftover(question, s), leftover(s, question)])
        .collect();
    // The same sentence often comes twice (an article and its copy): encode once.
    let mut unique: Vec<&str> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for text in pairs.iter().flatten().filter(|t| !t.is_empty()) {
        slot.entry(text).or_insert_with(|| {
            unique.push(text);
            unique.len() - 1
        });
    }
    let vectors = encoder.encode(&unique)?;
    Ok(pairs
        .iter()
        .map(
            |[asked, said]| match (slot.get(asked.as_str()), slot.get(said.as_str())) {
                (Some(&a), Some(&b)) => vectors[a].cosine(&vectors[b]),
                _ => 0.0,
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_keeps_what_the_other_text_lacks() {
        let question =
            "Who succeeded Amit Yoran as director of the US National Cyber Security Division?";
        let sentence = "Amit Yoran was director of the National Cyber Security Division within the US Department of Homeland Security.";
        assert_eq!(leftover(question, sentence), "who succeeded as of the");
        assert_eq!(
            leftover(sentence, question),
            "was of the within the department of homeland"
        );
    }

    #[test]
    fn words_share_a_stem() {
        // "elected" and "election" share "elect"; the other text's stop words ("was")
        // share nothing.
        assert_eq!(
            leftover("When was she elected?", "The election was in May."),
            "when was she"
        );
    }

    #[test]
    fn nothing_left_is_empty() {
        assert_eq!(leftover("Putin", "Putin met Trump"), "");
        assert_eq!(leftover("", "anything"), "");
    }

    #[test]
    fn words_are_ascii_letters_and_digits() {
        // Accented letters split a word, as the fitted weights assume.
        assert_eq!(leftover("Café G20 summit", "summit"), "caf g20");
    }
}
