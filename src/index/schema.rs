//! The tantivy schema. Bump [`SCHEMA_VERSION`] on any change to fields or the
//! analyzer: an index written with another version is rebuilt from the corpus.

use tantivy::DateTime;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::text::analyzer::ANALYZER_NAME;

/// Version of the on-disk layout (schema, analyzer, manifest).
pub const SCHEMA_VERSION: u32 = 4;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id (raw, exact match).
    pub id: Field,
    /// Headline (analyzed, stored).
    pub title: Field,
    /// Body (analyzed with positions, stored byte for byte).
    pub body: Field,
    /// Outlet name as written (stored, and indexed raw so outlets can be listed).
    pub outlet: Field,
    /// Lower-cased outlet, for filtering.
    pub outlet_key: Field,
    /// Publication date (midnight UTC).
    pub published: Field,
    /// When this article first entered the archive.
    pub indexed_at: Field,
    /// Canonical link.
    pub url: Field,
    /// Bylines (multi-valued).
    pub authors: Field,
    /// Tags (multi-valued).
    pub tags: Field,
    /// The corpus file it came from.
    pub source: Field,
    /// MinHash LSH band hashes (multi-valued u64 fast field), for near-duplicate
    /// candidates. A column, not indexed terms: 32 random terms per article would
    /// cost more to index than the article's own words.
    pub lsh: Field,
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let date = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", analyzed.clone()),
        body: b.add_text_field("body", analyzed),
        outlet: b.add_text_field("outlet", STRING | STORED),
        outlet_key: b.add_text_field("outlet_key", STRING),
        published: b.add_date_field("published", date.clone()),
        indexed_at: b.add_date_field("indexed_at", date),
        url: b.add_text_field("url", STORED),
        authors: b.add_text_field("authors", STORED),
        tags: b.add_text_field("tags", STORED),
        source: b.add_text_field("source", STORED),
        lsh: b.add_u64_field("lsh", tantivy::schema::NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

/// The key outlets are filtered by: trimmed and lower-cased.
pub fn outlet_key(outlet: &str) -> String {
    outlet.trim().to_lowercase()
}

/// A civil date as a tantivy date at midnight UTC.
pub fn date_value(date: jiff::civil::Date) -> DateTime {
    let seconds = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0);
    DateTime::from_timestamp_secs(seconds)
}

/// The civil date (UTC) of a tantivy date.
pub fn civil_date(value: DateTime) -> Option<jiff::civil::Date> {
    jiff::Timestamp::from_second(value.into_timestamp_secs())
        .ok()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}
