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

/// A small RSS document to mutate.
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>W</title><item><title>Port &amp; harbour</title><link>http://w.test/a</link><pubDate>Fri, 20 Nov 2026 08:15:00 +0000</pubDate><description>&lt;p&gt;Teaser&lt;/p&gt;</description><content:encoded><![CDATA[<p>The port <b>closed</b>.</p><ul><li>One</li></ul>]]></content:encoded></item></channel></rss>"#;

/// Any single-line text the front matter must carry (titles, names, links).
fn field_text() -> impl Strategy<Value = String> {
    "[^\\x00-\\x1f\\x7f]{1,40}".prop_map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_feed_parser_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = newsdesk::feeds::parse::parse(&bytes);
    }

    #[test]
    fn the_feed_parser_survives_damaged_feeds(
        cut in 0..FEED.len(),
        insert in prop::collection::vec(any::<u8>(), 0..12),
        drop in 0usize..20,
    ) {
        let mut bytes = FEED.as_bytes().to_vec();
        let end = (cut + drop).min(bytes.len());
        bytes.splice(cut..end, insert);
        if let Ok(parsed) = newsdesk::feeds::parse::parse(&bytes) {
            for item in parsed.items {
                prop_assert!(!item.title.trim().is_empty());
                prop_assert!(!item.body.trim().is_empty());
                prop_assert!(!item.title.contains('\n'));
            }
        }
    }

    #[test]
    fn archived_feed_items_load_back_exactly(
        title in field_text(),
        outlet in field_text(),
        body in newsy_text(),
        link in prop::option::of("https?://[a-z]{1,8}\\.test/[A-Za-z0-9/?=&%-]{0,20}"),
        authors in prop::collection::vec(field_text(), 0..3),
        tags in prop::collection::vec(field_text(), 0..3),
        day in 1i8..=28,
    ) {
        prop_assume!(!title.is_empty() && !outlet.is_empty() && !body.trim().is_empty());
        let item = newsdesk::feeds::parse::FeedItem {
            guid: "g".into(),
            title: title.clone(),
            link: link.clone(),
            published: Some(jiff::civil::date(2026, 11, day)),
            authors: authors.iter().filter(|a| !a.is_empty()).cloned().collect(),
            tags: tags.iter().filter(|t| !t.is_empty()).cloned().collect(),
            body: body.clone(),
            summary_only: false,
        };
        let text = newsdesk::feeds::archive::render(&outlet, &item).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("item.md"), &text).unwrap();
        let (articles, report) = newsdesk::corpus::load_all(&[dir.path().to_path_buf()], 1 << 20).unwrap();
        prop_assert!(report.skipped.is_empty(), "{:?}\n{}", report.skipped, text);
        let a = &articles[0];
        prop_assert_eq!(&a.title, &title);
        prop_assert_eq!(a.outlet.as_deref(), Some(outlet.as_str()));
        prop_assert_eq!(&a.url, &link);
        prop_assert_eq!(a.published, item.published);
        prop_assert_eq!(&a.authors, &item.authors);
        prop_assert_eq!(&a.tags, &item.tags);
        prop_assert_eq!(&a.body, &body, "the body is stored byte for byte");
    }
}
