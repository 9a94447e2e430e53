//! Turning a fetched RSS, Atom or JSON Feed document into feed items: plain text,
//! ready to become articles. feed-rs does the format work; HTML bodies become text
//! with html2text (no wrapping, so a paragraph stays one line and sentences are not
//! cut by line breaks).

use jiff::civil::Date;

/// One entry of a feed, as it will be archived.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The entry's id in the feed (guid / atom:id), or one feed-rs derived.
    pub guid: String,
    /// Headline, plain text.
    pub title: String,
    /// The entry's link, when the feed gives one.
    pub link: Option<String>,
    /// Publication date (UTC), or the last update when the feed gives no publication.
    pub published: Option<Date>,
    /// Bylines.
    pub authors: Vec<String>,
    /// Categories.
    pub tags: Vec<String>,
    /// The full text when the feed carries it, else the summary; plain text.
    pub body: String,
    /// True when `body` is the entry's summary, not its full text.
    pub summary_only: bool,
}

/// What a feed document yielded.
#[derive(Debug, Default)]
pub struct ParsedFeed {
    /// Entries that can be archived.
    pub items: Vec<FeedItem>,
    /// Entries left out, with why (no title, no text).
    pub skipped: Vec<String>,
}

/// Parses a feed document (bytes as served: feed-rs honours the XML encoding).
pub fn parse(bytes: &[u8]) -> Result<ParsedFeed, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a valid feed: {e}"))?;
    let mut parsed = ParsedFeed::default();
    for entry in feed.entries {
        let link = entry_link(&entry);
        let label = link.clone().unwrap_or_else(|| entry.id.clone());
        let title = match &entry.title {
            Some(t) => text_of(&t.content, is_html(t.content_type.as_str())).map(|t| one_line(&t)),
            None => Ok(String::new()),
        };
        let title = match title {
            Ok(t) if !t.is_empty() => t,
            Ok(_) => {
                parsed.skipped.push(format!("{label}: entry has no title"));
                continue;
            }
            Err(why) => {
                parsed.skipped.push(format!("{label}: title {why}"));
                continue;
            }
        };
        // The full text when there is one (and it renders), else the summary.
        let full = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_ref().map(|b| (b, c.content_type.as_str())))
            .map(|(body, ct)| text_of(body, is_html(ct)));
        let summary = entry
            .summary
            .as_ref()
            .map(|s| text_of(&s.content, is_html(s.content_type.as_str())));
        let present = |t: &Option<Result<String, String>>| matches!(t, Some(Ok(text)) if !text.trim().is_empty());
        let (body, summary_only) = if present(&full) {
            (full, false)
        } else {
            (summary, true)
        };
        let body = match body {
            Some(Ok(text)) if !text.trim().is_empty() => text,
            Some(Err(why)) => {
                parsed.skipped.push(format!("{label}: text {why}"));
                continue;
            }
            _ => {
                parsed.skipped.push(format!("{label}: entry has no text"));
                continue;
            }
        };
        let published = entry
            .published
            .or(entry.updated)
            .and_then(|t| jiff::Timestamp::from_second(t.timestamp()).ok())
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date());
        parsed.items.push(FeedItem {
            guid: entry.id.clone(),
            title,
            link,
            published,
            authors: entry
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref().map(one_line))
                .filter(|n| !n.is_empty())
                .collect(),
            tags: entry
                .categories
                .iter()
                .map(|c| one_line(c.label.as_deref().unwrap_or(&c.term)))
                .filter(|t| !t.is_empty())
                .collect(),
            body,
            summary_only,
        });
    }
    Ok(parsed)
}

/// The entry's web page: its `alternate` link, else its first http(s) link.
fn entry_link(entry: &feed_rs::model::Entry) -> Option<String> {
    // Only web links, and none with spaces or control characters inside (a link
    // is cited verbatim; such a value is a broken feed, not a URL).
    let web = |l: &&feed_rs::model::Link| {
        let href = l.href.trim();
        (href.starts_with("http://") || href.starts_with("https://"))
            && !href.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    entry
        .links
        .iter()
        .filter(web)
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.iter().find(web))
        .map(|l| l.href.trim().to_string())
}

fn is_html(content_type: &str) -> bool {
    !content_type.starts_with("text/plain")
}

/// Deepest element nesting accepted in feed HTML. Real articles nest a few dozen
/// levels; html2text's time grows with the square of the depth (100,000 nested
/// `<div>`s, 1 MB, took 27 s), so a hostile feed could otherwise pin a CPU.
const MAX_HTML_DEPTH: usize = 2_000;

/// Plain text of a feed field: HTML rendered without decoration or wrapping, lines
/// trimmed at the end, runs of blank lines folded into one. An error says why the
/// HTML cannot be used (never raw markup as text).
fn text_of(content: &str, html: bool) -> Result<String, String> {
    let rendered;
    let text = if html {
        if nesting_depth(content) > MAX_HTML_DEPTH {
            return Err(format!(
                "is HTML nested more than {MAX_HTML_DEPTH} levels deep"
            ));
        }
        rendered = html2text::config::plain_no_decorate()
            .string_from_read(content.as_bytes(), NO_WRAP)
            .map_err(|e| format!("is HTML that cannot be rendered: {e}"))?;
        rendered.as_str()
    } else {
        content
    };
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    Ok(out)
}

