//! `index` and `check`: bad files, incremental sync, near-duplicates, layout
//! changes and a kill -9 in the middle of indexing.

mod common;

use std::time::{Duration, SystemTime};

use common::{Workspace, assert_no_panic};
use serde_json::Value;

/// "path reason" for each entry of a report's `skipped` list.
fn skipped_lines(skipped: &Value) -> Vec<String> {
    skipped
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["path"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect()
}

fn article(title: &str, body: &str) -> String {
    format!("+++\ntitle = {title:?}\noutlet = \"Test Wire\"\npublished = 2024-05-01\n+++\n{body}")
}

fn ids(r: &Value) -> Vec<String> {
    r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bad_files_are_skipped_with_a_warning_naming_them() {
    let ws = Workspace::empty();
    ws.write(
        "good.md",
        article("Good", "The harbour reopened on Monday after repairs."),
    );
    ws.write("latin1.txt", b"Caf\xe9 society\nA body.\n");
    ws.write("binary.txt", b"\x00\x01\x02\x03");
    ws.write("empty.md", "");
    ws.write("big.txt", "word ".repeat(300));
    ws.write("broken.md", "+++\ntitle = [unclosed\n+++\nBody.");
    ws.write("good.txt", "Another good one\nSame id as the first.");
    ws.write(
        "nested/good.md",
        "A nested one\nIts id is nested/good: the harbour pilot spoke.",
    );
    ws.write("bulk.jsonl", "{\"id\":\"j1\",\"title\":\"Bulk one\",\"body\":\"The ferry timetable changed.\"}\nnot json\n{\"id\":\"j2\"}\n");
    ws.write_config("[corpus]\nmax_file_bytes = 1000\n");

    let check = ws.json(&["check"]);
    let skipped = skipped_lines(&check["corpus"]["skipped"]);
    assert_eq!(check["corpus"]["articles"], 3, "{skipped:?}");
    assert_eq!(skipped.len(), 8, "{skipped:?}");
    for (file, reason) in [
        ("latin1.txt", "not valid UTF-8"),
        ("binary.txt", "binary"),
        ("empty.md", "empty"),
        ("big.txt", "too large"),
        ("broken.md", "malformed front matter"),
        ("good.txt", "duplicate id \"good\""),
        ("bulk.jsonl", "invalid JSON"),
        ("bulk.jsonl", "body"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|s| s.contains(file) && s.contains(reason)),
            "{file}: {reason} not in {skipped:?}"
        );
    }

    let out = ws.run(&["index"]);
    assert_no_panic(&out);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("WARN"),
        "warnings name the files: {stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Skipped 8"), "{stdout}");

    assert_eq!(
        ids(&ws.json(&["search", "harbour", "reopened"])),
        ["good", "nested/good"]
    );
    assert_eq!(ids(&ws.json(&["search", "ferry"])), ["j1"]);
    // The report survives incremental runs that do not re-read the bad files.
    let again = ws.json(&["index"]);
    assert_eq!(again["fresh"], Value::Bool(true));
    assert_eq!(again["skipped"].as_array().unwrap().len(), 8);
}

