//! The index when its disk lets it down: damaged files, a volume that refuses
//! writes partway (a full disk), and a read-only volume. Each replays a fault found
//! by hand, with the real binary on a real index.

mod common;

use std::collections::BTreeSet;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Output;

use common::{Workspace, assert_no_panic};
use serde_json::Value;

fn article(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}\n")
}

fn ids(r: &Value) -> Vec<String> {
    r["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The files in the index folder (lock files aside: they come and go with writers).
fn index_files(ws: &Workspace) -> BTreeSet<String> {
    std::fs::read_dir(ws.path().join("data/index"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect()
}

/// The first index file with this extension.
fn segment_file(ws: &Workspace, ext: &str) -> std::path::PathBuf {
    index_files(ws)
        .into_iter()
        .find(|n| n.ends_with(ext))
        .map(|n| ws.path().join("data/index").join(n))
        .unwrap_or_else(|| panic!("no .{ext} file in the index"))
}

fn indexed_workspace() -> Workspace {
    let ws = Workspace::empty();
    ws.write("a.md", article("Alpha", "The orchard flooded in spring."));
    ws.write(
        "b.md",
        article("Beta", "The orchard keeper sold the apples."),
    );
    ws.json(&["index"]);
    ws
}

/// Damages an indexed workspace's index.
type Damage = fn(&Workspace);

/// Each kind of damage: found in one warning line, the index reset and rebuilt from
/// the corpus, and every command (`index` too) working again.
#[test]
fn a_damaged_index_is_rebuilt_from_the_corpus() {
    let damages: [(&str, Damage); 4] = [
        ("empty meta.json", |ws| {
            std::fs::write(ws.path().join("data/index/meta.json"), "").unwrap()
        }),
        ("missing .idx", |ws| {
            std::fs::remove_file(segment_file(ws, "idx")).unwrap()
        }),
        ("truncated .store", |ws| {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(segment_file(ws, "store"))
                .unwrap();
            f.set_len(10).unwrap();
        }),
        ("garbage .managed.json", |ws| {
            std::fs::write(ws.path().join("data/index/.managed.json"), "{{{").unwrap()
        }),
    ];
    for (what, damage) in damages {
        for command in [&["search", "orchard"][..], &["index"][..]] {
            let ws = indexed_workspace();
            damage(&ws);
            let mut args = command.to_vec();
            args.push("--json");
            let out = ws.run(&args);
            assert_no_panic(&out);
            assert!(
                out.status.success(),
                "{what}, {command:?}: {}",
                stderr(&out)
            );
            let warnings: Vec<_> = stderr(&out)
                .lines()
                .filter(|l| l.contains("damaged"))
                .map(str::to_string)
                .collect();
            assert_eq!(warnings.len(), 1, "{what}: {}", stderr(&out));
            let r: Value = serde_json::from_slice(&out.stdout).unwrap();
            if command[0] == "index" {
                assert_eq!(r["articles"].as_u64(), Some(2), "{what}: {r}");
            } else {
                assert_eq!(ids(&r).len(), 2, "{what}: {r}");
            }
            // And it stays healed: no warning the next time.
            let again = ws.run(&["search", "orchard", "--json"]);
            assert!(again.status.success(), "{what}: {}", stderr(&again));
            assert!(!stderr(&again).contains("damaged"), "{}", stderr(&again));
        }
    }
}

/// `--no-sync` on a damaged index: reset, said so, no crash; the next sync refills.
#[test]
fn a_damaged_index_without_sync_is_reset_and_refilled_by_the_next_sync() {
    let ws = indexed_workspace();
    std::fs::write(ws.path().join("data/index/meta.json"), "").unwrap();
    let out = ws.run(&["--no-sync", "search", "orchard", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("damaged"), "{}", stderr(&out));
    assert_eq!(ids(&ws.json(&["search", "orchard"])).len(), 2);
}

/// Runs `newsdesk ARGS --json` in a process that may write no file beyond `limit`
/// bytes, the way a disk that fills up mid-write refuses the rest.
fn run_with_file_limit(ws: &Workspace, args: &[&str], limit: u64) -> Output {
    let mut cmd = ws.command(args);
    cmd.arg("--json");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            // The write fails with EFBIG instead of the process being killed.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rl = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: limit as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run newsdesk")
}

#[test]
fn a_write_that_runs_out_of_space_leaves_nothing_behind_and_queries_still_answer() {
    let ws = indexed_workspace();
    let committed = index_files(&ws);
    // Enough new text that the new segment's files outgrow the limit.
    let words = [
        "harvest", "river", "council", "budget", "stadium", "vaccine",
    ];
    for i in 0..400 {
        let body: Vec<String> = (0..120)
            .map(|j| format!("{}{}", words[(i + j) % words.len()], (i * 7 + j) % 97))
            .collect();
        ws.write(
            &format!("big/n{i}.md"),
            article(&format!("N{i}"), &body.join(" ")),
        );
    }
    let limit = 64 * 1024;

    let out = run_with_file_limit(&ws, &["index"], limit);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error:"), "{}", stderr(&out));
    assert_eq!(
        index_files(&ws),
        committed,
        "the failed write's files must be removed"
    );

    // A query whose sync fails the same way answers from the last commit, and says so.
    let out = run_with_file_limit(&ws, &["search", "orchard"], limit);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("answering from its last commit"),
        "{}",
        stderr(&out)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&r).len(), 2, "{r}");
    assert_eq!(index_files(&ws), committed);

    // Once there is room again, the next sync completes.
    let r = ws.json(&["index"]);
    assert_eq!(r["articles"].as_u64(), Some(402), "{r}");
}

/// Makes `dir` read-only for this process: a read-only bind mount when we may mount
/// (root), the permission bits otherwise. None when neither is possible here.
fn make_read_only(dir: &Path) -> Option<ReadOnly> {
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        return Some(ReadOnly::Permissions(dir.to_owned()));
    }
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let d = dir.to_str().unwrap();
    if !mount(&["--bind", d, d]) {
        return None;
    }
    let guard = ReadOnly::Mount(dir.to_owned());
    if !mount(&["-o", "remount,ro,bind", d]) {
        return None;
    }
    Some(guard)
}

enum ReadOnly {
    Mount(std::path::PathBuf),
    Permissions(std::path::PathBuf),
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        match self {
            ReadOnly::Mount(d) => {
                let _ = std::process::Command::new("umount").arg(&*d).output();
            }
            ReadOnly::Permissions(d) => {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&*d, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
}

#[test]
fn a_read_only_index_can_be_searched_and_asked() {
    let ws = indexed_workspace();
    let index = ws.path().join("data/index");
    // Readers take no writer lock, but tantivy's lock files may be left over.
    for name in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
        let _ = std::fs::remove_file(index.join(name));
    }
    let Some(_read_only) = make_read_only(&index) else {
        eprintln!(
            "cannot make a read-only folder here (root without mount); covered by the unit tests in src/index/directory.rs"
        );
        return;
    };
    if std::fs::write(index.join("probe"), "x").is_ok() {
        eprintln!("the folder is still writable here; covered by the unit tests");
        return;
    }
    let r = ws.json(&["--no-sync", "search", "orchard"]);
    assert_eq!(ids(&r).len(), 2, "{r}");
    // A changed corpus cannot be indexed there: queries answer from the last commit
    // with a warning, and `index` says why it cannot.
    ws.write("c.md", article("Gamma", "The orchard was replanted."));
    let out = ws.run(&["search", "orchard", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&r).len(), 2, "{r}");
    let out = ws.run(&["ask", "Who sold the apples?", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = ws.run(&["index"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
}
