//! Finding article files and loading them, skipping bad ones with a reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Article, frontmatter, jsonl};
use crate::{Error, Result};

/// A corpus file found by [`scan`], with what a stat tells about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    /// The path as found under a configured corpus path.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
    /// The id of the article a `.md`/`.txt` file holds: its path below the corpus
    /// folder, without extension, with `/` separators (`politics/001`).
    pub id: String,
}

/// A file (or one line of a JSONL file) that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// The 1-based line, for JSONL files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Why it was skipped.
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// What loading one file produced.
#[derive(Debug, Default)]
pub struct LoadedFile {
    /// Hash of the file's bytes (empty if it could not be read).
    pub hash: String,
    /// The articles it holds.
    pub articles: Vec<Article>,
    /// For a JSONL file, the 1-based line of each article, in the order of
    /// `articles` (so a duplicate id can be reported by line); empty otherwise.
    pub lines: Vec<usize>,
    /// What was skipped in it.
    pub skipped: Vec<Skipped>,
}

/// The outcome of loading a whole corpus.
#[derive(Debug, Default, Serialize)]
pub struct LoadReport {
    /// Corpus files seen.
    pub files: usize,
    /// Articles loaded.
    pub articles: usize,
    /// Everything skipped, with reasons.
    pub skipped: Vec<Skipped>,
}

const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "jsonl"];

/// JSONL files larger than this are parsed on several threads.
const PARALLEL_JSONL_BYTES: usize = 4 * 1024 * 1024;

/// How much of a JSONL file the index sync parses and hands on at a time
/// ([`load_file_batched`]).
pub const JSONL_BATCH_BYTES: usize = 16 * 1024 * 1024;

/// Splits `bytes` into about `n` chunks of whole lines: (index of the chunk's first
/// line, chunk).
fn line_chunks(bytes: &[u8], n: usize) -> Vec<(usize, &[u8])> {
    let mut chunks = Vec::with_capacity(n);
    let mut start = 0;
    let mut first_line = 0;
    for k in 1..=n {
        let target = bytes.len() * k / n;
        let end = if k == n {
            bytes.len()
        } else {
            match bytes[target.max(start)..].iter().position(|&b| b == b'\n') {
                Some(i) => target.max(start) + i + 1,
                None => bytes.len(),
            }
        };
        if end > start {
            let chunk = &bytes[start..end];
            chunks.push((first_line, chunk));
            first_line += chunk.iter().filter(|&&b| b == b'\n').count();
            start = end;
        }
    }
    chunks
}

/// Lists the corpus files under `paths` (folders are walked recursively; hidden
/// entries and other extensions are ignored), sorted by path.
pub fn scan(paths: &[PathBuf]) -> Result<Vec<FileStat>> {
    Ok(scan_reporting(paths)?.0)
}

/// [`scan`], with what it passed over and why: symbolic links (never followed, so
/// nothing outside the corpus folders is read), FIFOs, sockets and devices with a
/// corpus extension, and entries it cannot read.
pub fn scan_reporting(paths: &[PathBuf]) -> Result<(Vec<FileStat>, Vec<Skipped>)> {
    let mut passed = Vec::new();
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            return Err(Error::CorpusMissing(root.clone()));
        }
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(root).display().to_string();
                    tracing::warn!(path, error = %e, "cannot read corpus entry, skipped");
                    passed.push(Skipped {
                        path,
                        line: None,
                        reason: format!("cannot be read: {e}"),
                    });
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_symlink() {
                passed.push(Skipped {
                    path: entry.path().display().to_string(),
                    line: None,
                    reason: "a symbolic link (links are not followed)".into(),
                });
                continue;
            }
            if !kind.is_file() {
                if !kind.is_dir() && has_corpus_extension(entry.path()) {
                    passed.push(Skipped {
                        path: entry.path().display().to_string(),
                        line: None,
                        reason: "not a regular file (a FIFO, socket or device)".into(),
                    });
                }
                continue;
            }
            if !has_corpus_extension(entry.path()) {
                continue;
            }
            // A newline in a file name would forge an extra line wherever its id is
            // printed; JSONL ids with control characters are refused the same way.
            if entry.path().to_string_lossy().chars().any(char::is_control) {
                passed.push(Skipped {
                    path: entry.path().display().to_string(),
                    line: None,
                    reason: "its name holds control characters (not usable as an id)".into(),
                });
                continue;
            }
            let meta = entry
                .metadata()
                .map_err(|e| Error::io("reading metadata of", entry.path(), e.into()))?;
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64);
            let id = article_id(root, entry.path());
            files.push(FileStat {
                id,
                path: entry.into_path(),
                size: meta.len(),
                mtime_ns,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    passed.sort_by(|a, b| a.path.cmp(&b.path));
    passed.dedup_by(|a, b| a.path == b.path);
    Ok((files, passed))
}

/// `root/a/b.md` → `a/b`; a root that is itself a file gives its stem.
fn article_id(root: &Path, path: &Path) -> String {
    let relative = path
        .strip_prefix(root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    let relative = relative.unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()));
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let (Some(last), Some(stem)) = (parts.last_mut(), relative.file_stem()) {
        *last = stem.to_string_lossy().into_owned();
    }
    parts.join("/")
}

