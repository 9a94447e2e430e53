//! `/whosaid` and `/timeline` as Discord messages: one page of occurrences or
//! events at a time, each quoting the article word for word with its source, and
//! paging buttons when there is more.

use super::{
    ButtonStyle, Embed, Message, byline, colours, escape, fill, fill_lines, human_date, limits,
    linked_title, not_in_archive, numbered_line, shorten,
};
use crate::reply::{DateFrom, Occurrence, QuoteReport, Timeline};

/// Occurrences of a quote per page.
pub const QUOTES_PER_PAGE: usize = 5;
/// Timeline events per page.
pub const EVENTS_PER_PAGE: usize = 6;

/// Custom ids of the paging buttons: `nd:ws:<key>:<page>` for a quote,
/// `nd:tl:<key>:<page>` for a timeline (the request is saved under `key`).
pub mod ids {
    /// Page `page` of the quote saved under `key`.
    pub fn quote_page(key: &str, page: usize) -> String {
        format!("nd:ws:{key}:{page}")
    }
    /// Page `page` of the timeline saved under `key`.
    pub fn timeline_page(key: &str, page: usize) -> String {
        format!("nd:tl:{key}:{page}")
    }
}

/// "◀ Previous" and "Next ▶", or none when everything fits on one page.
fn pager(pages: usize, page: usize, id: impl Fn(usize) -> String) -> Vec<super::Button> {
    if pages <= 1 {
        return Vec::new();
    }
    vec![
        super::Button {
            custom_id: id(page.saturating_sub(1)),
            label: "◀ Previous".into(),
            style: ButtonStyle::Secondary,
            disabled: page == 0,
        },
        super::Button {
            custom_id: id(page + 1),
            label: "Next ▶".into(),
            style: ButtonStyle::Secondary,
            disabled: page + 1 >= pages,
        },
    ]
}

