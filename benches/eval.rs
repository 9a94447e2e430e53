//! Evaluation and speed benchmark of newsdesk on a JSONL corpus (see benches/run.sh).
//!
//! ```text
//! eval quality CORPUS.jsonl QRELS.json OUT.json   known-item retrieval (MRR@10, R@1, R@10)
//! eval speed   CORPUS.jsonl LABEL QUERIES OUT     indexing, search and ask latency, memory
//! eval answers CORPUS QUESTIONS_DIR SET OUT.jsonl  candidates and answers per question
//! eval embed   CORPUS.jsonl LIMIT OUT.json        sentence-encoder throughput
//! eval story   CORPUS.jsonl QUOTES.jsonl OUT.json EVENTS.jsonl
//!                                                  whosaid recall on quotes drawn from
//!                                                  the corpus, speakers against
//!                                                  benches/story/speakers.jsonl;
//!                                                  timeline on headlines
//! ```
//!
//! Heap is counted by a global allocator wrapper; RSS is read from /proc.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use newsdesk::{Config, Engine, SearchRequest};
use serde_json::{Value, json};

/// Counts live heap bytes and their peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Peak resident set size of this process so far (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn engine_for(corpus: &[PathBuf], work: &Path) -> Engine {
    let paths: Vec<String> = corpus
        .iter()
        .map(|p| format!("{:?}", p.display().to_string()))
        .collect();
    // NEWSDESK_EVAL_SEARCH adds keys to [search], to compare ranking settings.
    let search = std::env::var("NEWSDESK_EVAL_SEARCH").unwrap_or_default();
    // Sentence vectors are cached in the work folder, never in the user's data/.
    let cache = std::env::var("NEWSDESK_EVAL_VECTORS")
        .unwrap_or_else(|_| work.join("vectors.db").display().to_string());
    let text = format!(
        "[corpus]\npaths = [{}]\nmax_file_bytes = 1000000000\n[index]\npath = {:?}\n[search]\n{}\n[semantic]\ncache_path = {:?}\n{}\n",
        paths.join(", "),
        work.join("index").display().to_string(),
        search.replace(';', "\n"),
        cache,
        std::env::var("NEWSDESK_EVAL_SEMANTIC")
            .unwrap_or_default()
            .replace(';', "\n"),
    );
    let config = Config::parse(&text, Path::new("eval.toml")).expect("config");
    Engine::open(config).expect("open")
}

fn percentiles(mut v: Vec<Duration>) -> Value {
    v.sort();
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    json!({"n": v.len(), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0)})
}

