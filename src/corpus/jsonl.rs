//! `.jsonl` bulk files: one article per line.

use serde::Deserialize;

use super::article::{Article, Metadata};

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    body: Option<String>,
    #[serde(flatten)]
    meta: Metadata,
}

/// Parses one line of a JSONL file into an article; errors are load-report reasons.
pub(crate) fn parse_line(line: &str) -> Result<Article, String> {
    let parsed: Line = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let id = match parsed.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err("missing or empty \"id\"".into()),
    };
    if id.chars().any(char::is_control) {
        return Err(format!("id {id:?} contains control characters"));
    }
    let body = parsed.body.ok_or("missing \"body\"")?;
    let article = parsed.meta.into_article(id, body)?;
    // As a .md file holding NUL bytes is refused as binary, so is a line whose text
    // decodes to them ("\u0000"): no tool downstream expects NUL in an article.
    if article.body.contains('\0') || article.title.contains('\0') {
        return Err("binary data (the body or title contains NUL characters)".into());
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_line() {
        let a = parse_line(r#"{"id":"bbc-1","title":"T","outlet":"BBC","published":"2005-03-01","url":"https://x","authors":["A"],"tags":["business"],"body":"Text here."}"#).unwrap();
        assert_eq!(a.id, "bbc-1");
        assert_eq!(a.published.unwrap().to_string(), "2005-03-01");
        assert_eq!(a.tags, ["business"]);
    }

    #[test]
    fn bad_lines_give_reasons() {
        assert!(
            parse_line("{not json")
                .unwrap_err()
                .contains("invalid JSON")
        );
        assert!(parse_line(r#"{"body":"x"}"#).unwrap_err().contains("id"));
        assert!(parse_line(r#"{"id":"a"}"#).unwrap_err().contains("body"));
        assert!(parse_line(r#"{"id":"a","body":"x","published":"soon"}"#).is_err());
        assert!(parse_line(r#"[1,2]"#).is_err());
        assert!(
            parse_line(r#"{"id":"a","body":"x\u0000y"}"#)
                .unwrap_err()
                .contains("NUL")
        );
    }
}