/// Whether `path` has one of the corpus file extensions (case-insensitive).
pub(crate) fn has_corpus_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Loads one file. Never fails: what cannot be loaded is reported in `skipped`.
pub fn load_file(file: &FileStat, max_bytes: u64) -> LoadedFile {
    let path = file.path.as_path();
    let file_name = path.display().to_string();
    let skip = |reason: String| skipped_file(&file_name, reason);
    if let Err(reason) = check_size(path, max_bytes) {
        return skip(reason);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return skip(format!("cannot read: {e}")),
    };
    let hash = blake3::hash(&bytes).to_hex()[..32].to_string();
    let mut loaded = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
    {
        load_jsonl(&file_name, &bytes)
    } else {
        match load_document(&file.id, &bytes) {
            Ok(article) => LoadedFile {
                articles: vec![article],
                ..LoadedFile::default()
            },
            Err(reason) => return skip(reason),
        }
    };
    loaded.hash = hash;
    loaded
}

/// A file skipped whole, logged with its reason.
fn skipped_file(file_name: &str, reason: String) -> LoadedFile {
    tracing::warn!(
        file = file_name,
        reason = reason.as_str(),
        "skipped corpus file"
    );
    LoadedFile {
        skipped: vec![Skipped {
            path: file_name.to_string(),
            line: None,
            reason,
        }],
        ..LoadedFile::default()
    }
}

/// Whether the file can be stat'ed and is within `corpus.max_file_bytes`.
fn check_size(path: &Path, max_bytes: u64) -> std::result::Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max_bytes => Err(format!(
            "too large ({} bytes; corpus.max_file_bytes is {max_bytes})",
            m.len()
        )),
        Ok(_) => Ok(()),
        Err(e) => Err(format!("cannot read: {e}")),
    }
}

fn load_document(id: &str, bytes: &[u8]) -> Result<Article, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.valid_up_to()
        )
    })?;
    if id.is_empty() || id.contains(char::REPLACEMENT_CHARACTER) {
        return Err("file name is not valid UTF-8".into());
    }
    frontmatter::parse_article(id.to_string(), text)
}

fn skipped_line(file_name: &str, line: usize, reason: String) -> Skipped {
    tracing::warn!(
        file = file_name,
        line,
        reason = reason.as_str(),
        "skipped corpus line"
    );
    Skipped {
        path: file_name.to_string(),
        line: Some(line),
        reason,
    }
}

fn load_jsonl(file_name: &str, bytes: &[u8]) -> LoadedFile {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return LoadedFile {
            skipped: vec![skipped_line(
                file_name,
                1,
                "binary file (contains NUL bytes)".into(),
            )],
            ..LoadedFile::default()
        };
    }
    let mut loaded = parse_jsonl_block(file_name, bytes, 0);
    if loaded.articles.is_empty() && loaded.skipped.is_empty() {
        loaded
            .skipped
            .push(skipped_line(file_name, 1, "empty file".into()));
    }
    loaded
}

