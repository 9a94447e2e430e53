//! Text handling shared by indexing, excerpts and answers: the analyzer (the same
//! tokens tantivy indexes), sentence segmentation, boilerplate detection, stop words, display repair of
//! mojibake.

pub mod analyzer;
pub mod boilerplate;
pub mod mojibake;
pub mod sentences;
pub mod stem;
pub mod stopwords;

pub use analyzer::{Token, analyzer, tokenize};
pub use sentences::{Span, sentences};
