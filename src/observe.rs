//! Health and metrics over HTTP for `newsdesk serve` (enabled by `[http] listen`):
//! `/healthz` (gateway connected when a Discord client runs, index readable, last
//! ingest) and `/metrics` in the Prometheus text format (commands served by kind,
//! their latency, articles indexed, digest posts, rate-limit refusals, feed errors).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tokio::sync::watch;

use crate::Engine;

/// The label of per-command metrics.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CommandLabel {
    /// The command's qualified name, e.g. `search` or `digest subscribe`.
    pub command: String,
    /// `ok` or `error`.
    pub outcome: String,
}

/// The label of per-feed metrics.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct FeedLabel {
    /// The feed's URL.
    pub feed: String,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// The process's metrics and health flags.
pub struct Metrics {
    registry: Registry,
    commands: Family<CommandLabel, Counter>,
    latency: Family<CommandLabel, Histogram, fn() -> Histogram>,
    articles: Gauge,
    digest_posts: Counter,
    rate_limited: Counter,
    feed_errors: Family<FeedLabel, Counter>,
    feed_items: Family<FeedLabel, Counter>,
    gateway_connected: AtomicBool,
    gateway_expected: AtomicBool,
    last_ingest: AtomicI64,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("newsdesk");
        let commands = Family::<CommandLabel, Counter>::default();
        let latency = Family::<CommandLabel, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let articles = Gauge::default();
        let digest_posts = Counter::default();
        let rate_limited = Counter::default();
        let feed_errors = Family::<FeedLabel, Counter>::default();
        let feed_items = Family::<FeedLabel, Counter>::default();
        registry.register(
            "commands",
            "Commands and questions served",
            commands.clone(),
        );
        registry.register(
            "command_seconds",
            "Time to serve a command",
            latency.clone(),
        );
        registry.register("articles", "Articles in the index", articles.clone());
        registry.register("digest_posts", "Digests posted", digest_posts.clone());
        registry.register(
            "rate_limited",
            "Questions refused by the per-user rate limit",
            rate_limited.clone(),
        );
        registry.register(
            "feed_errors",
            "Feed fetches that failed",
            feed_errors.clone(),
        );
        registry.register(
            "feed_items",
            "Feed items archived as new or updated articles",
            feed_items.clone(),
        );
        Metrics {
            registry,
            commands,
            latency,
            articles,
            digest_posts,
            rate_limited,
            feed_errors,
            feed_items,
            gateway_connected: AtomicBool::new(false),
            gateway_expected: AtomicBool::new(true),
            last_ingest: AtomicI64::new(0),
        }
    }
}

impl Metrics {
    /// Records one served command.
    pub fn command(&self, command: &str, ok: bool, took: Duration) {
        let label = CommandLabel {
            command: command.to_string(),
            outcome: if ok { "ok" } else { "error" }.to_string(),
        };
        self.commands.get_or_create(&label).inc();
        self.latency
            .get_or_create(&label)
            .observe(took.as_secs_f64());
    }

    /// Records a digest post.
    pub fn digest_posted(&self) {
        self.digest_posts.inc();
    }

    /// Records a rate-limit refusal.
    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    /// Records a failed feed fetch.
    pub fn feed_error(&self, feed: &str) {
        self.feed_errors
            .get_or_create(&FeedLabel {
                feed: feed.to_string(),
            })
            .inc();
    }

    /// Records feed items archived (new or updated).
    pub fn feed_items(&self, feed: &str, n: usize) {
        self.feed_items
            .get_or_create(&FeedLabel {
                feed: feed.to_string(),
            })
            .inc_by(n as u64);
    }

    /// Whether this server runs a Discord client at all (when it does not, its
    /// health does not depend on a gateway connection).
    pub fn expect_gateway(&self, expected: bool) {
        self.gateway_expected.store(expected, Ordering::Relaxed);
    }

    /// Whether the gateway connection is up.
    pub fn set_gateway_connected(&self, up: bool) {
        self.gateway_connected.store(up, Ordering::Relaxed);
    }

    /// Records a completed ingestion pass.
    pub fn ingested(&self, at: jiff::Timestamp) {
        self.last_ingest.store(at.as_second(), Ordering::Relaxed);
    }

    fn render(&self, engine: &Engine) -> String {
        self.articles
            .set(engine.index().searcher().num_docs() as i64);
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "cannot encode metrics");
        }
        out
    }
}

#[derive(Clone)]
struct Shared {
    engine: Engine,
    metrics: Arc<Metrics>,
}

async fn healthz(State(s): State<Shared>) -> impl IntoResponse {
    let gateway = s
        .metrics
        .gateway_expected
        .load(Ordering::Relaxed)
        .then(|| s.metrics.gateway_connected.load(Ordering::Relaxed));
    let engine = s.engine.clone();
    let index = tokio::task::spawn_blocking(move || engine.status()).await;
    let (readable, articles) = match index {
        Ok(Ok(st)) => (true, st.articles),
        _ => (false, 0),
    };
    let last = s.metrics.last_ingest.load(Ordering::Relaxed);
    let last_ingest = (last > 0)
        .then(|| jiff::Timestamp::from_second(last).ok())
        .flatten()
        .map(|t| t.to_string());
    let healthy = gateway != Some(false) && readable;
    let body = serde_json::json!({
        "healthy": healthy,
        "gateway_connected": gateway,
        "index_readable": readable,
        "articles": articles,
        "last_ingest": last_ingest,
    });
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
}

async fn metrics_text(State(s): State<Shared>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        s.metrics.render(&s.engine),
    )
}

/// Serves `/healthz` and `/metrics` on `addr` until `stop` turns true.
pub async fn serve_http(
    addr: SocketAddr,
    engine: Engine,
    metrics: Arc<Metrics>,
    stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let app = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .with_state(Shared { engine, metrics });
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "health and metrics listener up");
    axum::serve(listener, app)
        .with_graceful_shutdown(crate::server::wait_for(stop))
        .await
}
