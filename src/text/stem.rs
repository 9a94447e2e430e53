//! An English stemming token filter that remembers the stems it has computed.
//!
//! Snowball stemming was a quarter of all CPU time when indexing (measured with
//! `perf` on the 100,000-article benchmark corpus), while news text repeats a small
//! vocabulary: a per-analyzer cache turns most stems into one hash lookup. Each
//! tantivy segment writer clones the analyzer, so every indexing thread has a cache
//! of its own and no locking is needed. The output is exactly tantivy's `Stemmer`
//! (same frostem algorithm), which a test below checks word for word.

use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// How many distinct words one analyzer remembers; beyond this, words are stemmed
/// without being cached (long-tail words rarely repeat, and memory stays bounded:
/// about 64 bytes an entry, so a few MB a thread).
const CACHE_WORDS: usize = 50_000;

/// Words this long are stemmed directly: caching them would cost more than it saves.
const CACHE_MAX_LEN: usize = 24;

/// English Snowball stemming with a bounded cache of computed stems.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: HashMap::new(),
        }
    }
}

/// The tokenizer [`CachedEnglishStemmer`] wraps around another one.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    /// Lower-cased word → its stem, or `None` when the stem is the word itself.
    cache: HashMap<Box<str>, Option<Box<str>>>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut HashMap<Box<str>, Option<Box<str>>>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(token.text.as_str()) {
            if let Some(stem) = stem {
                token.text.clear();
                token.text.push_str(stem);
            }
            return true;
        }
        let stem = match self.stemmer.stem(&token.text) {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(stem) => Some(stem),
        };
        if token.text.len() <= CACHE_MAX_LEN && self.cache.len() < CACHE_WORDS {
            self.cache
                .insert(token.text.as_str().into(), stem.as_deref().map(Into::into));
        }
        if let Some(stem) = stem {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_exactly_like_tantivys_stemmer_on_repeated_text() {
        let text = "Running runners ran; the runner runs. Presidents presided over \
                    presidential elections, electing elected officials officially. \
                    Generously generalised generalisations generate generation's \
                    generators. Running runners ran again, officially.";
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedEnglishStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        // Twice, so the second pass is served from the cache.
        for _ in 0..2 {
            assert_eq!(terms(&mut cached, text), terms(&mut plain, text));
        }
        assert_eq!(terms(&mut cached, "running ran"), ["run", "ran"]);
    }

    #[test]
    fn words_beyond_the_cache_bound_are_still_stemmed() {
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedEnglishStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let words: String = (0..CACHE_WORDS + 100)
            .map(|i| format!("walk{i}ing "))
            .collect();
        let ours = terms(&mut cached, &words);
        assert_eq!(ours, terms(&mut plain, &words));
        assert_eq!(ours.len(), CACHE_WORDS + 100);
        assert_eq!(ours.last().map(String::as_str), Some("walk50099"));
    }
}
