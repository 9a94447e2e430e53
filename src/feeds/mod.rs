//! RSS / Atom / JSON feeds: polled on a schedule, their new items archived as
//! article files under `ingest.feeds_dir` (part of the corpus), then indexed.
//!
//! - [`fetch`]: HTTP with a time limit, a body size cap, a redirect limit and
//!   conditional GET.
//! - [`parse`]: feed documents to plain-text items.
//! - [`archive`]: items to files, deduplicated by link and by content.
//!
//! Every feed is polled on its own: a feed that fails, hangs or floods is counted,
//! logged and backed off (its interval doubling up to `ingest.feed_max_backoff_minutes`,
//! or longer if the server says `Retry-After`) and never delays the others.

pub mod archive;
pub mod fetch;
pub mod parse;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::watch;

use self::archive::Archived;
use self::fetch::{Fetched, Fetcher};
use crate::config::FeedConfig;
use crate::observe::Metrics;
use crate::store::{FeedState, Store};
use crate::{Engine, Result};

/// How long a sync after a poll waits for another writer of the index.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// How a poll went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PollStatus {
    /// A document was fetched and read.
    Ok,
    /// The server said nothing changed (`304`).
    NotModified,
    /// The fetch or the document failed.
    Error,
}

/// The outcome of polling one feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedReport {
    /// The feed's URL.
    pub url: String,
    /// Its outlet.
    pub outlet: String,
    /// How it went.
    pub status: PollStatus,
    /// New articles written.
    pub added: usize,
    /// Articles rewritten because the item changed.
    pub updated: usize,
    /// Items already archived as they are.
    pub unchanged: usize,
    /// Items whose content is archived under another link.
    pub duplicates: usize,
    /// Items left out, with why.
    pub skipped: Vec<String>,
    /// Why the poll failed.
    pub error: Option<String>,
    /// Failures in a row (0 after a success).
    pub failures: u32,
    /// When the feed is due next.
    pub next_poll: jiff::Timestamp,
}

impl FeedReport {
    /// Whether the poll changed any article file.
    pub fn changed(&self) -> bool {
        self.added + self.updated > 0
    }
}

/// The longest `Retry-After` honoured: a server asking for a year is not obeyed.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The wait before the next poll: the feed's interval after a success; after `n`
/// failures in a row, the interval doubled `n - 1` times, capped at `max`, and
/// never shorter than what the server asked for (up to a day).
pub fn next_delay(
    interval: Duration,
    failures: u32,
    max: Duration,
    retry_after: Option<Duration>,
) -> Duration {
    let backoff = if failures == 0 {
        interval
    } else {
        let factor = 1u32 << (failures - 1).min(16);
        interval.saturating_mul(factor).min(max.max(interval))
    };
    backoff.max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
}

/// Polls feeds and archives their items.
#[derive(Clone)]
pub struct Feeds {
    engine: Engine,
    store: Arc<Store>,
    fetcher: Fetcher,
    metrics: Option<Arc<Metrics>>,
}

impl Feeds {
    /// A poller for the feeds in `engine`'s config, keeping state in `store`.
    pub fn new(engine: Engine, store: Arc<Store>, metrics: Option<Arc<Metrics>>) -> Result<Feeds> {
        let ingest = &engine.config().ingest;
        let fetcher = Fetcher::new(
            Duration::from_secs(ingest.feed_timeout_seconds),
            ingest.feed_max_bytes,
        )?;
        Ok(Feeds {
            engine,
            store,
            fetcher,
            metrics,
        })
    }

    fn dir(&self) -> PathBuf {
        self.engine.config().ingest.feeds_dir.clone()
    }

    /// The configured feeds.
    pub fn feeds(&self) -> &[FeedConfig] {
        &self.engine.config().feeds
    }

    /// The stored state of every configured feed.
    pub fn states(&self) -> Result<Vec<FeedState>> {
        self.feeds()
            .iter()
            .map(|f| self.store.feed_state(&f.url))
            .collect()
    }

