//! Daily digests end to end: the real bot and its scheduler, driven by a manual
//! clock across several days, a daylight-saving change, a restart and outages,
//! posting to a fake Discord. Asserts the exact posts the fake received.

mod common;
mod fake_discord;

use std::sync::Arc;
use std::time::Duration;

use common::Workspace;
use fake_discord::{CHANNEL_ID, FakeDiscord, MANAGE_GUILD, Request};
use newsdesk::clock::ManualClock;
use newsdesk::{Config, Engine};
use serde_json::{Value, json};
use tokio::sync::oneshot;

const DIGEST_CHANNEL: &str = "900000000000000099";

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

struct Running {
    shutdown: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), String>>,
    engine: Engine,
}

fn config(ws: &Workspace, fake: &FakeDiscord, scheduler: &str) -> Config {
    fake_discord::bot_config(
        &ws.corpus(),
        ws.path(),
        &fake.base_url(),
        &format!(
            "[scheduler]\ncatch_up_hours = 6\nquiet_day = \"post\"\n{scheduler}\n[[digest]]\nchannel_id = {DIGEST_CHANNEL}\ntime = \"08:00\"\ntimezone = \"Europe/Berlin\""
        ),
    )
}

async fn start(ws: &Workspace, fake: &FakeDiscord, clock: Arc<ManualClock>) -> Running {
    start_with(ws, fake, clock, "").await
}

/// Starts the bot with extra `[scheduler]` settings.
async fn start_with(
    ws: &Workspace,
    fake: &FakeDiscord,
    clock: Arc<ManualClock>,
    scheduler: &str,
) -> Running {
    let config = config(ws, fake, scheduler);
    let store = newsdesk::store::Store::open(&config.store.path).unwrap();
    let engine = Engine::open_with_clock(config, clock).unwrap();
    engine.sync(Duration::from_secs(10)).unwrap();
    let identifies = fake.identifies().len();
    let (tx, rx) = oneshot::channel::<()>();
    let bot_engine = engine.clone();
    let task = tokio::spawn(fake_discord::run_bot(bot_engine, store, rx));
    fake.wait_until("IDENTIFY", Duration::from_secs(15), |f| {
        (f.identifies().len() > identifies).then_some(())
    })
    .await;
    Running {
        shutdown: tx,
        task,
        engine,
    }
}

async fn stop(r: Running) {
    r.shutdown.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(15), r.task)
        .await
        .expect("shut down in time")
        .unwrap();
    assert!(result.is_ok(), "{result:?}");
}

fn digest_posts(fake: &FakeDiscord) -> Vec<Request> {
    fake.requests()
        .into_iter()
        .filter(|r| {
            r.method == "POST" && r.path == format!("/api/v10/channels/{DIGEST_CHANNEL}/messages")
        })
        .collect()
}

