//! Rendering the reply model for Discord, as plain data (the Discord adapter turns
//! it into serenity builders). Pure functions, so every Discord limit can be checked
//! by property tests:
//!
//! - message content 2000; embed title 256, description 4096, 25 fields, field name
//!   256, field value 1024, footer 2048, 6000 for all embeds of a message, 10 embeds;
//! - long answers are cut between sentences, with a pointer to the rest, never inside
//!   a quote or inside markdown;
//! - article text is escaped, so it cannot format, link or hide anything.

pub mod story;

use jiff::civil::Date;

use crate::reply::{Answer, ArticleView, Excerpt, Hit, InContext, Quote, SearchResults, Source};

/// Discord's limits, in characters (counted as UTF-16 code units, as Discord does).
pub mod limits {
    /// Message content.
    pub const CONTENT: usize = 2000;
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields per embed.
    pub const FIELDS: usize = 25;
    /// Field name.
    pub const FIELD_NAME: usize = 256;
    /// Field value.
    pub const FIELD_VALUE: usize = 1024;
    /// Embed footer.
    pub const FOOTER: usize = 2048;
    /// All embeds of one message together.
    pub const EMBED_TOTAL: usize = 6000;
    /// Embeds per message.
    pub const EMBEDS: usize = 10;
    /// Button label.
    pub const LABEL: usize = 80;
    /// Select option label, value and description.
    pub const OPTION: usize = 100;
    /// Custom id of a component.
    pub const CUSTOM_ID: usize = 100;
}

/// Results shown per search page.
pub const PAGE_SIZE: usize = 5;
/// Digest stories one "Show more" click sends.
pub const MORE_STORIES: usize = 10;

/// Length as Discord counts it.
pub fn len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// An embed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    /// Title (plain text: Discord does not render markdown there).
    pub title: Option<String>,
    /// Link of the title.
    pub url: Option<String>,
    /// Markdown body.
    pub description: String,
    /// Fields.
    pub fields: Vec<Field>,
    /// Footer text.
    pub footer: Option<String>,
    /// The stripe down the embed's left side, one per kind of reply ([`colours`]).
    pub colour: Option<u32>,
}

/// One colour per kind of reply, so an answer, a "not in the archive" and an error
/// tell themselves apart at a glance. Mid-tones that read on Discord's dark and light
/// themes alike.
pub mod colours {
    /// An answer quoted from the archive.
    pub const ANSWER: u32 = 0x2E_A0_43;
    /// The archive holds no answer.
    pub const NOT_FOUND: u32 = 0xD9_82_2B;
    /// Search results.
    pub const SEARCH: u32 = 0x58_65_F2;
    /// A summary of an article or a topic, or one article shown.
    pub const SUMMARY: u32 = 0x8E_5C_C2;
    /// A digest.
    pub const DIGEST: u32 = 0x1A_9C_8A;
    /// Status, help, settings.
    pub const STATUS: u32 = 0x7A_86_8F;
    /// Something failed.
    pub const ERROR: u32 = 0xD8_3C_3E;
    /// Where a quote comes from (`/whosaid`).
    pub const PROVENANCE: u32 = 0xC2_7C_0E;
    /// A story's timeline.
    pub const TIMELINE: u32 = 0x2F_7F_B5;
}

impl Embed {
    /// Characters counted against the 6000 total.
    pub fn total_len(&self) -> usize {
        self.title.as_deref().map_or(0, len)
            + len(&self.description)
            + self
                .fields
                .iter()
                .map(|f| len(&f.name) + len(&f.value))
                .sum::<usize>()
            + self.footer.as_deref().map_or(0, len)
    }
}

/// An embed field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name (plain text).
    pub name: String,
    /// Markdown value.
    pub value: String,
    /// Shown side by side with its inline neighbours (short facts), not full width.
    pub inline: bool,
}

/// Button colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    /// Blurple.
    Primary,
    /// Grey.
    Secondary,
}

/// A button.
#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    /// What the click sends back.
    pub custom_id: String,
    /// Label.
    pub label: String,
    /// Colour.
    pub style: ButtonStyle,
    /// Greyed out.
    pub disabled: bool,
}

/// A select menu option.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectOption {
    /// Label.
    pub label: String,
    /// Value sent back.
    pub value: String,
    /// Smaller text under the label.
    pub description: Option<String>,
}

/// A select menu.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// What the choice sends back.
    pub custom_id: String,
    /// Placeholder text.
    pub placeholder: String,
    /// Options (at most 25).
    pub options: Vec<SelectOption>,
}