    /// Polls every configured feed at once (only those due, if `only_due`), and
    /// returns their reports in config order. Does not index: see [`Engine::sync`].
    pub async fn poll_all(&self, only_due: bool) -> Vec<FeedReport> {
        let now = self.engine.clock().now().as_second();
        let mut tasks = tokio::task::JoinSet::new();
        for (i, feed) in self.feeds().iter().enumerate() {
            if only_due
                && self
                    .store
                    .feed_state(&feed.url)
                    .is_ok_and(|s| s.next_poll_at > now)
            {
                continue;
            }
            let this = self.clone();
            let feed = feed.clone();
            tasks.spawn(async move { (i, this.poll(&feed).await) });
        }
        let mut reports: Vec<(usize, FeedReport)> = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(r) => reports.push(r),
                Err(e) => tracing::error!(error = %e, "feed poll task failed"),
            }
        }
        reports.sort_by_key(|(i, _)| *i);
        reports.into_iter().map(|(_, r)| r).collect()
    }

    /// Fetches one feed, archives its items and records the outcome. Failures are
    /// in the report (and the log, and the metrics), never an `Err`.
    pub async fn poll(&self, feed: &FeedConfig) -> FeedReport {
        let now = self.engine.clock().now();
        let state = self.store.feed_state(&feed.url).unwrap_or_default();
        let mut report = FeedReport {
            url: feed.url.clone(),
            outlet: feed.outlet.clone(),
            status: PollStatus::Ok,
            added: 0,
            updated: 0,
            unchanged: 0,
            duplicates: 0,
            skipped: Vec::new(),
            error: None,
            failures: 0,
            next_poll: now,
        };
        let interval = Duration::from_secs(feed.poll_minutes * 60);
        let max = Duration::from_secs(self.engine.config().ingest.feed_max_backoff_minutes * 60);
        let outcome = self.fetch_and_archive(feed, &state, now, &mut report).await;
        let (failures, retry_after) = match &outcome {
            Ok(_) => (0, None),
            Err(e) => (state.failures + 1, e.retry_after()),
        };
        let delay = next_delay(interval, failures, max, retry_after);
        report.next_poll = now
            .checked_add(jiff::SignedDuration::try_from(delay).unwrap_or_default())
            .unwrap_or(now);
        report.failures = failures;
        let recorded = match outcome {
            Ok(validators) => self.store.feed_succeeded(
                &feed.url,
                validators.as_ref(),
                now.as_second(),
                report.next_poll.as_second(),
            ),
            Err(e) => {
                report.status = PollStatus::Error;
                report.error = Some(e.to_string());
                if let Some(m) = &self.metrics {
                    m.feed_error(&feed.url);
                }
                tracing::warn!(feed = %feed.url, error = %e, failures, retry_in = ?delay, "feed poll failed");
                self.store
                    .feed_failed(
                        &feed.url,
                        &e.to_string(),
                        now.as_second(),
                        report.next_poll.as_second(),
                    )
                    .map(|_| ())
            }
        };
        if let Err(e) = recorded {
            tracing::error!(feed = %feed.url, error = %e, "cannot record the feed's state");
        }
        if report.changed() {
            if let Some(m) = &self.metrics {
                m.feed_items(&feed.url, report.added + report.updated);
            }
            tracing::info!(
                feed = %feed.url,
                added = report.added,
                updated = report.updated,
                "feed items archived"
            );
        }
        report
    }

    /// The fetch and archive steps; `Ok(validators)` to store (`None` on `304`).
    async fn fetch_and_archive(
        &self,
        feed: &FeedConfig,
        state: &FeedState,
        now: jiff::Timestamp,
        report: &mut FeedReport,
    ) -> std::result::Result<Option<fetch::Validators>, PollError> {
        let (bytes, validators) = match self.fetcher.fetch(&feed.url, &state.validators).await? {
            Fetched::NotModified => {
                report.status = PollStatus::NotModified;
                return Ok(None);
            }
            Fetched::Document { bytes, validators } => (bytes, validators),
        };
        // Parsing (CPU work on up to feed_max_bytes) and writing files (with fsync)
        // stay off the async threads. Once started, they finish even if the poll is
        // cancelled: every item is written whole and recorded, or not at all.
        let (store, dir) = (self.store.clone(), self.dir());
        let (url, outlet, mut tally) = (feed.url.clone(), feed.outlet.clone(), report.clone());
        let archived = tokio::task::spawn_blocking(move || {
            let result = (|| {
                let parsed = parse::parse(&bytes).map_err(PollError::Other)?;
                tally.skipped = parsed.skipped;
                for item in &parsed.items {
                    let archived =
                        archive::archive(&store, &dir, &url, &outlet, item, now.as_second())
                            .map_err(|e| {
                                PollError::Other(format!("cannot archive {:?}: {e}", item.title))
                            })?;
                    match archived {
                        Archived::New(_) => tally.added += 1,
                        Archived::Updated(_) => tally.updated += 1,
                        Archived::Unchanged => tally.unchanged += 1,
                        Archived::Duplicate => tally.duplicates += 1,
                    }
                }
                Ok(())
            })();
            (tally, result)
        })
        .await
        .map_err(|e| PollError::Other(format!("feed task failed: {e}")))?;
        let (tally, result) = archived;
        // Counts first: items archived before a failure still need indexing.
        *report = tally;
        result.map(|()| Some(validators))
    }

    /// Indexes what a poll archived.
    async fn index_archived(&self) {
        let engine = self.engine.clone();
        match tokio::task::spawn_blocking(move || engine.refresh(LOCK_WAIT)).await {
            Ok(Ok(_)) => {
                if let Some(m) = &self.metrics {
                    m.ingested(self.engine.clock().now());
                }
            }
            Ok(Err(e)) => tracing::error!(error = %e, "indexing feed items failed"),
            Err(e) => tracing::error!(error = %e, "indexing task failed"),
        }
    }

    /// Polls each feed when it is due until `stop` turns true, indexing what a poll
    /// archived right away (the file watcher would too, but need not be on).
    pub async fn run(self, stop: watch::Receiver<bool>) {
        let mut tasks = tokio::task::JoinSet::new();
        for feed in self.feeds().to_vec() {
            let this = self.clone();
            let mut stop = stop.clone();
            tasks.spawn(async move {
                // When the feed is due: from the store at start (so backoff survives
                // a restart), then from each poll's own report, so a store that
                // cannot be read never turns into polling in a tight loop.
                let mut due = this
                    .store
                    .feed_state(&feed.url)
                    .map_or(0, |s| s.next_poll_at);
                loop {
                    let now = this.engine.clock().now().as_second();
                    let wait = Duration::from_secs(due.saturating_sub(now).max(0) as u64);
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stop.changed() => {}
                    }
                    if *stop.borrow() {
                        break;
                    }
                    // A shutdown does not wait for a slow feed: the fetch is
                    // cancelled; archiving, once started, finishes on its thread.
                    let report = tokio::select! {
                        report = this.poll(&feed) => report,
                        _ = stop.changed() => break,
                    };
                    due = report.next_poll.as_second();
                    if report.changed() {
                        this.index_archived().await;
                    }
                }
            });
        }
        while tasks.join_next().await.is_some() {}
        tracing::info!("feed polling stopped");
    }
}

/// Why a poll failed.
#[derive(Debug, thiserror::Error)]
enum PollError {
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    #[error("{0}")]
    Other(String),
}

impl PollError {
    fn retry_after(&self) -> Option<Duration> {
        match self {
            PollError::Fetch(e) => e.retry_after(),
            PollError::Other(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn backoff_doubles_from_the_interval_up_to_the_cap() {
        let every = 15 * MIN;
        let cap = 360 * MIN;
        let waits: Vec<u64> = (0..8)
            .map(|n| next_delay(every, n, cap, None).as_secs() / 60)
            .collect();
        assert_eq!(waits, [15, 15, 30, 60, 120, 240, 360, 360]);
        assert_eq!(next_delay(every, 40, cap, None), cap, "no overflow");
        assert_eq!(next_delay(every, 1, cap, Some(90 * MIN)), 90 * MIN);
        assert_eq!(
            next_delay(every, 1, cap, Some(Duration::from_secs(1 << 40))),
            24 * 60 * MIN,
            "Retry-After is honoured up to a day"
        );
        // A cap below the interval never polls faster than the interval.
        assert_eq!(next_delay(every, 3, MIN, None), every);
    }
}