#[test]
fn sync_adds_updates_and_removes_without_rebuilding() {
    let ws = Workspace::empty();
    ws.write(
        "a.md",
        article("Alpha", "The alpha council voted on the budget."),
    );
    ws.write("b.md", article("Beta", "The beta committee met the mayor."));
    let r = ws.json(&["index"]);
    assert_eq!(
        (r["added"].as_u64(), r["articles"].as_u64()),
        (Some(2), Some(2))
    );
    let first_indexed = ws.json(&["show", "a"])["indexed_at"].clone();

    let r = ws.json(&["index"]);
    assert_eq!(r["fresh"], Value::Bool(true));

    std::thread::sleep(Duration::from_millis(20));
    ws.write(
        "c.md",
        article("Gamma", "The gamma quarry closed for the winter."),
    );
    ws.write(
        "b.md",
        article("Beta", "The beta committee cancelled the parade."),
    );
    std::fs::remove_file(ws.corpus().join("a.md")).unwrap();
    // A query command notices the stale index by itself.
    assert_eq!(ids(&ws.json(&["search", "quarry"])), ["c"]);
    assert_eq!(ids(&ws.json(&["search", "parade"])), ["b"]);
    assert!(
        ids(&ws.json(&["search", "mayor"])).is_empty(),
        "old text of b is gone"
    );
    assert!(
        ids(&ws.json(&["search", "alpha council"])).is_empty(),
        "a is gone"
    );
    let r = ws.json(&["index"]);
    assert_eq!(r["fresh"], Value::Bool(true));
    assert_eq!(r["articles"].as_u64(), Some(2));

    // Re-adding a keeps nothing of its old entry; touching b without changing it
    // re-reads the file but re-indexes nothing.
    ws.write(
        "a.md",
        article("Alpha", "The alpha council voted on the budget."),
    );
    let b = ws.corpus().join("b.md");
    let f = std::fs::File::options().write(true).open(&b).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    let r = ws.json(&["index"]);
    assert_eq!(
        (
            r["added"].as_u64(),
            r["updated"].as_u64(),
            r["removed"].as_u64()
        ),
        (Some(1), Some(0), Some(0)),
        "{r}"
    );
    assert_ne!(ws.json(&["show", "a"])["indexed_at"], Value::Null);
    let _ = first_indexed;
}

#[test]
fn an_up_to_date_index_is_not_reread() {
    let ws = Workspace::empty();
    ws.write("a.md", article("Alpha", "The lighthouse keeper retired."));
    ws.json(&["index"]);
    // Same size, same mtime, different bytes: only a stat pass runs, so the change
    // goes unseen (which proves the corpus was not read again).
    let path = ws.corpus().join("a.md");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    ws.write("a.md", article("Alpha", "The lighthouse helper retired."));
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let r = ws.json(&["index"]);
    assert_eq!(r["fresh"], Value::Bool(true));
    assert_eq!(ids(&ws.json(&["search", "keeper"])), ["a"]);
}

#[test]
fn updated_articles_keep_their_first_indexed_time() {
    let ws = Workspace::empty();
    ws.write("a.md", article("Alpha", "The bakery opened."));
    ws.json(&["index"]);
    let before = ws.json(&["show", "a"])["indexed_at"].clone();
    std::thread::sleep(Duration::from_millis(1100));
    ws.write("a.md", article("Alpha", "The bakery opened early."));
    let r = ws.json(&["index"]);
    assert_eq!(r["updated"].as_u64(), Some(1));
    assert_eq!(ws.json(&["show", "a"])["indexed_at"], before);
}