/// A whole message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Message {
    /// Plain content (markdown).
    pub content: String,
    /// Embeds.
    pub embeds: Vec<Embed>,
    /// One row of buttons.
    pub buttons: Vec<Button>,
    /// A select menu in a row of its own.
    pub select: Option<Select>,
}

impl Message {
    fn text(content: String) -> Message {
        Message {
            content,
            ..Message::default()
        }
    }
}

/// Custom ids of the bot's components. They carry all the state a click needs
/// (the page travels in the id; the search itself is saved in SQLite under `key`),
/// so buttons keep working after a restart.
pub mod ids {
    /// `nd:page:<search key>:<page>`: show that page of a saved search.
    pub fn page(key: &str, page: usize) -> String {
        format!("nd:page:{key}:{page}")
    }
    /// `nd:sum`: summarise the chosen search result (value: article id).
    pub const SUMMARIZE: &str = "nd:sum";
    /// `nd:src:<answer key>`: show an answer's sources in full.
    pub fn sources(key: &str) -> String {
        format!("nd:src:{key}")
    }
    /// `nd:more:<since>:<until>:<told>` (Unix seconds; stories told so far): the
    /// next stories of that digest window.
    pub fn more(since: jiff::Timestamp, until: jiff::Timestamp, told: usize) -> String {
        // The window in whole seconds as the digest read it: its end rounded up, so
        // what came in during the last second is still in it.
        let until = until.as_second() + i64::from(until.subsec_nanosecond() > 0);
        format!("nd:more:{}:{until}:{told}", since.as_second())
    }
    /// `nd:vote:<answer key>:<+1|-1>`: feedback on an answer.
    pub fn vote(key: &str, up: bool) -> String {
        format!("nd:vote:{key}:{}", if up { "+1" } else { "-1" })
    }
}

/// Escapes Discord markdown (and masked-link brackets) so article text shows as
/// written (known mojibake shown repaired, see `text::mojibake`). Mentions are
/// defused by sending `allowed_mentions` = none on every message; on top of that `@` gets an invisible word joiner (U+2060) after it, so a
/// quoted `@everyone` does not even look like a ping.
pub fn escape(text: &str) -> String {
    // Shown repaired; the stored bytes (and `--json`) keep the mojibake.
    let text = crate::text::mojibake::repair(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' | '(' | ')' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '>' | '#' | '-' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{2060}"),
            _ => out.push(c),
        }
        at_line_start = c == '\n' || (at_line_start && c == ' ');
    }
    out
}

/// Cuts plain text (a title, a label; never a quote) to `max` characters at a word
/// boundary, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if len(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut mid_word = false;
    for c in text.chars() {
        if len(&out) + c.len_utf16() + 1 > max {
            mid_word = !c.is_whitespace();
            break;
        }
        out.push(c);
    }
    if mid_word
        && let Some(cut) = out
            .rfind(char::is_whitespace)
            .filter(|&i| i > out.len() / 2)
    {
        out.truncate(cut);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A thread's name made from the question that opened it: mentions (`@everyone`,
/// `<@123>`, `<#456>`, `<:emoji:789>`) and markdown removed, spaces collapsed, cut at
/// a word boundary to Discord's 100 characters.
pub fn thread_name(question: &str) -> String {
    let mut words = Vec::new();
    for word in question.split_whitespace() {
        // Discord's mention and emoji syntax (<@id>, <@!id>, <@&id>, <#id>,
        // <:name:id>) goes whole, even with punctuation after it ("<@123>,").
        let mut bare = String::new();
        let mut inside = false;
        for c in word.chars() {
            match c {
                '<' => inside = true,
                '>' if inside => inside = false,
                _ if !inside => bare.push(c),
                _ => {}
            }
        }
        let word: String = bare
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '~' | '`' | '|' | '<' | '>' | '#'))
            .collect();
        if word.chars().all(|c| !c.is_alphanumeric()) && !word.is_empty() && bare.len() < 3 {
            continue;
        }
        let bare = word.trim_start_matches('@');
        if word.starts_with('@')
            && (bare.is_empty()
                || bare.eq_ignore_ascii_case("everyone")
                || bare.eq_ignore_ascii_case("here")
                || bare
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
        {
            continue;
        }
        let word = word.replace('@', "");
        if !word.is_empty() {
            words.push(word);
        }
    }
    let name = shorten(&words.join(" "), 90);
    if name.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() {
        "Question".into()
    } else {
        name
    }
}

/// A link target Discord will accept, or none: http(s) only, no spaces, and no
/// parentheses that would end a markdown link early.
fn safe_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && len(url) <= 512;
    ok.then(|| url.replace('(', "%28").replace(')', "%29"))
}

/// A date as people write it: "11 Nov 2017".
pub fn human_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

