//! Feed state: per feed, the validators for conditional GET, failures and when to
//! poll next (so backoff survives a restart); per archived item, the keys that
//! deduplicate it (its link, its content) and the file it was written to.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::Result;
use crate::feeds::fetch::Validators;

/// Tables for feeds; part of the store's schema.
pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at INTEGER NOT NULL DEFAULT 0,
    last_ok_at INTEGER,
    last_error TEXT,
    last_error_at INTEGER
);
CREATE TABLE IF NOT EXISTS feed_items (
    link_key TEXT PRIMARY KEY,
    content_key TEXT NOT NULL,
    feed_url TEXT NOT NULL,
    path TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_items_by_content ON feed_items(content_key);
";

/// What the store knows about one feed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FeedState {
    /// The feed's URL.
    pub url: String,
    /// Validators of the last document fetched.
    #[serde(skip)]
    pub validators: Validators,
    /// Failures since the last success.
    pub failures: u32,
    /// When the feed is due next (Unix seconds; 0: now).
    pub next_poll_at: i64,
    /// Last successful fetch (Unix seconds).
    pub last_ok_at: Option<i64>,
    /// The last failure's message.
    pub last_error: Option<String>,
    /// When it happened (Unix seconds).
    pub last_error_at: Option<i64>,
    /// Items archived from this feed.
    pub items: u64,
}

/// An archived feed item, as looked up by one of its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItemRecord {
    /// The normalised link (or feed-scoped guid) that identifies the item.
    pub link_key: String,
    /// Hash of its normalised headline and text.
    pub content_key: String,
    /// The article file, relative to the feeds folder.
    pub path: String,
}

impl Store {
    /// The state of the feed at `url` (a default state if it was never polled).
    pub fn feed_state(&self, url: &str) -> Result<FeedState> {
        let conn = self.conn();
        let items = conn.query_row(
            "SELECT COUNT(*) FROM feed_items WHERE feed_url = ?1",
            params![url],
            |r| r.get(0),
        )?;
        let state = conn
            .query_row(
                "SELECT etag, last_modified, failures, next_poll_at, last_ok_at, last_error, last_error_at
                 FROM feed_state WHERE url = ?1",
                params![url],
                |r| {
                    Ok(FeedState {
                        url: url.to_string(),
                        validators: Validators {
                            etag: r.get(0)?,
                            last_modified: r.get(1)?,
                        },
                        failures: r.get(2)?,
                        next_poll_at: r.get(3)?,
                        last_ok_at: r.get(4)?,
                        last_error: r.get(5)?,
                        last_error_at: r.get(6)?,
                        items,
                    })
                },
            )
            .optional()?;
        Ok(state.unwrap_or_else(|| FeedState {
            url: url.to_string(),
            items,
            ..FeedState::default()
        }))
    }

    /// Records a successful poll. `validators` is `None` after a `304`, which keeps
    /// the ones stored.
    pub fn feed_succeeded(
        &self,
        url: &str,
        validators: Option<&Validators>,
        now: i64,
        next_poll_at: i64,
    ) -> Result<()> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO feed_state (url, failures, next_poll_at, last_ok_at) VALUES (?1, 0, ?3, ?2)
             ON CONFLICT(url) DO UPDATE SET failures = 0, next_poll_at = ?3, last_ok_at = ?2",
            params![url, now, next_poll_at],
        )?;
        if let Some(v) = validators {
            conn.execute(
                "UPDATE feed_state SET etag = ?2, last_modified = ?3 WHERE url = ?1",
                params![url, v.etag, v.last_modified],
            )?;
        }
        Ok(())
    }

    /// Records a failed poll and returns the number of failures in a row.
    pub fn feed_failed(&self, url: &str, error: &str, now: i64, next_poll_at: i64) -> Result<u32> {
        let conn = self.conn();
        let failures = conn.query_row(
            "INSERT INTO feed_state (url, failures, next_poll_at, last_error, last_error_at)
             VALUES (?1, 1, ?4, ?2, ?3)
             ON CONFLICT(url) DO UPDATE SET failures = failures + 1, next_poll_at = ?4,
                 last_error = ?2, last_error_at = ?3
             RETURNING failures",
            params![url, error, now, next_poll_at],
            |r| r.get(0),
        )?;
        Ok(failures)
    }

    /// The archived item with this link key.
    pub fn feed_item_by_link(&self, link_key: &str) -> Result<Option<FeedItemRecord>> {
        self.feed_item("link_key", link_key)
    }

    /// An archived item with this content key (a re-post under another link).
    pub fn feed_item_by_content(&self, content_key: &str) -> Result<Option<FeedItemRecord>> {
        self.feed_item("content_key", content_key)
    }

    fn feed_item(&self, column: &str, key: &str) -> Result<Option<FeedItemRecord>> {
        let sql = format!(
            "SELECT link_key, content_key, path FROM feed_items WHERE {column} = ?1 LIMIT 1"
        );
        Ok(self
            .conn()
            .query_row(&sql, params![key], |r| {
                Ok(FeedItemRecord {
                    link_key: r.get(0)?,
                    content_key: r.get(1)?,
                    path: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// Records an item written to (or rewritten at) `record.path`.
    pub fn record_feed_item(
        &self,
        record: &FeedItemRecord,
        feed_url: &str,
        now: i64,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO feed_items (link_key, content_key, feed_url, path, first_seen, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT(link_key) DO UPDATE SET content_key = ?2, path = ?4, updated_at = ?5",
            params![
                record.link_key,
                record.content_key,
                feed_url,
                record.path,
                now
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("state.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn failures_count_up_and_a_success_resets_them_keeping_validators_on_304() {
        let (_dir, store) = store();
        let url = "http://127.0.0.1/feed.xml";
        assert_eq!(store.feed_state(url).unwrap().failures, 0);
        let v = Validators {
            etag: Some("\"v1\"".into()),
            last_modified: None,
        };
        store.feed_succeeded(url, Some(&v), 100, 200).unwrap();
        assert_eq!(store.feed_failed(url, "HTTP 500", 200, 400).unwrap(), 1);
        assert_eq!(store.feed_failed(url, "HTTP 500", 400, 800).unwrap(), 2);
        let s = store.feed_state(url).unwrap();
        assert_eq!((s.failures, s.next_poll_at), (2, 800));
        assert_eq!(s.last_error.as_deref(), Some("HTTP 500"));
        store.feed_succeeded(url, None, 900, 1000).unwrap();
        let s = store.feed_state(url).unwrap();
        assert_eq!((s.failures, s.last_ok_at), (0, Some(900)));
        assert_eq!(s.validators, v, "a 304 keeps the stored validators");
    }

    #[test]
    fn items_are_found_by_link_and_by_content() {
        let (_dir, store) = store();
        let rec = FeedItemRecord {
            link_key: "https://wire.example/a".into(),
            content_key: "c1".into(),
            path: "wire/a.md".into(),
        };
        store.record_feed_item(&rec, "u", 1).unwrap();
        assert_eq!(
            store.feed_item_by_link(&rec.link_key).unwrap(),
            Some(rec.clone())
        );
        assert_eq!(store.feed_item_by_content("c1").unwrap(), Some(rec.clone()));
        assert_eq!(store.feed_item_by_content("c2").unwrap(), None);
        assert_eq!(store.feed_state("u").unwrap().items, 1);
    }
}
