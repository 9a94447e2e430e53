//! Persistent state in SQLite: saved searches (so result pages survive a restart),
//! answers and the feedback given on them, the question each bot thread is about,
//! digest subscriptions and posts, and feed state ([`feeds`]).
//!
//! Every write is one statement or one transaction, so a crash never leaves half of
//! a change behind (SQLite's journal takes care of the rest).

use std::path::Path;
use std::sync::Mutex;

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

use crate::{Error, Result};

mod feeds;
pub use feeds::{FeedItemRecord, FeedState};

/// The schema, one step per version: the database's `PRAGMA user_version` says how
/// many steps it has had, and opening it applies the rest, each in a transaction. A
/// change to the schema is a new step at the end, never an edit of an old one, so
/// no database meets a schema it was not migrated to. (The first steps say
/// `IF NOT EXISTS`: databases from before versioning already hold those tables.)
const MIGRATIONS: &[&str] = &[SCHEMA, feeds::SCHEMA];

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS searches (
    key TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    outlet TEXT,
    since TEXT,
    until TEXT,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    cited_ids TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_key TEXT NOT NULL REFERENCES answers(key),
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (answer_key, user_id)
);
CREATE TABLE IF NOT EXISTS digest_subscriptions (
    channel_id INTEGER PRIMARY KEY,
    guild_id INTEGER,
    time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_date TEXT,
    last_until INTEGER
);
CREATE TABLE IF NOT EXISTS digest_posts (
    channel_id INTEGER NOT NULL,
    local_date TEXT NOT NULL,
    since INTEGER NOT NULL,
    until INTEGER NOT NULL,
    stories INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
    messages INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, local_date)
);
CREATE TABLE IF NOT EXISTS threads (
    thread_id INTEGER PRIMARY KEY,
    question TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
";

/// A search whose result pages can be turned later.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedSearch {
    /// The query text.
    pub query: String,
    /// Outlet filter.
    pub outlet: Option<String>,
    /// Date filter, inclusive.
    pub since: Option<Date>,
    /// Date filter, inclusive.
    pub until: Option<Date>,
}

/// A saved answer: the question and the ids it cited.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedAnswer {
    /// The question asked.
    pub question: String,
    /// Ids of the cited articles.
    pub cited_ids: Vec<String>,
}

/// A digest subscription with its watermark.
pub use crate::digest::Subscription;

/// A recorded digest post.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestPost {
    /// The channel.
    pub channel_id: u64,
    /// The local date it was for.
    pub local_date: Date,
    /// The window it covered.
    pub since: jiff::Timestamp,
    /// The window it covered.
    pub until: jiff::Timestamp,
    /// Stories in it.
    pub stories: usize,
    /// `sending` until every message went out, then `sent`.
    pub status: String,
}

