//! Sentence vectors cached on disk in SQLite, keyed by a hash of the model and the
//! exact text encoded. An article that changes has new text and so new keys: its
//! old vectors are never served again and age out under the size bound (least
//! recently used first). Vectors are stored as f16 (768 bytes for 384 dimensions).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::Vector;
use crate::{Error, Result};

/// A cache key: blake3 of the model fingerprint and the text.
pub type Key = [u8; 32];

/// The on-disk vector cache.
#[derive(Debug)]
pub struct VectorCache {
    conn: Mutex<Connection>,
    path: PathBuf,
    max_vectors: usize,
}

impl VectorCache {
    /// Opens (or creates) the cache at `path`, holding at most `max_vectors`.
    pub fn open(path: &Path, max_vectors: usize) -> Result<VectorCache> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS vectors (
                key BLOB PRIMARY KEY,
                vector BLOB NOT NULL,
                used INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS vectors_used ON vectors(used);",
        )?;
        Ok(VectorCache {
            conn: Mutex::new(conn),
            path: path.to_owned(),
            max_vectors,
        })
    }

    /// Where the cache lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached vectors among `keys` (marked as used now).
    pub fn get_many(&self, keys: &[Key]) -> Result<HashMap<Key, Vector>> {
        let mut conn = self.conn();
        // Immediate: this transaction writes (the "used" marks), and a deferred one
        // that upgrades from reading fails at once, without the busy timeout, when
        // another process (the bot, `index --embed`) wrote meanwhile.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut found = HashMap::new();
        {
            let mut get = tx.prepare_cached("SELECT vector FROM vectors WHERE key = ?1")?;
            let mut touch = tx.prepare_cached("UPDATE vectors SET used = ?2 WHERE key = ?1")?;
            let now = now();
            for key in keys {
                let blob: Option<Vec<u8>> =
                    get.query_row(params![&key[..]], |r| r.get(0)).optional()?;
                if let Some(v) = blob.as_deref().and_then(from_f16_bytes) {
                    touch.execute(params![&key[..], now])?;
                    found.insert(*key, v);
                }
            }
        }
        tx.commit()?;
        Ok(found)
    }

    /// Stores vectors, then drops the least recently used beyond the size bound.
    pub fn put_many(&self, entries: &[(Key, &Vector)]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO vectors (key, vector, used) VALUES (?1, ?2, ?3)",
            )?;
            let now = now();
            for (key, v) in entries {
                put.execute(params![&key[..], to_f16_bytes(v), now])?;
            }
        }
        let count: i64 = tx.query_row("SELECT count(*) FROM vectors", [], |r| r.get(0))?;
        let over = count - self.max_vectors as i64;
        if over > 0 {
            // Evict a tenth more than needed, so the next inserts do not evict again.
            let drop = over + self.max_vectors as i64 / 10;
            tx.execute(
                "DELETE FROM vectors WHERE key IN
                   (SELECT key FROM vectors ORDER BY used LIMIT ?1)",
                params![drop],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Vectors held.
    pub fn len(&self) -> Result<usize> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM vectors", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Whether the cache holds no vector.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// `v` as the cache stores it (f16), so a fresh vector and a cached one score alike.
pub(super) fn as_stored(v: Vector) -> Vector {
    from_f16_bytes(&to_f16_bytes(&v)).unwrap_or(v)
}

fn to_f16_bytes(v: &Vector) -> Vec<u8> {
    v.0.iter()
        .flat_map(|x| half::f16::from_f32(*x).to_le_bytes())
        .collect()
}

/// `None` for a blob that cannot be a vector (a damaged row is re-encoded).
fn from_f16_bytes(bytes: &[u8]) -> Option<Vector> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let v: Vec<f32> = bytes
        .chunks_exact(2)
        .map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32())
        .collect();
    v.iter().all(|x| x.is_finite()).then_some(Vector(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> Key {
        [n; 32]
    }

    #[test]
    fn vectors_survive_reopening_and_the_bound_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let a = Vector(vec![0.6, 0.8]);
        {
            let cache = VectorCache::open(&path, 10).unwrap();
            cache.put_many(&[(key(1), &a)]).unwrap();
        }
        let cache = VectorCache::open(&path, 10).unwrap();
        let got = cache.get_many(&[key(1), key(2)]).unwrap();
        assert_eq!(got.len(), 1);
        assert!((got[&key(1)].0[0] - 0.6).abs() < 1e-3);
        let many: Vec<(Key, &Vector)> = (10..40).map(|n| (key(n), &a)).collect();
        cache.put_many(&many).unwrap();
        assert!(cache.len().unwrap() <= 10);
    }

    #[test]
    fn damaged_rows_are_misses() {
        assert!(from_f16_bytes(&[1, 2, 3]).is_none());
        assert!(from_f16_bytes(&[]).is_none());
        let nan = half::f16::NAN.to_le_bytes();
        assert!(from_f16_bytes(&nan).is_none());
    }
}