fn byline(outlet: Option<&str>, published: Option<Date>) -> String {
    let mut parts = Vec::new();
    if let Some(o) = outlet {
        parts.push(escape(&o.replace(['\n', '\r'], " ")));
    }
    if let Some(d) = published {
        parts.push(human_date(d));
    }
    parts.join(" · ")
}

/// `[title](url)` with the title escaped, or just the escaped title.
fn linked_title(title: &str, url: Option<&str>, max: usize) -> String {
    // One line, whatever the feed put in the headline.
    let title = escape(&shorten(&title.replace(['\n', '\r'], " "), max));
    match safe_url(url) {
        Some(u) => format!("[{title}]({u})"),
        None => format!("**{title}**"),
    }
}

/// The excerpt, escaped, with matched words in bold.
fn excerpt_markdown(e: &Excerpt) -> String {
    let mut out = String::new();
    let mut at = e.start;
    for [s, t] in &e.highlights {
        if *s < at || *t > e.end {
            continue;
        }
        out.push_str(&escape(&e.text[at - e.start..s - e.start]));
        out.push_str("**");
        out.push_str(&escape(&e.text[s - e.start..t - e.start]));
        out.push_str("**");
        at = *t;
    }
    out.push_str(&escape(&e.text[at - e.start..]));
    out.replace('\n', " ")
}

fn hit_block(h: &Hit) -> String {
    let mut block = format!(
        "**{}.** {}",
        h.rank,
        linked_title(&h.title, h.url.as_deref(), 200)
    );
    let by = byline(h.outlet.as_deref(), h.published);
    if !by.is_empty() {
        block.push_str(&format!(" · {by}"));
    }
    if !h.excerpt.text.is_empty() {
        block.push_str(&format!("\n> {}", excerpt_markdown(&h.excerpt)));
    }
    if !h.also_in.is_empty() {
        let also: Vec<String> = h
            .also_in
            .iter()
            .map(|a| escape(a.outlet.as_deref().unwrap_or(&a.id)))
            .collect();
        block.push_str(&format!("\n*also in: {}*", also.join(", ")));
    }
    block
}

/// Adds whole blocks to a description while they fit; returns how many fit.
fn fill(description: &mut String, blocks: &[String], budget: usize) -> usize {
    let mut used = 0;
    for b in blocks {
        let sep = if description.is_empty() { 0 } else { 2 };
        if len(description) + sep + len(b) > budget {
            break;
        }
        if sep > 0 {
            description.push_str("\n\n");
        }
        description.push_str(b);
        used += 1;
    }
    used
}