/// Moves the clock, then waits for the scheduler to post `expected` digest messages
/// in all; then gives it a moment more to prove it posts nothing else.
async fn advance(fake: &FakeDiscord, clock: &ManualClock, to: &str, expected: usize) {
    clock.set(ts(to));
    fake.wait_until(
        &format!("{expected} digest posts at {to}"),
        Duration::from_secs(15),
        |f| (digest_posts(f).len() >= expected).then_some(()),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let posts = digest_posts(fake);
    assert_eq!(
        posts.len(),
        expected,
        "at {to}: {:#?}",
        posts.iter().map(|p| text(&p.body)).collect::<Vec<_>>()
    );
}

fn text(body: &Value) -> String {
    let mut out = body["content"].as_str().unwrap_or("").to_string();
    for e in body["embeds"].as_array().into_iter().flatten() {
        out.push('\n');
        out.push_str(e["title"].as_str().unwrap_or(""));
        out.push('\n');
        out.push_str(e["description"].as_str().unwrap_or(""));
    }
    out
}

fn assert_no_pings(body: &Value) {
    assert_eq!(body["allowed_mentions"]["parse"], json!([]), "{body:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digests_post_once_a_day_across_dst_restarts_and_outages() {
    let fake = FakeDiscord::start(30_000).await;
    let ws = Workspace::shipped();
    // Friday 27 March 2026, 07:00 in Berlin (CET, UTC+1).
    let clock = Arc::new(ManualClock::new(ts("2026-03-27T06:00:00Z")));
    let bot = start(&ws, &fake, clock.clone()).await;

    // 07:59 CET: not yet.
    advance(&fake, &clock, "2026-03-27T06:59:00Z", 0).await;
    // 08:00 CET: the first digest covers the last 24 hours: the whole shipped corpus,
    // indexed at 07:00, with the two Anchorage previews as one story.
    advance(&fake, &clock, "2026-03-27T07:00:30Z", 1).await;
    let first = &digest_posts(&fake)[0];
    assert_no_pings(&first.body);
    let t = text(&first.body);
    assert!(
        t.contains("Daily digest, 2026-03-27") && t.contains("4 stories"),
        "{t}"
    );
    assert!(t.contains("Also reported by"), "{t}");
    assert!(t.contains("\\[1\\]"), "cited sentences: {t}");
    // Later that day: nothing more.
    advance(&fake, &clock, "2026-03-27T15:00:00Z", 1).await;

    // A story arrives in the afternoon.
    ws.write("ferry.md", "+++\ntitle = \"Ferry strike ends\"\noutlet = \"Port Gazette\"\npublished = 2026-03-27\n+++\nThe ferry strike ended on Friday after the union accepted a new pay offer. Crossings resume on Saturday morning.");
    let report = bot.engine.sync(Duration::from_secs(10)).unwrap();
    assert_eq!(report.added, 1);

    // Saturday 08:00 CET: only what is new since Friday's digest.
    advance(&fake, &clock, "2026-03-28T07:00:30Z", 2).await;
    let t = text(&digest_posts(&fake)[1].body);
    assert!(
        t.contains("Ferry strike ends") && t.contains("1 story"),
        "{t}"
    );
    assert!(!t.contains("APEC"), "old stories are not repeated: {t}");

    // Sunday: clocks go forward at 02:00. 08:00 CEST is 06:00 UTC.
    advance(&fake, &clock, "2026-03-29T05:59:00Z", 2).await;
    advance(&fake, &clock, "2026-03-29T06:00:30Z", 3).await;
    let t = text(&digest_posts(&fake)[2].body);
    assert!(t.contains("nothing new"), "a quiet day says so: {t}");
    // 07:00 UTC (what 08:00 CET would have been): no second Sunday digest.
    advance(&fake, &clock, "2026-03-29T07:00:30Z", 3).await;

    // Restart in the middle of Sunday: nothing is posted twice.
    stop(bot).await;
    clock.set(ts("2026-03-29T09:00:00Z"));
    let bot = start(&ws, &fake, clock.clone()).await;
    advance(&fake, &clock, "2026-03-29T10:00:00Z", 3).await;
    stop(bot).await;

    // Down from Sunday to Thursday 10:00 CEST (2 h after the slot, inside the 6 h
    // catch-up window): exactly one digest, covering everything since Sunday's.
    ws.write("bridge.md", "+++\ntitle = \"Bridge reopens\"\noutlet = \"City Desk\"\npublished = 2026-03-31\n+++\nThe old bridge reopened on Tuesday after two years of repairs. Traffic was light in the morning.");
    clock.set(ts("2026-04-02T08:00:00Z"));
    let bot = start(&ws, &fake, clock.clone()).await;
    advance(&fake, &clock, "2026-04-02T08:00:05Z", 4).await;
    let t = text(&digest_posts(&fake)[3].body);
    assert!(
        t.contains("Daily digest, 2026-04-02") && t.contains("Bridge reopens"),
        "{t}"
    );
    advance(&fake, &clock, "2026-04-02T20:00:00Z", 4).await;
    stop(bot).await;

    // Down again until Sunday 20:00 CEST, 12 h after the slot: too late to catch up.
    // Nothing then; Monday's digest comes on time and covers the whole gap.
    clock.set(ts("2026-04-05T18:00:00Z"));
    let bot = start(&ws, &fake, clock.clone()).await;
    advance(&fake, &clock, "2026-04-05T18:00:05Z", 4).await;
    advance(&fake, &clock, "2026-04-06T06:00:30Z", 5).await;
    let store = newsdesk::store::Store::open(&ws.path().join("data/newsdesk.db")).unwrap();
    let posts = store.digest_posts(DIGEST_CHANNEL.parse().unwrap()).unwrap();
    let dates: Vec<String> = posts.iter().map(|p| p.local_date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2026-03-27",
            "2026-03-28",
            "2026-03-29",
            "2026-04-02",
            "2026-04-06"
        ]
    );
    assert!(posts.iter().all(|p| p.status == "sent"));
    // Each window starts where the previous one ended.
    for pair in posts.windows(2) {
        assert_eq!(pair[1].since, pair[0].until);
    }
    stop(bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digest_commands_subscribe_list_preview_and_check_permissions() {
    let fake = FakeDiscord::start(30_000).await;
    let ws = Workspace::shipped();
    let clock = Arc::new(ManualClock::new(ts("2026-06-01T12:00:00Z")));
    let bot = start(&ws, &fake, clock.clone()).await;
    let channel = "900000000000000123";
    let subscribe = json!([{"name": "subscribe", "type": 1, "options": [
        {"name": "channel", "type": 7, "value": channel},
        {"name": "time", "type": 3, "value": "09:30"},
        {"name": "timezone", "type": 3, "value": "America/New_York"}
    ]}]);
    let resolved = fake.resolved_channel(channel);

    // Without Manage Server: refused, nothing stored.
    let from = fake.requests().len();
    let id = fake.interaction_resolved(2, "digest", subscribe.clone(), resolved.clone(), "0");
    let refused = fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert_eq!(refused.body["data"]["flags"], 64);
    // Errors come as one embed in the error colour.
    let refusal = &refused.body["data"]["embeds"][0];
    assert_eq!(refusal["color"].as_u64(), Some(0xD8_3C_3E));
    assert!(
        refusal["description"]
            .as_str()
            .unwrap()
            .contains("Manage Server")
    );

    let from = fake.requests().len();
    let id = fake.interaction_resolved(2, "digest", subscribe, resolved, MANAGE_GUILD);
    let ok = fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert_eq!(ok.body["data"]["flags"], 64);
    assert!(
        ok.body["data"]["content"]
            .as_str()
            .unwrap()
            .contains("09:30 (America/New_York)"),
        "{:#}",
        ok.body
    );

    // Time zone autocomplete.
    let from = fake.requests().len();
    let id = fake.interaction(4, "digest", json!([{"name": "subscribe", "type": 1, "options": [{"name": "timezone", "type": 3, "value": "new_y", "focused": true}]}]), MANAGE_GUILD);
    let choices = fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert_eq!(
        choices.body["data"]["choices"][0]["value"],
        "America/New_York"
    );

    let from = fake.requests().len();
    let id = fake.interaction(
        2,
        "digest",
        json!([{"name": "list", "type": 1, "options": []}]),
        "0",
    );
    let list = fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    let description = list.body["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        description.contains(&format!("<#{channel}> at 09:30 (America/New_York)")),
        "{description}"
    );
    assert!(
        description.contains(&format!("<#{DIGEST_CHANNEL}> at 08:00 (Europe/Berlin)")),
        "{description}"
    );

    // The first digest of a new subscription comes at its next slot: 09:30 EDT.
    let posts_to = |f: &FakeDiscord| {
        f.requests()
            .iter()
            .filter(|r| {
                r.method == "POST" && r.path.ends_with(&format!("/channels/{channel}/messages"))
            })
            .count()
    };
    clock.set(ts("2026-06-01T13:00:00Z"));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(posts_to(&fake), 0, "not at once");
    clock.set(ts("2026-06-02T13:30:10Z"));
    fake.wait_until(
        "the new subscription's digest",
        Duration::from_secs(15),
        |f| (posts_to(f) == 1).then_some(()),
    )
    .await;

    // Preview: ephemeral, deferred then edited.
    let from = fake.requests().len();
    let id = fake.interaction(
        2,
        "digest",
        json!([{"name": "preview", "type": 1, "options": []}]),
        "0",
    );
    let deferred = fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert_eq!(
        (
            deferred.body["type"].as_u64(),
            deferred.body["data"]["flags"].as_u64()
        ),
        (Some(5), Some(64))
    );
    let preview = fake.wait_original(&id).await;
    assert!(
        preview.body["content"]
            .as_str()
            .unwrap()
            .contains("Digest preview")
    );
    assert_no_pings(&preview.body);

    // Unsubscribe: gone from the list.
    let from = fake.requests().len();
    let id = fake.interaction_resolved(2, "digest", json!([{"name": "unsubscribe", "type": 1, "options": [{"name": "channel", "type": 7, "value": channel}]}]), fake.resolved_channel(channel), MANAGE_GUILD);
    let done = fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert!(
        done.body["data"]["content"]
            .as_str()
            .unwrap()
            .contains("stopped")
    );
    let store = newsdesk::store::Store::open(&ws.path().join("data/newsdesk.db")).unwrap();
    assert_eq!(
        store.subscriptions(None).unwrap().len(),
        1,
        "only the configured one is left"
    );
    stop(bot).await;
}

#[test]
fn digest_cli_groups_the_anchorage_previews_into_one_story() {
    let ws = Workspace::shipped();
    let d = ws.json(&["digest", "--since", "2025-08-01", "--until", "2025-08-31"]);
    assert_eq!(d["since"], "2025-08-01T00:00:00Z");
    assert_eq!(d["until"], "2025-09-01T00:00:00Z");
    let stories = d["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{d:#}");
    let mut articles: Vec<&str> = stories[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    articles.sort_unstable();
    assert_eq!(
        articles,
        [
            "trump-putin-past-relationship-anchorage-summit",
            "what-putin-really-wants-from-trump"
        ]
    );
    assert_eq!(stories[0]["outlets"], json!(["CNN"]));
    let answer = stories[0]["answer"].as_array().unwrap();
    assert!(!answer.is_empty() && answer.len() <= 2);
    // Same verbatim contract as ask.
    common::assert_verbatim(&ws, &stories[0]);

    // Every shipped article is in a digest of everything, in its own story otherwise.
    let all = ws.json(&["digest", "--since", "2000-01-01"]);
    let count: usize = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(count, 5);
    assert_eq!(all["stories"].as_array().unwrap().len(), 4);

    for bad in [
        &["digest", "--since", "soon"][..],
        &["digest", "--since", "2025-08-02", "--until", "2025-08-01"],
    ] {
        let out = ws.run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    // A duration back from now: everything was indexed moments ago.
    let recent = ws.json(&["digest", "--since", "7d"]);
    assert_eq!(recent["stories"].as_array().unwrap().len(), 4);
}

#[test]
fn a_since_too_far_back_is_a_usage_error_not_a_panic() {
    let ws = Workspace::shipped();
    for since in ["2000000w", "99999999999999999d"] {
        let out = ws.run(&["digest", "--since", since]);
        common::assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "--since {since}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--since"), "{err}");
    }
}

#[test]
fn the_most_covered_story_leads_and_the_left_out_are_counted() {
    let ws = Workspace::empty();
    // One story told by three outlets on the same day…
    for (file, outlet) in [
        ("bridge-a.md", "Port Gazette"),
        ("bridge-b.md", "City Wire"),
        ("bridge-c.md", "Harbour Times"),
    ] {
        ws.write(
            file,
            format!("+++\ntitle = \"Old harbour bridge closes after crack found\"\noutlet = \"{outlet}\"\npublished = 2026-03-27\n+++\nThe old harbour bridge closed on Friday after engineers found a crack in its main span. Traffic is diverted over the ring road while the bridge is inspected."),
        );
    }
    // …and four others told once each, whose headlines sort before it.
    for (i, (title, body)) in [
        (
            "Alpaca farm opens to visitors",
            "A farm of forty alpacas near Dunmore opened its gates to weekend visitors.",
        ),
        (
            "Bakery wins bread award",
            "The Crumb bakery on Mill Lane won a national prize for its sourdough loaf.",
        ),
        (
            "Choir records first album",
            "St Anne's choir recorded twelve hymns in the cathedral for a charity album.",
        ),
        (
            "Archery club needs new range",
            "Members of the archery club are seeking a field after their lease ran out.",
        ),
    ]
    .iter()
    .enumerate()
    {
        ws.write(
            &format!("single-{i}.md"),
            format!("+++\ntitle = \"{title}\"\noutlet = \"Village Post\"\npublished = 2026-03-27\n+++\n{body}"),
        );
    }
    let digest = [
        "digest",
        "--since",
        "2026-03-27",
        "--until",
        "2026-03-27",
        "--limit",
        "2",
    ];
    let d = ws.json(&digest);
    assert_eq!(d["total_stories"], 5, "{d:#}");
    let stories = d["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0]["articles"].as_array().unwrap().len(), 3, "{d:#}");
    assert_eq!(stories[0]["outlets"].as_array().unwrap().len(), 3);
    common::assert_verbatim(&ws, &stories[0]);
    let sources = stories[0]["sources"].as_array().unwrap();
    let mut ids: Vec<&str> = sources.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), sources.len(), "one number per article");

    // The text says which days it covers and what it left out.
    let out = ws.run(&digest);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Digest 27 Mar 2026: 2 stories"), "{text}");
    assert!(
        text.contains("3 more stories in this window, less covered: --limit 5"),
        "{text}"
    );
    let out = ws.run(&[
        "digest",
        "--since",
        "2026-03-26",
        "--until",
        "2026-03-27",
        "--limit",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2), "--limit 0 is a usage error");
}

#[test]
fn human_answers_show_no_offsets_unless_asked_and_never_split_ids() {
    let ws = Workspace::shipped();
    let question = ["ask", "What did Putin say about Trump at APEC?"];
    let out = ws.run(&question);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Trump made a reference"), "{text}");
    assert!(!text.contains("bytes"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("trump-and-putin-hit-it-off-at-apec-summit")),
        "the id whole on one line: {text}"
    );
    assert!(text.contains("11 Nov 2017"), "{text}");
    let mut verbose = question.to_vec();
    verbose.push("-v");
    let text = String::from_utf8_lossy(&ws.run(&verbose).stdout).to_string();
    assert!(text.contains("(bytes 906..1057)"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_offers_the_stories_it_left_out_and_sends_them_on_a_click() {
    let fake = FakeDiscord::start(30_000).await;
    let ws = Workspace::shipped();
    // Articles carry the real time they were indexed: the preview's 24 hours end now.
    let clock = Arc::new(ManualClock::new(jiff::Timestamp::now()));
    let bot = start_with(&ws, &fake, clock, "max_stories = 2").await;

    // Everything was indexed just now: four stories, two told.
    let id = fake.interaction(
        2,
        "digest",
        json!([{"name": "preview", "type": 1, "options": []}]),
        "0",
    );
    let preview = fake.wait_original(&id).await;
    let content = preview.body["content"].as_str().unwrap();
    assert!(
        content.contains("the 2 most covered of 4 stories"),
        "{content}"
    );
    // The button may sit on a follow-up when the stories fill several messages.
    let more = fake
        .wait_until("the Show more button", Duration::from_secs(10), |f| {
            f.requests().into_iter().find_map(|r| {
                let rows = r.body["components"].as_array()?.clone();
                rows.iter()
                    .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
                    .find(|c| c["label"] == "Show 2 more")
                    .map(|c| (c["custom_id"].as_str().unwrap().to_string(), r.body.clone()))
            })
        })
        .await;
    assert!(
        more.0.starts_with("nd:more:") && more.0.ends_with(":2"),
        "{}",
        more.0
    );

    let message = fake.message_object(CHANNEL_ID, &more.1);
    let from = fake.requests().len();
    let click = fake.click(&more.0, None, &message);
    let deferred = fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(deferred.body["data"]["flags"], 64, "ephemeral");
    let rest = fake.wait_original(&click).await;
    let content = rest.body["content"].as_str().unwrap();
    assert!(content.contains("stories 3–4 of 4"), "{content}");
    let titles: Vec<String> = fake
        .requests()
        .into_iter()
        .skip(from)
        .flat_map(|r| r.body["embeds"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["title"].as_str().map(str::to_string))
        .collect();
    assert!(titles.iter().any(|t| t.starts_with("3. ")), "{titles:?}");
    assert!(!titles.iter().any(|t| t.starts_with("1. ")), "{titles:?}");
    stop(bot).await;
}