/// Parses whole JSONL lines; `first_line` is the 0-based number of the block's first
/// line in its file.
fn parse_jsonl_block(file_name: &str, bytes: &[u8], first_line: usize) -> LoadedFile {
    // Large blocks are parsed in parallel, one chunk of whole lines per core;
    // results are put back together in line order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunks = if bytes.len() > PARALLEL_JSONL_BYTES && threads > 1 {
        line_chunks(bytes, threads)
    } else {
        vec![(0, bytes)]
    };
    let parse_chunk = |(chunk_line, chunk): (usize, &[u8])| {
        let mut part = LoadedFile::default();
        for (n, raw) in chunk.split(|&b| b == b'\n').enumerate() {
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = std::str::from_utf8(raw)
                .map_err(|e| {
                    format!(
                        "not valid UTF-8 (first bad byte at column {})",
                        e.valid_up_to() + 1
                    )
                })
                .and_then(jsonl::parse_line);
            match parsed {
                Ok(article) => {
                    part.articles.push(article);
                    part.lines.push(first_line + chunk_line + n + 1);
                }
                Err(reason) => part.skipped.push(skipped_line(
                    file_name,
                    first_line + chunk_line + n + 1,
                    reason,
                )),
            }
        }
        part
    };
    let parts: Vec<LoadedFile> = if chunks.len() == 1 {
        chunks.into_iter().map(parse_chunk).collect()
    } else {
        in_parallel(file_name, first_line, chunks, parse_chunk)
    };
    let mut loaded = LoadedFile::default();
    for part in parts {
        loaded.articles.extend(part.articles);
        loaded.lines.extend(part.lines);
        loaded.skipped.extend(part.skipped);
    }
    loaded
}

