//! A small version of the retrieval evaluation (benches/run.sh runs the full one on
//! BBC News): known-item queries on the shipped corpus, through the library.

use std::time::Duration;

use newsdesk::{Config, Engine, SearchRequest};

/// First sentences of the paragraphs of a body that are long enough to be a query.
fn paragraph_openers(body: &str) -> Vec<String> {
    body.split('\n')
        .map(str::trim)
        .filter_map(|p| {
            let end = p.find(". ").map_or(p.len(), |i| i + 1);
            let s = &p[..end];
            (s.split_whitespace().count() >= 8).then(|| s.to_string())
        })
        .collect()
}

#[test]
fn known_item_queries_find_their_article() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let text = format!(
        "[corpus]\npaths = [{:?}]\n[index]\npath = {:?}\n",
        corpus.display().to_string(),
        dir.path().join("index").display().to_string()
    );
    let engine =
        Engine::open(Config::parse(&text, std::path::Path::new("t.toml")).unwrap()).unwrap();
    engine.sync(Duration::from_secs(10)).unwrap();

    let mut queries: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let id = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let article = engine.article(&id).unwrap().article;
        queries.push((article.title.clone(), id.clone()));
        for q in paragraph_openers(&article.body) {
            queries.push((q, id.clone()));
        }
    }
    assert!(
        queries.len() >= 30,
        "a few dozen queries: {}",
        queries.len()
    );

    let (mut rr, mut at1, mut at3) = (0.0, 0, 0);
    for (q, id) in &queries {
        let hits = engine
            .search(&SearchRequest {
                query: q.clone(),
                limit: Some(10),
                ..SearchRequest::default()
            })
            .unwrap()
            .hits;
        if let Some(rank) = hits.iter().position(|h| &h.id == id) {
            rr += 1.0 / (rank as f64 + 1.0);
            at1 += usize::from(rank == 0);
            at3 += usize::from(rank < 3);
        }
    }
    let n = queries.len() as f64;
    let mrr = rr / n;
    eprintln!(
        "smoke evaluation: {} queries, MRR@10 {mrr:.3}, R@1 {:.3}, R@3 {:.3}",
        queries.len(),
        at1 as f64 / n,
        at3 as f64 / n
    );
    assert!(mrr >= 0.9, "MRR@10 {mrr:.3}");
    assert_eq!(
        at3,
        queries.len(),
        "every article is in the top 3 for its own sentences"
    );
}
