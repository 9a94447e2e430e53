//! `search` and `show` on the shipped corpus: the JSON contract, filters, and
//! hostile input.

mod common;

use common::{Workspace, assert_no_panic};
use serde_json::Value;

#[test]
fn search_json_follows_the_contract() {
    let ws = Workspace::shipped();
    let r = ws.json(&["search", "Putin", "APEC"]);
    assert_eq!(r["query"], "Putin APEC");
    assert!(r["total"].as_u64().unwrap() >= 1);
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits[0]["id"], "trump-and-putin-hit-it-off-at-apec-summit");
    for (i, h) in hits.iter().enumerate() {
        assert_eq!(h["rank"].as_u64(), Some(i as u64 + 1));
        for key in [
            "id",
            "title",
            "outlet",
            "published",
            "url",
            "score",
            "excerpt",
        ] {
            assert!(h.get(key).is_some(), "hit lacks {key}");
        }
        let body = ws.body(h["id"].as_str().unwrap());
        let e = &h["excerpt"];
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &body[start..end],
            e["text"].as_str().unwrap(),
            "excerpt is not body[start..end]"
        );
        for hl in e["highlights"].as_array().unwrap() {
            let (a, b) = (
                hl[0].as_u64().unwrap() as usize,
                hl[1].as_u64().unwrap() as usize,
            );
            assert!(
                start <= a && a < b && b <= end,
                "highlight outside the excerpt"
            );
            let word = body[a..b].to_lowercase();
            assert!(word == "putin" || word == "apec", "highlighted {word:?}");
        }
    }
    assert!(
        !hits[0]["excerpt"]["highlights"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn phrases_filters_and_limits() {
    let ws = Workspace::shipped();
    let r = ws.json(&["search", "\"feel-out meeting\""]);
    let ids: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["trump-putin-past-relationship-anchorage-summit"]);

    let r = ws.json(&["search", "Putin", "--outlet", "cnn"]);
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["outlet"], "CNN");

    let r = ws.json(&["search", "Putin", "--since", "2025-01-01"]);
    assert_eq!(r["hits"].as_array().unwrap().len(), 2);
    let r = ws.json(&["search", "Putin", "--until", "2017-07-18"]);
    let dates: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["published"].as_str().unwrap())
        .collect();
    assert_eq!(dates.len(), 2, "{dates:?}");
    assert!(dates.iter().all(|d| *d <= "2017-07-18"));
    let r = ws.json(&[
        "search",
        "Putin",
        "--since",
        "2017-11-11",
        "--until",
        "2017-11-11",
    ]);
    assert_eq!(
        r["hits"][0]["id"],
        "trump-and-putin-hit-it-off-at-apec-summit"
    );

    let r = ws.json(&["search", "Putin", "--limit", "2"]);
    assert_eq!(r["hits"].as_array().unwrap().len(), 2);
    assert_eq!(r["total"].as_u64(), Some(5));
}

#[test]
fn titles_weigh_more_than_bodies() {
    let ws = Workspace::shipped();
    let r = ws.json(&["search", "Anchorage"]);
    assert_eq!(
        r["hits"][0]["id"],
        "trump-putin-past-relationship-anchorage-summit"
    );
}