/// Runs `parse` over each chunk of lines on its own thread, results in chunk order.
/// A chunk whose parser panicked (a bug) is not dropped in silence: its lines are
/// reported as not loaded, so the load report still accounts for every line.
fn in_parallel<'a>(
    file_name: &str,
    first_line: usize,
    chunks: Vec<(usize, &'a [u8])>,
    parse: impl Fn((usize, &'a [u8])) -> LoadedFile + Sync,
) -> Vec<LoadedFile> {
    std::thread::scope(|scope| {
        let parse = &parse;
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| (c, scope.spawn(move || parse(c))))
            .collect();
        handles
            .into_iter()
            .map(|((chunk_line, chunk), h)| {
                h.join().unwrap_or_else(|_| {
                    let from = first_line + chunk_line + 1;
                    let unterminated = !chunk.is_empty() && !chunk.ends_with(b"\n");
                    let lines = (chunk.iter().filter(|&&b| b == b'\n').count()
                        + usize::from(unterminated))
                    .max(1);
                    LoadedFile {
                        skipped: vec![skipped_line(
                            file_name,
                            from,
                            format!(
                                "lines {from}-{} were not loaded: their parser failed (a bug in newsdesk; please report it)",
                                from + lines - 1
                            ),
                        )],
                        ..LoadedFile::default()
                    }
                })
            })
            .collect()
    })
}

/// Like [`load_file`], but hands the file on in batches: a JSONL file in blocks of
/// whole lines of about `batch_bytes` (see [`JSONL_BATCH_BYTES`]), so a bulk file is
/// never in memory whole. Every batch but the last has an empty `hash`; the last
/// carries the hash of the whole file (empty if it could not be read), as
/// [`load_file`] would.
pub fn load_file_batched(
    file: &FileStat,
    max_bytes: u64,
    batch_bytes: usize,
    mut on_batch: impl FnMut(LoadedFile),
) {
    let path = file.path.as_path();
    let is_jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
    // The size the scan saw decides the path: no second stat per file.
    if !is_jsonl || file.size <= batch_bytes as u64 {
        return on_batch(load_file(file, max_bytes));
    }
    let file_name = path.display().to_string();
    let fail = |reason: String| skipped_file(&file_name, reason);
    if let Err(reason) = check_size(path, max_bytes) {
        return on_batch(fail(reason));
    }
    let mut reader = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return on_batch(fail(format!("cannot read: {e}"))),
    };
    let mut hasher = blake3::Hasher::new();
    let mut block: Vec<u8> = Vec::with_capacity(batch_bytes);
    let (mut lines_before, mut seen_any, mut first) = (0usize, false, true);
    loop {
        // Fill the block up to the batch size (or the end of the file).
        let filled = block.len();
        // A block still holding a partial line that filled it doubles.
        let size = if filled < batch_bytes {
            batch_bytes
        } else {
            filled * 2
        };
        block.resize(size, 0);
        let mut end = filled;
        let read = loop {
            match std::io::Read::read(&mut reader, &mut block[end..]) {
                Ok(0) => break Ok(true),
                Ok(n) => {
                    hasher.update(&block[end..end + n]);
                    end += n;
                    if end == block.len() {
                        break Ok(false);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        block.truncate(end);
        let at_eof = match read {
            Ok(eof) => eof,
            Err(e) => return on_batch(fail(format!("cannot read: {e}"))),
        };
        if first && block.iter().take(8192).any(|&b| b == 0) {
            return on_batch(LoadedFile {
                skipped: vec![skipped_line(
                    &file_name,
                    1,
                    "binary file (contains NUL bytes)".into(),
                )],
                ..LoadedFile::default()
            });
        }
        first = false;
        // Parse the whole lines; keep a partial last line for the next block.
        // (No newline yet in a non-final block: one very long line; read on.)
        let cut = if at_eof {
            block.len()
        } else {
            block.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        if cut == 0 && !at_eof {
            continue;
        }
        let mut batch = parse_jsonl_block(&file_name, &block[..cut], lines_before);
        seen_any |= !batch.articles.is_empty() || !batch.skipped.is_empty();
        lines_before += block[..cut].iter().filter(|&&b| b == b'\n').count();
        block.drain(..cut);
        if at_eof {
            if !seen_any {
                batch
                    .skipped
                    .push(skipped_line(&file_name, 1, "empty file".into()));
            }
            batch.hash = hasher.finalize().to_hex()[..32].to_string();
            return on_batch(batch);
        }
        on_batch(batch);
    }
}

/// Loads every article under `paths`; ids must be unique (the first file in path
/// order keeps an id, later ones are skipped).
pub fn load_all(paths: &[PathBuf], max_bytes: u64) -> Result<(Vec<Article>, LoadReport)> {
    let (files, passed) = scan_reporting(paths)?;
    let mut report = LoadReport {
        files: files.len(),
        skipped: passed,
        ..LoadReport::default()
    };
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut articles = Vec::new();
    for file in &files {
        let loaded = load_file(file, max_bytes);
        report.skipped.extend(loaded.skipped);
        let display = file.path.display().to_string();
        for (i, article) in loaded.articles.into_iter().enumerate() {
            if let Some(owner) = owners.get(&article.id) {
                report.skipped.push(duplicate_id(
                    &display,
                    loaded.lines.get(i).copied(),
                    &article.id,
                    owner,
                ));
                continue;
            }
            owners.insert(article.id.clone(), display.clone());
            articles.push(article);
        }
    }
    report.articles = articles.len();
    Ok((articles, report))
}

/// The report entry for an article whose id another file already uses.
pub(crate) fn duplicate_id(path: &str, line: Option<usize>, id: &str, owner: &str) -> Skipped {
    let reason = format!("duplicate id {id:?} (already loaded from {owner})");
    tracing::warn!(file = %path, line, %reason, "skipped article");
    Skipped {
        path: path.to_string(),
        line,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) {
        std::fs::write(dir.join(name), bytes).unwrap();
    }

    fn batched(stat: &FileStat, batch_bytes: usize) -> (LoadedFile, usize) {
        let mut all = LoadedFile::default();
        let mut batches = 0;
        load_file_batched(stat, 1 << 30, batch_bytes, |b| {
            batches += 1;
            assert!(all.hash.is_empty(), "only the last batch has the hash");
            all.hash = b.hash;
            all.articles.extend(b.articles);
            all.skipped.extend(b.skipped);
        });
        (all, batches)
    }

    #[test]
    fn batched_jsonl_loads_exactly_what_a_whole_read_loads() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 0..300 {
            match i {
                100 => text.push_str("{not json\n"),
                150 => text.push('\n'),
                200 => {
                    // One line longer than a batch.
                    let long = "word ".repeat(3000);
                    text.push_str(&format!(
                        "{{\"id\":\"long\",\"title\":\"L\",\"body\":\"{long}\"}}\n"
                    ));
                }
                _ => text.push_str(&format!(
                    "{{\"id\":\"a{i}\",\"title\":\"T{i}\",\"body\":\"Body {i}.\"}}\n"
                )),
            }
        }
        text.push_str("{\"id\":\"last\",\"title\":\"No newline\",\"body\":\"End.\"}");
        write(dir.path(), "bulk.jsonl", text.as_bytes());
        let stat = &scan(&[dir.path().to_path_buf()]).unwrap()[0];
        let whole = load_file(stat, 1 << 30);
        let (parts, batches) = batched(stat, 4096);
        assert!(batches > 3, "{batches}");
        assert_eq!(parts.articles, whole.articles);
        assert_eq!(parts.skipped, whole.skipped);
        assert_eq!(parts.skipped[0].line, Some(101));
        assert_eq!(parts.hash, whole.hash);
        assert_eq!(whole.articles.len(), 299);

        write(dir.path(), "bulk.jsonl", b"\n\n   \n");
        let stat = &scan(&[dir.path().to_path_buf()]).unwrap()[0];
        let (empty, _) = batched(stat, 2);
        assert_eq!(empty.skipped, load_file(stat, 1 << 30).skipped);
        assert!(empty.skipped[0].reason.contains("empty"));
    }

    #[test]
    fn bad_files_are_skipped_with_reasons_and_good_ones_load() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "good.md", b"+++\ntitle = \"Good\"\n+++\nA fine article.");
        write(d, "plain.txt", b"Plain headline\nBody text.");
        write(d, "latin1.txt", b"Caf\xe9 au lait\n");
        write(d, "binary.txt", b"\x00\x01\x02binary");
        write(d, "empty.md", b"  \n");
        write(d, "big.txt", &vec![b'a'; 2000]);
        write(d, "broken.md", b"+++\ntitle = \n+++\nBody");
        std::fs::create_dir(d.join("sub")).unwrap();
        write(&d.join("sub"), "good.txt", b"Not the same id as good.md\n");
        write(d, "j1.md", b"Same id as a JSONL line\n");
        write(d, "bulk.jsonl", b"{\"id\":\"j1\",\"body\":\"Line one.\"}\n{oops}\n\n{\"id\":\"j2\",\"title\":\"T\",\"body\":\"Two.\"}\n{\"id\":\"j2\",\"body\":\"Again.\"}\n");
        write(d, "notes.pdf", b"ignored extension");
        write(d, ".hidden.md", b"ignored hidden file");

        let (articles, report) = load_all(&[d.to_path_buf()], 1000).unwrap();
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            ["j1", "j2", "good", "plain", "sub/good"],
            "in path order"
        );
        assert_eq!(report.files, 10);
        let reasons: Vec<String> = report.skipped.iter().map(|s| s.to_string()).collect();
        let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
        assert!(has("binary.txt: binary"), "{reasons:?}");
        assert!(has("big.txt: too large"), "{reasons:?}");
        assert!(has("broken.md: malformed front matter"), "{reasons:?}");
        assert!(has("empty.md: empty"), "{reasons:?}");
        assert!(has("latin1.txt: not valid UTF-8"), "{reasons:?}");
        assert!(has("bulk.jsonl:2: invalid JSON"), "{reasons:?}");
        assert!(has("j1.md: duplicate id \"j1\""), "{reasons:?}");
        assert!(has("bulk.jsonl:5: duplicate id \"j2\""), "{reasons:?}");
        assert_eq!(reasons.len(), 8, "{reasons:?}");
    }

    #[test]
    fn line_chunks_cover_every_line_once_in_order() {
        let text = b"a\nbb\n\nccc\nd";
        for n in 1..6 {
            let chunks = line_chunks(text, n);
            let joined: Vec<u8> = chunks.iter().flat_map(|(_, c)| c.iter().copied()).collect();
            assert_eq!(joined, text);
            let mut line = 0;
            for (first, chunk) in &chunks {
                assert_eq!(*first, line);
                line += chunk.iter().filter(|&&b| b == b'\n').count();
            }
        }
    }

    #[test]
    fn a_chunk_whose_parser_panics_is_reported_not_dropped() {
        let text = b"a\nb\nc\nd\ne\nf\n";
        let chunks = line_chunks(text, 2);
        assert_eq!(chunks[1], (4, &b"e\nf\n"[..]));
        let parts = in_parallel("bulk.jsonl", 10, chunks, |(line, _)| {
            assert!(line == 0, "the second chunk's parser fails");
            LoadedFile {
                lines: vec![11],
                ..LoadedFile::default()
            }
        });
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].lines, [11]);
        let lost = &parts[1].skipped;
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].line, Some(15));
        assert!(
            lost[0].reason.contains("lines 15-16 were not loaded"),
            "{lost:?}"
        );
    }

    #[test]
    fn missing_corpus_path_is_a_user_error() {
        let err = scan(&[PathBuf::from("/nonexistent/corpus")]).unwrap_err();
        assert!(err.is_user_error());
    }
}