/// One page of search results, with paging buttons and a "summarize" menu.
/// `results` holds the hits of pages up to and including `page` and one more hit if a
/// next page exists.
pub fn search_page(results: &SearchResults, key: &str, page: usize) -> Message {
    let start = page * PAGE_SIZE;
    let hits: Vec<&Hit> = results.hits.iter().skip(start).take(PAGE_SIZE).collect();
    if hits.is_empty() {
        return Message::text(format!(
            "No articles match “{}”.",
            escape(&shorten(&results.query, 300))
        ));
    }
    let has_next = results.hits.len() > start + PAGE_SIZE;
    let blocks: Vec<String> = hits.iter().map(|h| hit_block(h)).collect();
    let mut description = String::new();
    let pointer = "\n\n*More on the next page.*";
    let shown = fill(
        &mut description,
        &blocks,
        limits::DESCRIPTION - len(pointer),
    );
    if shown < blocks.len() {
        description.push_str(pointer);
    }
    let embed = Embed {
        title: Some(shorten(
            &format!("Search: {}", results.query),
            limits::TITLE,
        )),
        url: None,
        description,
        fields: Vec::new(),
        colour: Some(colours::SEARCH),
        footer: Some(format!(
            "Page {} · {} matching article{}",
            page + 1,
            results.total,
            if results.total == 1 { "" } else { "s" }
        )),
    };
    let options = hits[..shown]
        .iter()
        .filter(|h| len(&h.id) <= limits::OPTION)
        .map(|h| SelectOption {
            label: shorten(&format!("{}. {}", h.rank, h.title), limits::OPTION),
            value: h.id.clone(),
            description: Some(shorten(
                &[
                    h.outlet.clone().unwrap_or_default(),
                    h.published.map(human_date).unwrap_or_default(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
                limits::OPTION,
            ))
            .filter(|d| !d.is_empty()),
        })
        .collect::<Vec<_>>();
    Message {
        content: String::new(),
        embeds: vec![embed],
        // Paging only when there is another page to go to.
        buttons: if page == 0 && !has_next {
            Vec::new()
        } else {
            vec![
                Button {
                    custom_id: ids::page(key, page.saturating_sub(1)),
                    label: "◀ Previous".into(),
                    style: ButtonStyle::Secondary,
                    disabled: page == 0,
                },
                Button {
                    custom_id: ids::page(key, page + 1),
                    label: "Next ▶".into(),
                    style: ButtonStyle::Secondary,
                    disabled: !has_next,
                },
            ]
        },
        select: (!options.is_empty()).then(|| Select {
            custom_id: ids::SUMMARIZE.into(),
            placeholder: "Summarize a result…".into(),
            options,
        }),
    }
}

fn citation_marks(citations: &[usize]) -> String {
    citations.iter().map(|n| format!("\\[{n}\\]")).collect()
}

/// One line naming a source: its number, linked title, outlet and date.
fn source_line(s: &Source) -> String {
    numbered_line(
        s.n,
        &s.title,
        s.url.as_deref(),
        s.outlet.as_deref(),
        s.published,
    )
}

/// "[n] linked title · outlet · date": how every reply names a cited article.
fn numbered_line(
    n: usize,
    title: &str,
    url: Option<&str>,
    outlet: Option<&str>,
    published: Option<Date>,
) -> String {
    let mut line = format!("\\[{n}\\] {}", linked_title(title, url, 150));
    let by = byline(outlet, published);
    if !by.is_empty() {
        line.push_str(&format!(" · {by}"));
    }
    line
}

/// The "Not in the archive" embed, in its own colour, saying `description`.
fn not_in_archive(description: String) -> Embed {
    Embed {
        title: Some("Not in the archive".into()),
        description,
        colour: Some(colours::NOT_FOUND),
        ..Embed::default()
    }
}

fn quoted(text: &str) -> String {
    block_quote(&escape(text))
}

/// Markdown (already escaped) as a block quote, line by line.
fn block_quote(markdown: &str) -> String {
    markdown
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The reply when the archive has no answer: said plainly, in its own colour, with
/// the closest articles offered in a menu that summarises the one chosen.
pub fn not_found(answer: &Answer) -> Message {
    let mut description = format!(
        "I found nothing that answers “{}”, so I won't guess.",
        escape(&shorten(&answer.question, 300))
    );
    if !answer.see_also.is_empty() {
        description.push_str("\n\nThe closest articles:");
        for r in &answer.see_also {
            let mut line = format!("\n• {}", linked_title(&r.title, r.url.as_deref(), 150));
            let by = byline(r.outlet.as_deref(), r.published);
            if !by.is_empty() {
                line.push_str(&format!(" · {by}"));
            }
            if len(&description) + len(&line) > limits::DESCRIPTION {
                break;
            }
            description.push_str(&line);
        }
    }
    let options: Vec<SelectOption> = answer
        .see_also
        .iter()
        .filter(|r| len(&r.id) <= limits::OPTION)
        .take(25)
        .map(|r| SelectOption {
            label: shorten(&r.title, limits::OPTION),
            value: r.id.clone(),
            description: Some(shorten(
                &[r.outlet.clone(), r.published.map(human_date)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                limits::OPTION,
            ))
            .filter(|d| !d.is_empty()),
        })
        .collect();
    Message {
        embeds: vec![not_in_archive(description)],
        select: (!options.is_empty()).then(|| Select {
            custom_id: ids::SUMMARIZE.into(),
            placeholder: "Summarize one of these…".into(),
            options,
        }),
        ..Message::default()
    }
}

/// An answer (or summary): the answering sentences first, each with its [n], then
/// one line per cited article (linked title, outlet, date). Nothing is said twice:
/// the sentences are the quotes, so the sources list only names them. `key` (the
/// saved answer) adds "Show sources" (each quote in its context) and feedback.
pub fn answer(answer: &Answer, heading: &str, key: Option<&str>) -> Message {
    answer_in(answer, heading, key, colours::ANSWER)
}

/// A summary: like [`answer`], in the summary colour.
pub fn summary(answer: &Answer, heading: &str, key: Option<&str>) -> Message {
    answer_in(answer, heading, key, colours::SUMMARY)
}

fn answer_in(answer: &Answer, heading: &str, key: Option<&str>, colour: u32) -> Message {
    if !answer.found {
        return not_found(answer);
    }
    let sentences: Vec<String> = answer
        .answer
        .iter()
        .map(|s| format!("{} {}", escape(&s.text), citation_marks(&s.citations)))
        .collect();
    // Room kept for the sources and the key quotes under the sentences.
    let reserved = 1400;
    let mut description = String::new();
    let shown = fill(&mut description, &sentences, limits::DESCRIPTION - reserved);
    let mut notes = Vec::new();
    if shown < sentences.len() {
        let rest = if key.is_some() {
            "press Show sources to read every quote"
        } else {
            "the command line's --json output has them all"
        };
        notes.push(format!(
            "{} did not fit here: {rest}.",
            plural(sentences.len() - shown, "more sentence", "more sentences")
        ));
    }
    let mut cited: Vec<usize> = Vec::new();
    for n in answer.answer[..shown].iter().flat_map(|s| &s.citations) {
        if !cited.contains(n) {
            cited.push(*n);
        }
    }
    let lines: Vec<String> = answer
        .sources
        .iter()
        .filter(|s| cited.contains(&s.n))
        .map(source_line)
        .collect();
    let mut block = String::new();
    let listed = fill_lines(&mut block, &lines, reserved - 400);
    if listed < lines.len() {
        notes.push(format!(
            "{} not listed here: press Show sources.",
            plural(lines.len() - listed, "more source", "more sources")
        ));
    }
    if !block.is_empty() {
        description.push_str("\n\n");
        description.push_str(&block);
    }

    // Key quotes of a summary: only those its sentences do not already show.
    let mut fields = Vec::new();
    let fresh: Vec<String> = answer
        .quotes
        .iter()
        .filter(|q| !answer.answer.iter().any(|s| s.text.contains(q.text.trim())))
        .map(|q| format!("“{}”", escape(&q.text)))
        .collect();
    let mut value = String::new();
    for q in fresh.iter().filter(|q| len(q) < limits::FIELD_VALUE) {
        fill_lines(&mut value, std::slice::from_ref(q), limits::FIELD_VALUE);
    }
    if !value.is_empty() {
        fields.push(Field {
            name: "Key quotes".into(),
            value,
            inline: false,
        });
    }
    let embed = Embed {
        title: Some(shorten(heading, limits::TITLE)),
        url: None,
        description,
        fields,
        footer: (!notes.is_empty()).then(|| shorten(&notes.join(" "), limits::FOOTER)),
        colour: Some(colour),
    };
    let buttons = match key {
        None => Vec::new(),
        Some(key) => vec![
            Button {
                custom_id: ids::sources(key),
                label: "Show sources".into(),
                style: ButtonStyle::Secondary,
                disabled: false,
            },
            Button {
                custom_id: ids::vote(key, true),
                label: "👍".into(),
                style: ButtonStyle::Secondary,
                disabled: false,
            },
            Button {
                custom_id: ids::vote(key, false),
                label: "👎".into(),
                style: ButtonStyle::Secondary,
                disabled: false,
            },
        ],
    };
    Message {
        content: String::new(),
        embeds: vec![embed],
        buttons,
        select: None,
    }
}

/// Adds whole lines while they fit in `budget`; returns how many fit.
fn fill_lines(out: &mut String, lines: &[String], budget: usize) -> usize {
    let mut used = 0;
    for l in lines {
        let sep = usize::from(!out.is_empty());
        if len(out) + sep + len(l) > budget {
            break;
        }
        if sep > 0 {
            out.push('\n');
        }
        out.push_str(l);
        used += 1;
    }
    used
}

/// Every source of an answer, one embed each: each passage quoted from the article,
/// in bold, between the sentences around it (`context(id, start, end)` finds them;
/// `None` shows the passage alone). Packed into as few messages as the limits allow.
pub fn sources(
    answer: &Answer,
    context: &dyn Fn(&str, usize, usize) -> Option<InContext>,
) -> Vec<Message> {
    let mut embeds = Vec::with_capacity(answer.sources.len());
    for s in &answer.sources {
        // A neighbour that is itself quoted from this article shows in its own
        // block, not twice.
        let quoted_here = |t: &str| s.quotes.iter().any(|q| q.text.trim() == t.trim());
        let blocks: Vec<String> = s
            .quotes
            .iter()
            .map(|q| match context(&s.id, q.start, q.end) {
                Some(c) => {
                    let around = |t: &str| {
                        let t = t.trim();
                        (!t.is_empty() && !quoted_here(t)).then(|| escape(t))
                    };
                    let mut parts = Vec::new();
                    parts.extend(around(&c.before));
                    parts.push(format!("**{}**", escape(c.text.trim())));
                    parts.extend(around(&c.after));
                    // One line: bold cannot span a block quote's line breaks.
                    block_quote(&parts.join(" ").replace(['\n', '\r'], " "))
                }
                None => quoted(&q.text),
            })
            .collect();
        let id: String = s.id.chars().filter(|c| *c != '`').collect();
        let rest = |n: usize| {
            format!(
                "\n\n*{} longer than Discord allows here; `newsdesk show {}` has the article.*",
                plural(n, "more passage is", "more passages are"),
                shorten(&id, 300)
            )
        };
        let mut description = String::new();
        let shown = fill(
            &mut description,
            &blocks,
            limits::DESCRIPTION - len(&rest(blocks.len())),
        );
        if shown < blocks.len() {
            description.push_str(&rest(blocks.len() - shown));
        }
        let by = [s.outlet.clone(), s.published.map(human_date)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        embeds.push(Embed {
            title: Some(shorten(&format!("[{}] {}", s.n, s.title), limits::TITLE)),
            url: safe_url(s.url.as_deref()),
            description,
            fields: Vec::new(),
            footer: Some(shorten(
                &if by.is_empty() {
                    format!("id {}", s.id)
                } else {
                    format!("{by} · id {}", s.id)
                },
                limits::FOOTER,
            )),
            colour: Some(colours::ANSWER),
        });
    }
    let messages = pack(Message::default(), embeds);
    if messages.is_empty() {
        return vec![Message::text("This answer cites no sources.".into())];
    }
    messages
}

/// Packs embeds into as few messages as Discord allows (10 embeds and 6000
/// characters each); `first` (its content) opens the first message.
fn pack(first: Message, embeds: Vec<Embed>) -> Vec<Message> {
    let mut messages = Vec::new();
    let mut current = first;
    for embed in embeds {
        let total: usize = current.embeds.iter().map(Embed::total_len).sum();
        if current.embeds.len() == limits::EMBEDS || total + embed.total_len() > limits::EMBED_TOTAL
        {
            messages.push(std::mem::take(&mut current));
        }
        current.embeds.push(embed);
    }
    if !current.embeds.is_empty() || !current.content.is_empty() {
        messages.push(current);
    }
    messages
}

/// One article: headline (linked), metadata and its lead sentences.
pub fn article(view: &ArticleView, lead: &[Quote]) -> Message {
    let mut description = String::new();
    let by = byline(view.outlet.as_deref(), view.published);
    if !by.is_empty() {
        description.push_str(&by);
    }
    if !view.authors.is_empty() {
        description.push_str(&format!("\nBy {}", escape(&view.authors.join(", "))));
    }
    let blocks: Vec<String> = lead.iter().map(|q| quoted(&q.text)).collect();
    let mut body = String::new();
    fill(
        &mut body,
        &blocks,
        limits::DESCRIPTION - len(&description) - 300,
    );
    if !body.is_empty() {
        description.push_str("\n\n");
        description.push_str(&body);
    }
    if !view.also_in.is_empty() {
        let also: Vec<String> = view
            .also_in
            .iter()
            .map(|a| linked_title(&a.title, a.url.as_deref(), 80))
            .collect();
        let line = format!("\n\n*Also in:* {}", also.join(", "));
        if len(&description) + len(&line) <= limits::DESCRIPTION {
            description.push_str(&line);
        }
    }
    let mut footer = format!("id {}", view.id);
    if !view.tags.is_empty() {
        footer.push_str(&format!(" · tags: {}", view.tags.join(", ")));
    }
    Message {
        embeds: vec![Embed {
            title: Some(shorten(&view.title, limits::TITLE)),
            url: safe_url(view.url.as_deref()),
            description,
            fields: Vec::new(),
            footer: Some(shorten(&footer, limits::FOOTER)),
            colour: Some(colours::SUMMARY),
        }],
        ..Message::default()
    }
}

/// A digest as messages: a header, then one embed per story (headline, one or two
/// cited sentences, sources, "also reported by"), split across messages as Discord's
/// limits require. A quiet digest is one short message. `told` stories of the window
/// came in earlier messages ("Show more"): these are numbered after them, and when
/// the window holds more still, a button offers the next ones.
pub fn digest(d: &crate::reply::Digest, title: &str, told: usize) -> Vec<Message> {
    let title = escape(&shorten(title, 200));
    if d.stories.is_empty() {
        return vec![Message::text(format!(
            "**{title}** — nothing new in the archive since <t:{}:f>.",
            d.since.as_second()
        ))];
    }
    let shown = told + d.stories.len();
    let more = d.total_stories.saturating_sub(shown);
    let since = d.since.as_second();
    let header = if told > 0 {
        format!(
            "**{title}** — stories {}–{shown} of {} since <t:{since}:f>",
            told + 1,
            d.total_stories
        )
    } else if more > 0 {
        format!(
            "**{title}** — the {shown} most covered of {} stories since <t:{since}:f>",
            d.total_stories
        )
    } else {
        format!(
            "**{title}** — {shown} stor{} since <t:{since}:f>",
            if shown == 1 { "y" } else { "ies" }
        )
    };
    let mut embeds = Vec::with_capacity(d.stories.len());
    for (i, story) in d.stories.iter().enumerate() {
        let mut blocks: Vec<String> = story
            .answer
            .iter()
            .map(|s| format!("{} {}", escape(&s.text), citation_marks(&s.citations)))
            .collect();
        let sources: Vec<String> = story.sources.iter().map(source_line).collect();
        if !sources.is_empty() {
            blocks.push(sources.join("\n"));
        }
        if !story.also_reported_by.is_empty() {
            let also: Vec<String> = story
                .also_reported_by
                .iter()
                .map(|a| {
                    let name = a.outlet.clone().unwrap_or_else(|| a.title.clone());
                    linked_title(&name, a.url.as_deref(), 80)
                })
                .collect();
            blocks.push(format!("*Also reported by:* {}", also.join(", ")));
        }
        let mut description = String::new();
        fill(&mut description, &blocks, 1500);
        let embed = Embed {
            title: Some(shorten(
                &format!("{}. {}", told + i + 1, story.headline),
                limits::TITLE,
            )),
            url: safe_url(story.url.as_deref()),
            description,
            fields: Vec::new(),
            footer: None,
            colour: Some(colours::DIGEST),
        };
        embeds.push(embed);
    }
    let mut messages = pack(Message::text(header), embeds);
    if more > 0
        && let Some(last) = messages.last_mut()
    {
        let next = more.min(MORE_STORIES);
        last.buttons.push(Button {
            custom_id: ids::more(d.since, d.until, shown),
            label: if next < more {
                format!("Show {next} more (of {more})")
            } else {
                format!("Show {more} more")
            },
            style: ButtonStyle::Secondary,
            disabled: false,
        });
    }
    messages
}

/// `/help`.
pub fn help() -> Message {
    let description = "I answer questions from the newsroom's archive, quoting articles word for word and citing them. When the archive has no good answer, I say so.\n\n\
**/search** `query` — find articles; quotes make phrases (`\"peace deal\"`). Filter with `outlet`, `since`, `until` (YYYY-MM-DD).\n\
**/ask** `question` — e.g. `/ask What did Putin say about Trump at APEC?`\n\
**/summarize article** — the key sentences and quotes of one article.\n\
**/summarize topic** — what the archive says about a topic, across articles.\n\
**/article** — one article: headline, link and lead.\n\
**/whosaid** `quote` — every article that carries a quote (or an altered copy), the first report first, and who says it.\n\
**/timeline** `topic` — how a story unfolded: dated, cited sentences in date order; `since`, `until` narrow it.\n\
**/digest subscribe** `channel` `time` `timezone` — a daily digest of new stories (Manage Server); **/digest list**, **/digest unsubscribe**, **/digest preview**.
**/newsdesk status**, **/newsdesk reindex** — for members with Manage Server.\n\n\
You can also mention me with a question; I answer in a thread, and follow-up questions in that thread are understood in context.";
    Message {
        embeds: vec![Embed {
            title: Some("newsdesk".into()),
            description: description.into(),
            colour: Some(colours::STATUS),
            ..Embed::default()
        }],
        ..Message::default()
    }
}

/// Something that failed, said in the error colour (ephemeral where it is sent).
pub fn error(text: &str) -> Message {
    Message {
        embeds: vec![Embed {
            description: shorten(text, limits::DESCRIPTION),
            colour: Some(colours::ERROR),
            ..Embed::default()
        }],
        ..Message::default()
    }
}

/// A short user-facing message (errors, refusals, "slow down").
pub fn notice(text: &str) -> Message {
    Message::text(shorten(text, limits::CONTENT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{AnswerSentence, ArticleRef};

    fn source(n: usize, quote: &str) -> Source {
        Source {
            n,
            id: format!("a{n}"),
            title: format!("Title {n}"),
            outlet: Some("Wire".into()),
            published: Some(Date::new(2025, 8, 14).unwrap()),
            url: Some("https://example.org/a(1)".into()),
            quote: quote.into(),
            start: 0,
            end: quote.len(),
            quotes: vec![Quote {
                text: quote.into(),
                start: 0,
                end: quote.len(),
            }],
        }
    }

    fn answer_of(sentences: &[&str]) -> Answer {
        Answer {
            question: "Q?".into(),
            found: true,
            answer: sentences
                .iter()
                .enumerate()
                .map(|(i, s)| AnswerSentence {
                    text: s.to_string(),
                    id: format!("a{}", i + 1),
                    start: 0,
                    end: s.len(),
                    citations: vec![i + 1],
                })
                .collect(),
            sources: sentences
                .iter()
                .enumerate()
                .map(|(i, s)| source(i + 1, s))
                .collect(),
            see_also: Vec::new(),
            quotes: Vec::new(),
        }
    }

    #[test]
    fn escaping_defuses_markdown_links_and_pings() {
        let e = escape("**bold** [x](http://evil) @everyone <@123> > quote\n# head");
        assert!(!e.contains("**bold**"));
        assert!(e.contains("\\[x\\]\\(http://evil\\)"));
        assert!(!e.contains("@everyone"));
        assert!(e.contains("\\<@\u{2060}123>"));
        assert!(e.contains("\n\\# head"));
    }

    #[test]
    fn urls_cannot_break_out_of_links() {
        assert_eq!(
            safe_url(Some("https://x.org/a(b)")).as_deref(),
            Some("https://x.org/a%28b%29")
        );
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_url(Some("https://x.org/a b")), None);
    }

    #[test]
    fn an_answer_says_each_sentence_once_then_names_its_sources() {
        let a = answer_of(&["Putin met Trump.", "They talked about Syria."]);
        let m = answer(&a, "Q?", Some("k1"));
        let e = &m.embeds[0];
        assert_eq!(e.colour, Some(colours::ANSWER));
        assert!(e.description.starts_with("Putin met Trump. \\[1\\]"));
        assert_eq!(e.description.matches("Putin met Trump.").count(), 1);
        assert!(e.fields.is_empty());
        assert!(
            e.description
                .contains("\\[1\\] [Title 1](https://example.org/a%281%29) · Wire · 14 Aug 2025"),
            "{}",
            e.description
        );
        let ids: Vec<&str> = m.buttons.iter().map(|b| b.custom_id.as_str()).collect();
        assert_eq!(ids, ["nd:src:k1", "nd:vote:k1:+1", "nd:vote:k1:-1"]);
    }

    #[test]
    fn key_quotes_already_in_the_summary_are_not_repeated() {
        let mut a = answer_of(&["He said “we will win” on Monday.", "Rain fell."]);
        a.quotes = vec![
            Quote {
                text: "we will win".into(),
                start: 9,
                end: 20,
            },
            Quote {
                text: "never again".into(),
                start: 40,
                end: 51,
            },
        ];
        let m = summary(&a, "Summary", None);
        let e = &m.embeds[0];
        assert_eq!(e.colour, Some(colours::SUMMARY));
        assert_eq!(e.fields.len(), 1);
        assert_eq!(e.fields[0].value, "“never again”");
    }

    #[test]
    fn sources_show_each_quote_in_its_context() {
        let a = answer_of(&["Two went."]);
        let context = |_: &str, _, _| {
            Some(InContext {
                before: "One came.".into(),
                text: "Two went.".into(),
                after: "Three stayed.".into(),
            })
        };
        let m = sources(&a, &context);
        assert_eq!(
            m[0].embeds[0].description,
            "> One came. **Two went.** Three stayed."
        );
        let bare = sources(&a, &|_: &str, _, _| None);
        assert_eq!(bare[0].embeds[0].description, "> Two went.");
    }

    #[test]
    fn not_found_has_its_colour_and_offers_the_closest_articles() {
        let mut a = answer_of(&[]);
        a.found = false;
        a.see_also = vec![ArticleRef {
            id: "x".into(),
            title: "Closest".into(),
            outlet: None,
            published: Some(Date::new(2017, 11, 11).unwrap()),
            url: None,
        }];
        let m = answer(&a, "Q?", Some("k"));
        assert!(m.buttons.is_empty());
        let e = &m.embeds[0];
        assert_eq!(e.colour, Some(colours::NOT_FOUND));
        assert_eq!(e.title.as_deref(), Some("Not in the archive"));
        assert!(
            e.description.contains("**Closest** · 11 Nov 2017"),
            "{}",
            e.description
        );
        let select = m.select.expect("a menu of the closest articles");
        assert_eq!(select.custom_id, ids::SUMMARIZE);
        assert_eq!(select.options[0].value, "x");
    }

    #[test]
    fn thread_names_carry_no_mentions_or_markup() {
        assert_eq!(
            thread_name("What tone did the **first** phone call have? @everyone <@123>"),
            "What tone did the first phone call have?"
        );
        assert_eq!(
            thread_name("@here <#42> ask @someone about `APEC`"),
            "ask about APEC"
        );
        assert_eq!(thread_name("<@1> @everyone"), "Question");
        assert_eq!(thread_name("Hi <@123>, what now?"), "Hi what now?");
        let long = thread_name(&"word ".repeat(40));
        assert!(len(&long) <= 90 && long.ends_with("word…"), "{long}");
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        let s = shorten("one two three four five six", 14);
        assert!(len(&s) <= 14 && s.ends_with('…'), "{s}");
        assert_eq!(s, "one two three…");
    }
}
