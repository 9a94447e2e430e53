//! Feeds end to end: the real `newsdesk feeds` command against feeds served over
//! real HTTP on 127.0.0.1, including every kind of broken feed.

mod common;
mod feed_server;

use std::process::Output;

use common::{Workspace, assert_no_panic};
use feed_server::FeedServer;
use serde_json::Value;

fn feed(server: &FeedServer, path: &str, outlet: &str) -> String {
    format!(
        "[[feeds]]\nurl = {:?}\noutlet = {outlet:?}\npoll_minutes = 30\n",
        server.url(path)
    )
}

/// A workspace with the shipped corpus and these feeds; fetches time out after 1 s
/// and bodies are capped at 1 MB.
fn workspace(feeds: &[String]) -> Workspace {
    let ws = Workspace::shipped();
    ws.write_config(&format!(
        "[ingest]\nfeeds_dir = \"data/feeds\"\nfeed_timeout_seconds = 1\nfeed_max_bytes = 1048576\nfeed_max_backoff_minutes = 240\n{}",
        feeds.concat()
    ));
    ws
}

/// Runs `newsdesk feeds ARGS --json` (off the test's async threads) and parses it.
async fn feeds_json(ws: &Workspace, args: &[&str]) -> (Output, Value) {
    let mut cmd = ws.command(&[&["feeds"], args, &["--json"]].concat());
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_no_panic(&out);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, json)
}

