//! Rendering the reply model for Discord, as plain data (the Discord adapter turns
//! it into serenity builders). Pure functions, so every Discord limit can be checked
//! by property tests:
//!
//! - message content 2000; embed title 256, description 4096, 25 fields, field name
//!   256, field value 1024, footer 2048, 6000 for all embeds of a message, 10 embeds;
//! - long answers are cut between sentences, with a pointer to the rest, never inside
//!   a quote or inside markdown;
//! - article text is escaped, so it cannot format, link or hide anything.

use jiff::civil::Date;

use crate::reply::{Answer, ArticleView, Excerpt, Hit, Quote, SearchResults, Source};

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
    /// `nd:vote:<answer key>:<+1|-1>`: feedback on an answer.
    pub fn vote(key: &str, up: bool) -> String {
        format!("nd:vote:{key}:{}", if up { "+1" } else { "-1" })
    }
}

/// Escapes Discord markdown (and masked-link brackets) so article text shows as
/// written. Mentions are defused by sending `allowed_mentions` = none on every
/// message; on top of that `@` gets an invisible word joiner (U+2060) after it, so a
/// quoted `@everyone` does not even look like a ping.
pub fn escape(text: &str) -> String {
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

/// A link target Discord will accept, or none: http(s) only, no spaces, and no
/// parentheses that would end a markdown link early.
fn safe_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && len(url) <= 512;
    ok.then(|| url.replace('(', "%28").replace(')', "%29"))
}

fn byline(outlet: Option<&str>, published: Option<Date>) -> String {
    let mut parts = Vec::new();
    if let Some(o) = outlet {
        parts.push(escape(o));
    }
    if let Some(d) = published {
        parts.push(d.to_string());
    }
    parts.join(" · ")
}

