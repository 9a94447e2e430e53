//! End to end: the real bot (`newsdesk::server::run` with its Discord client,
//! serenity + poise) against a fake Discord on 127.0.0.1. Assertions are on the JSON
//! bodies the fake received.

mod common;
mod fake_discord;
mod feed_server;

use std::time::Duration;

use common::Workspace;
use fake_discord::{APP_ID, BOT_ID, CHANNEL_ID, FakeDiscord, MANAGE_GUILD, Request};
use newsdesk::Engine;
use serde_json::{Value, json};
use tokio::sync::oneshot;

struct Options {
    answer_channels: Vec<&'static str>,
    rate_limit: u32,
    heartbeat_ms: u64,
    /// Extra config sections (e.g. `[ingest]`).
    extra: &'static str,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            answer_channels: Vec::new(),
            rate_limit: 50,
            heartbeat_ms: 30_000,
            extra: "[ingest]\nwatch = false\nrescan_seconds = 0",
        }
    }
}

struct Bot {
    fake: FakeDiscord,
    ws: Workspace,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), String>>,
}

/// Articles beyond the shipped five: enough "harbour" stories for two pages, and
/// one that quotes pings.
fn extra_articles(ws: &Workspace) {
    let topics = [
        "dredging",
        "a new ferry pier",
        "storm damage",
        "crane repairs",
        "a fish market",
        "night shipping",
        "a marina",
        "oil spill drills",
    ];
    let reactions = [
        "Fishermen welcomed it.",
        "Residents complained about noise.",
        "The mayor praised the budget.",
        "Unions asked for more staff.",
        "Traders expect more visitors.",
        "Critics called it rushed.",
        "Sailors were delighted.",
        "Environmental groups stayed cautious.",
    ];
    for (i, (topic, reaction)) in topics.iter().zip(reactions).enumerate() {
        ws.write(
            &format!("harbour-{i}.md"),
            format!("+++\ntitle = \"Harbour story {i}\"\noutlet = \"Port Gazette\"\npublished = 2025-08-0{}\n+++\nThe harbour authority announced {topic} for week {i} of the autumn season. {reaction}", i + 1),
        );
    }
    ws.write(
        "pings.md",
        "+++\ntitle = \"Mass ping incident\"\noutlet = \"Chat Weekly\"\n+++\nThe moderator wrote \"@everyone look at <@123> now\" in the lobby channel, and the gateway flooded with notifications.",
    );
}

async fn start(opts: Options) -> Bot {
    let fake = FakeDiscord::start(opts.heartbeat_ms).await;
    let ws = Workspace::shipped();
    extra_articles(&ws);
    let channels: Vec<String> = opts.answer_channels.iter().map(|c| c.to_string()).collect();
    let config = fake_discord::bot_config(
        &ws.corpus(),
        ws.path(),
        &fake.base_url(),
        &format!(
            "answer_channels = [{}]\nrate_limit_questions = {}\nrate_limit_seconds = 60\n{}",
            channels.join(", "),
            opts.rate_limit,
            opts.extra
        ),
    );
    let store = newsdesk::store::Store::open(&config.store.path).unwrap();
    let engine = Engine::open(config).unwrap();
    engine.sync(Duration::from_secs(10)).unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(fake_discord::run_bot(engine, store, rx));
    // serenity falls back to the real Discord if gateway discovery fails: make sure
    // it reached the fake instead.
    fake.wait_until(
        "IDENTIFY on the fake gateway",
        Duration::from_secs(15),
        |f| (!f.identifies().is_empty()).then_some(()),
    )
    .await;
    fake.wait_request(0, "PUT", "/commands").await;
    Bot {
        fake,
        ws,
        shutdown: Some(tx),
        task,
    }
}

impl Bot {
    /// Sends a slash command; returns the callback request.
    async fn command(&self, name: &str, options: Value, permissions: &str) -> (String, Request) {
        let from = self.fake.requests().len();
        let id = self.fake.interaction(2, name, options, permissions);
        let callback = self
            .fake
            .wait_request(from, "POST", &format!("/interactions/{id}/"))
            .await;
        (id, callback)
    }

    /// The edit of an interaction's original response.
    async fn original(&self, interaction_id: &str) -> Request {
        self.fake
            .wait_request(
                0,
                "PATCH",
                &format!("/webhooks/{APP_ID}/token-{interaction_id}/messages/@original"),
            )
            .await
    }

    async fn stop(mut self) {
        self.shutdown.take().unwrap().send(()).unwrap();
        let result = tokio::time::timeout(Duration::from_secs(15), self.task).await;
        let result = result.expect("bot did not shut down in time").unwrap();
        assert!(result.is_ok(), "serve returned an error: {result:?}");
    }
}

/// No message may ping anyone.
fn assert_no_pings(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(
        am["parse"],
        json!([]),
        "allowed_mentions must parse nothing: {body:#}"
    );
    for key in ["users", "roles"] {
        if let Some(list) = am.get(key) {
            assert_eq!(list, &json!([]), "{key}: {body:#}");
        }
    }
    assert_ne!(am["replied_user"], json!(true));
}

fn embed_text(body: &Value) -> String {
    let mut out = String::new();
    for e in body["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            if let Some(s) = e[key].as_str() {
                out.push_str(s);
                out.push('\n');
            }
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push_str(f["name"].as_str().unwrap_or(""));
            out.push('\n');
            out.push_str(f["value"].as_str().unwrap_or(""));
            out.push('\n');
        }
        if let Some(s) = e["footer"]["text"].as_str() {
            out.push_str(s);
        }
    }
    out
}

