//! Property tests: whatever the archive holds, rendered Discord messages respect
//! every Discord limit, never cut a quote or a sentence, and keep markdown balanced.

use jiff::civil::Date;
use newsdesk::render::discord::{self as render, Message, escape, len, limits};
use newsdesk::reply::{
    Answer, AnswerSentence, ArticleRef, Excerpt, Hit, InContext, Quote, SearchResults, Source,
};
use proptest::prelude::*;

fn hostile_text(max_parts: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            5 => "[A-Za-z]{1,12}",
            2 => Just(" ".to_string()),
            1 => prop::sample::select(vec![
                "**", "__", "~~", "`", "```", "||", "> ", "# ", "- ", "[", "](", ")", "\\", "@everyone", "@here",
                "<@123>", "<#456>", "<t:1:R>", "🙂", "👍🏽", "\n", ". ", "“", "”", "\"", "é", "\u{202e}", "http://x.org/(a)",
            ])
            .prop_map(str::to_string),
        ],
        1..max_parts,
    )
    .prop_map(|p| p.concat())
}

fn date() -> impl Strategy<Value = Option<Date>> {
    prop::option::of(
        (2000i16..2030, 1i8..13, 1i8..29).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap()),
    )
}

fn source(n: usize) -> impl Strategy<Value = Source> {
    (
        hostile_text(40),
        hostile_text(600),
        prop::option::of(hostile_text(5)),
        date(),
        prop::option::of(hostile_text(20)),
    )
        .prop_map(move |(title, quote, outlet, published, url)| Source {
            n,
            id: format!("id-{n}"),
            title,
            outlet,
            published,
            url: url.map(|u| format!("https://example.org/{u}")),
            end: quote.len(),
            quotes: vec![Quote {
                text: quote.clone(),
                start: 0,
                end: quote.len(),
            }],
            quote,
            start: 0,
        })
}

fn answer() -> impl Strategy<Value = Answer> {
    (1usize..40, any::<bool>())
        .prop_flat_map(|(n, found)| {
            let sources: Vec<_> = (1..=n).map(source).collect();
            (
                sources,
                prop::collection::vec(hostile_text(20), 0..5),
                Just(found),
                hostile_text(60),
            )
        })
        .prop_map(|(sources, quotes, found, question)| Answer {
            question,
            found,
            answer: sources
                .iter()
                .map(|s| AnswerSentence {
                    text: s.quote.clone(),
                    id: s.id.clone(),
                    start: s.start,
                    end: s.end,
                    citations: vec![s.n],
                })
                .collect(),
            sources,
            see_also: Vec::new(),
            quotes: quotes
                .into_iter()
                .map(|q| Quote {
                    end: q.len(),
                    text: q,
                    start: 0,
                })
                .collect(),
        })
}

fn search_results() -> impl Strategy<Value = SearchResults> {
    (
        hostile_text(80),
        prop::collection::vec(
            (
                hostile_text(60),
                hostile_text(120),
                date(),
                prop::option::of(hostile_text(4)),
            ),
            0..16,
        ),
        0usize..4,
    )
        .prop_map(|(query, hits, _)| {
            let hits: Vec<Hit> = hits
                .into_iter()
                .enumerate()
                .map(|(i, (title, text, published, outlet))| {
                    let end = text.len();
                    let mid = text
                        .char_indices()
                        .nth(text.chars().count() / 2)
                        .map_or(0, |(i, _)| i);
                    Hit {
                        rank: i + 1,
                        id: format!("hit-{i}"),
                        title,
                        outlet,
                        published,
                        url: None,
                        score: 1.0,
                        excerpt: Excerpt {
                            highlights: if mid > 0 { vec![[0, mid]] } else { vec![] },
                            text,
                            start: 0,
                            end,
                        },
                        also_in: vec![ArticleRef {
                            id: "dup".into(),
                            title: "Dup".into(),
                            outlet: Some("**Wire**".into()),
                            published: None,
                            url: None,
                        }],
                    }
                })
                .collect();
            SearchResults {
                query,
                total: hits.len(),
                hits,
            }
        })
}

