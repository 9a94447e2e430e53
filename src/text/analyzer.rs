//! The English analyzer used for both indexing and querying, and a tokenizer that
//! keeps byte offsets so excerpts and citations can point into the stored body.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};

use super::stem::CachedEnglishStemmer;
use super::stopwords;

/// The name the analyzer is registered under in the index's tokenizer manager.
pub const ANALYZER_NAME: &str = "newsdesk_en";

/// Lower-cased, ASCII-folded, English-stemmed words; overlong tokens (URLs glued
/// together, base64) are dropped.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedEnglishStemmer)
        .build()
}

/// One analyzed word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The stemmed term, as indexed.
    pub term: String,
    /// Byte offset of the word's first byte in the analyzed text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Whether the surface word is an English stop word or question word.
    pub stop: bool,
}

/// Analyzes `text` into tokens with byte offsets into `text`.
pub fn tokenize(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        let surface = &text[t.offset_from..t.offset_to];
        tokens.push(Token {
            term: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            stop: stopwords::is_stop_word(surface),
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_folds_and_keeps_offsets() {
        let text = "Putin's talks — Café meetings";
        let toks = tokenize(&mut analyzer(), text);
        let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["putin", "s", "talk", "cafe", "meet"]);
        for t in &toks {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert_eq!(&text[toks[3].start..toks[3].end], "Café");
        assert!(toks[1].stop, "a lone 's' is a stop word");
    }
}