#[test]
fn hostile_queries_never_crash() {
    let ws = Workspace::shipped();
    let long = "Putin ".repeat(2000);
    let huge: String = "x".repeat(10_000);
    let queries: Vec<&str> = vec![
        "title:(",
        "AND",
        "OR NOT AND",
        "\"unbalanced",
        "\"\"",
        "\"",
        "🙂🙃🔥",
        "",
        "   ",
        "body:[a TO z]",
        "((((",
        "*",
        "?",
        "~2",
        "^3",
        "\\",
        "Putin~",
        "Trump^100",
        "'; DROP TABLE articles; --",
        "<script>alert(1)</script>",
        "@everyone <@123>",
        "مرحبا بالعالم",
        "Путин",
        "\u{202e}reversed",
        "a\u{1}b\u{7f}",
        "-",
        "--",
        "+Putin -Trump",
        "title:Putin AND body:APEC",
        "\"Putin\" \"",
        "NaN",
        "1e308",
        &long,
        &huge,
    ];
    for q in &queries {
        for cmd in [
            &["search", "--", q][..],
            &["ask", "--", q],
            &["summarize", "--query", q],
        ] {
            let mut args = cmd.to_vec();
            args.insert(1, "--json");
            let out = ws.run(&args);
            assert_no_panic(&out);
            match out.status.code() {
                Some(0) => {
                    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on success");
                    if cmd[0] != "search" {
                        common::assert_verbatim(&ws, &v);
                    }
                }
                Some(2) => {
                    let err = String::from_utf8_lossy(&out.stderr);
                    assert!(
                        err.starts_with("error: ") && err.len() < 400,
                        "unhelpful: {err}"
                    );
                    assert!(
                        !err.contains("Syntax") && !err.contains("QueryParser"),
                        "parser leak: {err}"
                    );
                }
                other => panic!(
                    "{cmd:?} {q:?}: exit {other:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                ),
            }
        }
    }
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let ws = Workspace::shipped();
    // Each exits 2 with a message, core errors worded in the command line's terms.
    let cases: &[(&[&str], &str)] = &[
        (
            &["search", "Putin", "--since", "yesterday-ish"],
            "yesterday-ish",
        ),
        (
            &[
                "search",
                "Putin",
                "--since",
                "2025-01-01",
                "--until",
                "2017-01-01",
            ],
            "--since 2025-01-01 is after --until 2017-01-01",
        ),
        (&["search", "Putin", "--limit", "0"], "--limit"),
        (
            &["search", "Putin", "--limit", "1000"],
            "--limit must be between 1 and 100",
        ),
        (&["search"], "QUERY"),
        (&["summarize"], "summarize"),
        (
            &["search", "Putin", "--config", "missing.toml"],
            "missing.toml",
        ),
        (
            &["show", "no-such-article"],
            "(try `newsdesk search` to find ids)",
        ),
    ];
    for (args, says) in cases {
        let out = ws.run(args);
        assert_no_panic(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    ws.write_config("[search]\nlimit = 5\n");
    let out = ws.run(&["search", "Putin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field"));
}

#[test]
fn show_prints_metadata_and_the_exact_body() {
    let ws = Workspace::shipped();
    let a = ws.json(&["show", "what-putin-really-wants-from-trump"]);
    assert_eq!(a["outlet"], "CNN");
    assert_eq!(a["published"], "2025-08-14");
    assert!(a["url"].is_null(), "no URL is invented");
    let file =
        std::fs::read_to_string(ws.corpus().join("what-putin-really-wants-from-trump.md")).unwrap();
    let body = a["body"].as_str().unwrap();
    assert!(file.ends_with(body) && body.starts_with("CNN: Here’s what Putin"));
}

#[test]
fn serve_fails_at_once_without_a_token_or_with_bad_shards() {
    let ws = Workspace::shipped();
    let out = ws
        .command(&["serve"])
        .env_remove("DISCORD_TOKEN")
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DISCORD_TOKEN is not set"));
    for args in [
        &["serve", "--shards", "3..1", "--total-shards", "4"][..],
        &["serve", "--shards", "0..8", "--total-shards", "4"],
        &["serve", "--shards", "0..2"],
    ] {
        let out = ws
            .command(args)
            .env("DISCORD_TOKEN", "x.y.z")
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn dot_env_is_read_before_the_arguments() {
    let ws = Workspace::shipped();
    // NEWSDESK_CONFIG set in .env names the config file the arguments default to.
    std::fs::write(ws.path().join(".env"), "NEWSDESK_CONFIG=elsewhere.toml\n").unwrap();
    let out = ws.run(&["check"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("elsewhere.toml"), "{err}");
}

#[test]
fn article_text_cannot_drive_the_terminal_but_json_keeps_its_bytes() {
    let ws = Workspace::shipped();
    let hostile = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07";
    ws.write(
        "hostile.md",
        // TOML spells the control characters of the title as escapes.
        format!("+++\ntitle = \"Harbour \\u001b]0;pwned\\u0007 strike\"\n+++\nThe harbour strike {hostile} entered its third week."),
    );
    for args in [
        &["search", "harbour strike"][..],
        &["ask", "How long has the harbour strike lasted?"][..],
        &["summarize", "hostile"][..],
    ] {
        let out = ws.run(args);
        assert_no_panic(&out);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\x1b') && !text.contains('\x07'),
            "{args:?}: {text:?}"
        );
    }
    let out = ws.run(&["search", "harbour strike"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{241b}]0;pwned"));
    let json = ws.json(&["search", "harbour strike"]);
    assert!(
        json.to_string().contains("\\u001b]0;pwned\\u0007"),
        "{json}"
    );
}
