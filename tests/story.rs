//! `whosaid` and `timeline` through the real binary: on the shipped corpus (the
//! issue's examples), and on a corpus where one quote is repeated, altered and
//! re-dated across outlets.

mod common;

use common::{Workspace, assert_no_panic};
use serde_json::Value;

/// `text` of `item` is exactly `body[start..end]` of its article.
fn assert_span(ws: &Workspace, item: &Value) {
    let id = item["id"].as_str().expect("id");
    let body = ws.body(id);
    let (start, end) = (
        item["start"].as_u64().unwrap() as usize,
        item["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        body.get(start..end),
        item["text"].as_str(),
        "{id}: text is not body[{start}..{end}]"
    );
}

#[test]
fn whosaid_finds_the_first_report_and_its_speaker_on_the_shipped_corpus() {
    let ws = Workspace::shipped();
    for quote in [
        "comfortable to deal with",
        "\"comfortable to deal with\"",
        "“Comfortable  to deal\nwith”",
    ] {
        let r = ws.json(&["whosaid", quote]);
        assert_eq!(r["quote"], quote);
        assert_eq!(r["found"], true, "{quote}: {r:#}");
        let first = &r["occurrences"][0];
        assert_eq!(first["id"], "trump-and-putin-hit-it-off-at-apec-summit");
        assert_eq!(first["published"], "2017-11-11");
        assert_eq!(first["speaker"], "Vladimir Putin", "{r:#}");
        assert_eq!(first["speaker_as_written"], "the Russian president");
        assert_eq!(first["altered"], false);
        assert_eq!(first["differences"], serde_json::json!([]));
        assert_span(&ws, first);
        assert!(
            first["text"]
                .as_str()
                .unwrap()
                .contains("the Russian president described Trump")
        );
        let body = ws.body(first["id"].as_str().unwrap());
        let m = &first["matched"];
        assert_eq!(
            &body[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize],
            "comfortable to deal with"
        );
    }

    let r = ws.json(&["whosaid", "a positive and business-like tone"]);
    let first = &r["occurrences"][0];
    assert_eq!(
        first["id"],
        "look-what-trump-and-putin-talked-about-saturday"
    );
    assert_eq!(first["speaker"], "the Kremlin", "{r:#}");
    assert_span(&ws, first);

    // An ellipsis for dropped words; a misquote is found and marked.
    let r = ws.json(&["whosaid", "well-mannered … comfortable to deal with"]);
    assert_eq!(r["occurrences"][0]["altered"], false, "{r:#}");
    let r = ws.json(&["whosaid", "well-mannered and easy to deal with"]);
    let first = &r["occurrences"][0];
    assert_eq!(first["altered"], true, "{r:#}");
    assert_eq!(
        first["differences"],
        serde_json::json!([{"quoted": "easy", "article": "comfortable"}])
    );

    // Human output names the speaker and the first report.
    let out = ws.run(&["whosaid", "comfortable to deal with"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Speaker: Vladimir Putin"), "{text}");
    assert!(text.contains("(first reported)"), "{text}");
    assert!(text.contains("11 Nov 2017"), "{text}");
}

#[test]
fn whosaid_says_plainly_when_no_article_carries_the_quote() {
    let ws = Workspace::shipped();
    let r = ws.json(&["whosaid", "we will build a bridge to the moon"]);
    assert_eq!(r["found"], false);
    assert_eq!(r["occurrences"], serde_json::json!([]));
    let out = ws.run(&["whosaid", "we will build a bridge to the moon"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("No article in the archive carries"));

    // Nothing to look for is the user's mistake: exit 2, no panic.
    let out = ws.run(&["whosaid", "“ … ”"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn timeline_runs_from_the_kerry_meeting_to_anchorage_on_the_shipped_corpus() {
    let ws = Workspace::shipped();
    let t = ws.json(&["timeline", "Trump Putin meetings"]);
    assert_eq!(t["topic"], "Trump Putin meetings");
    let events = t["events"].as_array().expect("events");
    for e in events {
        assert_span(&ws, e);
        for also in e["also"].as_array().unwrap() {
            assert_span(&ws, also);
        }
    }
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in date order");
    let event = |date: &str, words: &str| {
        events
            .iter()
            .find(|e| e["date"] == date && e["text"].as_str().unwrap().contains(words))
            .unwrap_or_else(|| panic!("no {date} event with {words:?}: {t:#}"))
    };
    let kerry = event("2015", "John Kerry");
    assert_eq!(kerry["precision"], "year");
    assert_eq!(kerry["date_from"], "text");
    assert_eq!(dates[0], "2015", "the story starts with the Kerry meeting");
    let call = event("2017-01-28", "first official phone call");
    assert_eq!(call["precision"], "day");
    assert_eq!(
        call["date_from"], "text",
        "\"on Saturday\" read against publication"
    );
    let g20 = event("2017-07-17", "G20");
    assert_eq!(g20["precision"], "week");
    let apec = event("2017-11-11", "APEC");
    assert_eq!(apec["date_from"], "published");
    let helsinki = event("2018", "Helsinki");
    assert_eq!(helsinki["date_from"], "text");
    assert_eq!(
        helsinki["published"], "2025-08-14",
        "read from the 2025 article"
    );
    assert!(
        helsinki["also"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["text"].as_str().unwrap().contains("Helsinki")),
        "the CNN report of Helsinki is the same event: {helsinki:#}"
    );
    let anchorage = event("2025-08-14", "Anchorage");
    assert_eq!(anchorage["date_from"], "published");
    assert_eq!(dates.last(), Some(&"2025-08-14"), "ends at Anchorage");

    // A window keeps the events whose date falls in it.
    let t = ws.json(&[
        "timeline",
        "Trump Putin meetings",
        "--since",
        "2017-06-01",
        "--until",
        "2018-12-31",
    ]);
    let dates: Vec<&str> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.contains(&"2017-11-11") && dates.contains(&"2018"),
        "{dates:?}"
    );
    assert!(
        dates.iter().all(|d| *d >= "2017" && *d < "2019"),
        "{dates:?}"
    );
    assert_eq!(t["since"], "2017-06-01");

    let out = ws.run(&["timeline", "Trump Putin meetings"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("dated by the text: “2015”"), "{text}");
    assert!(
        text.contains("11 Nov 2017 (dated by publication)"),
        "{text}"
    );
}

#[test]
fn timeline_of_a_topic_outside_the_archive_is_empty_and_bad_windows_are_refused() {
    let ws = Workspace::shipped();
    for topic in ["Brexit negotiations", "Macron Putin meetings"] {
        let t = ws.json(&["timeline", topic]);
        assert_eq!(t["events"], serde_json::json!([]), "{topic}: {t:#}");
    }
    let out = ws.run(&["timeline", "Brexit negotiations"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("no dated events"));
    let out = ws.run(&[
        "timeline",
        "Putin",
        "--since",
        "2020-01-01",
        "--until",
        "2019-01-01",
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since 2020-01-01 is after --until"));
}

/// Four outlets carry one quote: two word for word (the later one first in the
/// files), one altered, one undated; the collapse they report is dated in words.
fn quoted_corpus() -> Workspace {
    let ws = Workspace::empty();
    ws.write(
        "wire.md",
        "+++\ntitle = \"Minister vows to rebuild bridges\"\noutlet = \"Wire A\"\npublished = 2024-03-02\n+++\nMinister Jane Holt toured Calderdale on Saturday. \"We will rebuild every bridge in the county before winter,\" Holt said.\n\nThe Calder Bridge collapsed on Tuesday after days of rain.\n",
    );
    ws.write(
        "paper.md",
        "+++\ntitle = \"Holt: every bridge rebuilt by winter\"\noutlet = \"Paper B\"\npublished = 2024-03-01\n+++\nTransport Secretary Jane Holt visited the flood zone. “We will rebuild every bridge in the county before winter,” the transport secretary told reporters.\n\nThe Calder Bridge collapsed on 27 February 2024 after days of rain.\n",
    );
    ws.write(
        "blog.md",
        "+++\ntitle = \"What the minister promised\"\noutlet = \"Blog C\"\npublished = 2024-03-05\n+++\nJane Holt, the transport secretary, promised action in Calderdale. ''We will rebuild every road in the county before the winter,'' she said.\n\nEngineers had warned in 2019 that the Calder Bridge was failing.\n",
    );
    ws.write(
        "undated.md",
        "+++\ntitle = \"Quote of the week\"\n+++\n\"We will rebuild every bridge in the county before winter.\"\n",
    );
    ws.write(
        "other.md",
        "+++\ntitle = \"Harbour reopens\"\noutlet = \"Wire A\"\npublished = 2024-03-03\n+++\nThe harbour reopened on Sunday after repairs to the sea wall.\n",
    );
    ws
}

#[test]
fn a_quote_repeated_altered_and_redated_across_outlets() {
    let ws = quoted_corpus();
    let r = ws.json(&[
        "whosaid",
        "\"We will rebuild every bridge in the county before winter\"",
    ]);
    let occurrences = r["occurrences"].as_array().unwrap();
    let ids: Vec<&str> = occurrences
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["paper", "wire", "blog", "undated"],
        "by publication date, undated last: {r:#}"
    );
    for o in occurrences {
        assert_span(&ws, o);
    }
    assert_eq!(
        occurrences[0]["speaker"], "Jane Holt",
        "role resolved: {r:#}"
    );
    assert_eq!(
        occurrences[1]["speaker"], "Jane Holt",
        "surname resolved: {r:#}"
    );
    assert_eq!(
        occurrences[2]["speaker"], "Jane Holt",
        "pronoun resolved: {r:#}"
    );
    assert_eq!(occurrences[3]["speaker"], Value::Null, "nobody named");
    assert_eq!(occurrences[0]["altered"], false);
    assert_eq!(occurrences[1]["altered"], false);
    assert_eq!(occurrences[2]["altered"], true);
    let differences = occurrences[2]["differences"].as_array().unwrap();
    assert!(
        differences
            .iter()
            .any(|d| d["quoted"] == "bridge" && d["article"] == "road"),
        "{differences:?}"
    );
    assert!(
        differences
            .iter()
            .any(|d| d["quoted"] == "" && d["article"] == "the"),
        "{differences:?}"
    );

    let t = ws.json(&["timeline", "Calder Bridge collapse"]);
    let events = t["events"].as_array().unwrap();
    let collapse: Vec<&Value> = events
        .iter()
        .filter(|e| e["text"].as_str().unwrap().contains("collapsed"))
        .collect();
    assert_eq!(collapse.len(), 1, "one event, two reports: {t:#}");
    let collapse = collapse[0];
    assert_eq!(
        collapse["date"], "2024-02-27",
        "\"on Tuesday\" and \"27 February 2024\""
    );
    assert_eq!(collapse["id"], "paper", "the first report leads");
    assert_eq!(collapse["also"][0]["id"], "wire");
    assert_eq!(events[0]["date"], "2019", "the warning comes first: {t:#}");
    assert!(events.iter().all(|e| e["id"] != "other"));
}