fn assert_limits(m: &Message) {
    assert!(len(&m.content) <= limits::CONTENT);
    assert!(m.embeds.len() <= limits::EMBEDS);
    let total: usize = m.embeds.iter().map(|e| e.total_len()).sum();
    assert!(total <= limits::EMBED_TOTAL, "embeds total {total}");
    for e in &m.embeds {
        assert!(
            e.colour.is_some(),
            "every embed has its reply kind's colour"
        );
        assert!(e.title.as_deref().map_or(0, len) <= limits::TITLE);
        assert!(len(&e.description) <= limits::DESCRIPTION);
        assert!(e.footer.as_deref().map_or(0, len) <= limits::FOOTER);
        assert!(e.fields.len() <= limits::FIELDS);
        for f in &e.fields {
            assert!(len(&f.name) <= limits::FIELD_NAME && !f.name.is_empty());
            assert!(len(&f.value) <= limits::FIELD_VALUE && !f.value.is_empty());
        }
    }
    assert!(m.buttons.len() <= 5);
    for b in &m.buttons {
        assert!(len(&b.label) <= limits::LABEL && len(&b.custom_id) <= limits::CUSTOM_ID);
    }
    if let Some(s) = &m.select {
        assert!(s.options.len() <= 25 && !s.options.is_empty());
        for o in &s.options {
            assert!(len(&o.label) <= limits::OPTION && len(&o.value) <= limits::OPTION);
            assert!(o.description.as_deref().map_or(0, len) <= limits::OPTION);
        }
    }
}

/// Bold markers that are not escaped come in pairs (link targets, where markdown
/// does not apply, are skipped).
fn balanced_bold(text: &str) -> bool {
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                count += 1;
            }
            _ => {}
        }
    }
    count % 2 == 0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn answers_respect_limits_and_never_cut_sentences_or_quotes(a in answer()) {
        let m = render::answer(&a, &a.question, Some("0123456789abcdef"));
        assert_limits(&m);
        if !a.found {
            prop_assert_eq!(m.embeds[0].colour, Some(render::colours::NOT_FOUND));
            return Ok(());
        }
        let e = &m.embeds[0];
        // The sentences come first, each shown whole (with its markers) or not at all;
        // after them only source lines ("[n] title · outlet · date"), no quote again.
        let units: Vec<String> = a.answer.iter().map(|s| format!("{} \\[{}\\]", escape(&s.text), s.citations[0])).collect();
        let mut rest = e.description.as_str();
        for unit in &units {
            match rest.strip_prefix(unit.as_str()) {
                Some(after) => rest = after.strip_prefix("\n\n").unwrap_or(after),
                None => break,
            }
        }
        for line in rest.lines() {
            prop_assert!(line.starts_with("\\["), "not a source line: {:?}", line);
        }
        prop_assert!(e.fields.iter().all(|f| f.name == "Key quotes"));
        prop_assert!(balanced_bold(&e.description), "{}", e.description);
        for m in render::sources(&a, &|_: &str, _, _| None) {
            assert_limits(&m);
        }
        let context = |_: &str, _, _| {
            Some(InContext {
                before: a.question.clone(),
                text: a.question.clone(),
                after: a.question.clone(),
            })
        };
        for m in render::sources(&a, &context) {
            assert_limits(&m);
            for e in &m.embeds {
                prop_assert!(balanced_bold(&e.description), "{}", e.description);
            }
        }
    }

    #[test]
    fn search_pages_respect_limits(r in search_results(), page in 0usize..3) {
        let m = render::search_page(&r, "0123456789abcdef", page);
        assert_limits(&m);
        if page == 0 && r.hits.len() <= render::PAGE_SIZE {
            prop_assert!(m.buttons.is_empty(), "one page: no paging buttons");
        }
        for e in &m.embeds {
            prop_assert!(balanced_bold(&e.description), "{}", e.description);
            prop_assert!(!e.description.contains("@everyone"));
        }
    }

    #[test]
    fn escaped_text_reads_as_written(text in hostile_text(60)) {
        let escaped = escape(&text);
        let mut shown = String::new();
        let mut chars = escaped.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => shown.extend(chars.next()),
                '\u{2060}' => {}
                c => shown.push(c),
            }
        }
        prop_assert_eq!(shown, text);
        prop_assert!(!escaped.contains("@everyone"));
        let bytes = escaped.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'<' {
                prop_assert!(i > 0 && bytes[i - 1] == b'\\', "unescaped <: {}", escaped);
            }
        }
    }
}