fn pages(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Most characters of a sentence shown around a quote, or of an event: a sentence
/// of a page's length (an unpunctuated paragraph) is shown in part, marked "…",
/// so it cannot push the rest of the page out.
const SHOWN_CHARS: usize = 500;

/// `text` cut to about `max` characters at a word boundary, with "…" where cut:
/// its start kept, or with `from_end` its end.
fn clip(text: &str, max: usize, from_end: bool) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    if from_end {
        let start = text
            .char_indices()
            .rev()
            .nth(max.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let start = text[start..]
            .find(char::is_whitespace)
            .map_or(start, |s| start + s);
        format!("…{}", text[start..].trim_start())
    } else {
        let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
        let end = text[..end].rfind(char::is_whitespace).unwrap_or(end);
        format!("{}…", text[..end].trim_end())
    }
}

/// The sentence that carries a quote, escaped, with the quote's words in bold
/// (the words around them cut when the sentence is very long).
fn carrying_sentence(o: &Occurrence) -> String {
    let a = o.matched.start.saturating_sub(o.start);
    let b = o.matched.end.saturating_sub(o.start);
    let text = match (o.text.get(..a), o.text.get(a..b), o.text.get(b..)) {
        (Some(before), Some(quote), Some(after)) if a < b => format!(
            "{}**{}**{}",
            escape(&clip(before, SHOWN_CHARS / 2, true)),
            escape(&clip(quote, SHOWN_CHARS, false)),
            escape(&clip(after, SHOWN_CHARS / 2, false))
        ),
        _ => escape(&clip(&o.text, SHOWN_CHARS, false)),
    };
    format!("> {}", text.replace(['\n', '\r'], " "))
}

fn occurrence_block(n: usize, o: &Occurrence, first: bool) -> String {
    let mut block = format!(
        "**{n}.** {}",
        linked_title(&o.article.title, o.article.url.as_deref(), 150)
    );
    let by = byline(o.article.outlet.as_deref(), o.article.published);
    if !by.is_empty() {
        block.push_str(&format!(" · {by}"));
    }
    if first {
        block.push_str(" · *first report*");
    }
    let speaker = match (&o.speaker, &o.speaker_as_written) {
        (Some(name), Some(written)) if written != name => {
            format!("{} (“{}” in the text)", escape(name), escape(written))
        }
        (Some(name), _) => escape(name),
        (None, _) => "*not named in the text*".into(),
    };
    block.push_str(&format!("\nSpeaker: {speaker}\n{}", carrying_sentence(o)));
    if o.altered {
        let changes: Vec<String> = o
            .differences
            .iter()
            .map(|d| match (d.quoted.is_empty(), d.article.is_empty()) {
                (false, false) => format!("“{}” → “{}”", escape(&d.quoted), escape(&d.article)),
                (false, true) => format!("“{}” is not in the article", escape(&d.quoted)),
                _ => format!("the article adds “{}”", escape(&d.article)),
            })
            .collect();
        block.push_str(&format!(
            "\n*Altered:* {}",
            shorten(&changes.join("; "), 600)
        ));
    }
    block
}

/// Page `page` of where a quote appears (saved under `key`).
pub fn whosaid_page(r: &QuoteReport, key: &str, page: usize) -> Message {
    let quote = crate::render::terminal::bare_quote(&r.quote).replace(['\n', '\r'], " ");
    if !r.found {
        return Message {
            embeds: vec![not_in_archive(format!(
                "No article in the archive carries “{}”, word for word or nearly.",
                escape(&shorten(&quote, 300))
            ))],
            ..Message::default()
        };
    }
    let total = pages(r.occurrences.len(), QUOTES_PER_PAGE);
    let page = page.min(total - 1);
    let start = page * QUOTES_PER_PAGE;
    let blocks: Vec<String> = r
        .occurrences
        .iter()
        .enumerate()
        .skip(start)
        .take(QUOTES_PER_PAGE)
        .map(|(i, o)| occurrence_block(i + 1, o, i == 0 && r.first_report().is_some()))
        .collect();
    let mut description = String::new();
    let shown = fill(&mut description, &blocks, limits::DESCRIPTION - 100);
    if shown < blocks.len() {
        description.push_str(
            "\n\n*Longer than Discord allows: `newsdesk whosaid --json` has every occurrence.*",
        );
    }
    let altered = r.occurrences.iter().filter(|o| o.altered).count();
    let mut footer = format!(
        "{} article{}",
        r.occurrences.len(),
        if r.occurrences.len() == 1 { "" } else { "s" }
    );
    if altered > 0 {
        footer.push_str(&format!(" · {altered} altered"));
    }
    if total > 1 {
        footer.push_str(&format!(" · page {} of {total}", page + 1));
    }
    Message {
        embeds: vec![Embed {
            title: Some(shorten(&format!("Who said “{quote}”"), limits::TITLE)),
            description,
            footer: Some(footer),
            colour: Some(colours::PROVENANCE),
            ..Embed::default()
        }],
        buttons: pager(total, page, |p| ids::quote_page(key, p)),
        ..Message::default()
    }
}

/// Page `page` of a story's timeline (saved under `key`).
pub fn timeline_page(t: &Timeline, key: &str, page: usize) -> Message {
    let topic = t.topic.trim().replace(['\n', '\r'], " ");
    let window = match (t.since, t.until) {
        (None, None) => String::new(),
        (s, u) => format!(
            " ({} to {})",
            s.map_or_else(|| "the start".into(), human_date),
            u.map_or_else(|| "now".into(), human_date)
        ),
    };
    if t.events.is_empty() {
        return Message {
            embeds: vec![not_in_archive(format!(
                "The archive has no dated events on “{}”{window}.",
                escape(&shorten(&topic, 300))
            ))],
            ..Message::default()
        };
    }
    let total = pages(t.events.len(), EVENTS_PER_PAGE);
    let page = page.min(total - 1);
    // One number per article, the same on every page; each page lists the
    // sources its events cite.
    let sources = t.sources();
    let events: Vec<&crate::reply::Event> = t
        .events
        .iter()
        .skip(page * EVENTS_PER_PAGE)
        .take(EVENTS_PER_PAGE)
        .collect();
    let blocks: Vec<String> = events
        .iter()
        .map(|e| {
            let from = match e.date_from {
                DateFrom::Text => "from the text",
                DateFrom::Published => "publication date",
            };
            let marks: String = t
                .citations(e, &sources)
                .iter()
                .map(|n| format!("\\[{n}\\]"))
                .collect();
            format!(
                "**{}** · *{from}*\n> {} {marks}",
                crate::render::event_date(e),
                escape(&clip(&e.text, SHOWN_CHARS, false)).replace(['\n', '\r'], " "),
            )
        })
        .collect();
    // Room kept for the source lines under the events.
    let reserved = 1200;
    let mut description = String::new();
    let shown = fill(&mut description, &blocks, limits::DESCRIPTION - reserved);
    let mut cited: Vec<usize> = events[..shown]
        .iter()
        .flat_map(|e| t.citations(e, &sources))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let lines: Vec<String> = cited
        .iter()
        .map(|&n| {
            let r = &sources[n - 1];
            numbered_line(
                n,
                &r.title,
                r.url.as_deref(),
                r.outlet.as_deref(),
                r.published,
            )
        })
        .collect();
    let mut block = String::new();
    fill_lines(&mut block, &lines, reserved - 200);
    if !block.is_empty() {
        description.push_str("\n\n");
        description.push_str(&block);
    }
    if shown < blocks.len() {
        description.push_str(
            "\n\n*Longer than Discord allows: `newsdesk timeline --json` has every event.*",
        );
    }
    let mut footer = format!(
        "{} event{}",
        t.events.len(),
        if t.events.len() == 1 { "" } else { "s" }
    );
    if total > 1 {
        footer.push_str(&format!(" · page {} of {total}", page + 1));
    }
    Message {
        embeds: vec![Embed {
            title: Some(shorten(
                &format!("Timeline: {topic}{window}"),
                limits::TITLE,
            )),
            description,
            footer: Some(footer),
            colour: Some(colours::TIMELINE),
            ..Embed::default()
        }],
        buttons: pager(total, page, |p| ids::timeline_page(key, p)),
        ..Message::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{ArticleRef, Quote};

    fn occurrence(id: &str, text: &str, quote: &str) -> Occurrence {
        let at = text.find(quote).unwrap();
        Occurrence {
            article: ArticleRef {
                id: id.into(),
                title: format!("Story {id}"),
                outlet: None,
                published: None,
                url: None,
            },
            text: text.into(),
            start: 0,
            end: text.len(),
            matched: Quote {
                text: quote.into(),
                start: at,
                end: at + quote.len(),
            },
            speaker: None,
            speaker_as_written: None,
            altered: false,
            differences: Vec::new(),
        }
    }

    #[test]
    fn a_page_long_sentence_is_shown_in_part_and_the_page_still_holds_the_rest() {
        let long = format!(
            "{} we will rebuild every bridge {}",
            "word ".repeat(1500),
            "more ".repeat(1500)
        );
        let mut occurrences = vec![occurrence("long", &long, "we will rebuild every bridge")];
        for i in 0..4 {
            let text = format!("Minister {i} said \"we will rebuild every bridge\" today.");
            occurrences.push(occurrence(
                &format!("short-{i}"),
                &text,
                "we will rebuild every bridge",
            ));
        }
        let report = QuoteReport {
            quote: "we will rebuild every bridge".into(),
            found: true,
            occurrences,
        };
        let m = whosaid_page(&report, "k", 0);
        let d = &m.embeds[0].description;
        assert!(d.contains("…word word") && d.contains("**we will rebuild every bridge**"));
        for i in 0..4 {
            assert!(d.contains(&format!("Story short-{i}")), "{d}");
        }
        assert!(!d.contains("Longer than Discord allows"));
        assert!(crate::render::discord::len(d) <= limits::DESCRIPTION);
    }
}
