//! A small version of the answer evaluation (benches/run.sh runs the full one): the
//! development questions over the shipped corpus (benches/questions/shipped*.jsonl),
//! answered by the real engine with the real sentence encoder, graded like
//! benches/fit_answer.py grades them, against the team's bar.

mod common;

use std::path::Path;

use common::shipped_engine as engine;
use newsdesk::Engine;
use serde_json::Value;

fn questions() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/questions");
    [
        "shipped.jsonl",
        "shipped-broad.jsonl",
        "shipped-direct.jsonl",
    ]
    .iter()
    .flat_map(|name| {
        std::fs::read_to_string(dir.join(name))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect::<Vec<Value>>()
    })
    .collect()
}

/// Whether the answer cites an article holding the answer with a sentence that
/// contains a key phrase.
fn right(q: &Value, answer: &Value) -> bool {
    let keys: Vec<String> = q["key"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_lowercase())
        .collect();
    let articles: Vec<&str> = q["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let sources = answer["sources"].as_array().unwrap();
    answer["answer"].as_array().unwrap().iter().any(|s| {
        let text = s["text"].as_str().unwrap().to_lowercase();
        let cites_right = s["citations"].as_array().unwrap().iter().any(|n| {
            sources
                .iter()
                .any(|src| src["n"] == *n && articles.contains(&src["id"].as_str().unwrap()))
        });
        cites_right && keys.iter().any(|k| text.contains(k))
    })
}

struct Tally {
    right: usize,
    answerable: usize,
    refused: usize,
    out_of_archive: usize,
}

fn tally(engine: &Engine) -> Tally {
    let mut t = Tally {
        right: 0,
        answerable: 0,
        refused: 0,
        out_of_archive: 0,
    };
    for q in questions() {
        let answer =
            serde_json::to_value(engine.ask(q["question"].as_str().unwrap()).unwrap()).unwrap();
        // Every quote is verbatim, whatever the grade.
        for s in answer["sources"].as_array().unwrap() {
            let body = engine
                .article(s["id"].as_str().unwrap())
                .unwrap()
                .article
                .body;
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&body[a..b], s["quote"].as_str().unwrap());
        }
        if q["kind"] == "answerable" {
            t.answerable += 1;
            if right(&q, &answer) {
                t.right += 1;
            } else {
                eprintln!("not right: {} -> {}", q["question"], answer["answer"]);
            }
        } else {
            t.out_of_archive += 1;
            if answer["found"] == Value::Bool(false) {
                t.refused += 1;
            } else {
                eprintln!(
                    "answered out of archive: {} -> {}",
                    q["question"], answer["answer"]
                );
            }
        }
    }
    t
}

#[test]
fn shipped_corpus_questions_are_answered_and_out_of_archive_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path(), "");
    assert!(
        engine.semantic().is_some(),
        "the shipped model loads: {:?}",
        engine.model_state()
    );
    let t = tally(&engine);
    eprintln!(
        "shipped corpus: {}/{} right, {}/{} out-of-archive refused",
        t.right, t.answerable, t.refused, t.out_of_archive
    );
    // What the fitted model measured on these questions (51 of 93 right, 16 of 26
    // refused, both halves; benches/RESULTS.md), with a little room: a change that
    // makes answers worse fails here.
    assert!(t.right >= 48, "{}/{} right", t.right, t.answerable);
    assert!(
        t.refused >= 14,
        "{}/{} refused",
        t.refused,
        t.out_of_archive
    );
}

#[test]
fn without_the_encoder_answers_are_lexical_and_still_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path(), "enabled = false");
    assert!(engine.semantic().is_none());
    let t = tally(&engine);
    eprintln!(
        "shipped corpus, words only: {}/{} right, {}/{} out-of-archive refused",
        t.right, t.answerable, t.refused, t.out_of_archive
    );
    // Words alone answer few paraphrased questions (19 of 93 measured: the encoder is
    // what makes paraphrases work) and refuse most out-of-archive ones (21 of 26).
    assert!(t.right >= 16, "{}/{} right", t.right, t.answerable);
    assert!(
        t.refused >= 19,
        "{}/{} refused",
        t.refused,
        t.out_of_archive
    );
}
