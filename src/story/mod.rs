//! Story tools over the retrieval layer: where a quote comes from ([`whosaid`]) and
//! how a story unfolded ([`timeline`]). Both stand on the verbatim core: every
//! sentence they return is a span of a stored article, with its offsets.
//!
//! - [`quotes`]: reading a quote through what copying does to it, and finding it
//!   (or an altered version of it) in an article.
//! - [`speaker`]: who says a quote, resolved to the full name the article gives.
//! - [`dates`]: the dates a sentence gives in its own words.

pub mod dates;
pub mod quotes;
pub mod speaker;
mod timeline;
mod whosaid;

pub use timeline::{MAX_EVENTS, timeline};
pub use whosaid::whosaid;
