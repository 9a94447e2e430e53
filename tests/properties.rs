//! Property tests over the text paths user input and corpus files reach: nothing
//! panics, and every span handed out is a verbatim, in-bounds slice.

use std::collections::HashMap;

use newsdesk::excerpt::excerpt;
use newsdesk::index::query;
use newsdesk::text::{analyzer, sentences};
use proptest::prelude::*;

/// Text with the characters news bodies and hostile queries are made of.
fn newsy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[A-Za-z]{1,9}",
            1 => Just(" ".to_string()),
            1 => Just(". ".to_string()),
            1 => prop::sample::select(vec![
                "\"", "“", "”", "...", "…", "\n", "\n\n", "Mr. ", "U.S. ", "- ", "é", "🙂",
                "(", ")", ":", "AND", "title:", "*", "?", "!", "+++", "\r\n", "’", "\u{202e}",
            ])
            .prop_map(str::to_string),
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sentences_are_ordered_trimmed_in_bounds(text in newsy_text()) {
        let spans = sentences(&text);
        let mut last_end = 0;
        for s in &spans {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(s.start >= last_end, "overlapping sentences");
            let t = s.of(&text);
            prop_assert_eq!(t, t.trim());
            last_end = s.end;
        }
    }

    #[test]
    fn any_query_parses_or_is_a_user_error(text in newsy_text()) {
        let mut a = analyzer();
        match query::parse(&mut a, &text) {
            Ok(parsed) => {
                prop_assert!(!parsed.terms.is_empty() || !parsed.phrases.is_empty());
                prop_assert!(parsed.terms.len() <= query::MAX_TERMS);
            }
            Err(e) => prop_assert!(e.is_user_error()),
        }
    }

    #[test]
    fn excerpts_are_verbatim_spans_with_inner_highlights(
        body in newsy_text(),
        words in prop::collection::vec("[a-z]{1,6}", 0..5),
        max in 40usize..400,
    ) {
        let mut a = analyzer();
        let weights: HashMap<String, f32> = words.into_iter().map(|w| (w, 1.0)).collect();
        let e = excerpt(&mut a, "Title", &body, &weights, max);
        prop_assert!(e.start <= e.end && e.end <= body.len());
        prop_assert_eq!(&body[e.start..e.end], e.text.as_str());
        for [s, t] in &e.highlights {
            prop_assert!(e.start <= *s && s < t && *t <= e.end);
        }
    }

    #[test]
    fn corpus_files_of_any_shape_load_or_are_skipped(bytes in prop::collection::vec(any::<u8>(), 0..400), front in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut content = if front { b"+++\ntitle = \"x\"\n".to_vec() } else { Vec::new() };
        content.extend_from_slice(&bytes);
        std::fs::write(dir.path().join("a.md"), &content).unwrap();
        std::fs::write(dir.path().join("b.jsonl"), &bytes).unwrap();
        let (articles, report) = newsdesk::corpus::load_all(&[dir.path().to_path_buf()], 1 << 20).unwrap();
        prop_assert_eq!(report.files, 2);
        prop_assert!(articles.len() + report.skipped.len() >= 1);
        for a in &articles {
            prop_assert!(!a.body.trim().is_empty());
        }
    }
}
