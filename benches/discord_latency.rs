//! Benchmark: time from INTERACTION_CREATE to the bot's first callback, for `/search`,
//! with many interactions in flight, through the same fake Discord the end-to-end
//! tests use. Writes its table into `benches/RESULTS.md`.
//!
//! Run: `cargo bench --bench discord_latency`

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/fake_discord/mod.rs"]
mod fake_discord;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_discord::FakeDiscord;
use newsdesk::Engine;
use serde_json::json;

const TOTAL: usize = 200;
const IN_FLIGHT: usize = 20;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let fake = Arc::new(FakeDiscord::start(30_000).await);
    let ws = common::Workspace::shipped();
    let config = fake_discord::bot_config(
        &ws.corpus(),
        ws.path(),
        &fake.base_url(),
        "rate_limit_questions = 100000",
    );
    let store = newsdesk::store::Store::open(&config.store.path).unwrap();
    let engine = Engine::open(config).unwrap();
    engine.sync(Duration::from_secs(10)).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(fake_discord::run_bot(engine, store, rx));
    fake.wait_request(0, "PUT", "/commands").await;

    // Warm-up (not measured): opens the HTTP connections and loads index pages.
    let warm: Vec<String> = (0..IN_FLIGHT)
        .map(|_| {
            fake.interaction(
                2,
                "search",
                json!([{"name": "query", "type": 3, "value": "warm up"}]),
                "0",
            )
        })
        .collect();
    for id in &warm {
        fake.wait_original(id).await;
    }

    let queries = [
        "Putin",
        "Trump APEC",
        "Anchorage summit",
        "\"peace deal\"",
        "Syria ISIS",
        "Kremlin statement",
        "Helsinki 2018",
        "sanctions Russia",
    ];
    let started = Instant::now();
    let mut workers = Vec::new();
    for w in 0..IN_FLIGHT {
        let fake = fake.clone();
        workers.push(tokio::spawn(async move {
            let mut first = Vec::new();
            let mut full = Vec::new();
            for i in 0..TOTAL / IN_FLIGHT {
                let q = queries[(w + i) % queries.len()];
                let sent = Instant::now();
                let id = fake.interaction(
                    2,
                    "search",
                    json!([{"name": "query", "type": 3, "value": q}]),
                    "0",
                );
                let callback = fake.wait_callback(&id).await;
                let edit = fake.wait_original(&id).await;
                first.push(callback.at.duration_since(sent));
                full.push(edit.at.duration_since(sent));
            }
            (first, full)
        }));
    }
    let mut first = Vec::new();
    let mut full = Vec::new();
    for w in workers {
        let (f, g) = w.await.unwrap();
        first.extend(f);
        full.extend(g);
    }
    let wall = started.elapsed();
    first.sort();
    full.sort();
    tx.send(()).unwrap();
    let _ = tokio::time::timeout(Duration::from_secs(10), bot).await;

    let table = format!(
        "| measure | p50 | p99 | max |\n|---|---|---|---|\n| INTERACTION_CREATE → first callback (defer) | {} | {} | {} |\n| INTERACTION_CREATE → results posted (edit of @original) | {} | {} | {} |\n",
        ms(percentile(&first, 0.5)),
        ms(percentile(&first, 0.99)),
        ms(*first.last().unwrap()),
        ms(percentile(&full, 0.5)),
        ms(percentile(&full, 0.99)),
        ms(*full.last().unwrap()),
    );
    let machine = format!(
        "{} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(
                |c| c.lines().find(|l| l.starts_with("model name")).map(|l| l
                    .split(':')
                    .nth(1)
                    .unwrap_or("")
                    .trim()
                    .to_string())
            )
            .unwrap_or_else(|| "unknown CPU".into())
    );
    let section = format!(
        "<!-- discord-latency:start -->\n## Discord: `/search` interaction latency\n\n{TOTAL} `/search` interactions, {IN_FLIGHT} in flight, through the loopback fake Discord (REST + gateway) against the shipped corpus, after a warm-up of {IN_FLIGHT} interactions; release build; {machine}; measured {}. Wall time {}. Target: p99 of the first callback under 50 ms.\n\n{table}\nReproduce: `cargo bench --bench discord_latency`.\n<!-- discord-latency:end -->\n",
        jiff::Zoned::now().date(),
        ms(wall),
    );
    print!("{section}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/RESULTS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmark results\n\n".into());
    let new = match (
        old.find("<!-- discord-latency:start -->"),
        old.find("<!-- discord-latency:end -->"),
    ) {
        (Some(a), Some(b)) => format!(
            "{}{}{}",
            &old[..a],
            section,
            &old[b + "<!-- discord-latency:end -->\n".len().min(old.len() - b)..]
        ),
        _ => format!("{old}{section}"),
    };
    std::fs::write(&path, new).unwrap();
}
