//! Persistent state in SQLite: saved searches (so result pages survive a restart),
//! answers and the feedback given on them, and the question each bot thread is about.
//!
//! Every write is one statement or one transaction, so a crash never leaves half of
//! a change behind (SQLite's journal takes care of the rest).

use std::path::Path;
use std::sync::Mutex;

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Error, Result};

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

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
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
}
