//! Live ingestion for long-running processes (`newsdesk serve`): new, changed and
//! removed corpus files are indexed while serving. A file watcher reacts within a
//! second; a periodic rescan is the safety net for what a watcher can miss (network
//! file systems, overflowed event queues, files written while it was starting).
//!
//! Every change goes through [`Engine::refresh`]: one atomic tantivy commit, after
//! which the reader reloads, so queries see either the old index or the new one,
//! never a half-built one.

use std::path::Path;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::{mpsc, watch};

use crate::Engine;

/// How long the watcher waits for a burst of file events to settle before syncing.
const SETTLE: Duration = Duration::from_millis(300);
/// How long a sync waits for another process that holds the index writer.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Whether a changed path can affect the corpus (article files, or folders).
fn relevant(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_none() || crate::corpus::has_corpus_extension(path)
}

/// Runs until `stop` turns true.
pub async fn run(
    engine: Engine,
    metrics: std::sync::Arc<crate::observe::Metrics>,
    mut stop: watch::Receiver<bool>,
) {
    metrics.ingested(engine.clock().now());
    let settings = engine.config().ingest.clone();
    let (tx, mut events) = mpsc::unbounded_channel::<()>();
    // The watcher lives as long as this task; dropping it stops the events.
    let _watcher = if settings.watch {
        match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && event.paths.iter().any(|p| relevant(p))
            {
                let _ = tx.send(());
            }
        }) {
            Ok(mut watcher) => {
                for path in &engine.config().corpus.paths {
                    if let Err(e) = watcher.watch(path, RecursiveMode::Recursive) {
                        tracing::warn!(path = %path.display(), error = %e, "cannot watch corpus path; relying on the periodic rescan");
                    }
                }
                Some(watcher)
            }
            Err(e) => {
                tracing::warn!(error = %e, "no file watcher; relying on the periodic rescan");
                None
            }
        }
    } else {
        None
    };
    let rescan =
        (settings.rescan_seconds > 0).then(|| Duration::from_secs(settings.rescan_seconds));
    loop {
        let tick = async {
            match rescan {
                Some(every) => tokio::time::sleep(every).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            Some(()) = events.recv() => {
                // Let a burst of writes settle, then sync once for all of it.
                while let Ok(Some(())) = tokio::time::timeout(SETTLE, events.recv()).await {}
            }
            _ = tick => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
        let e = engine.clone();
        let started = engine.clock().now().as_second();
        match tokio::task::spawn_blocking(move || e.refresh(LOCK_WAIT)).await {
            // A sync that changed something logs its own report ("index synced").
            Ok(Ok(report)) => {
                metrics.ingested(engine.clock().now());
                // Articles first indexed by this sync (an edited article keeps its
                // first indexing time, so edits are encoded when first asked about).
                if report.added > 0 && engine.config().semantic.enabled {
                    // Warm the vector cache for the new articles, so the first
                    // question about them is as fast as the next. Loading the model,
                    // the first time, is blocking work too.
                    let e = engine.clone();
                    let warmed = tokio::task::spawn_blocking(move || match e.semantic() {
                        Some(_) => e.embed(Some(started), |_, _, _| {}),
                        None => Ok(0),
                    })
                    .await;
                    match warmed {
                        Ok(Ok(n)) => tracing::debug!(sentences = n, "vector cache warmed"),
                        Ok(Err(e)) => tracing::warn!(error = %e, "vector cache warming failed"),
                        Err(e) => tracing::warn!(error = %e, "vector cache warming task failed"),
                    }
                }
            }
            Ok(Err(e)) => tracing::error!(error = %e, "live ingestion: sync failed"),
            Err(e) => tracing::error!(error = %e, "live ingestion: sync task failed"),
        }
    }
    tracing::info!("live ingestion stopped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_corpus_files_and_folders_trigger_a_sync() {
        assert!(relevant(Path::new("corpus/a.md")));
        assert!(relevant(Path::new("corpus/bulk.JSONL")));
        assert!(relevant(Path::new("corpus/sub")));
        assert!(!relevant(Path::new("corpus/.a.md.swp")));
        assert!(!relevant(Path::new("corpus/notes.pdf")));
    }
}
