//! `newsdesk serve`: the long-running parts, owned in one place.
//!
//! [`run`] starts what the config asks for and stops it all when its `shutdown`
//! completes (a signal in the binary, a channel in tests):
//! - live ingestion of the corpus ([`crate::ingest`]), always;
//! - `/healthz` and `/metrics` ([`crate::observe`]) when `[http] listen` is set;
//! - the feed poller ([`crate::feeds`]) when `[[feeds]]` are configured;
//! - the Discord client ([`crate::discord`], with its digest scheduler) when given
//!   a [`Discord`] to connect as. Without it the server keeps the archive current
//!   and observable (a replica that only indexes, or a deployment whose bot runs
//!   elsewhere).
//!
//! Every part stops at the same signal and is awaited, so a commit, a digest post or
//! a feed poll under way finishes before `run` returns. If the Discord client fails,
//! the others are stopped the same way and its error is returned.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::Engine;
use crate::discord::Shards;
use crate::observe::Metrics;
use crate::store::Store;

/// The error of a server part.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// How to connect to Discord.
#[derive(Debug, Clone)]
pub struct Discord {
    /// The bot token.
    pub token: String,
    /// Which shards this process runs.
    pub shards: Shards,
}

/// Runs the server until `shutdown` completes (see the module docs).
pub async fn run(
    engine: Engine,
    store: Store,
    discord: Option<Discord>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    if let Some(d) = &discord {
        crate::logging::keep_secret(&d.token);
    }
    let store = Arc::new(store);
    let metrics = Arc::new(Metrics::default());
    // Everything that can fail to start does so before anything runs.
    let poller = if engine.config().feeds.is_empty() {
        None
    } else {
        Some(crate::feeds::Feeds::new(
            engine.clone(),
            store.clone(),
            Some(metrics.clone()),
        )?)
    };
    metrics.expect_gateway(discord.is_some());
    let (stop_tx, stop) = watch::channel(false);
    let mut parts: Vec<(&'static str, JoinHandle<()>)> = Vec::new();

    parts.push((
        "ingest",
        tokio::spawn(crate::ingest::run(
            engine.clone(),
            metrics.clone(),
            stop.clone(),
        )),
    ));
    if let Some(addr) = engine.config().http.listen {
        let (engine, metrics, stop) = (engine.clone(), metrics.clone(), stop.clone());
        parts.push((
            "http",
            tokio::spawn(async move {
                if let Err(e) = crate::observe::serve_http(addr, engine, metrics, stop).await {
                    tracing::error!(%addr, error = %e, "health and metrics listener failed");
                }
            }),
        ));
    }
    if let Some(poller) = poller {
        parts.push(("feeds", tokio::spawn(poller.run(stop.clone()))));
    }

    let signal = {
        let stop_tx = stop_tx.clone();
        tokio::spawn(async move {
            shutdown.await;
            tracing::info!("shutting down");
            let _ = stop_tx.send(true);
        })
    };
    let result = match discord {
        Some(d) => crate::discord::run(engine, store, metrics, &d.token, d.shards, stop).await,
        None => {
            wait_for(stop).await;
            Ok(())
        }
    };
    // The Discord client returns after a shutdown, or early with an error: either
    // way every other part is told to stop and given the time to finish its step.
    let _ = stop_tx.send(true);
    signal.abort();
    for (name, part) in parts {
        if let Err(e) = part.await
            && e.is_panic()
        {
            tracing::error!(part = name, "server part panicked");
        }
    }
    tracing::info!("server stopped");
    result
}

/// Completes when `stop` turns true (or its sender is gone).
pub(crate) async fn wait_for(mut stop: watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
}
