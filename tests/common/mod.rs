//! Helpers for the integration tests: a scratch workspace with its own corpus,
//! config and index, and a runner for the real `newsdesk` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// An engine over the shipped `corpus/` with the shipped model, its index and vector
/// cache in `dir`, synced; `semantic` is appended to the `[semantic]` section.
pub fn shipped_engine(dir: &Path, semantic: &str) -> newsdesk::Engine {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = format!(
        "[corpus]\npaths = [{:?}]\n[index]\npath = {:?}\n[semantic]\nmodel_dir = {:?}\ncache_path = {:?}\n{semantic}\n",
        root.join("corpus").display().to_string(),
        dir.join("index").display().to_string(),
        root.join("models/all-MiniLM-L6-v2").display().to_string(),
        dir.join("vectors.db").display().to_string(),
    );
    let config = newsdesk::Config::parse(&text, Path::new("t.toml")).unwrap();
    let engine = newsdesk::Engine::open(config).unwrap();
    engine.sync(std::time::Duration::from_secs(10)).unwrap();
    engine
}

/// A temporary workspace: `corpus/`, `config/newsdesk.toml`, `data/index`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// An empty workspace with a default config (and the shipped sentence encoder
    /// at its default place, `models/`, linked rather than copied).
    pub fn empty() -> Workspace {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        std::os::unix::fs::symlink(models, dir.path().join("models")).unwrap();
        let ws = Workspace { dir };
        ws.write_config("");
        ws
    }

    /// A workspace whose corpus is a copy of the shipped `corpus/`.
    pub fn shipped() -> Workspace {
        let ws = Workspace::empty();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(shipped).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), ws.corpus().join(entry.file_name())).unwrap();
        }
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// Writes `config/newsdesk.toml` with `extra` appended to the defaults.
    pub fn write_config(&self, extra: &str) {
        std::fs::write(self.dir.path().join("config/newsdesk.toml"), extra).unwrap();
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        let path = self.corpus().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }

    /// A `newsdesk` command running in the workspace.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
        cmd.current_dir(self.dir.path())
            .args(args)
            .env_remove("NEWSDESK_CONFIG")
            .env_remove("NEWSDESK_LOG")
            .env_remove("RUST_LOG");
        cmd
    }

    /// Runs `newsdesk ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run newsdesk")
    }

    /// Runs `newsdesk ARGS --json`, asserts success and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        assert_no_panic(&out);
        assert!(
            out.status.success(),
            "newsdesk {all:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "newsdesk {all:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// The stored body of an article, through `show --json`.
    pub fn body(&self, id: &str) -> String {
        self.json(&["show", id])["body"]
            .as_str()
            .expect("body")
            .to_string()
    }
}

/// Fails if the process panicked.
pub fn assert_no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "newsdesk panicked: {stderr}");
    assert_ne!(out.status.code(), Some(101), "newsdesk panicked: {stderr}");
    assert!(out.status.code().is_some(), "newsdesk was killed: {stderr}");
}

/// Checks the ask/summarize contract: one source per article, numbered from 1;
/// every quoted passage is `body[start..end]` of its article (`quote`/`start`/`end`
/// being the first of `quotes`); every answer sentence is `body[start..end]` of its
/// `id`, which is the article of its first citation, where that passage is quoted;
/// citations point at listed sources.
pub fn assert_verbatim(ws: &Workspace, answer: &Value) {
    let sources = answer["sources"].as_array().expect("sources");
    let mut bodies = std::collections::HashMap::new();
    let span = |v: &Value| {
        (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        )
    };
    let mut seen = std::collections::HashSet::new();
    for (i, s) in sources.iter().enumerate() {
        assert_eq!(
            s["n"].as_u64(),
            Some(i as u64 + 1),
            "sources are numbered from 1"
        );
        let id = s["id"].as_str().unwrap();
        assert!(seen.insert(id.to_string()), "article {id} is listed twice");
        let body = bodies.entry(id.to_string()).or_insert_with(|| ws.body(id));
        let quotes = s["quotes"].as_array().expect("quotes");
        assert!(!quotes.is_empty(), "a source quotes nothing");
        assert_eq!(span(s), span(&quotes[0]), "quote is the first of quotes");
        assert_eq!(s["quote"], quotes[0]["text"]);
        for q in quotes {
            let (start, end) = span(q);
            assert!(
                start < end && end <= body.len(),
                "offsets {start}..{end} out of range"
            );
            assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
            assert_eq!(
                &body[start..end],
                q["text"].as_str().unwrap(),
                "quote is not body[start..end]"
            );
        }
    }
    for sentence in answer["answer"].as_array().expect("answer") {
        let text = sentence["text"].as_str().unwrap();
        let cites = sentence["citations"].as_array().unwrap();
        assert!(!cites.is_empty(), "uncited sentence {text:?}");
        for n in cites {
            let n = n.as_u64().unwrap() as usize;
            assert!(
                (1..=sources.len()).contains(&n),
                "citation [{n}] has no source"
            );
        }
        // The sentence is a passage of its first source, quoted there; further
        // citations are other articles' own wording of it.
        let first = &sources[cites[0].as_u64().unwrap() as usize - 1];
        let id = sentence["id"].as_str().unwrap();
        assert_eq!(
            first["id"].as_str(),
            Some(id),
            "sentence's id is its first source"
        );
        let body = &bodies[id];
        let (start, end) = span(sentence);
        assert_eq!(
            body.get(start..end),
            Some(text),
            "sentence is body[start..end]"
        );
        assert!(
            first["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|q| span(q) == (start, end)),
            "sentence is quoted in its source"
        );
    }
    if answer["found"] == Value::Bool(false) {
        assert!(answer["answer"].as_array().unwrap().is_empty());
        assert!(sources.is_empty());
    }
}