fn quality(corpus: &Path, qrels: &Path, out: &Path) {
    let work = tempfile::tempdir().unwrap();
    let engine = engine_for(&[corpus.to_path_buf()], work.path());
    let started = Instant::now();
    let report = engine.sync(Duration::from_secs(60)).expect("index");
    let build = started.elapsed();
    let qrels: Value = serde_json::from_str(&std::fs::read_to_string(qrels).unwrap()).unwrap();
    let mut results = serde_json::Map::new();
    // Each kind of query, and the question kind per split (tune, test).
    let mut groups: Vec<String> = Vec::new();
    for q in qrels["queries"].as_array().unwrap() {
        let kind = q["kind"].as_str().unwrap().to_string();
        let mut names = vec![kind.clone()];
        if let Some(split) = q["split"].as_str() {
            names.push(format!("{kind}-{split}"));
        }
        for name in names {
            if !groups.contains(&name) {
                groups.push(name);
            }
        }
    }
    for kind in &groups {
        let (mut rr, mut r1, mut r10, mut n) = (0.0, 0.0, 0.0, 0usize);
        let mut times = Vec::new();
        for q in qrels["queries"].as_array().unwrap().iter().filter(|q| {
            q["kind"] == kind.as_str()
                || format!(
                    "{}-{}",
                    q["kind"].as_str().unwrap_or(""),
                    q["split"].as_str().unwrap_or("")
                ) == *kind
        }) {
            let relevant: HashSet<&str> = q["relevant"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            let t = Instant::now();
            let hits = engine.search(&SearchRequest {
                query: q["query"].as_str().unwrap().to_string(),
                limit: Some(10),
                ..SearchRequest::default()
            });
            times.push(t.elapsed());
            n += 1;
            let Ok(hits) = hits else { continue };
            // A story folds its near-duplicates into `also_in`: any of them is correct.
            let rank = hits.hits.iter().position(|h| {
                relevant.contains(h.id.as_str())
                    || h.also_in.iter().any(|a| relevant.contains(a.id.as_str()))
            });
            if let Some(r) = rank {
                rr += 1.0 / (r as f64 + 1.0);
                r10 += 1.0;
                if r == 0 {
                    r1 += 1.0;
                }
            }
        }
        let n_f = n as f64;
        results.insert(
            kind.to_string(),
            json!({"queries": n, "mrr10": rr / n_f, "recall1": r1 / n_f, "recall10": r10 / n_f, "latency": percentiles(times)}),
        );
    }
    let doc = json!({"system": "newsdesk", "articles": report.articles, "index_seconds": build.as_secs_f64(), "results": results});
    std::fs::write(out, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    println!("{}", serde_json::to_string_pretty(&doc).unwrap());
}

fn speed(corpus: &Path, label: &str, queries: &Path, out: &Path) {
    let work = tempfile::tempdir().unwrap();
    let extra = work.path().join("incoming");
    std::fs::create_dir_all(&extra).unwrap();
    let engine = engine_for(&[corpus.to_path_buf(), extra.clone()], work.path());
    let bytes = std::fs::metadata(corpus).unwrap().len() as f64;
    let started = Instant::now();
    let report = engine.sync(Duration::from_secs(60)).expect("index");
    let build = started.elapsed().as_secs_f64();
    let index_peak_heap = PEAK.load(Ordering::Relaxed);
    let index_peak_rss = peak_rss_mb();

    // The same seeded queries the peers run (benches/prepare.py).
    let queries: Value = serde_json::from_str(&std::fs::read_to_string(queries).unwrap()).unwrap();
    let list = |k: &str| -> Vec<String> {
        queries[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_str().unwrap().to_string())
            .collect()
    };
    let (keyword, questions) = (list("keyword"), list("question"));
    let search = |q: &str| {
        engine
            .search(&SearchRequest {
                query: q.to_string(),
                limit: Some(10),
                ..SearchRequest::default()
            })
            .unwrap()
    };
    // Warm up, then measure.
    for q in keyword.iter().chain(&questions).take(300) {
        search(q);
    }
    let heap_before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(heap_before, Ordering::Relaxed);
    let timed = |qs: &[String], f: &dyn Fn(&str)| -> Vec<Duration> {
        qs.iter()
            .map(|q| {
                let t = Instant::now();
                f(q);
                t.elapsed()
            })
            .collect()
    };
    let keyword_lat = timed(&keyword, &|q| {
        search(q);
    });
    let question_lat = timed(&questions, &|q| {
        search(q);
    });
    // Questions never asked before (their sentences are encoded: the vector cache
    // starts empty), then the same again (vectors cached, as in a running bot).
    let asks: Vec<String> = questions.iter().take(100).cloned().collect();
    let ask_cold = timed(&asks, &|q| {
        let _ = engine.ask(q);
    });
    let ask_lat = timed(&asks, &|q| {
        let _ = engine.ask(q);
    });
    let query_heap_peak = PEAK.load(Ordering::Relaxed).saturating_sub(heap_before);

    // A new article landing in a corpus folder: time until a query finds it.
    let t = Instant::now();
    std::fs::write(
        extra.join("breaking.md"),
        "+++\ntitle = \"Zyxwv breaking story\"\n+++\nThe zyxwvutsr committee met today in an unusual session.",
    )
    .unwrap();
    engine.sync(Duration::from_secs(60)).unwrap();
    let found = search("zyxwvutsr").hits.len();
    let visible = t.elapsed();
    assert_eq!(found, 1, "the new article must be found");

    let doc = json!({
        "label": label,
        "articles": report.articles,
        "corpus_mb": bytes / 1e6,
        "index_seconds": build,
        "index_mb_per_s": bytes / 1e6 / build,
        "index_articles_per_s": report.articles as f64 / build,
        "index_peak_heap_mb": mb(index_peak_heap),
        "index_peak_rss_mb": index_peak_rss,
        "search_keyword": percentiles(keyword_lat),
        "search_question": percentiles(question_lat),
        "ask": percentiles(ask_lat),
        "ask_cold": percentiles(ask_cold),
        "query_heap_peak_mb": mb(query_heap_peak),
        "peak_rss_mb": peak_rss_mb(),
        "new_article_visible_ms": visible.as_secs_f64() * 1000.0,
        "index_dir": work.path().join("index").display().to_string(),
    });
    std::fs::write(out, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    println!("{}", serde_json::to_string_pretty(&doc).unwrap());
}

/// Sentence-encoder throughput: indexes the first `limit` articles of a JSONL corpus,
/// then `Engine::embed` encodes and caches all their sentences.
fn embed(corpus: &Path, limit: usize, out: &Path) {
    let work = tempfile::tempdir().unwrap();
    let part = work.path().join("part.jsonl");
    let text = std::fs::read_to_string(corpus).unwrap();
    let lines: Vec<&str> = text.lines().take(limit).collect();
    std::fs::write(&part, lines.join("\n") + "\n").unwrap();
    let engine = engine_for(&[part], work.path());
    engine.sync(Duration::from_secs(60)).expect("index");
    let started = Instant::now();
    let load = engine.model_state();
    let loaded = started.elapsed();
    let t = Instant::now();
    let sentences = engine.embed(None, |_, _, _| {}).expect("embed");
    let seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let again = engine.embed(None, |_, _, _| {}).expect("embed");
    let resume = t.elapsed().as_secs_f64();
    let doc = json!({
        "articles": lines.len(),
        "sentences": sentences,
        "seconds": seconds,
        "sentences_per_s": sentences as f64 / seconds,
        "model_load_ms": loaded.as_secs_f64() * 1000.0,
        "model": load,
        "second_pass_encoded": again,
        "second_pass_seconds": resume,
        "peak_rss_mb": peak_rss_mb(),
    });
    std::fs::write(out, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    println!("{}", serde_json::to_string_pretty(&doc).unwrap());
}

/// Reads and answers every development question of one set against its corpus,
/// writing, per question, the scored candidates (for benches/fit_answer.py) and the
/// answer (for grading) as JSON lines.
fn answers(corpus: &Path, questions: &Path, set: &str, out: &Path) {
    let work = tempfile::tempdir().unwrap();
    let engine = engine_for(&[corpus.to_path_buf()], work.path());
    engine.sync(Duration::from_secs(120)).expect("index");
    eprintln!("encoder: {:?}", engine.model_state());
    let mut lines = Vec::new();
    let mut entries = std::fs::read_dir(questions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect::<Vec<_>>();
    entries.sort();
    for file in entries {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let q: Value = serde_json::from_str(line).unwrap();
            if q["set"] != set {
                continue;
            }
            let text = q["question"].as_str().unwrap();
            let t = Instant::now();
            let answer = engine.ask(text).expect("ask");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let reading = engine.read_question(text).expect("read");
            lines.push(
                json!({
                    "id": q["id"],
                    "ms": ms,
                    "semantic": reading.semantic(),
                    "answer": answer,
                    "candidates": reading.explain(),
                })
                .to_string(),
            );
        }
    }
    std::fs::write(out, lines.join("\n") + "\n").unwrap();
    eprintln!(
        "{} questions of set {set} read into {}",
        lines.len(),
        out.display()
    );
}

/// `whosaid` on quotes drawn from the corpus (benches/story_quotes.py): is the
/// source article found, is a misquote marked altered, is a fabricated quote
/// refused; and `timeline` on 60 headlines as topics, with its dated events written
/// to EVENTS for grading by hand.
fn story(corpus: &Path, quotes: &Path, out: &Path, events_out: &Path) {
    let work = tempfile::tempdir().expect("tempdir");
    let engine = engine_for(&[corpus.to_path_buf()], work.path());
    engine.sync(Duration::from_secs(60)).expect("index");
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize, usize, Vec<Duration>)> =
        Default::default();
    let mut misses = Vec::new();
    for line in std::fs::read_to_string(quotes).expect("quotes").lines() {
        let q: Value = serde_json::from_str(line).expect("quote line");
        let (kind, quote, id) = (
            q["kind"].as_str().unwrap(),
            q["quote"].as_str().unwrap(),
            q["id"].as_str().unwrap(),
        );
        let t = Instant::now();
        let report = engine.whosaid(quote).expect("whosaid");
        let took = t.elapsed();
        let entry = by_kind.entry(kind.to_string()).or_default();
        entry.0 += 1;
        entry.3.push(took);
        let source = report.occurrences.iter().find(|o| o.article.id == id);
        let right = match kind {
            "fabricated" => !report.found,
            "altered" => source.is_some_and(|o| o.altered),
            _ => source.is_some_and(|o| !o.altered),
        };
        if right {
            entry.1 += 1;
        } else {
            misses.push(json!({"kind": kind, "quote": quote, "id": id,
                "found": report.occurrences.iter().map(|o| json!({"id": o.article.id, "altered": o.altered, "matched": o.matched.text})).collect::<Vec<_>>()}));
        }
        // Occurrences beyond the source (copies of the article are counted apart).
        entry.2 += report
            .occurrences
            .iter()
            .filter(|o| o.article.id != id)
            .count();
    }
    // Speakers against the hand-labelled quotes: the tuning half (even lines) and
    // the held-out half. "as written": an unresolved role or body named as the text
    // names it ("the spokesman"), not a wrong name.
    let mut speakers = json!({});
    let labelled = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/story/speakers.jsonl");
    for (i, line) in std::fs::read_to_string(labelled)
        .expect("speakers")
        .lines()
        .enumerate()
    {
        let g: Value = serde_json::from_str(line).expect("speaker line");
        let report = engine
            .whosaid(g["quote"].as_str().unwrap())
            .expect("whosaid");
        let occurrence = report.occurrences.iter().find(|o| o.article.id == g["id"]);
        let got = occurrence.and_then(|o| o.speaker.clone());
        let written = occurrence.and_then(|o| o.speaker_as_written.clone());
        let outcome = match (g["speaker"].as_str(), got.as_deref()) {
            (Some(gold), Some(got)) if gold.eq_ignore_ascii_case(got) => "right",
            (None, None) => "right",
            (Some(_), None) => "missing",
            (_, Some(got))
                if written.as_deref() == Some(got)
                    && matches!(got.split(' ').next(), Some("the" | "a" | "an")) =>
            {
                "as_written"
            }
            _ => "wrong",
        };
        let half = if i % 2 == 0 { "tuning" } else { "held_out" };
        let n = speakers[half][outcome].as_u64().unwrap_or(0);
        speakers[half][outcome] = json!(n + 1);
    }
    let kinds: serde_json::Map<String, Value> = by_kind
        .into_iter()
        .map(|(k, (n, right, others, times))| {
            (k, json!({"n": n, "right": right, "other_articles": others, "latency": percentiles(times)}))
        })
        .collect();

    // Timelines: topics are headlines of every 37th article.
    let lines: Vec<Value> = std::fs::read_to_string(corpus)
        .expect("corpus")
        .lines()
        .map(|l| serde_json::from_str(l).expect("article"))
        .collect();
    let mut times = Vec::new();
    let (mut events, mut from_text, mut merged, mut empty) = (0, 0, 0, 0);
    let mut dump = String::new();
    for a in lines.iter().step_by(37).take(60) {
        let topic = a["title"].as_str().unwrap();
        let t = Instant::now();
        let timeline = engine.timeline(topic, None, None).expect("timeline");
        times.push(t.elapsed());
        empty += usize::from(timeline.events.is_empty());
        for e in &timeline.events {
            events += 1;
            merged += usize::from(!e.also.is_empty());
            if e.date_from == newsdesk::reply::DateFrom::Text {
                from_text += 1;
                dump.push_str(&serde_json::to_string(&json!({"topic": topic, "date": e.date, "precision": e.precision, "date_text": e.date_text, "text": e.text, "id": e.article.id})).unwrap());
                dump.push('\n');
            }
        }
    }
    std::fs::write(events_out, dump).expect("write events");
    let result = json!({
        "articles": engine.status().expect("status").articles,
        "whosaid": kinds,
        "whosaid_misses": misses,
        "speakers": speakers,
        "timeline": {"topics": times.len(), "empty": empty, "events": events, "dated_by_text": from_text, "with_other_reports": merged, "latency": percentiles(times)},
    });
    std::fs::write(out, serde_json::to_string_pretty(&result).unwrap()).expect("write");
    println!(
        "{}",
        serde_json::to_string_pretty(&result["whosaid"]).unwrap()
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&result["timeline"]).unwrap()
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["quality", corpus, qrels, out] => {
            quality(Path::new(corpus), Path::new(qrels), Path::new(out))
        }
        ["embed", corpus, limit, out] => embed(
            Path::new(corpus),
            limit.parse().expect("a number of articles"),
            Path::new(out),
        ),
        ["answers", corpus, questions, set, out] => {
            answers(Path::new(corpus), Path::new(questions), set, Path::new(out))
        }
        ["speed", corpus, label, queries, out] => {
            speed(Path::new(corpus), label, Path::new(queries), Path::new(out))
        }
        ["story", corpus, quotes, out, events] => story(
            Path::new(corpus),
            Path::new(quotes),
            Path::new(out),
            Path::new(events),
        ),
        _ => {
            eprintln!(
                "usage: eval story CORPUS QUOTES OUT EVENTS | eval quality CORPUS QRELS OUT | eval speed CORPUS LABEL QUERIES OUT | eval answers CORPUS QUESTIONS SET OUT | eval embed CORPUS LIMIT OUT"
            );
            std::process::exit(2);
        }
    }
}