/// Markdown as Discord shows it: escapes and invisible word joiners removed.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '\u{2060}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// What an ephemeral error says: errors come as one embed in the error colour.
fn error_text(body: &Value) -> String {
    let embed = &body["embeds"][0];
    assert_eq!(
        embed["color"].as_u64(),
        Some(0xD8_3C_3E),
        "the error colour: {body:#}"
    );
    embed["description"].as_str().unwrap_or("").to_string()
}

fn custom_ids(body: &Value) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for row in body["components"].as_array().into_iter().flatten() {
        for c in row["components"].as_array().into_iter().flatten() {
            out.push((
                c["custom_id"].as_str().unwrap_or("").to_string(),
                c["disabled"].as_bool().unwrap_or(false),
            ));
        }
    }
    out
}

fn check_embed_limits(body: &Value) {
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= 10);
    let mut total = 0;
    for e in &embeds {
        assert!(e["color"].is_u64(), "every embed has a colour: {e:#}");
        let n = |v: &Value| v.as_str().map_or(0, |s| s.encode_utf16().count());
        assert!(
            n(&e["title"]) <= 256
                && n(&e["description"]) <= 4096
                && n(&e["footer"]["text"]) <= 2048
        );
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25);
        for f in &fields {
            assert!(n(&f["name"]) <= 256 && n(&f["value"]) <= 1024);
            total += n(&f["name"]) + n(&f["value"]);
        }
        total += n(&e["title"]) + n(&e["description"]) + n(&e["footer"]["text"]);
    }
    assert!(total <= 6000);
    assert!(
        body["content"]
            .as_str()
            .map_or(0, |s| s.encode_utf16().count())
            <= 2000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_registers_commands_in_the_guild_with_the_token() {
    let bot = start(Options::default()).await;
    let put = bot.fake.wait_request(0, "PUT", "/commands").await;
    assert_eq!(
        put.path,
        format!(
            "/api/v10/applications/{APP_ID}/guilds/{}/commands",
            fake_discord::GUILD_ID
        )
    );
    assert_eq!(put.authorization.as_deref(), Some("Bot fake-token"));
    let mut names: Vec<&str> = put
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "article",
            "ask",
            "digest",
            "help",
            "newsdesk",
            "search",
            "summarize",
            "timeline",
            "whosaid"
        ]
    );
    let admin = put
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "newsdesk")
        .unwrap();
    assert_eq!(admin["default_member_permissions"], "32");
    // Without answer channels the privileged Message Content intent is not requested.
    let intents = bot.fake.identifies()[0]["intents"].as_u64().unwrap();
    assert_eq!(
        intents & (1 << 15),
        0,
        "MESSAGE_CONTENT requested without need"
    );
    assert_ne!(intents & (1 << 9), 0, "GUILD_MESSAGES needed for mentions");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_pages_and_summarizes_a_result() {
    let bot = start(Options::default()).await;
    let (id, callback) = bot
        .command(
            "search",
            json!([{"name": "query", "type": 3, "value": "harbour"}]),
            "0",
        )
        .await;
    assert_eq!(callback.body["type"], 5, "deferred first");
    let page1 = bot.original(&id).await;
    assert_no_pings(&page1.body);
    check_embed_limits(&page1.body);
    let text = embed_text(&page1.body);
    assert!(text.contains("Search: harbour"), "{text}");
    assert!(
        text.contains("**harbour**"),
        "matched words in bold: {text}"
    );
    assert!(text.contains("Page 1 · 8 matching articles"), "{text}");
    let ids = custom_ids(&page1.body);
    let prev = ids
        .iter()
        .find(|(c, _)| c.starts_with("nd:page:") && c.ends_with(":0"))
        .unwrap();
    assert!(prev.1, "Previous is disabled on page 1");
    let next = ids
        .iter()
        .find(|(c, _)| c.starts_with("nd:page:") && c.ends_with(":1"))
        .unwrap();
    assert!(!next.1, "Next is enabled");
    assert!(ids.iter().any(|(c, _)| c == "nd:sum"));

    // Next page: acknowledged (type 6), then the message is edited.
    let message = bot.fake.message_object(CHANNEL_ID, &page1.body);
    let from = bot.fake.requests().len();
    let click = bot.fake.click(&next.0, None, &message);
    let ack = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(ack.body["type"], 6);
    let page2 = bot.original(&click).await;
    assert_no_pings(&page2.body);
    let text2 = embed_text(&page2.body);
    assert!(text2.contains("Page 2 · 8 matching articles"), "{text2}");
    assert!(text2.contains("**6.**"), "page 2 starts at rank 6: {text2}");
    let ids2 = custom_ids(&page2.body);
    assert!(
        ids2.iter()
            .any(|(c, disabled)| c.ends_with(":2") && *disabled),
        "no page 3"
    );

    // Summarize a result from the select menu.
    let from = bot.fake.requests().len();
    let click = bot.fake.click("nd:sum", Some(vec!["harbour-3"]), &message);
    let deferred = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(deferred.body["type"], 5);
    let summary = bot.original(&click).await;
    assert_no_pings(&summary.body);
    let text = embed_text(&summary.body);
    assert!(text.contains("Summary: Harbour story 3"), "{text}");
    assert!(
        unescape(&text).contains(
            "The harbour authority announced crane repairs for week 3 of the autumn season."
        ),
        "{text}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_cites_verbatim_shows_sources_and_stores_feedback() {
    let bot = start(Options::default()).await;
    let (id, callback) = bot.command("ask", json!([{"name": "question", "type": 3, "value": "What did Trump say about sanctions on Russia?"}]), "0").await;
    assert_eq!(callback.body["type"], 5);
    let reply = bot.original(&id).await;
    assert_no_pings(&reply.body);
    check_embed_limits(&reply.body);
    let embed = &reply.body["embeds"][0];
    let description = embed["description"].as_str().unwrap();
    assert!(
        description.contains("\\[1\\]"),
        "citation markers: {description}"
    );
    let body = std::fs::read_to_string(
        bot.ws
            .corpus()
            .join("look-what-trump-and-putin-talked-about-saturday.md"),
    )
    .unwrap();
    // The answer first, then one line per cited article; no sentence twice.
    assert_eq!(
        embed["color"].as_u64(),
        Some(0x2E_A0_43),
        "the answer colour"
    );
    assert!(embed["fields"].as_array().is_none_or(|f| f.is_empty()));
    let (sentences, sources_block) = description.split_once("\n\n\\[1\\] ").unwrap();
    assert!(sources_block.contains("Look What Trump And Putin Talked About Saturday"));
    assert!(sources_block.contains("28 Jan 2017"), "{sources_block}");
    for line in sentences.split("\n\n") {
        let sentence = unescape(line.rsplit_once(" \\[").unwrap().0);
        assert!(body.contains(&sentence), "verbatim: {sentence}");
        assert_eq!(description.matches(line).count(), 1, "said once: {line}");
    }
    let ids = custom_ids(&reply.body);
    let sources = ids
        .iter()
        .find(|(c, _)| c.starts_with("nd:src:"))
        .unwrap()
        .0
        .clone();
    let up = ids
        .iter()
        .find(|(c, _)| c.ends_with(":+1"))
        .unwrap()
        .0
        .clone();
    assert!(ids.iter().any(|(c, _)| c.ends_with(":-1")));

    // Show sources: an ephemeral deferred reply, then the quotes in full.
    let message = bot.fake.message_object(CHANNEL_ID, &reply.body);
    let from = bot.fake.requests().len();
    let click = bot.fake.click(&sources, None, &message);
    let deferred = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(deferred.body["type"], 5);
    assert_eq!(deferred.body["data"]["flags"], 64, "ephemeral");
    let full = bot.original(&click).await;
    assert_no_pings(&full.body);
    check_embed_limits(&full.body);
    // Each quote in bold between the sentences around it.
    let shown = embed_text(&full.body);
    assert!(
        shown.contains("> ") && shown.contains("**"),
        "{:#}",
        full.body
    );
    let bold = unescape(shown.split("**").nth(1).unwrap());
    assert!(body.contains(&bold), "the quote is verbatim: {bold}");

    // 👍 is stored with the question and the cited ids.
    let from = bot.fake.requests().len();
    let click = bot.fake.click(&up, None, &message);
    let thanks = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(thanks.body["type"], 4);
    assert_eq!(thanks.body["data"]["flags"], 64);
    assert!(
        thanks.body["data"]["content"]
            .as_str()
            .unwrap()
            .contains("Thanks")
    );
    let key = up.trim_start_matches("nd:vote:").trim_end_matches(":+1");
    let store = newsdesk::store::Store::open(&bot.ws.path().join("data/newsdesk.db")).unwrap();
    assert_eq!(store.feedback_counts(key).unwrap(), (1, 0));
    let saved = store.answer(key).unwrap().unwrap();
    assert_eq!(
        saved.question,
        "What did Trump say about sanctions on Russia?"
    );
    assert!(
        saved
            .cited_ids
            .contains(&"look-what-trump-and-putin-talked-about-saturday".to_string())
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_archive_questions_get_a_clear_no_and_pings_are_defused() {
    let bot = start(Options::default()).await;
    let (id, _) = bot
        .command(
            "ask",
            json!([{"name": "question", "type": 3, "value": "What is the capital of France?"}]),
            "0",
        )
        .await;
    let reply = bot.original(&id).await;
    assert_no_pings(&reply.body);
    let embed = &reply.body["embeds"][0];
    assert_eq!(embed["title"], "Not in the archive");
    assert_eq!(embed["color"].as_u64(), Some(0xD9_82_2B), "its own colour");

    // A question near the archive: the closest articles, offered to summarise.
    let (id, _) = bot
        .command(
            "ask",
            json!([{"name": "question", "type": 3, "value": "What did Sergei Lavrov say about the Alaska summit?"}]),
            "0",
        )
        .await;
    let reply = bot.original(&id).await;
    assert_eq!(reply.body["embeds"][0]["title"], "Not in the archive");
    let options = reply.body["components"][0]["components"][0]["options"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let first = options.first().expect("a menu of the closest articles");
    let article = first["value"].as_str().unwrap().to_string();
    let message = bot.fake.message_object(CHANNEL_ID, &reply.body);
    let from = bot.fake.requests().len();
    let click = bot.fake.click("nd:sum", Some(vec![&article]), &message);
    bot.fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    let summary = bot.original(&click).await;
    assert!(
        embed_text(&summary.body).contains("Summary: "),
        "{:#}",
        summary.body
    );
    check_embed_limits(&summary.body);

    let (id, _) = bot.command("ask", json!([{"name": "question", "type": 3, "value": "What did the moderator write in the lobby channel during the mass ping incident?"}]), "0").await;
    let reply = bot.original(&id).await;
    assert_no_pings(&reply.body);
    let text = embed_text(&reply.body);
    assert!(
        !text.contains("@everyone") && !text.contains("<@123>"),
        "mentions are escaped: {text}"
    );
    assert!(
        unescape(&text).contains("@everyone look at <@123> now"),
        "{text}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_summaries_article_and_help() {
    let bot = start(Options::default()).await;
    // Autocomplete (interaction type 4) is answered with callback type 8.
    let from = bot.fake.requests().len();
    let id = bot.fake.interaction(4, "summarize", json!([{"name": "article", "type": 1, "options": [{"name": "article", "type": 3, "value": "APE", "focused": true}]}]), "0");
    let choices = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert_eq!(choices.body["type"], 8);
    let values: Vec<&str> = choices.body["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["trump-and-putin-hit-it-off-at-apec-summit"]);

    let from = bot.fake.requests().len();
    let id = bot.fake.interaction(4, "search", json!([{"name": "query", "type": 3, "value": "x"}, {"name": "outlet", "type": 3, "value": "gaz", "focused": true}]), "0");
    let choices = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{id}/"))
        .await;
    assert_eq!(
        choices.body["data"]["choices"],
        json!([{"name": "Port Gazette", "value": "Port Gazette"}])
    );

    let (id, _) = bot.command("summarize", json!([{"name": "article", "type": 1, "options": [{"name": "article", "type": 3, "value": "look-what-trump-and-putin-talked-about-saturday"}]}]), "0").await;
    let reply = bot.original(&id).await;
    assert_no_pings(&reply.body);
    let text = embed_text(&reply.body);
    assert!(text.contains("Summary: Look What Trump And Putin Talked About Saturday"));
    assert!(text.contains("Key quotes"));
    assert!(!text.contains("logged in"), "no boilerplate: {text}");

    let (id, _) = bot.command("summarize", json!([{"name": "topic", "type": 1, "options": [{"name": "topic", "type": 3, "value": "Anchorage summit"}]}]), "0").await;
    let text = embed_text(&bot.original(&id).await.body);
    assert!(
        text.contains("Topic: Anchorage summit") && text.contains("\\[1\\]"),
        "{text}"
    );

    let (id, _) = bot
        .command(
            "article",
            json!([{"name": "article", "type": 3, "value": "what-putin-really-wants-from-trump"}]),
            "0",
        )
        .await;
    let reply = bot.original(&id).await;
    let text = embed_text(&reply.body);
    assert!(text.contains("Here’s what Putin really wants from Trump"));
    assert!(text.contains("CNN · 14 Aug 2025"), "{text}");

    let (_, help) = bot.command("help", json!([]), "0").await;
    assert_eq!(help.body["type"], 4);
    assert_eq!(help.body["data"]["flags"], 64);
    let help_text = embed_text(&help.body["data"]);
    for command in ["/ask", "/whosaid", "/timeline"] {
        assert!(
            help_text.contains(command),
            "{command} in /help: {help_text}"
        );
    }
    assert_no_pings(&help.body["data"]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_need_manage_server() {
    let bot = start(Options::default()).await;
    let (_, refused) = bot
        .command(
            "newsdesk",
            json!([{"name": "status", "type": 1, "options": []}]),
            "0",
        )
        .await;
    assert_eq!(refused.body["type"], 4);
    assert_eq!(refused.body["data"]["flags"], 64, "refusals are ephemeral");
    assert!(
        error_text(&refused.body["data"]).contains("Manage Server"),
        "{:#}",
        refused.body
    );

    let (id, deferred) = bot
        .command(
            "newsdesk",
            json!([{"name": "status", "type": 1, "options": []}]),
            MANAGE_GUILD,
        )
        .await;
    assert_eq!(deferred.body["type"], 5);
    assert_eq!(deferred.body["data"]["flags"], 64);
    let status = bot.original(&id).await;
    let text = embed_text(&status.body);
    assert!(text.contains("Articles\n14"), "{text}");
    assert!(text.contains(env!("CARGO_PKG_VERSION")));

    bot.ws.write(
        "late.md",
        "Late story\nThe lighthouse reopened today after repairs.",
    );
    let (id, _) = bot
        .command(
            "newsdesk",
            json!([{"name": "reindex", "type": 1, "options": []}]),
            MANAGE_GUILD,
        )
        .await;
    let done = bot.original(&id).await;
    assert!(
        done.body["content"].as_str().unwrap().contains("1 added"),
        "{:#}",
        done.body
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_rate_limits_get_short_ephemeral_replies() {
    let bot = start(Options {
        rate_limit: 2,
        ..Options::default()
    })
    .await;
    for (name, options, needle) in [
        (
            "search",
            json!([{"name": "query", "type": 3, "value": "🙂🙃"}]),
            "no searchable words",
        ),
        (
            "search",
            json!([{"name": "query", "type": 3, "value": "Putin"}, {"name": "since", "type": 3, "value": "last week"}]),
            "since",
        ),
        (
            "ask",
            json!([{"name": "question", "type": 3, "value": "   "}]),
            "empty",
        ),
        (
            "search",
            json!([{"name": "query", "type": 3, "value": "Putin"}, {"name": "since", "type": 3, "value": "2025-01-01"}, {"name": "until", "type": 3, "value": "2017-01-01"}]),
            "`since` (2025-01-01) is after `until` (2017-01-01)",
        ),
    ] {
        let (_, reply) = bot.command(name, options, "0").await;
        assert_eq!(reply.body["type"], 4, "answered at once");
        assert_eq!(reply.body["data"]["flags"], 64, "ephemeral");
        let content = error_text(&reply.body["data"]);
        assert!(content.contains(needle), "{content}");
        assert!(!content.contains("--"), "no command-line flags: {content}");
        assert_no_pings(&reply.body["data"]);
    }
    let ask = json!([{"name": "question", "type": 3, "value": "Who is Jared Kushner?"}]);
    for _ in 0..2 {
        let (_, reply) = bot.command("ask", ask.clone(), "0").await;
        assert_eq!(reply.body["type"], 5);
    }
    let (_, limited) = bot.command("ask", ask, "0").await;
    assert_eq!(limited.body["type"], 4);
    assert_eq!(limited.body["data"]["flags"], 64);
    assert!(
        limited.body["data"]["content"]
            .as_str()
            .unwrap()
            .starts_with("Slow down")
    );

    // A click the bot does not know is answered, not ignored.
    let message = bot
        .fake
        .message_object(CHANNEL_ID, &json!({"content": "old"}));
    let from = bot.fake.requests().len();
    let click = bot.fake.click("legacy:button", None, &message);
    let reply = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(reply.body["data"]["flags"], 64);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_question_leads_with_its_answer_and_one_page_has_no_pager() {
    let bot = start(Options::default()).await;
    let question = "What did Putin say about Trump at APEC?";
    let (id, _) = bot
        .command(
            "ask",
            json!([{"name": "question", "type": 3, "value": question}]),
            "0",
        )
        .await;
    let reply = bot.original(&id).await;
    check_embed_limits(&reply.body);
    let description = unescape(reply.body["embeds"][0]["description"].as_str().unwrap());
    let first = description.split("\n\n").next().unwrap();
    assert!(
        first.contains("the Russian president described Trump as \"well-mannered"),
        "{description}"
    );
    // One source line for the one article the sentences come from.
    assert_eq!(description.matches("[1] ").count(), 1, "{description}");

    // Five results fit one page: no paging buttons, only the summarise menu.
    let (id, _) = bot
        .command(
            "search",
            json!([{"name": "query", "type": 3, "value": "Putin"}]),
            "0",
        )
        .await;
    let page = bot.original(&id).await;
    check_embed_limits(&page.body);
    let ids = custom_ids(&page.body);
    assert_eq!(ids, [("nd:sum".to_string(), false)], "{:#}", page.body);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_is_answered_in_a_thread_and_follow_ups_use_its_context() {
    let bot = start(Options {
        answer_channels: vec!["900000000000000077"],
        ..Options::default()
    })
    .await;
    let intents = bot.fake.identifies()[0]["intents"].as_u64().unwrap();
    assert_ne!(
        intents & (1 << 15),
        0,
        "answer channels need MESSAGE_CONTENT"
    );

    let from = bot.fake.requests().len();
    let msg = bot.fake.message(
        CHANNEL_ID,
        &format!("<@{BOT_ID}> What did Trump say about **sanctions** on Russia? @everyone"),
        true,
    );
    let thread = bot
        .fake
        .wait_request(
            from,
            "POST",
            &format!("/channels/{CHANNEL_ID}/messages/{msg}/threads"),
        )
        .await;
    // Named after the question, without its mention or markup.
    assert_eq!(
        thread.body["name"],
        "What did Trump say about sanctions on Russia?"
    );
    let posted = bot
        .fake
        .wait_until("the answer in the thread", Duration::from_secs(15), |f| {
            f.requests().into_iter().skip(from).find(|r| {
                r.method == "POST" && r.path.ends_with("/messages") && !r.path.contains(CHANNEL_ID)
            })
        })
        .await;
    let _ = thread;
    assert_no_pings(&posted.body);
    check_embed_limits(&posted.body);
    assert!(embed_text(&posted.body).contains("sanctions"));
    let thread_id = posted.path.split('/').nth(4).unwrap().to_string();

    // A follow-up in the thread: answered there, no new thread, with context.
    let from = bot.fake.requests().len();
    bot.fake.message(&thread_id, "And Syria?", false);
    let follow = bot
        .fake
        .wait_request(from, "POST", &format!("/channels/{thread_id}/messages"))
        .await;
    assert_no_pings(&follow.body);
    // "And Syria?" alone is not answerable; read with the thread's question it is.
    assert!(
        unescape(&embed_text(&follow.body)).contains("sanctions"),
        "{:#}",
        follow.body
    );
    assert!(
        !bot.fake
            .requests()
            .iter()
            .skip(from)
            .any(|r| r.path.ends_with("/threads"))
    );

    // In an answer channel, a question without a mention is answered too; chatter is not.
    let from = bot.fake.requests().len();
    bot.fake
        .message("900000000000000077", "Good morning everyone", false);
    let q = bot
        .fake
        .message("900000000000000077", "Who is Jared Kushner?", false);
    bot.fake
        .wait_request(from, "POST", &format!("/messages/{q}/threads"))
        .await;
    assert_eq!(
        bot.fake
            .requests()
            .iter()
            .skip(from)
            .filter(|r| r.path.ends_with("/threads"))
            .count(),
        1
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_heartbeat_ack_makes_the_bot_reconnect_and_keep_serving() {
    let bot = start(Options {
        heartbeat_ms: 700,
        ..Options::default()
    })
    .await;
    bot.fake.set_ack_heartbeats(false);
    bot.fake
        .wait_until("a reconnect", Duration::from_secs(20), |f| {
            (f.connections() >= 2 && (f.resumes() + f.identifies().len()) >= 2).then_some(())
        })
        .await;
    bot.fake.set_ack_heartbeats(true);
    let (id, callback) = bot
        .command(
            "ask",
            json!([{"name": "question", "type": 3, "value": "Who is Jared Kushner?"}]),
            "0",
        )
        .await;
    assert_eq!(callback.body["type"], 5);
    assert!(embed_text(&bot.original(&id).await.body).contains("Kushner"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_internal_failure_reaches_the_user_as_an_ephemeral_reference() {
    let bot = start(Options::default()).await;
    // Break the state database under the running bot: saving a search now fails.
    let db = break_saved_searches(&bot.ws.path().join("data/newsdesk.db"));
    assert!(db, "could not break the database");
    let (id, deferred) = bot
        .command(
            "search",
            json!([{"name": "query", "type": 3, "value": "Putin"}]),
            "0",
        )
        .await;
    assert_eq!(deferred.body["type"], 5);
    // The public "thinking…" reply is removed, and the user gets an ephemeral note
    // with a reference to the log.
    bot.fake
        .wait_request(
            0,
            "DELETE",
            &format!("/webhooks/{APP_ID}/token-{id}/messages/@original"),
        )
        .await;
    let note = bot
        .fake
        .wait_request(0, "POST", &format!("/webhooks/{APP_ID}/token-{id}"))
        .await;
    assert_eq!(note.body["flags"], 64, "{:#}", note.body);
    let content = error_text(&note.body);
    assert!(
        content.starts_with("Something went wrong (reference ") && content.len() < 120,
        "{content}"
    );
    assert_no_pings(&note.body);
    // The bot keeps serving.
    let (id, _) = bot
        .command(
            "ask",
            json!([{"name": "question", "type": 3, "value": "Who is Jared Kushner?"}]),
            "0",
        )
        .await;
    assert!(embed_text(&bot.original(&id).await.body).contains("Kushner"));
    bot.stop().await;
}

/// Drops the table saved searches live in, through a second SQLite connection.
fn break_saved_searches(db: &std::path::Path) -> bool {
    newsdesk::store::Store::open(db).is_ok_and(|_| {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("DROP TABLE searches;").is_ok()
    })
}

/// Searches until `query` finds `id`, or fails after `within`.
async fn searched_until_found(bot: &Bot, query: &str, id_part: &str, within: Duration) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let (id, _) = bot
            .command(
                "search",
                json!([{"name": "query", "type": 3, "value": query}]),
                "0",
            )
            .await;
        let text = embed_text(&bot.original(&id).await.body);
        if text.contains(id_part) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{query:?} never found {id_part:?}: {text}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_landing_in_the_corpus_are_searchable_within_seconds() {
    let bot = start(Options {
        extra: "[ingest]\nwatch = true\nrescan_seconds = 0",
        ..Options::default()
    })
    .await;
    // Give the watcher a moment to start, then drop a new article in.
    tokio::time::sleep(Duration::from_millis(300)).await;
    bot.ws.write("wire/late-breaking.md", "+++\ntitle = \"Volcano erupts near the harbour\"\noutlet = \"Port Gazette\"\n+++\nA volcano erupted overnight near the harbour; ferries were halted.");
    searched_until_found(
        &bot,
        "volcano",
        "Volcano erupts near the harbour",
        Duration::from_secs(10),
    )
    .await;
    // A removed file disappears the same way.
    std::fs::remove_file(bot.ws.corpus().join("wire/late-breaking.md")).unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let (id, _) = bot
            .command(
                "search",
                json!([{"name": "query", "type": 3, "value": "volcano"}]),
                "0",
            )
            .await;
        let reply = bot.original(&id).await;
        if reply.body["content"]
            .as_str()
            .unwrap_or("")
            .starts_with("No articles match")
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the removed article is still found"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_periodic_rescan_picks_up_what_no_watcher_reported() {
    let bot = start(Options {
        extra: "[ingest]\nwatch = false\nrescan_seconds = 1",
        ..Options::default()
    })
    .await;
    bot.ws.write(
        "quiet-arrival.md",
        "Glacier retreat measured\nThe glacier retreated forty metres this year, surveyors said.",
    );
    searched_until_found(
        &bot,
        "glacier surveyors",
        "Glacier retreat measured",
        Duration::from_secs(10),
    )
    .await;
    bot.stop().await;
}

/// A plain HTTP/1.1 GET on loopback: (status, body).
async fn http_get(addr: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Waits until something listens on `addr`, failing the test after `deadline`.
async fn wait_for_listener(addr: &str, deadline: tokio::time::Instant) {
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "listener never came up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An address on 127.0.0.1 that nothing listens on (for `http.listen`).
fn free_local_addr() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_are_served_over_http() {
    let addr = free_local_addr();
    let extra: &'static str = Box::leak(
        format!("[ingest]\nwatch = false\nrescan_seconds = 0\n[http]\nlisten = \"{addr}\"")
            .into_boxed_str(),
    );
    let bot = start(Options {
        extra,
        rate_limit: 1,
        ..Options::default()
    })
    .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    wait_for_listener(&addr, deadline).await;
    // Healthy once the gateway session is up (READY handled).
    let mut health = http_get(&addr, "/healthz").await;
    while health.0 != 200 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        health = http_get(&addr, "/healthz").await;
    }
    assert_eq!(health.0, 200, "{}", health.1);
    let h: Value = serde_json::from_str(&health.1).unwrap();
    assert_eq!(
        (
            h["healthy"].as_bool(),
            h["gateway_connected"].as_bool(),
            h["index_readable"].as_bool()
        ),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(h["articles"], 14);
    assert!(h["last_ingest"].is_string());

    let (id, _) = bot
        .command(
            "search",
            json!([{"name": "query", "type": 3, "value": "Putin"}]),
            "0",
        )
        .await;
    bot.original(&id).await;
    let ask = json!([{"name": "question", "type": 3, "value": "Who is Jared Kushner?"}]);
    let (id, _) = bot.command("ask", ask.clone(), "0").await;
    bot.original(&id).await;
    let (_, limited) = bot.command("ask", ask, "0").await;
    assert_eq!(limited.body["type"], 4);
    // post_command runs after the reply: give it a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, metrics) = http_get(&addr, "/metrics").await;
    assert_eq!(status, 200);
    for needle in [
        "newsdesk_commands_total{command=\"search\",outcome=\"ok\"} 1",
        "newsdesk_commands_total{command=\"ask\",outcome=\"ok\"} 2",
        "newsdesk_command_seconds_bucket{",
        "newsdesk_articles 14",
        "newsdesk_rate_limited_total 1",
        "newsdesk_digest_posts_total 0",
    ] {
        assert!(metrics.contains(needle), "{needle} not in:\n{metrics}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_are_polled_while_serving_and_their_items_are_searchable() {
    let server = feed_server::FeedServer::start().await;
    let feeds_dir = tempfile::tempdir().unwrap();
    let addr = free_local_addr();
    let (wire, broken) = (server.url("/wire.xml"), server.url("/malformed.xml"));
    let extra: &'static str = Box::leak(
        format!(
            "[ingest]\nwatch = false\nrescan_seconds = 0\nfeeds_dir = {:?}\nfeed_timeout_seconds = 2\n\
             [http]\nlisten = \"{addr}\"\n\
             [[feeds]]\nurl = {wire:?}\noutlet = \"Harbour Wire\"\n\
             [[feeds]]\nurl = {broken:?}\noutlet = \"Broken Times\"\n",
            feeds_dir.path().display().to_string()
        )
        .into_boxed_str(),
    );
    let bot = start(Options {
        extra,
        ..Options::default()
    })
    .await;
    // No file watcher and no rescan: the poller indexes what it archives itself.
    searched_until_found(
        &bot,
        "harbour dredging budget",
        "Council approves harbour dredging budget",
        Duration::from_secs(10),
    )
    .await;
    let errors = format!("newsdesk_feed_errors_total{{feed=\"{broken}\"}} 1");
    let items = format!("newsdesk_feed_items_total{{feed=\"{wire}\"}} 2");
    let (_, metrics) = http_get(&addr, "/metrics").await;
    for needle in [&errors, &items] {
        assert!(
            metrics.contains(needle.as_str()),
            "{needle} not in:\n{metrics}"
        );
    }
    // The broken feed is backed off, not retried in a loop.
    assert_eq!(server.seen.requests("/malformed.xml"), 1);
    bot.stop().await;
}

/// A Discord API (or a proxy in front of it) that echoes the Authorization header
/// into its error: the real binary's log and error message never show the token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_never_reaches_the_log_even_when_the_api_echoes_it() {
    let fake = FakeDiscord::start(45_000).await;
    fake.echo_authorization();
    let ws = Workspace::shipped();
    ws.write_config(&format!("[discord]\napi_base = {:?}\n", fake.base_url()));
    let token = "MTA5OTk5.echoed-secret-token.abcdefXYZ";
    let mut cmd = ws.command(&["-v", "serve"]);
    cmd.env("DISCORD_TOKEN", token);
    let out = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::task::spawn_blocking(move || cmd.output().expect("run newsdesk serve")),
    )
    .await
    .expect("serve gives up on a refused token")
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let authorization = fake
        .requests()
        .into_iter()
        .find_map(|r| r.authorization)
        .expect("the bot called the API");
    assert!(authorization.contains(token), "the token was sent");
    assert!(!stderr.contains(token), "the token was printed: {stderr}");
    assert!(stderr.contains("[redacted]"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "no colour codes when stderr is not a terminal: {stderr:?}"
    );
}

/// `serve --without-discord`: the server keeps the archive current and observable
/// with no token and no gateway, ingests a file that lands in the corpus, and stops
/// cleanly (exit 0) on SIGTERM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_runs_without_discord_and_stops_on_sigterm() {
    let addr = free_local_addr();
    let ws = Workspace::shipped();
    ws.write_config(&format!(
        "[ingest]\nwatch = false\nrescan_seconds = 1\n[http]\nlisten = \"{addr}\"\n"
    ));
    let mut child = ws
        .command(&["serve", "--without-discord"])
        .env_remove("DISCORD_TOKEN")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start serve");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    wait_for_listener(&addr, deadline).await;
    let (status, body) = http_get(&addr, "/healthz").await;
    assert_eq!(status, 200, "healthy without a gateway: {body}");
    let h: Value = serde_json::from_str(&body).unwrap();
    assert!(h["gateway_connected"].is_null(), "{h}");
    assert_eq!(h["articles"], 5);

    ws.write(
        "landed.md",
        "+++\ntitle = \"Harbour reopens\"\n+++\nThe harbour reopened on Monday after repairs.\n",
    );
    let mut articles = 5;
    while articles != 6 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (_, body) = http_get(&addr, "/healthz").await;
        articles = serde_json::from_str::<Value>(&body).unwrap()["articles"]
            .as_u64()
            .unwrap();
    }
    assert_eq!(articles, 6, "the periodic rescan ingested the new file");

    // SAFETY: kill(2) with a pid this test spawned and a valid signal number.
    let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(sent, 0);
    let out = tokio::task::spawn_blocking(move || {
        let status = child.wait().expect("wait for serve");
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        (status, stderr)
    });
    let (status, stderr) = tokio::time::timeout(Duration::from_secs(30), out)
        .await
        .expect("serve stops after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}: {stderr}");
}

/// A shutdown while the gateway is still connecting (serenity has no shard to close
/// yet) still stops the server, within its grace period, instead of hanging.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_while_the_gateway_connects_still_stops_the_server() {
    let fake = FakeDiscord::start(45_000).await;
    fake.stall_gateway();
    let ws = Workspace::shipped();
    let config = fake_discord::bot_config(&ws.corpus(), ws.path(), &fake.base_url(), "");
    let store = newsdesk::store::Store::open(&config.store.path).unwrap();
    let engine = Engine::open(config).unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(fake_discord::run_bot(engine, store, rx));
    fake.wait_request(0, "GET", "/gateway").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    tx.send(()).unwrap();
    let stopped = tokio::time::timeout(Duration::from_secs(40), task).await;
    let result = stopped.expect("the server stopped").unwrap();
    assert!(result.is_ok(), "{:?}", result.err().map(|e| e.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whosaid_and_timeline_reply_with_cited_pages() {
    let bot = start(Options::default()).await;

    // /whosaid: the first report, its speaker, the quote in bold in its sentence.
    let (id, callback) = bot
        .command(
            "whosaid",
            json!([{"name": "quote", "type": 3, "value": "“comfortable to deal with”"}]),
            "0",
        )
        .await;
    assert_eq!(callback.body["type"], 5, "deferred first");
    let reply = bot.original(&id).await;
    assert_no_pings(&reply.body);
    check_embed_limits(&reply.body);
    assert_eq!(reply.body["embeds"][0]["color"].as_u64(), Some(0xC2_7C_0E));
    let text = unescape(&embed_text(&reply.body));
    assert!(
        text.contains("Who said “comfortable to deal with”"),
        "{text}"
    );
    assert!(text.contains("Speaker: Vladimir Putin"), "{text}");
    assert!(text.contains("*first report*"), "{text}");
    assert!(text.contains("**comfortable to deal with**"), "{text}");
    assert!(text.contains("11 Nov 2017"), "{text}");
    assert!(custom_ids(&reply.body).is_empty(), "one page, no pager");

    // A quote nobody carries: said plainly, in the not-found colour.
    let (id, _) = bot
        .command(
            "whosaid",
            json!([{"name": "quote", "type": 3, "value": "a bridge to the moon by Friday"}]),
            "0",
        )
        .await;
    let reply = bot.original(&id).await;
    assert_eq!(reply.body["embeds"][0]["color"].as_u64(), Some(0xD9_82_2B));
    assert!(embed_text(&reply.body).contains("No article in the archive carries"));

    // /timeline: dated events in order, pages of six with a working pager.
    let (id, _) = bot
        .command(
            "timeline",
            json!([{"name": "topic", "type": 3, "value": "Trump Putin meetings"}]),
            "0",
        )
        .await;
    let page1 = bot.original(&id).await;
    assert_no_pings(&page1.body);
    check_embed_limits(&page1.body);
    let text = unescape(&embed_text(&page1.body));
    assert!(text.contains("Timeline: Trump Putin meetings"), "{text}");
    let kerry = text.find("**2015** · *from the text*").expect("2015 first");
    let apec = text
        .find("**11 Nov 2017** · *publication date*")
        .expect("APEC");
    assert!(kerry < apec, "in date order: {text}");
    assert!(text.contains("John Kerry in 2015"), "{text}");
    let ids = custom_ids(&page1.body);
    let next = ids
        .iter()
        .find(|(c, _)| c.starts_with("nd:tl:") && c.ends_with(":1"))
        .unwrap_or_else(|| panic!("a next page: {:#}", page1.body));
    assert!(!next.1);
    let message = bot.fake.message_object(CHANNEL_ID, &page1.body);
    let from = bot.fake.requests().len();
    let click = bot.fake.click(&next.0, None, &message);
    let ack = bot
        .fake
        .wait_request(from, "POST", &format!("/interactions/{click}/"))
        .await;
    assert_eq!(ack.body["type"], 6);
    let page2 = bot.original(&click).await;
    let text2 = unescape(&embed_text(&page2.body));
    assert!(text2.contains("page 2 of 2"), "{text2}");
    assert!(
        text2.contains("Anchorage"),
        "the story ends in Anchorage: {text2}"
    );

    // Dates the wrong way round are the user's mistake, said at once.
    let (_, callback) = bot
        .command(
            "timeline",
            json!([
                {"name": "topic", "type": 3, "value": "Putin"},
                {"name": "since", "type": 3, "value": "2020-01-01"},
                {"name": "until", "type": 3, "value": "2019-01-01"}
            ]),
            "0",
        )
        .await;
    assert_eq!(callback.body["data"]["flags"], 64, "ephemeral");
    assert!(error_text(&callback.body["data"]).contains("2020-01-01"));
    bot.stop().await;
}
