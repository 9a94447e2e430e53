//! The article model shared by the loaders and the index.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One article of the archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable identifier: the file's path stem, or the `id` of a JSONL line.
    pub id: String,
    /// Headline.
    pub title: String,
    /// The publication that ran it, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Canonical link, when known (never invented).
    pub url: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// Topic tags.
    pub tags: Vec<String>,
    /// The article text exactly as stored; every excerpt is a slice of it.
    pub body: String,
}

impl Article {
    /// A hash of everything that is indexed, to tell a changed article from an
    /// unchanged one without comparing texts.
    pub fn content_hash(&self) -> String {
        let mut h = blake3::Hasher::new();
        for part in [
            self.id.as_str(),
            self.title.as_str(),
            self.outlet.as_deref().unwrap_or(""),
            self.url.as_deref().unwrap_or(""),
            &self.published.map(|d| d.to_string()).unwrap_or_default(),
            &self.authors.join("\u{1f}"),
            &self.tags.join("\u{1f}"),
            self.body.as_str(),
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().to_hex()[..32].to_string()
    }
}

/// Metadata fields shared by front matter and JSONL lines.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Metadata {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub published: Option<DateValue>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub authors: OneOrMany,
    #[serde(default)]
    pub tags: OneOrMany,
}

/// A date written as a TOML date, or as a string (`2025-08-14`, RFC 3339, RFC 2822).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateValue {
    Toml(toml::value::Datetime),
    Text(String),
}

/// A list of strings that may also be written as one string.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        let items = match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        };
        items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Parses the date forms articles and feeds use; `None` if it is none of them.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Some(date);
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return Some(dt.date());
    }
    jiff::fmt::rfc2822::parse(text).ok().map(|z| z.date())
}

impl Metadata {
    /// Builds the article, taking the title from the first non-empty body line when
    /// the metadata has none. Errors are reasons fit for the load report.
    pub(crate) fn into_article(self, id: String, body: String) -> Result<Article, String> {
        if body.trim().is_empty() {
            return Err("empty body".into());
        }
        let published = match self.published {
            None => None,
            Some(DateValue::Toml(dt)) => match dt.date {
                Some(d) => Some(
                    Date::new(d.year as i16, d.month as i8, d.day as i8)
                        .map_err(|e| format!("invalid published date: {e}"))?,
                ),
                None => return Err("published has a time but no date".into()),
            },
            Some(DateValue::Text(s)) => Some(
                parse_date(&s)
                    .ok_or_else(|| format!("published {s:?} is not a date (use YYYY-MM-DD)"))?,
            ),
        };
        let title = match self.title.map(|t| t.trim().to_string()) {
            Some(t) if !t.is_empty() => t,
            _ => first_line_title(&body),
        };
        let non_empty =
            |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(Article {
            id,
            title,
            outlet: non_empty(self.outlet),
            published,
            url: non_empty(self.url),
            authors: self.authors.into_vec(),
            tags: self.tags.into_vec(),
            body,
        })
    }
}

/// The first non-empty line, cut to a headline's length at a character boundary.
fn first_line_title(body: &str) -> String {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let d = Date::new(2025, 8, 14).unwrap();
        assert_eq!(parse_date("2025-08-14"), Some(d));
        assert_eq!(parse_date("2025-08-14T23:10:00Z"), Some(d));
        assert_eq!(parse_date("Thu, 14 Aug 2025 10:00:00 +0000"), Some(d));
        assert_eq!(parse_date("last tuesday"), None);
    }

    #[test]
    fn title_falls_back_to_first_line() {
        let a = Metadata::default()
            .into_article("x".into(), "\n\n  Headline here \nBody.".into())
            .unwrap();
        assert_eq!(a.title, "Headline here");
        assert_eq!(a.body, "\n\n  Headline here \nBody.");
    }

    #[test]
    fn content_hash_changes_with_any_field() {
        let a = Metadata::default()
            .into_article("x".into(), "Body.".into())
            .unwrap();
        let mut b = a.clone();
        b.outlet = Some("BBC".into());
        assert_ne!(a.content_hash(), b.content_hash());
        assert_eq!(a.content_hash(), a.clone().content_hash());
    }
}