/// The state database.
pub struct Store {
    conn: Mutex<Connection>,
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A short stable key for some content (fits in a Discord custom id).
fn key_of(parts: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().to_hex()[..16].to_string()
}

/// Refuses a database whose schema version this newsdesk does not know (written by a
/// newer one, or not by newsdesk at all) rather than touch it.
fn refuse_newer(conn: &Connection, path: &Path) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if usize::try_from(found).map_or(true, |v| v > MIGRATIONS.len()) {
        return Err(Error::StoreTooNew {
            path: path.to_owned(),
            found,
            known: MIGRATIONS.len(),
        });
    }
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        let mut conn = Connection::open(path)?;
        // Before anything is written (WAL mode changes the file): a database from a
        // newer newsdesk is left exactly as it is.
        refuse_newer(&conn, path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
            .to_latest(&mut conn)
            .map_err(Error::from)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Saves a search and returns its key.
    pub fn save_search(&self, s: &SavedSearch) -> Result<String> {
        let since = s.since.map(|d| d.to_string());
        let until = s.until.map(|d| d.to_string());
        let key = key_of(&[
            &s.query,
            s.outlet.as_deref().unwrap_or(""),
            since.as_deref().unwrap_or(""),
            until.as_deref().unwrap_or(""),
        ]);
        self.conn().execute(
            "INSERT OR IGNORE INTO searches (key, query, outlet, since, until, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![key, s.query, s.outlet, since, until, now()],
        )?;
        Ok(key)
    }

    /// A saved search by key.
    pub fn search(&self, key: &str) -> Result<Option<SavedSearch>> {
        let row = self
            .conn()
            .query_row(
                "SELECT query, outlet, since, until FROM searches WHERE key = ?1",
                [key],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.map(|(query, outlet, since, until)| SavedSearch {
            query,
            outlet,
            since: since.and_then(|d| d.parse().ok()),
            until: until.and_then(|d| d.parse().ok()),
        }))
    }

    /// Saves an answer (question and cited ids) and returns its key.
    pub fn save_answer(&self, question: &str, cited_ids: &[String]) -> Result<String> {
        let cited = cited_ids.join("\n");
        let key = key_of(&[question, &cited]);
        self.conn().execute(
            "INSERT OR IGNORE INTO answers (key, question, cited_ids, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![key, question, cited, now()],
        )?;
        Ok(key)
    }

    /// A saved answer by key.
    pub fn answer(&self, key: &str) -> Result<Option<SavedAnswer>> {
        let row = self
            .conn()
            .query_row(
                "SELECT question, cited_ids FROM answers WHERE key = ?1",
                [key],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        Ok(row.map(|(question, cited)| SavedAnswer {
            question,
            cited_ids: cited.lines().map(str::to_string).collect(),
        }))
    }

    /// Records a user's vote (+1 or -1) on an answer; a second vote replaces the first.
    /// Returns false if the answer is unknown.
    pub fn record_feedback(&self, answer_key: &str, user_id: u64, vote: i8) -> Result<bool> {
        let conn = self.conn();
        let known: bool = conn
            .query_row("SELECT 1 FROM answers WHERE key = ?1", [answer_key], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !known {
            return Ok(false);
        }
        conn.execute(
            "INSERT INTO feedback (answer_key, user_id, vote, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (answer_key, user_id) DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
            params![answer_key, user_id as i64, i64::from(vote.signum()), now()],
        )?;
        Ok(true)
    }

    /// Votes on an answer: (up, down).
    pub fn feedback_counts(&self, answer_key: &str) -> Result<(u32, u32)> {
        Ok(self.conn().query_row(
            "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback WHERE answer_key = ?1",
            [answer_key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Adds or updates a digest subscription. The watermark of an existing one is
    /// kept; a new one starts as if `initial_date`'s digest were done, so the first
    /// post comes at the next scheduled time rather than at once.
    pub fn upsert_subscription(
        &self,
        channel_id: u64,
        guild_id: Option<u64>,
        time: &str,
        timezone: &str,
        source: &str,
        initial_date: Option<Date>,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO digest_subscriptions (channel_id, guild_id, time, timezone, source, created_at, last_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (channel_id) DO UPDATE SET
                 guild_id = COALESCE(excluded.guild_id, guild_id), time = excluded.time,
                 timezone = excluded.timezone, source = excluded.source",
            params![
                channel_id as i64,
                guild_id.map(|g| g as i64),
                time,
                timezone,
                source,
                now(),
                initial_date.map(|d| d.to_string())
            ],
        )?;
        Ok(())
    }

    /// Removes a subscription; false if there was none.
    pub fn remove_subscription(&self, channel_id: u64) -> Result<bool> {
        Ok(self.conn().execute(
            "DELETE FROM digest_subscriptions WHERE channel_id = ?1",
            [channel_id as i64],
        )? > 0)
    }

    /// Subscriptions, optionally only those of one guild: (subscription, guild, source).
    pub fn subscriptions(
        &self,
        guild_id: Option<u64>,
    ) -> Result<Vec<(Subscription, Option<u64>, String)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT channel_id, time, timezone, last_date, last_until, guild_id, source
             FROM digest_subscriptions WHERE ?1 IS NULL OR guild_id = ?1 ORDER BY channel_id",
        )?;
        let rows = stmt.query_map([guild_id.map(|g| g as i64)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (channel, time, timezone, last_date, last_until, guild, source) = row?;
            let Ok(time) = time.parse() else {
                tracing::warn!(channel, %time, "digest subscription with an unreadable time, ignored");
                continue;
            };
            out.push((
                Subscription {
                    channel_id: channel as u64,
                    time,
                    timezone,
                    last_date: last_date.and_then(|d| d.parse().ok()),
                    last_until: last_until.and_then(|t| jiff::Timestamp::from_second(t).ok()),
                },
                guild.map(|g| g as u64),
                source,
            ));
        }
        Ok(out)
    }

    /// Claims the digest of `channel_id` for `local_date`: records the post and moves
    /// the subscription's watermark in one transaction. Returns false if that digest
    /// was already claimed, so a restart or a second scheduler never posts it twice.
    pub fn claim_digest(
        &self,
        channel_id: u64,
        local_date: Date,
        since: jiff::Timestamp,
        until: jiff::Timestamp,
        stories: usize,
    ) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO digest_posts (channel_id, local_date, since, until, stories, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'sending', ?6)",
            params![
                channel_id as i64,
                local_date.to_string(),
                since.as_second(),
                until.as_second(),
                stories as i64,
                now()
            ],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        tx.execute(
            "UPDATE digest_subscriptions SET last_date = ?2, last_until = ?3 WHERE channel_id = ?1",
            params![channel_id as i64, local_date.to_string(), until.as_second()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Marks a claimed digest as fully sent.
    pub fn digest_sent(&self, channel_id: u64, local_date: Date, messages: usize) -> Result<()> {
        self.conn().execute(
            "UPDATE digest_posts SET status = 'sent', messages = ?3 WHERE channel_id = ?1 AND local_date = ?2",
            params![channel_id as i64, local_date.to_string(), messages as i64],
        )?;
        Ok(())
    }

    /// Every recorded digest post of a channel, oldest first.
    pub fn digest_posts(&self, channel_id: u64) -> Result<Vec<DigestPost>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT local_date, since, until, stories, status FROM digest_posts WHERE channel_id = ?1 ORDER BY local_date",
        )?;
        let rows = stmt.query_map([channel_id as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (date, since, until, stories, status) = row?;
            let ts =
                |s: i64| jiff::Timestamp::from_second(s).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            out.push(DigestPost {
                channel_id,
                local_date: date.parse().map_err(|e: jiff::Error| {
                    Error::Internal(format!("a stored digest date is corrupt: {e}"))
                })?,
                since: ts(since),
                until: ts(until),
                stories: stories as usize,
                status,
            });
        }
        Ok(out)
    }

    /// Remembers the question a bot thread is about.
    pub fn set_thread_question(&self, thread_id: u64, question: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO threads (thread_id, question, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (thread_id) DO UPDATE SET question = excluded.question",
            params![thread_id as i64, question, now()],
        )?;
        Ok(())
    }

    /// The question a bot thread is about, if it is one of the bot's threads.
    pub fn thread_question(&self, thread_id: u64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT question FROM threads WHERE thread_id = ?1",
                [thread_id as i64],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_version(path: &Path) -> usize {
        Connection::open(path)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_database_from_before_versioning_is_migrated_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            // What newsdesk wrote before the schema had versions.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA).unwrap();
            conn.execute_batch(feeds::SCHEMA).unwrap();
            conn.execute(
                "INSERT INTO threads (thread_id, question, created_at) VALUES (42, 'Kept?', 0)",
                [],
            )
            .unwrap();
        }
        assert_eq!(user_version(&path), 0);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.thread_question(42).unwrap().as_deref(), Some("Kept?"));
        drop(store);
        assert_eq!(user_version(&path), MIGRATIONS.len());
        Store::open(&path).expect("a current database opens as it is");
    }

    #[test]
    fn a_database_from_a_newer_newsdesk_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        drop(Store::open(&path).unwrap());
        let newer = MIGRATIONS.len() + 1;
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", newer)
            .unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, Error::StoreTooNew { found, .. } if found == newer as i64));
        assert!(
            err.to_string().contains("newer than this newsdesk knows"),
            "{err}"
        );
        assert_eq!(user_version(&path), newer, "left as it was");
    }

    #[test]
    fn state_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/newsdesk.db");
        let search = SavedSearch {
            query: "Putin APEC".into(),
            outlet: Some("CNN".into()),
            since: Some(Date::new(2025, 8, 1).unwrap()),
            until: None,
        };
        let (skey, akey) = {
            let store = Store::open(&path).unwrap();
            let skey = store.save_search(&search).unwrap();
            assert_eq!(store.save_search(&search).unwrap(), skey, "keys are stable");
            let akey = store.save_answer("Q?", &["a".into(), "b".into()]).unwrap();
            assert!(store.record_feedback(&akey, 7, 1).unwrap());
            assert!(store.record_feedback(&akey, 8, 1).unwrap());
            assert!(
                store.record_feedback(&akey, 7, -1).unwrap(),
                "a second vote replaces the first"
            );
            assert!(!store.record_feedback("nope", 7, 1).unwrap());
            store
                .set_thread_question(42, "What did Putin say?")
                .unwrap();
            (skey, akey)
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.search(&skey).unwrap(), Some(search));
        let answer = store.answer(&akey).unwrap().unwrap();
        assert_eq!(answer.cited_ids, ["a", "b"]);
        assert_eq!(store.feedback_counts(&akey).unwrap(), (1, 1));
        assert_eq!(
            store.thread_question(42).unwrap().as_deref(),
            Some("What did Putin say?")
        );
        assert_eq!(store.thread_question(43).unwrap(), None);
    }

    #[test]
    fn a_digest_is_claimed_once_and_moves_the_watermark() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        store
            .upsert_subscription(9, Some(1), "08:00", "Europe/Berlin", "command", None)
            .unwrap();
        let date: Date = "2026-03-29".parse().unwrap();
        let (since, until) = (
            "2026-03-28T06:00:00Z".parse().unwrap(),
            "2026-03-29T06:00:00Z".parse().unwrap(),
        );
        assert!(store.claim_digest(9, date, since, until, 3).unwrap());
        assert!(
            !store.claim_digest(9, date, since, until, 3).unwrap(),
            "never twice"
        );
        let (sub, guild, source) = store.subscriptions(None).unwrap().remove(0);
        assert_eq!(
            (sub.last_date, sub.last_until, guild, source.as_str()),
            (Some(date), Some(until), Some(1), "command")
        );
        store.digest_sent(9, date, 2).unwrap();
        assert_eq!(store.digest_posts(9).unwrap()[0].status, "sent");
        // Updating the subscription keeps its watermark.
        store
            .upsert_subscription(9, None, "09:00", "UTC", "command", None)
            .unwrap();
        let (sub, guild, _) = store.subscriptions(Some(1)).unwrap().remove(0);
        assert_eq!(
            (sub.last_date, guild, sub.timezone.as_str()),
            (Some(date), Some(1), "UTC")
        );
        assert!(store.remove_subscription(9).unwrap());
        assert!(!store.remove_subscription(9).unwrap());
    }
}