fn report<'a>(json: &'a Value, path: &str) -> &'a Value {
    json["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["url"].as_str().unwrap().ends_with(path))
        .unwrap_or_else(|| panic!("no report for {path}: {json}"))
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.push(entry.strip_prefix(dir).unwrap().display().to_string());
    }
    out.sort();
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn good_feeds_are_archived_and_searchable_while_broken_ones_fail_alone() {
    let server = FeedServer::start().await;
    let ws = workspace(&[
        feed(&server, "/malformed.xml", "Broken Times"),
        feed(&server, "/wire.xml", "Harbour Wire"),
        feed(&server, "/huge.xml", "Flood Daily"),
        feed(&server, "/huge-declared.xml", "Flood Weekly"),
        feed(&server, "/slow.xml", "Slow Post"),
        feed(&server, "/dribble.xml", "Drip Feed"),
        feed(&server, "/loop.xml", "Loop Herald"),
        feed(&server, "/atom.xml", "Coast Radio"),
    ]);
    let (out, json) = feeds_json(&ws, &["poll"]).await;
    assert_eq!(out.status.code(), Some(1), "some feeds failed: exit 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6 of 8 feeds failed"), "{stderr}");

    let wire = report(&json, "/wire.xml");
    assert_eq!(wire["status"], "ok");
    assert_eq!(wire["added"], 2);
    let atom = report(&json, "/atom.xml");
    assert_eq!(atom["status"], "ok");
    assert_eq!(atom["added"], 1);
    for (path, expected) in [
        ("/malformed.xml", "not a valid feed"),
        ("/huge.xml", "larger than the 1048576-byte limit"),
        ("/huge-declared.xml", "larger than the 1048576-byte limit"),
        ("/slow.xml", "timed out after 1 s"),
        ("/dribble.xml", "timed out after 1 s"),
        ("/loop.xml", "too many redirects"),
    ] {
        let r = report(&json, path);
        assert_eq!(r["status"], "error", "{path}: {r}");
        assert_eq!(r["failures"], 1, "{path}: {r}");
        let error = r["error"].as_str().unwrap();
        assert!(error.contains(expected), "{path}: {error:?}");
    }
    // The redirect loop was cut short, not followed forever.
    assert!(server.seen.requests("/loop.xml") <= 6);

    // The items are ordinary article files in the feeds folder, indexed right away.
    let feeds_dir = ws.path().join("data/feeds");
    let files = files_under(&feeds_dir);
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f
                .starts_with("harbour-wire/2026-11-20-council-approves-harbour-dredging-budget-")),
        "{files:?}"
    );
    // The five shipped articles and the three feed items, indexed by the poll.
    assert_eq!(json["index"]["articles"], 8, "{json}");

    let results = ws.json(&["search", "harbour dredging budget"]);
    let hit = &results["hits"][0];
    assert_eq!(hit["title"], "Council approves harbour dredging budget");
    assert_eq!(hit["outlet"], "Harbour Wire");
    assert_eq!(hit["published"], "2026-11-20");
    assert_eq!(hit["url"], "http://wire.test/news/dredging?utm_source=rss");
    let id = hit["id"].as_str().unwrap();
    assert_eq!(
        ws.body(id),
        "The city council approved a budget of 4.2 million euros for dredging the inner harbour on Thursday.\n\n\"Ships have been running aground every spring,\" the harbour master said after the vote."
    );
    // Summary-only items are archived from their summary, HTML removed.
    let ferry = ws.json(&["search", "ferry timetable"]);
    let ferry_id = ferry["hits"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        ws.body(&ferry_id),
        "Ferries to the islands will run every two hours from December, the operator said."
    );
    // And the bot can quote them like any article.
    let answer = ws.json(&["ask", "What did the harbour master say about ships?"]);
    common::assert_verbatim(&ws, &answer);
    assert!(
        answer.to_string().contains("running aground every spring"),
        "{answer}"
    );

    // Polling again: conditional GET answers 304 for both good feeds; nothing new.
    let (_, again) = feeds_json(&ws, &["poll"]).await;
    assert_eq!(report(&again, "/wire.xml")["status"], "not_modified");
    assert_eq!(report(&again, "/atom.xml")["status"], "not_modified");
    assert_eq!(
        server
            .seen
            .not_modified
            .load(std::sync::atomic::Ordering::SeqCst),
        2
    );
    assert_eq!(report(&again, "/malformed.xml")["failures"], 2);
    assert_eq!(files_under(&feeds_dir).len(), 3);

    // `feeds status` shows each feed's state, from the database.
    let (status_out, status) = feeds_json(&ws, &["status"]).await;
    assert!(status_out.status.success());
    let wire = report(&status, "/wire.xml");
    assert_eq!(wire["items"], 2);
    assert_eq!(wire["failures"], 0);
    let slow = report(&status, "/slow.xml");
    assert_eq!(slow["failures"], 2);
    assert!(slow["last_error"].as_str().unwrap().contains("timed out"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bumped_dates_and_reposts_create_no_duplicates() {
    let server = FeedServer::start().await;
    let ws = workspace(&[feed(&server, "/bumped.xml", "Bumped News")]);
    let (out, first) = feeds_json(&ws, &["poll"]).await;
    assert!(out.status.success(), "{first}");
    assert_eq!(report(&first, "/bumped.xml")["added"], 1);
    for _ in 0..2 {
        let (_, again) = feeds_json(&ws, &["poll"]).await;
        let r = report(&again, "/bumped.xml");
        assert_eq!(r["added"], 0, "{r}");
        assert_eq!(r["updated"], 0, "a bumped date is not a change: {r}");
        assert_eq!(r["unchanged"], 1, "{r}");
        assert_eq!(r["duplicates"], 1, "the re-post under another link: {r}");
    }
    assert_eq!(server.seen.requests("/bumped.xml"), 3);
    assert_eq!(files_under(&ws.path().join("data/feeds")).len(), 1);
    let results = ws.json(&["search", "herring catch"]);
    assert_eq!(results["hits"].as_array().unwrap().len(), 1, "{results}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_feeds_back_off_and_honour_retry_after() {
    let server = FeedServer::start().await;
    let ws = workspace(&[
        feed(&server, "/busy.xml", "Busy Wire"),
        feed(&server, "/malformed.xml", "Broken Times"),
        feed(&server, "/wire.xml", "Harbour Wire"),
    ]);
    let before = jiff::Timestamp::now().as_second();
    let (_, json) = feeds_json(&ws, &["poll"]).await;
    let busy = report(&json, "/busy.xml");
    assert_eq!(busy["error"], "HTTP 503");
    let next = |r: &Value| {
        r["next_poll"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_second()
    };
    // Retry-After: 7200 outweighs the 30-minute interval.
    assert!(next(busy) >= before + 7200, "{busy}");
    let broken = report(&json, "/malformed.xml");
    assert!(next(broken) >= before + 30 * 60 && next(broken) < before + 7200);

    // `--due` polls only feeds whose time has come: none of these yet.
    let (out, due) = feeds_json(&ws, &["poll", "--due"]).await;
    assert!(out.status.success());
    assert_eq!(due["feeds"].as_array().unwrap().len(), 0, "{due}");
    assert_eq!(server.seen.requests("/busy.xml"), 1);
    assert_eq!(server.seen.requests("/malformed.xml"), 1);

    // Polled by hand, failures keep doubling the wait: 30, 60, 120, then the
    // 240-minute cap.
    let mut waits = Vec::new();
    for _ in 0..4 {
        let now = jiff::Timestamp::now().as_second();
        let (_, json) = feeds_json(&ws, &["poll"]).await;
        waits.push((next(report(&json, "/malformed.xml")) - now + 30) / 60);
    }
    assert_eq!(waits, [60, 120, 240, 240]);
}
