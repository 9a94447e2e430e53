//! Writing feed items into the archive as ordinary article files (`+++` front
//! matter, then the text) under the feeds folder, which is part of the corpus: the
//! index picks them up like any other file, and a reporter can read, fix or delete
//! them by hand.
//!
//! Deduplication: an item is known by its link (normalised: no fragment, no
//! `utm_*` tracking parameters, host lower-cased) and by its content (headline and
//! text, case and spacing folded). A known link with the same content is left alone
//! (a feed that only bumps dates changes nothing); a known link with new content is
//! rewritten in place (a correction); an unknown link whose content is already
//! archived is a re-post and is skipped.
//!
//! Crash safety: the file is written to a hidden temporary and renamed into place,
//! then the item is recorded. A crash in between leaves a complete file and no
//! record, and the next poll rewrites the same file (same name) and records it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::parse::FeedItem;
use crate::store::{FeedItemRecord, Store};
use crate::{Error, Result};

/// What archiving one item did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Archived {
    /// A new article file.
    New(PathBuf),
    /// The item's file was rewritten with new content.
    Updated(PathBuf),
    /// Already archived with this content.
    Unchanged,
    /// The same content is archived under another link.
    Duplicate,
}

/// The link that identifies an item: normalised so that tracking parameters,
/// fragments and host case do not make one story look like two.
pub fn link_key(item: &FeedItem, feed_url: &str) -> String {
    match &item.link {
        Some(link) => normalize_link(link),
        // Without a link the guid identifies the item, but only within its feed.
        None => format!("guid:{feed_url}#{}", item.guid),
    }
}

fn normalize_link(link: &str) -> String {
    let link = link.trim();
    let link = link.split('#').next().unwrap_or(link);
    let (base, query) = match link.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (link, None),
    };
    // Lower-case scheme and host, keep the path as is (paths are case-sensitive).
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let path = path.trim_end_matches('/');
            format!(
                "{}://{}{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
                path
            )
        }
        None => base.to_string(),
    };
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !(name.starts_with("utm_") || matches!(name.as_str(), "fbclid" | "gclid" | "ocid"))
        })
        .collect();
    if kept.is_empty() {
        base
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// Hash of the headline and text with case and spacing folded: the same story
/// re-posted (or re-rendered with other whitespace) has the same key.
pub fn content_key(item: &FeedItem) -> String {
    let mut h = blake3::Hasher::new();
    for part in [&item.title, &item.body] {
        for word in part.split_whitespace() {
            h.update(word.to_lowercase().as_bytes());
            h.update(b" ");
        }
        h.update(b"\x1f");
    }
    h.finalize().to_hex()[..32].to_string()
}

/// Archives `item` from the feed at `feed_url` (published by `outlet`) under `dir`.
pub fn archive(
    store: &Store,
    dir: &Path,
    feed_url: &str,
    outlet: &str,
    item: &FeedItem,
    now: i64,
) -> Result<Archived> {
    let link_key = link_key(item, feed_url);
    let content_key = content_key(item);
    let known = store.feed_item_by_link(&link_key)?;
    if let Some(known) = &known
        && known.content_key == content_key
    {
        return Ok(Archived::Unchanged);
    }
    if known.is_none() && store.feed_item_by_content(&content_key)?.is_some() {
        return Ok(Archived::Duplicate);
    }
    let relative = match &known {
        Some(k) => k.path.clone(),
        None => file_name(outlet, item, &link_key),
    };
    let path = dir.join(&relative);
    write_atomically(&path, &render(outlet, item)?)?;
    store.record_feed_item(
        &FeedItemRecord {
            link_key,
            content_key,
            path: relative,
        },
        feed_url,
        now,
    )?;
    Ok(match known {
        Some(_) => Archived::Updated(path),
        None => Archived::New(path),
    })
}

/// `<outlet>/<date>-<headline>-<link hash>.md`, all slugs: stable for an item, so
/// a rewrite after a crash lands on the same file.
fn file_name(outlet: &str, item: &FeedItem, link_key: &str) -> String {
    let date = item
        .published
        .map_or_else(|| "undated".to_string(), |d| d.to_string());
    let hash = &blake3::hash(link_key.as_bytes()).to_hex()[..8];
    let title = slug(&item.title, 60);
    let title = if title.is_empty() { "item" } else { &title };
    let outlet = slug(outlet, 40);
    let outlet = if outlet.is_empty() { "feed" } else { &outlet };
    format!("{outlet}/{date}-{title}-{hash}.md")
}

/// Lower-case ASCII letters and digits joined by single dashes, at most `max` long.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    outlet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    authors: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
}

/// The article file: front matter, then the text exactly as extracted.
pub fn render(outlet: &str, item: &FeedItem) -> Result<String> {
    let front = FrontMatter {
        title: &item.title,
        outlet,
        published: item.published.map(|d| d.to_string()),
        url: item.link.as_deref(),
        authors: &item.authors,
        tags: &item.tags,
    };
    let toml = toml::to_string(&front)
        .map_err(|e| Error::Internal(format!("cannot write front matter: {e}")))?;
    Ok(format!("+++\n{toml}+++\n{}", item.body))
}

fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    let name = path
        .file_name()
        .map_or_else(|| "item".into(), |n| n.to_string_lossy().into_owned());
    // Hidden and not `.md`: neither the corpus scan nor the watcher looks at it.
    let tmp = parent.join(format!(".{name}.tmp"));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("writing", path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, link: Option<&str>, body: &str) -> FeedItem {
        FeedItem {
            guid: "g1".into(),
            title: title.into(),
            link: link.map(str::to_string),
            published: Some(jiff::civil::date(2026, 11, 20)),
            authors: vec!["Ana Ruiz".into()],
            tags: vec![],
            body: body.into(),
            summary_only: false,
        }
    }

    #[test]
    fn links_are_normalised_but_paths_keep_their_case() {
        assert_eq!(
            normalize_link("HTTPS://Wire.Example/News/A/?utm_source=rss&id=7&fbclid=x#top"),
            "https://wire.example/News/A?id=7"
        );
        assert_eq!(
            normalize_link("https://wire.example/a?utm_medium=feed"),
            "https://wire.example/a"
        );
        assert_ne!(
            normalize_link("https://wire.example/A"),
            normalize_link("https://wire.example/a")
        );
    }

    #[test]
    fn content_key_folds_case_and_spacing_only() {
        let a = item("Port closes", None, "The port  closed\nat noon.");
        let b = item("port CLOSES", None, "The port closed at noon.");
        let c = item("Port closes", None, "The port closed at one.");
        assert_eq!(content_key(&a), content_key(&b));
        assert_ne!(content_key(&a), content_key(&c));
    }

    #[test]
    fn file_names_are_stable_slugs() {
        let it = item(
            "Storm: “closes” the port!",
            Some("https://w.example/a"),
            "x",
        );
        let name = file_name("The Wire & Co", &it, "https://w.example/a");
        assert!(
            name.starts_with("the-wire-co/2026-11-20-storm-closes-the-port-"),
            "{name}"
        );
        assert_eq!(name, file_name("The Wire & Co", &it, "https://w.example/a"));
        let untitled = item("Ωμέγα", None, "x");
        assert!(file_name("Ω", &untitled, "k").starts_with("feed/2026-11-20-item-"));
    }
}
