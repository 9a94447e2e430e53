//! `+++` TOML front matter: splitting it from the body and reading its fields.

use super::article::{Article, Metadata};

/// Parses a `.md`/`.txt` article. The body is everything after the closing `+++`
/// line, byte for byte; without front matter the whole text is the body.
pub(crate) fn parse_article(id: String, text: &str) -> Result<Article, String> {
    // A UTF-8 byte-order mark (as some Windows editors write) is not text: left in,
    // it would hide the front matter and start the title.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (meta, body) = match split(text)? {
        Some((front, body)) => {
            let table: toml::Table = toml::from_str(front).map_err(|e| {
                let msg = e.to_string();
                format!(
                    "malformed front matter: {}",
                    msg.lines().next().unwrap_or("")
                )
            })?;
            warn_unknown_keys(&id, &table);
            let meta: Metadata = toml::Value::Table(table).try_into().map_err(|e| {
                let msg = e.to_string();
                format!("malformed front matter: {}", msg.trim())
            })?;
            (meta, body)
        }
        None => (Metadata::default(), text),
    };
    meta.into_article(id, body.to_string())
}

const KNOWN_KEYS: &[&str] = &["title", "outlet", "published", "url", "authors", "tags"];

fn warn_unknown_keys(id: &str, table: &toml::Table) {
    for key in table.keys().filter(|k| !KNOWN_KEYS.contains(&k.as_str())) {
        tracing::warn!(article = id, key, "unknown front matter key ignored");
    }
}

/// Splits `+++\n<toml>\n+++\n<body>`; `Ok(None)` when the text has no front matter.
fn split(text: &str) -> Result<Option<(&str, &str)>, String> {
    let rest = match text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    {
        Some(rest) => rest,
        None => return Ok(None),
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Some((front, body)));
        }
        offset += line.len();
    }
    Err("malformed front matter: opening +++ has no closing +++ line".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_after_front_matter_is_kept_byte_for_byte() {
        let text = "+++\ntitle = \"T\"\noutlet = \"Al Jazeera\"\npublished = 2017-07-19\ntags = [\"a\"]\n+++\nLine one\n\n  Line two  ";
        let a = parse_article("id".into(), text).unwrap();
        assert_eq!(a.title, "T");
        assert_eq!(a.outlet.as_deref(), Some("Al Jazeera"));
        assert_eq!(a.published.unwrap().to_string(), "2017-07-19");
        assert_eq!(a.body, "Line one\n\n  Line two  ");
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_front_matter() {
        let a = parse_article("id".into(), "\u{feff}+++\ntitle = \"T\"\n+++\nBody.").unwrap();
        assert_eq!(a.title, "T");
        assert_eq!(a.body, "Body.");
        let b = parse_article("id".into(), "\u{feff}Headline\nText.").unwrap();
        assert_eq!(b.title, "Headline");
        assert_eq!(b.body, "Headline\nText.");
    }

    #[test]
    fn no_front_matter_means_first_line_title() {
        let a = parse_article("id".into(), "Headline\nText.").unwrap();
        assert_eq!(a.title, "Headline");
        assert_eq!(a.body, "Headline\nText.");
    }

    #[test]
    fn malformed_front_matter_is_a_reason_not_a_panic() {
        for bad in [
            "+++\ntitle = \"unclosed\n+++\nBody",
            "+++\ntitle = \"x\"\nBody without closing",
            "+++\npublished = \"someday\"\n+++\nBody",
            "+++\nauthors = 3\n+++\nBody",
        ] {
            let err = parse_article("id".into(), bad).unwrap_err();
            assert!(
                err.contains("front matter") || err.contains("date"),
                "{err}"
            );
        }
    }

    #[test]
    fn empty_body_is_rejected() {
        assert_eq!(
            parse_article("id".into(), "+++\ntitle = \"x\"\n+++\n \n").unwrap_err(),
            "empty body"
        );
    }
}
