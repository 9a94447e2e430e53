//! Snapshot tests (insta): every reply kind on the shipped corpus, as Discord shows
//! it (the rendered message: embeds with their colour, fields, buttons, menus) and as
//! the terminal prints it. A change to how replies read shows up here as a diff to
//! review (`cargo insta review`, or compare `tests/snapshots/*.snap.new`).

mod common;

use newsdesk::engine::SearchRequest;
use newsdesk::render::discord::{self as discord, Message};
use newsdesk::render::terminal::{self, Style};

/// A Discord message as a reader would go through it, one part per line.
fn dump(messages: &[Message]) -> String {
    let mut out = String::new();
    for (i, m) in messages.iter().enumerate() {
        if messages.len() > 1 {
            out.push_str(&format!("=== message {}\n", i + 1));
        }
        if !m.content.is_empty() {
            out.push_str(&format!("content: {}\n", m.content));
        }
        for e in &m.embeds {
            out.push_str("--- embed");
            if let Some(c) = e.colour {
                out.push_str(&format!(" #{c:06x}"));
            }
            out.push('\n');
            if let Some(t) = &e.title {
                out.push_str(&format!("title: {t}\n"));
            }
            if let Some(u) = &e.url {
                out.push_str(&format!("url: {u}\n"));
            }
            if !e.description.is_empty() {
                out.push_str(&format!("{}\n", e.description));
            }
            for f in &e.fields {
                let inline = if f.inline { " (inline)" } else { "" };
                out.push_str(&format!("[field{inline}] {}\n{}\n", f.name, f.value));
            }
            if let Some(f) = &e.footer {
                out.push_str(&format!("footer: {f}\n"));
            }
        }
        for b in &m.buttons {
            let off = if b.disabled { " (disabled)" } else { "" };
            out.push_str(&format!("[button{off}] {} → {}\n", b.label, b.custom_id));
        }
        if let Some(s) = &m.select {
            out.push_str(&format!("[menu] {} → {}\n", s.placeholder, s.custom_id));
            for o in &s.options {
                let d = o.description.as_deref().unwrap_or("");
                out.push_str(&format!("  - {} ({}) {d}\n", o.label, o.value));
            }
        }
    }
    out
}

#[test]
fn every_reply_kind_reads_as_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let engine = common::shipped_engine(dir.path(), "");
    let plain = Style::plain();

    // An answer, and "Show sources" with each quote in its context.
    let question = "What did Putin say about Trump at APEC?";
    let answer = engine.ask(question).unwrap();
    insta::assert_snapshot!(
        "ask_discord",
        dump(&[discord::answer(&answer, question, Some("k"))])
    );
    insta::assert_snapshot!("ask_terminal", terminal::answer(&answer, &plain));
    let context = |id: &str, start, end| engine.in_context(id, start, end).ok().flatten();
    insta::assert_snapshot!(
        "ask_sources_discord",
        dump(&discord::sources(&answer, &context))
    );

    // Not in the archive: far from it, and near it (with the closest articles).
    for (name, question) in [
        ("unrelated", "What is the capital of France?"),
        (
            "near_miss",
            "What did Sergei Lavrov say about the Alaska summit?",
        ),
    ] {
        let answer = engine.ask(question).unwrap();
        assert!(!answer.found);
        insta::assert_snapshot!(
            format!("not_found_{name}_discord"),
            dump(&[discord::answer(&answer, question, Some("k"))])
        );
        insta::assert_snapshot!(
            format!("not_found_{name}_terminal"),
            terminal::answer(&answer, &plain)
        );
    }

    // Search: one page.
    let results = engine
        .search(&SearchRequest {
            query: "Putin summit".into(),
            outlet: None,
            since: None,
            until: None,
            limit: Some(6),
        })
        .unwrap();
    insta::assert_snapshot!(
        "search_discord",
        dump(&[discord::search_page(&results, "k", 0)])
    );
    insta::assert_snapshot!("search_terminal", terminal::search(&results, &plain));

    // Summaries: an article, a topic.
    let id = "look-what-trump-and-putin-talked-about-saturday";
    let summary = engine.summarize_article(id).unwrap();
    insta::assert_snapshot!(
        "summary_article_discord",
        dump(&[discord::summary(
            &summary,
            "Summary: Look What Trump And Putin Talked About Saturday",
            None
        )])
    );
    insta::assert_snapshot!(
        "summary_article_terminal",
        terminal::answer(&summary, &plain)
    );
    let topic = engine.summarize_topic("Anchorage summit").unwrap();
    insta::assert_snapshot!(
        "summary_topic_discord",
        dump(&[discord::summary(&topic, "Topic: Anchorage summit", None)])
    );

    // One article.
    let view = engine
        .show("trump-and-putin-hit-it-off-at-apec-summit")
        .unwrap();
    let lead = engine.lead(&view.id, 3).unwrap();
    insta::assert_snapshot!("article_discord", dump(&[discord::article(&view, &lead)]));

    // A digest of August 2025 (the two Anchorage previews are one story).
    let since: jiff::Timestamp = "2025-08-01T00:00:00Z".parse().unwrap();
    let until: jiff::Timestamp = "2025-09-01T00:00:00Z".parse().unwrap();
    let digest = engine.digest(since, until, 10).unwrap();
    insta::assert_snapshot!(
        "digest_discord",
        dump(&discord::digest(&digest, "Daily digest, 2025-09-01", 0))
    );
    insta::assert_snapshot!("digest_terminal", terminal::digest(&digest, &plain));

    // Where a quote comes from, and a story's timeline (two pages on Discord).
    let report = engine.whosaid("“comfortable to deal with”").unwrap();
    insta::assert_snapshot!(
        "whosaid_discord",
        dump(&[discord::story::whosaid_page(&report, "k", 0)])
    );
    insta::assert_snapshot!("whosaid_terminal", terminal::whosaid(&report, &plain));
    let altered = engine
        .whosaid("well-mannered and easy to deal with")
        .unwrap();
    insta::assert_snapshot!(
        "whosaid_altered_terminal",
        terminal::whosaid(&altered, &plain)
    );
    let timeline = engine.timeline("Trump Putin meetings", None, None).unwrap();
    insta::assert_snapshot!(
        "timeline_discord",
        dump(&[
            discord::story::timeline_page(&timeline, "k", 0),
            discord::story::timeline_page(&timeline, "k", 1)
        ])
    );
    insta::assert_snapshot!("timeline_terminal", terminal::timeline(&timeline, &plain));

    insta::assert_snapshot!("help_discord", dump(&[discord::help()]));
}