#[test]
fn near_duplicates_are_grouped_and_shown_once() {
    let ws = Workspace::empty();
    let story = "The city council approved the new tram line on Tuesday after a six hour debate. \
        Construction starts in spring and the line will connect the harbour with the university campus. \
        Opponents said the budget of 400 million was unrealistic and promised to appeal the decision in court. \
        The mayor called the vote a historic day for public transport in the region.";
    ws.write("wire.md", article("Council approves tram line", story));
    ws.write("syndicated.md", format!(
        "+++\ntitle = \"Tram line approved\"\noutlet = \"Daily Echo\"\n+++\nSkip ad\n{story}\nShare this article\nSubscribe to our newsletter"
    ));
    ws.write(
        "other.md",
        article(
            "Tram fares rise",
            "Tram fares rise by ten percent next month, the transport authority said.",
        ),
    );
    let r = ws.json(&["index"]);
    assert_eq!(r["duplicate_groups"].as_u64(), Some(1));

    let s = ws.json(&["search", "tram"]);
    let hits = s["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "the story is shown once: {s:#}");
    let story_hit = hits
        .iter()
        .find(|h| h["id"] == "wire" || h["id"] == "syndicated")
        .unwrap();
    let also: Vec<&str> = story_hit["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(also.len(), 1);
    assert_ne!(also[0], story_hit["id"].as_str().unwrap());

    // Removing one copy dissolves the group.
    std::fs::remove_file(ws.corpus().join("syndicated.md")).unwrap();
    let r = ws.json(&["index"]);
    assert_eq!(r["duplicate_groups"].as_u64(), Some(0));
    // Adding it back incrementally regroups against the indexed copy.
    ws.write("copy.md", format!("Tram line approved\n{story}"));
    let r = ws.json(&["index"]);
    assert_eq!(r["duplicate_groups"].as_u64(), Some(1));
    assert_eq!(ws.json(&["show", "wire"])["also_in"][0]["id"], "copy");
}

#[test]
fn a_layout_version_change_rebuilds_the_index() {
    let ws = Workspace::empty();
    ws.write("a.md", article("Alpha", "The orchard flooded."));
    ws.json(&["index"]);
    let meta_path = ws.path().join("data/index/meta.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut payload: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["schema_version"] = Value::from(0);
    meta["payload"] = Value::String(payload.to_string());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let r = ws.json(&["index"]);
    assert_eq!(
        (r["added"].as_u64(), r["articles"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    assert_eq!(ids(&ws.json(&["search", "orchard"])), ["a"]);
}

#[test]
fn kill_9_during_indexing_leaves_a_usable_index_and_the_next_run_completes() {
    let ws = Workspace::empty();
    const N: usize = 4000;
    let words = [
        "harbour", "budget", "council", "railway", "festival", "hospital", "election", "drought",
        "vaccine", "stadium", "refinery", "bridge",
    ];
    let mut lines = String::new();
    for i in 0..N {
        let mut body = format!("Report number {i} marker{i} covers regional affairs.");
        for k in 0..40 {
            let w = words[(i * 7 + k * 13 + i / 3) % words.len()];
            body.push_str(&format!(
                " The {w} item {k} of report {i} was discussed at length."
            ));
        }
        lines.push_str(&serde_json::json!({"id": format!("doc{i}"), "title": format!("Report {i}"), "body": body}).to_string());
        lines.push('\n');
        if i % 400 == 399 {
            ws.write(&format!("part{:02}.jsonl", i / 400), &lines);
            lines.clear();
        }
    }
    let mut interrupted = 0;
    for delay_ms in [50u64, 300, 900] {
        let mut child = ws
            .command(&["index"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever the kill left behind reads cleanly as the last committed state.
        let r = ws.json(&["search", "--no-sync", "marker0"]);
        assert!(r["total"].as_u64().unwrap() <= 1, "{r}");
    }
    assert!(
        interrupted >= 1,
        "no kill landed while indexing; make the corpus larger"
    );
    let r = ws.json(&["index"]);
    assert_eq!(r["articles"].as_u64(), Some(N as u64), "{r}");
    for i in [0, 1, 777, N - 1] {
        let s = ws.json(&["search", &format!("marker{i}")]);
        assert_eq!(
            s["total"].as_u64(),
            Some(1),
            "marker{i} must be indexed exactly once"
        );
    }
}

#[test]
fn logs_can_be_json_lines_on_stderr() {
    let ws = Workspace::empty();
    ws.write("a.md", article("Alpha", "The lighthouse keeper retired."));
    ws.write("bad.txt", b"\xff\xfe not utf-8");
    let out = ws.run(&["--log-format", "json", "-v", "index"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON log line"))
        .collect();
    assert!(
        lines.iter().any(|l| l["level"] == "WARN"
            && l["fields"]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("bad.txt"))),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "index synced"),
        "{stderr}"
    );
    // Results stay on stdout, apart from the logs.
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Indexed 2 files")
    );
}

#[test]
fn an_article_that_moves_to_another_file_and_changes_is_indexed_once() {
    let ws = Workspace::empty();
    let line = |body: &str| {
        format!("{{\"id\":\"wire-7\",\"title\":\"Dock strike\",\"body\":\"{body}\"}}\n")
    };
    ws.write("a.jsonl", line("Dock workers walked out on Monday."));
    ws.write("b.jsonl", "");
    assert_eq!(ws.json(&["index"])["articles"].as_u64(), Some(1));
    std::thread::sleep(Duration::from_millis(20));
    ws.write("a.jsonl", "");
    ws.write(
        "b.jsonl",
        line("Dock workers walked out on Monday and Tuesday."),
    );
    let r = ws.json(&["index"]);
    assert_eq!(
        (
            r["added"].as_u64(),
            r["updated"].as_u64(),
            r["removed"].as_u64(),
            r["articles"].as_u64()
        ),
        (Some(0), Some(1), Some(0), Some(1)),
        "{r}"
    );
    assert_eq!(ids(&ws.json(&["search", "dock workers"])), ["wire-7"]);
    assert_eq!(
        ws.body("wire-7"),
        "Dock workers walked out on Monday and Tuesday."
    );
}

#[test]
fn links_and_fifos_in_the_corpus_are_named_and_never_followed() {
    let ws = Workspace::empty();
    ws.write(
        "good.md",
        article("Good", "The harbour reopened on Monday after repairs."),
    );
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, article("Secret", "The vault code is on the wall.")).unwrap();
    std::os::unix::fs::symlink(&secret, ws.corpus().join("link.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.corpus().join("elsewhere")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(ws.corpus().join("pipe.md"))
        .status()
        .unwrap();
    assert!(fifo.success());

    let report = ws.json(&["index"]);
    assert_eq!(report["articles"], 1, "{report:#}");
    let reasons = skipped_lines(&report["skipped"]);
    for (name, reason) in [
        ("link.md", "symbolic link"),
        ("elsewhere", "symbolic link"),
        ("pipe.md", "not a regular file"),
    ] {
        assert!(
            reasons
                .iter()
                .any(|r| r.contains(name) && r.contains(reason)),
            "{name}: {reasons:?}"
        );
    }
    let check = ws.json(&["check"]);
    assert_eq!(
        check["corpus"]["skipped"].as_array().unwrap().len(),
        3,
        "{check:#}"
    );
    let found = ws.json(&["search", "vault code"]);
    assert_eq!(found["hits"].as_array().unwrap().len(), 0, "{found:#}");
}

#[test]
fn verify_finds_an_edit_that_kept_size_and_mtime() {
    let ws = Workspace::empty();
    let path = ws.corpus().join("harbour.md");
    ws.write(
        "harbour.md",
        article("Harbour", "The harbour opened on Monday."),
    );
    let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_735_689_600);
    let set_mtime = || {
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
    };
    set_mtime();
    assert_eq!(ws.json(&["index"])["added"], 1);
    // Same size, same modification time, other words (as `cp -p` can leave it).
    ws.write(
        "harbour.md",
        article("Harbour", "The harbour closed on Monday."),
    );
    set_mtime();
    assert_eq!(
        ws.json(&["index"])["fresh"],
        true,
        "a stat pass cannot see it"
    );
    let verified = ws.json(&["index", "--verify"]);
    assert_eq!(verified["updated"], 1, "{verified:#}");
    let hits = ws.json(&["search", "--no-sync", "closed"]);
    assert_eq!(hits["hits"].as_array().unwrap().len(), 1, "{hits:#}");
    // Nothing changed since: verifying again updates nothing.
    assert_eq!(ws.json(&["index", "--verify"])["updated"], 0);
}

#[test]
fn a_file_name_with_control_characters_is_not_an_id() {
    let ws = Workspace::empty();
    ws.write(
        "good.md",
        article("Good", "The harbour reopened on Monday."),
    );
    ws.write(
        "forged\n2. Fake result.md",
        article("Forged", "The harbour was sold."),
    );
    let report = ws.json(&["index"]);
    assert_eq!(report["articles"], 1, "{report:#}");
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{report:#}");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("control characters")
    );
    // The human report shows the name's newline as a symbol, not a line break.
    let out = ws.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.lines().any(|l| l.starts_with("2. Fake")), "{text}");
    assert!(text.contains("forged\u{240a}2. Fake result.md"), "{text}");
}