/// `[title](url)` with the title escaped, or just the escaped title.
fn linked_title(title: &str, url: Option<&str>, max: usize) -> String {
    let title = escape(&shorten(title, max));
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
        block.push_str(&format!("\n{by}"));
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
                    h.published.map(|d| d.to_string()).unwrap_or_default(),
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
        buttons: vec![
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
        ],
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

fn source_heading(s: &Source) -> String {
    shorten(&format!("[{}] {}", s.n, s.title), limits::FIELD_NAME)
}

fn source_line(s: &Source) -> String {
    let by = byline(s.outlet.as_deref(), s.published);
    let by = if by.is_empty() {
        "source".to_string()
    } else {
        by
    };
    match safe_url(s.url.as_deref()) {
        Some(u) => format!("[{by}]({u})"),
        None => by,
    }
}

fn quoted(text: &str) -> String {
    escape(text)
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain reply when the archive has no answer.
pub fn not_found(answer: &Answer) -> Message {
    let mut content = format!(
        "**Not in the archive.** I found nothing that answers “{}”, so I won't guess.",
        escape(&shorten(&answer.question, 300))
    );
    if !answer.see_also.is_empty() {
        content.push_str("\nYou may look at:");
        for r in &answer.see_also {
            let line = format!("\n• {}", linked_title(&r.title, r.url.as_deref(), 150));
            if len(&content) + len(&line) > limits::CONTENT {
                break;
            }
            content.push_str(&line);
        }
    }
    Message::text(content)
}

/// An answer or summary: cited sentences, then the sources with their quotes.
/// `key` (the saved answer) adds the "Show sources" and feedback buttons.
pub fn answer(answer: &Answer, heading: &str, key: Option<&str>) -> Message {
    if !answer.found {
        return not_found(answer);
    }
    let sentences: Vec<String> = answer
        .answer
        .iter()
        .map(|s| format!("{} {}", escape(&s.text), citation_marks(&s.citations)))
        .collect();
    let mut description = String::new();
    let pointer_room = 120;
    let shown = fill(
        &mut description,
        &sentences,
        limits::DESCRIPTION - pointer_room,
    );
    let mut notes = Vec::new();
    if shown < sentences.len() {
        let rest = if key.is_some() {
            "press Show sources to read every quote"
        } else {
            "the command line's --json output has them all"
        };
        notes.push(format!(
            "{} more sentence{} did not fit here: {rest}.",
            sentences.len() - shown,
            if sentences.len() - shown == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    let cited: Vec<usize> = answer.answer[..shown]
        .iter()
        .flat_map(|s| s.citations.iter().copied())
        .collect();

    let title = shorten(heading, limits::TITLE);
    let mut embed = Embed {
        title: Some(title),
        url: None,
        description,
        fields: Vec::new(),
        footer: None,
    };
    // Reserve room for the footer, then add whole sources while they fit.
    let footer_room = 200;
    let mut omitted = 0;
    for s in answer.sources.iter().filter(|s| cited.contains(&s.n)) {
        let with_quote = format!("{}\n{}", source_line(s), quoted(&s.quote));
        let value = if len(&with_quote) <= limits::FIELD_VALUE {
            with_quote
        } else {
            // The quote does not fit a field: it is not cut, it is left to "Show sources".
            format!(
                "{}\n*(quote too long for here: press Show sources)*",
                source_line(s)
            )
        };
        let field = Field {
            name: source_heading(s),
            value,
        };
        let fits = embed.fields.len() < limits::FIELDS
            && embed.total_len() + len(&field.name) + len(&field.value) + footer_room
                <= limits::EMBED_TOTAL;
        if fits {
            embed.fields.push(field);
        } else {
            omitted += 1;
        }
    }
    if omitted > 0 {
        notes.push(format!(
            "{omitted} more source{} not shown here: press Show sources.",
            if omitted == 1 { "" } else { "s" }
        ));
    }
    if !answer.quotes.is_empty() {
        let mut value = String::new();
        for q in &answer.quotes {
            let line = format!("“{}”", escape(&q.text));
            let sep = if value.is_empty() { 0 } else { 1 };
            if len(&value) + sep + len(&line) > limits::FIELD_VALUE {
                continue;
            }
            if sep > 0 {
                value.push('\n');
            }
            value.push_str(&line);
        }
        let field = Field {
            name: "Key quotes".into(),
            value,
        };
        if !field.value.is_empty()
            && embed.fields.len() < limits::FIELDS
            && embed.total_len() + len(&field.name) + len(&field.value) + footer_room
                <= limits::EMBED_TOTAL
        {
            embed.fields.push(field);
        }
    }
    if !notes.is_empty() {
        embed.footer = Some(shorten(&notes.join(" "), footer_room.min(limits::FOOTER)));
    }
    let buttons = match key {
        None => Vec::new(),
        Some(key) => vec![
            Button {
                custom_id: ids::sources(key),
                label: "Show sources".into(),
                style: ButtonStyle::Primary,
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

/// Every source of an answer in full, one embed each, packed into as few messages
/// as the limits allow.
pub fn sources(answer: &Answer) -> Vec<Message> {
    let mut embeds = Vec::with_capacity(answer.sources.len());
    for s in &answer.sources {
        let mut embed = Embed {
            title: Some(shorten(&format!("[{}] {}", s.n, s.title), limits::TITLE)),
            url: safe_url(s.url.as_deref()),
            description: quoted(&s.quote),
            fields: Vec::new(),
            footer: Some(shorten(
                &format!(
                    "{}{}id {} · bytes {}..{}",
                    [s.outlet.clone(), s.published.map(|d| d.to_string())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    if s.outlet.is_some() || s.published.is_some() {
                        " · "
                    } else {
                        ""
                    },
                    s.id,
                    s.start,
                    s.end
                ),
                limits::FOOTER,
            )),
        };
        if len(&embed.description) > limits::DESCRIPTION {
            embed.description = "*The quote is longer than Discord allows in one message; see `newsdesk show` for the article.*".into();
        }
        embeds.push(embed);
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
        }],
        ..Message::default()
    }
}

/// A digest as messages: a header, then one embed per story (headline, one or two
/// cited sentences, sources, "also reported by"), split across messages as Discord's
/// limits require. A quiet digest is one short message.
pub fn digest(d: &crate::reply::Digest, title: &str) -> Vec<Message> {
    if d.stories.is_empty() {
        return vec![Message::text(format!(
            "**{}** — nothing new in the archive since <t:{}:f>.",
            escape(&shorten(title, 200)),
            d.since.as_second()
        ))];
    }
    let header = format!(
        "**{}** — {} stor{} since <t:{}:f>",
        escape(&shorten(title, 200)),
        d.stories.len(),
        if d.stories.len() == 1 { "y" } else { "ies" },
        d.since.as_second()
    );
    let mut embeds = Vec::with_capacity(d.stories.len());
    for (i, story) in d.stories.iter().enumerate() {
        let mut blocks: Vec<String> = story
            .answer
            .iter()
            .map(|s| format!("{} {}", escape(&s.text), citation_marks(&s.citations)))
            .collect();
        let sources: Vec<String> = story
            .sources
            .iter()
            .map(|s| format!("\\[{}\\] {}", s.n, source_line(s)))
            .collect();
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
                &format!("{}. {}", i + 1, story.headline),
                limits::TITLE,
            )),
            url: safe_url(story.url.as_deref()),
            description,
            fields: Vec::new(),
            footer: None,
        };
        embeds.push(embed);
    }
    pack(Message::text(header), embeds)
}

/// `/help`.
pub fn help() -> Message {
    let description = "I answer questions from the newsroom's archive, quoting articles word for word and citing them. When the archive has no good answer, I say so.\n\n\
**/search** `query` — find articles; quotes make phrases (`\"peace deal\"`). Filter with `outlet`, `since`, `until` (YYYY-MM-DD).\n\
**/ask** `question` — e.g. `/ask What did Putin say about Trump at APEC?`\n\
**/summarize article** — the key sentences and quotes of one article.\n\
**/summarize topic** — what the archive says about a topic, across articles.\n\
**/article** — one article: headline, link and lead.\n\
**/digest subscribe** `channel` `time` `timezone` — a daily digest of new stories (Manage Server); **/digest list**, **/digest unsubscribe**, **/digest preview**.
**/newsdesk status**, **/newsdesk reindex** — for members with Manage Server.\n\n\
You can also mention me with a question; I answer in a thread, and follow-up questions in that thread are understood in context.";
    Message {
        embeds: vec![Embed {
            title: Some("newsdesk".into()),
            description: description.into(),
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
    fn an_answer_shows_sentences_citations_and_quotes() {
        let a = answer_of(&["Putin met Trump.", "They talked about Syria."]);
        let m = answer(&a, "Q?", Some("k1"));
        let e = &m.embeds[0];
        assert!(e.description.contains("Putin met Trump. \\[1\\]"));
        assert_eq!(e.fields.len(), 2);
        assert!(e.fields[0].value.contains("> Putin met Trump."));
        assert!(e.fields[0].value.contains("(https://example.org/a%281%29)"));
        let ids: Vec<&str> = m.buttons.iter().map(|b| b.custom_id.as_str()).collect();
        assert_eq!(ids, ["nd:src:k1", "nd:vote:k1:+1", "nd:vote:k1:-1"]);
    }

    #[test]
    fn not_found_is_a_plain_reply() {
        let mut a = answer_of(&[]);
        a.found = false;
        a.see_also = vec![ArticleRef {
            id: "x".into(),
            title: "Closest".into(),
            outlet: None,
            published: None,
            url: None,
        }];
        let m = answer(&a, "Q?", Some("k"));
        assert!(m.embeds.is_empty() && m.buttons.is_empty());
        assert!(m.content.starts_with("**Not in the archive.**"));
        assert!(m.content.contains("Closest"));
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        let s = shorten("one two three four five six", 14);
        assert!(len(&s) <= 14 && s.ends_with('…'), "{s}");
        assert_eq!(s, "one two three…");
    }
}