/// An upper bound of how deep elements nest: every start tag that is not void or
/// self-closed opens a level, every end tag closes one (unclosed `<p>`s count too,
/// which only errs on the cautious side).
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            depth = depth.saturating_sub(1);
            rest = after;
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 {
            continue; // comments, doctypes, a stray "<"
        }
        let name = rest[..name_len].to_ascii_lowercase();
        // The tag ends at the next '>' (a '<' first means it never closed; stopping
        // there keeps the scan linear).
        let self_closed = rest
            .find(['>', '<'])
            .is_some_and(|end| rest[end..].starts_with('>') && rest[..end].ends_with('/'));
        if !self_closed && !VOID.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// A width no paragraph reaches, so html2text never wraps.
const NO_WRAP: usize = 1 << 20;

/// Collapses whitespace (titles and names are one line in front matter).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wire</title><link>https://wire.example/</link>
<item>
  <title>Council &amp; mayor agree budget</title>
  <link>https://wire.example/news/budget</link>
  <guid>budget-1</guid>
  <pubDate>Tue, 03 Nov 2026 23:30:00 -0500</pubDate>
  <dc:creator>Ana Ruiz</dc:creator>
  <category>Politics</category>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>The council approved the budget on Tuesday, after a <b>long</b> debate.</p><p>"It is a fair deal," the mayor said.</p>]]></content:encoded>
</item>
<item>
  <title>Only a summary</title>
  <link>https://wire.example/news/summary</link>
  <description>&lt;p&gt;Rain is expected &amp;amp; winds will rise.&lt;/p&gt;</description>
</item>
<item><link>https://wire.example/news/untitled</link><description>No headline here.</description></item>
<item><title>No text at all</title><link>https://wire.example/news/empty</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_plain_text_articles() {
        let parsed = parse(RSS.as_bytes()).unwrap();
        assert_eq!(parsed.items.len(), 2, "{:?}", parsed.skipped);
        let full = &parsed.items[0];
        assert_eq!(full.title, "Council & mayor agree budget");
        assert_eq!(
            full.link.as_deref(),
            Some("https://wire.example/news/budget")
        );
        assert_eq!(full.guid, "budget-1");
        // 23:30 at UTC-5 is the next day in UTC.
        assert_eq!(full.published, Some(jiff::civil::date(2026, 11, 4)));
        assert_eq!(full.authors, ["Ana Ruiz"]);
        assert_eq!(full.tags, ["Politics"]);
        assert!(!full.summary_only);
        assert_eq!(
            full.body,
            "The council approved the budget on Tuesday, after a long debate.\n\n\"It is a fair deal,\" the mayor said."
        );
        let summary = &parsed.items[1];
        assert!(summary.summary_only);
        assert_eq!(summary.body, "Rain is expected & winds will rise.");
        assert_eq!(parsed.skipped.len(), 2);
        assert!(
            parsed.skipped[0].contains("no title"),
            "{:?}",
            parsed.skipped
        );
        assert!(
            parsed.skipped[1].contains("no text"),
            "{:?}",
            parsed.skipped
        );
    }

    #[test]
    fn atom_entries_use_content_and_the_alternate_link() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:feed</id>
<updated>2026-11-20T10:00:00Z</updated>
<entry><title type="html">Storm &lt;em&gt;closes&lt;/em&gt; port</title><id>urn:e1</id>
<link rel="self" href="https://wire.example/api/e1"/>
<link rel="alternate" href="https://wire.example/e1"/>
<updated>2026-11-20T09:00:00Z</updated>
<author><name>Sam Lee</name></author>
<summary>Teaser</summary>
<content type="html">&lt;p&gt;The port closed at noon.&lt;/p&gt;</content>
</entry></feed>"#;
        let parsed = parse(atom.as_bytes()).unwrap();
        let e = &parsed.items[0];
        assert_eq!(e.title, "Storm closes port");
        assert_eq!(e.link.as_deref(), Some("https://wire.example/e1"));
        assert_eq!(e.published, Some(jiff::civil::date(2026, 11, 20)));
        assert_eq!(e.body, "The port closed at noon.");
        assert_eq!(e.authors, ["Sam Lee"]);
    }

    #[test]
    fn deeply_nested_html_is_refused_not_rendered() {
        let deep = format!("{}text{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        let rss = format!(
            "<rss version=\"2.0\"><channel><title>x</title><item><title>Deep</title><link>http://w.test/d</link><description><![CDATA[{deep}]]></description></item></channel></rss>"
        );
        let parsed = parse(rss.as_bytes()).unwrap();
        assert!(parsed.items.is_empty());
        assert!(
            parsed.skipped[0].contains("nested more than 2000 levels"),
            "{:?}",
            parsed.skipped
        );
        assert_eq!(nesting_depth("<p>a<br>b<img src=x/><p>c</p></p>"), 2);
        assert_eq!(nesting_depth("<!-- x --><a href='/'>y</a> 1 < 2"), 1);
        assert_eq!(nesting_depth("<a<b<c"), 3, "unclosed tags still count");
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in [
            "",
            "<rss><channel><item><title>cut off",
            "{\"version\": 1",
            "plain text, not a feed",
            "<html><body>a web page</body></html>",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad:?} parsed");
        }
    }
}
