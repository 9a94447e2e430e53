//! The digest scheduler: posts each subscription's daily digest exactly once.
//!
//! Each pass reads the subscriptions (with their watermarks) from SQLite, asks
//! [`crate::digest::due`] what is due at the engine clock's "now", composes the
//! digest, claims it (the post record and the new watermark in one transaction, so a
//! restart never posts it twice) and sends it. Between passes it sleeps until the
//! next scheduled instant, at most a minute, or until the clock jumps (tests) or a
//! subscription changes.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use poise::serenity_prelude as serenity;
use tokio::sync::{Notify, watch};

use super::commands::blocking;
use super::{Data, convert};
use crate::config::QuietDay;
use crate::digest::{Due, Subscription, due};
use crate::render::discord as render;

/// Longest sleep between passes (picks up clock drift and outside changes).
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Wakes the scheduler when subscriptions change.
#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    /// Asks for a pass now.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// Runs until `stop` turns true.
pub async fn run(http: Arc<serenity::Http>, data: Data, mut stop: watch::Receiver<bool>) {
    let clock = data.engine.clock().clone();
    let mut jumps = clock.changes();
    let catch_up = SignedDuration::from_hours(data.engine.config().scheduler.catch_up_hours as i64);
    loop {
        let now = clock.now();
        let next = match pass(&http, &data, now, catch_up).await {
            Ok(next) => next,
            Err(e) => {
                tracing::error!(error = %e, "digest pass failed");
                None
            }
        };
        let sleep = next
            .map(|t| t.duration_since(now).unsigned_abs())
            .unwrap_or(MAX_SLEEP)
            .min(MAX_SLEEP);
        let jumped = async {
            match jumps.as_mut() {
                Some(rx) => {
                    if rx.changed().await.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(sleep) => {}
            _ = jumped => {}
            _ = data.digest_wakeup.0.notified() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
    tracing::info!("digest scheduler stopped");
}

/// One pass over the subscriptions; returns the earliest next scheduled instant.
async fn pass(
    http: &serenity::Http,
    data: &Data,
    now: Timestamp,
    catch_up: SignedDuration,
) -> Result<Option<Timestamp>, super::Error> {
    let store = data.store.clone();
    let subs = blocking(move || store.subscriptions(None)).await?;
    let mut next: Option<Timestamp> = None;
    for (sub, _, _) in subs {
        match due(&sub, now, catch_up) {
            Ok(Due::Now { date, since, until }) => {
                if let Err(e) = post(http, data, &sub, date, since, until).await {
                    tracing::error!(channel = sub.channel_id, error = %e, "digest post failed");
                }
            }
            Ok(Due::Later { next: t }) => next = Some(next.map_or(t, |n| n.min(t))),
            Err(e) => {
                tracing::warn!(channel = sub.channel_id, error = %e, "digest subscription cannot be scheduled")
            }
        }
    }
    Ok(next)
}

async fn post(
    http: &serenity::Http,
    data: &Data,
    sub: &Subscription,
    date: jiff::civil::Date,
    since: Timestamp,
    until: Timestamp,
) -> Result<(), super::Error> {
    let engine = data.engine.clone();
    let max = engine.config().scheduler.max_stories;
    let digest = blocking(move || engine.digest(since, until, max)).await?;
    let quiet = digest.stories.is_empty();
    let store = data.store.clone();
    let (channel, stories) = (sub.channel_id, digest.stories.len());
    if !blocking(move || store.claim_digest(channel, date, since, until, stories)).await? {
        return Ok(());
    }
    let messages = if quiet && data.engine.config().scheduler.quiet_day == QuietDay::Skip {
        Vec::new()
    } else {
        render::digest(&digest, &format!("Daily digest, {date}"), 0)
    };
    let target = serenity::ChannelId::new(sub.channel_id);
    for m in &messages {
        target.send_message(http, convert::message(m)).await?;
    }
    let store = data.store.clone();
    let sent = messages.len();
    blocking(move || store.digest_sent(channel, date, sent)).await?;
    data.metrics.digest_posted();
    tracing::info!(channel, %date, stories, messages = sent, "digest posted");
    Ok(())
}