fn digest() -> impl Strategy<Value = newsdesk::reply::Digest> {
    (
        prop::collection::vec((hostile_text(40), answer()), 0..30),
        0usize..50,
    )
        .prop_map(|(stories, left_out)| newsdesk::reply::Digest {
            since: "2026-03-27T07:00:00Z".parse().unwrap(),
            until: "2026-03-28T07:00:00Z".parse().unwrap(),
            total_stories: stories.len() + left_out,
            stories: stories
                .into_iter()
                .map(|(headline, a)| newsdesk::reply::Story {
                    headline,
                    url: Some("https://example.org/story".into()),
                    answer: a.answer.into_iter().take(2).collect(),
                    articles: a.sources.iter().map(|s| s.id.clone()).collect(),
                    outlets: a.sources.iter().filter_map(|s| s.outlet.clone()).collect(),
                    also_reported_by: a
                        .sources
                        .iter()
                        .map(|s| ArticleRef {
                            id: s.id.clone(),
                            title: s.title.clone(),
                            outlet: s.outlet.clone(),
                            published: s.published,
                            url: s.url.clone(),
                        })
                        .collect(),
                    sources: a.sources,
                })
                .collect(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn long_digests_split_across_messages_within_limits(d in digest(), told in prop_oneof![Just(0usize), 1usize..30]) {
        let mut d = d;
        d.total_stories += told;
        let messages = render::digest(&d, "Daily digest, 2026-03-28", told);
        prop_assert!(!messages.is_empty());
        for m in &messages {
            assert_limits(m);
        }
        // Every story is in exactly one embed, in order, numbered after those told
        // before; the header opens the first message.
        let titles: Vec<&str> = messages.iter().flat_map(|m| m.embeds.iter()).filter_map(|e| e.title.as_deref()).collect();
        prop_assert_eq!(titles.len(), d.stories.len());
        for (i, t) in titles.iter().enumerate() {
            let prefix = format!("{}. ", told + i + 1);
            prop_assert!(t.starts_with(&prefix), "{} {}", i, t);
        }
        prop_assert!(messages[0].content.contains("Daily digest"));
        // Stories left out are counted and offered, the next ones by a button that
        // carries how many were told.
        let more = d.total_stories - told - d.stories.len();
        let buttons: Vec<_> = messages.iter().flat_map(|m| &m.buttons).collect();
        if more > 0 && !d.stories.is_empty() {
            prop_assert_eq!(buttons.len(), 1);
            prop_assert!(buttons[0].label.starts_with(&format!("Show {} more", more.min(render::MORE_STORIES))), "{}", buttons[0].label);
            let suffix = format!(":{}", told + d.stories.len());
            prop_assert!(buttons[0].custom_id.ends_with(&suffix), "{}", buttons[0].custom_id);
        } else if more == 0 {
            prop_assert!(buttons.is_empty());
        }
    }

    #[test]
    fn thread_names_never_mention_anyone(q in hostile_text(30)) {
        let name = render::thread_name(&q);
        prop_assert!(!name.is_empty() && len(&name) <= 100);
        prop_assert!(!name.contains('@') && !name.contains('<'), "{}", name);
    }
}

/// An occurrence of a quote in hostile text: the match is any char-aligned part of
/// the sentence.
fn occurrence() -> impl Strategy<Value = newsdesk::reply::Occurrence> {
    (
        hostile_text(40),
        hostile_text(400),
        prop::option::of(hostile_text(5)),
        date(),
        prop::option::of(hostile_text(8)),
        any::<bool>(),
        prop::collection::vec((hostile_text(6), hostile_text(6)), 0..4),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(
            |(title, text, outlet, published, speaker, altered, diffs, a, b)| {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let (a, b) = (a.get(&bounds).to_owned(), b.get(&bounds).to_owned());
                let (lo, hi) = (a.min(b) + 100, a.max(b) + 100);
                newsdesk::reply::Occurrence {
                    article: ArticleRef {
                        id: "id".into(),
                        title,
                        outlet,
                        published,
                        url: Some("https://example.org/a".into()),
                    },
                    matched: Quote {
                        text: text[lo - 100..hi - 100].to_string(),
                        start: lo,
                        end: hi,
                    },
                    start: 100,
                    end: 100 + text.len(),
                    text,
                    speaker_as_written: speaker.clone(),
                    speaker,
                    altered,
                    differences: diffs
                        .into_iter()
                        .map(|(quoted, article)| newsdesk::reply::Difference { quoted, article })
                        .collect(),
                }
            },
        )
}

fn event() -> impl Strategy<Value = newsdesk::reply::Event> {
    (
        hostile_text(40),
        hostile_text(500),
        prop::option::of(hostile_text(5)),
        date(),
        prop::collection::vec((hostile_text(10), prop::option::of(hostile_text(5))), 0..6),
        prop::sample::select(vec![
            ("2015", newsdesk::reply::Precision::Year),
            ("2022-02", newsdesk::reply::Precision::Month),
            ("2017-07-17", newsdesk::reply::Precision::Week),
            ("2017-01-28", newsdesk::reply::Precision::Day),
        ]),
        any::<bool>(),
    )
        .prop_map(
            |(title, text, outlet, published, also, (date, precision), from_text)| {
                newsdesk::reply::Event {
                    date: date.into(),
                    precision,
                    date_from: if from_text {
                        newsdesk::reply::DateFrom::Text
                    } else {
                        newsdesk::reply::DateFrom::Published
                    },
                    date_text: from_text.then(|| date.to_string()),
                    article: ArticleRef {
                        id: "id".into(),
                        title,
                        outlet,
                        published,
                        url: None,
                    },
                    start: 0,
                    end: text.len(),
                    text,
                    also: also
                        .into_iter()
                        .enumerate()
                        .map(|(i, (title, outlet))| newsdesk::reply::EventReport {
                            article: ArticleRef {
                                id: format!("other-{i}"),
                                title,
                                outlet,
                                published: None,
                                url: Some("https://example.org/(b)".into()),
                            },
                            text: "x".into(),
                            start: 0,
                            end: 1,
                        })
                        .collect(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn whosaid_pages_respect_limits_and_page_only_when_long(
        quote in hostile_text(40),
        occurrences in prop::collection::vec(occurrence(), 0..14),
        page in 0usize..4,
    ) {
        use render::story::{QUOTES_PER_PAGE, whosaid_page};
        let report = newsdesk::reply::QuoteReport {
            found: !occurrences.is_empty(),
            quote,
            occurrences,
        };
        let m = whosaid_page(&report, "0123456789abcdef", page);
        assert_limits(&m);
        for e in &m.embeds {
            prop_assert!(balanced_bold(&e.description), "{}", e.description);
            prop_assert!(!e.description.contains("@everyone"));
        }
        let colour = if report.found { render::colours::PROVENANCE } else { render::colours::NOT_FOUND };
        prop_assert_eq!(m.embeds[0].colour, Some(colour));
        prop_assert_eq!(m.buttons.is_empty(), report.occurrences.len() <= QUOTES_PER_PAGE);
    }

    #[test]
    fn timeline_pages_respect_limits_and_page_only_when_long(
        topic in hostile_text(40),
        events in prop::collection::vec(event(), 0..20),
        page in 0usize..5,
    ) {
        use render::story::{EVENTS_PER_PAGE, timeline_page};
        let timeline = newsdesk::reply::Timeline { topic, since: None, until: None, events };
        let m = timeline_page(&timeline, "0123456789abcdef", page);
        assert_limits(&m);
        for e in &m.embeds {
            prop_assert!(balanced_bold(&e.description), "{}", e.description);
            prop_assert!(!e.description.contains("@everyone"));
        }
        prop_assert_eq!(m.buttons.is_empty(), timeline.events.len() <= EVENTS_PER_PAGE);
    }
}
