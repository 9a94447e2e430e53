//! Human-readable terminal output: wrapped text, matched words in bold (when
//! writing to a terminal), sources listed under answers.

use std::fmt::Write;

use crate::corpus::LoadReport;
use crate::index::SyncReport;
use crate::render::discord::human_date;
use crate::reply::{
    Answer, ArticleRef, ArticleView, DateFrom, Digest, Excerpt, QuoteReport, SearchResults, Source,
    Timeline,
};

/// How to lay text out.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Wrap width in columns.
    pub width: usize,
    /// Whether ANSI bold may be used.
    pub color: bool,
    /// Whether to show details: the byte offsets of each quote (`-v`).
    pub verbose: bool,
}

impl Style {
    /// Plain text at 80 columns (for pipes and tests).
    pub fn plain() -> Style {
        Style {
            width: 80,
            color: false,
            verbose: false,
        }
    }

    fn wrap(&self, text: &str, indent: &str) -> String {
        // Words are never split: an id or a link stays whole for copy and paste.
        let opts = textwrap::Options::new(self.width.max(40))
            .initial_indent(indent)
            .subsequent_indent(indent)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::fill(text, opts)
    }

    fn bold(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// `text` made safe to print on a terminal: control characters other than newline
/// and tab (which an article, a feed title or a file name may carry: ESC sequences
/// that clear the screen, set the window title or write the clipboard) are shown as
/// visible symbols instead of acting. With `keep_bold`, newsdesk's own bold on/off
/// sequences pass (the only escapes it writes; an article holding one can at most
/// make text bold). A carriage return before a newline is dropped. Known mojibake
/// is shown repaired (`text::mojibake`; `--json` keeps the stored bytes).
pub fn terminal_safe(text: &str, keep_bold: bool) -> String {
    const BOLD: [&str; 2] = ["\x1b[1m", "\x1b[0m"];
    let text = crate::text::mojibake::repair(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = &*text;
    while let Some(c) = rest.chars().next() {
        if keep_bold && let Some(seq) = BOLD.iter().find(|b| rest.starts_with(**b)) {
            out.push_str(seq);
            rest = &rest[seq.len()..];
            continue;
        }
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if rest[1..].starts_with('\n') => {}
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push(control_picture(c)),
            '\u{80}'..='\u{9f}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The Unicode Control Picture of a C0 control or DEL ("␛" for ESC, "␊" for LF).
fn control_picture(c: char) -> char {
    match c {
        '\u{7f}' => '\u{2421}',
        _ => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
    }
}

fn byline(outlet: Option<&str>, published: Option<jiff::civil::Date>, id: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(o) = outlet {
        parts.push(o.to_string());
    }
    if let Some(d) = published {
        parts.push(human_date(d));
    }
    parts.push(format!("id: {id}"));
    parts.join(" · ")
}

fn excerpt_text(e: &Excerpt, style: &Style) -> String {
    if !style.color {
        return e.text.clone();
    }
    let mut out = String::new();
    let mut at = e.start;
    for [s, t] in &e.highlights {
        out.push_str(&e.text[at - e.start..s - e.start]);
        out.push_str(&style.bold(&e.text[s - e.start..t - e.start]));
        at = *t;
    }
    out.push_str(&e.text[at - e.start..]);
    out
}

/// Search results.
pub fn search(r: &SearchResults, style: &Style) -> String {
    let mut out = String::new();
    if r.hits.is_empty() {
        let _ = writeln!(out, "No articles match {:?}.", r.query);
        return out;
    }
    let _ = writeln!(
        out,
        "{} of {} matching article{} for {:?}\n",
        r.hits.len(),
        r.total,
        if r.total == 1 { "" } else { "s" },
        r.query
    );
    for h in &r.hits {
        let _ = writeln!(out, "{}. {}", h.rank, style.bold(&h.title));
        let _ = writeln!(
            out,
            "   {}",
            byline(h.outlet.as_deref(), h.published, &h.id)
        );
        if let Some(url) = &h.url {
            let _ = writeln!(out, "   {url}");
        }
        let _ = writeln!(
            out,
            "{}",
            style.wrap(&excerpt_text(&h.excerpt, style), "   ")
        );
        if !h.also_in.is_empty() {
            let _ = writeln!(out, "   also in: {}", refs_inline(&h.also_in));
        }
        out.push('\n');
    }
    out
}

fn refs_inline(refs: &[ArticleRef]) -> String {
    refs.iter()
        .map(|r| match &r.outlet {
            Some(o) => format!("{o} ({})", r.id),
            None => r.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn source_line(s: &Source) -> String {
    numbered_line(
        s.n,
        &s.title,
        s.outlet.as_deref(),
        s.published,
        &s.id,
        s.url.as_deref(),
    )
}

/// "[n] title — outlet · date · id — link": how every reply names a cited article.
fn numbered_line(
    n: usize,
    title: &str,
    outlet: Option<&str>,
    published: Option<jiff::civil::Date>,
    id: &str,
    url: Option<&str>,
) -> String {
    let mut line = format!("[{n}] {title} — {}", byline(outlet, published, id));
    if let Some(url) = url {
        let _ = write!(line, " — {url}");
    }
    line
}

/// An answer or summary.
pub fn answer(a: &Answer, style: &Style) -> String {
    let mut out = String::new();
    if !a.found {
        let _ = writeln!(
            out,
            "{}",
            style.wrap(
                &format!(
                    "The archive has no good answer to {:?}. Nothing was made up in its place.",
                    a.question
                ),
                ""
            )
        );
        if !a.see_also.is_empty() {
            let _ = writeln!(out, "\nYou may look at:");
            for r in &a.see_also {
                let _ = writeln!(
                    out,
                    "  - {} ({})",
                    r.title,
                    byline(r.outlet.as_deref(), r.published, &r.id)
                );
            }
        }
        return out;
    }
    for s in &a.answer {
        let marks: String = s.citations.iter().map(|n| format!("[{n}]")).collect();
        let _ = writeln!(out, "{}\n", style.wrap(&format!("{} {marks}", s.text), ""));
    }
    // Key quotes the sentences above do not already show.
    let fresh: Vec<_> = a
        .quotes
        .iter()
        .filter(|q| !a.answer.iter().any(|s| s.text.contains(q.text.trim())))
        .collect();
    if !fresh.is_empty() {
        let _ = writeln!(out, "Key quotes:");
        for q in fresh {
            let _ = writeln!(out, "{}", style.wrap(&format!("“{}”", q.text), "  "));
        }
        out.push('\n');
    }
    // One line per article; the passages quoted from it are the sentences above,
    // listed again only with -v, with their byte offsets.
    let _ = writeln!(out, "{}", style.bold("Sources"));
    for s in &a.sources {
        let _ = writeln!(out, "{}", style.wrap(&source_line(s), ""));
        if style.verbose {
            for q in &s.quotes {
                let _ = writeln!(
                    out,
                    "{}",
                    style.wrap(
                        &format!("“{}” (bytes {}..{})", q.text, q.start, q.end),
                        "    "
                    )
                );
            }
        }
    }
    out
}

/// A digest.
pub fn digest(d: &Digest, style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Digest {}: {} stor{}",
            window(d.since, d.until),
            d.stories.len(),
            if d.stories.len() == 1 { "y" } else { "ies" }
        ))
    );
    if d.stories.is_empty() {
        let _ = writeln!(out, "\nNothing new in the archive in this window.");
        return out;
    }
    for (i, s) in d.stories.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {}", i + 1, style.bold(&s.headline));
        if let Some(url) = &s.url {
            let _ = writeln!(out, "   {url}");
        }
        for sentence in &s.answer {
            let marks: String = sentence
                .citations
                .iter()
                .map(|n| format!("[{n}]"))
                .collect();
            let _ = writeln!(
                out,
                "{}",
                style.wrap(&format!("{} {marks}", sentence.text), "   ")
            );
        }
        for src in &s.sources {
            let _ = writeln!(out, "{}", style.wrap(&source_line(src), "     "));
        }
        if !s.also_reported_by.is_empty() {
            let _ = writeln!(
                out,
                "   also reported by: {}",
                refs_inline(&s.also_reported_by)
            );
        }
    }
    let more = d.total_stories.saturating_sub(d.stories.len());
    if more > 0 {
        let _ = writeln!(
            out,
            "\n{more} more stor{} in this window, less covered: --limit {} tells them all.",
            if more == 1 { "y" } else { "ies" },
            d.total_stories
        );
    }
    out
}

/// Where a quote appears: each article that carries it, the first report first,
/// with the sentence, the speaker and what an altered copy changed.
pub fn whosaid(r: &QuoteReport, style: &Style) -> String {
    let mut out = String::new();
    if !r.found {
        let _ = writeln!(
            out,
            "{}",
            style.wrap(
                &format!(
                    "No article in the archive carries “{}”, word for word or nearly.",
                    bare_quote(&r.quote)
                ),
                ""
            )
        );
        return out;
    }
    let n = r.occurrences.len();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "“{}”: in {n} article{}",
            bare_quote(&r.quote),
            if n == 1 { "" } else { "s" }
        ))
    );
    for (i, o) in r.occurrences.iter().enumerate() {
        let first = if i == 0 && r.first_report().is_some() {
            " (first reported)"
        } else {
            ""
        };
        let _ = writeln!(out, "\n{}. {}{first}", i + 1, style.bold(&o.article.title));
        let _ = writeln!(
            out,
            "{}",
            style.wrap(
                &byline(
                    o.article.outlet.as_deref(),
                    o.article.published,
                    &o.article.id
                ),
                "   "
            )
        );
        if let Some(url) = &o.article.url {
            let _ = writeln!(out, "   {url}");
        }
        let speaker = match (&o.speaker, &o.speaker_as_written) {
            (Some(name), Some(written)) if written != name => {
                format!("{name} (“{written}” in the text)")
            }
            (Some(name), _) => name.clone(),
            (None, _) => "not named in the text".into(),
        };
        let _ = writeln!(out, "   Speaker: {speaker}");
        // The matched words in bold inside their sentence.
        let (a, b) = (
            o.matched.start.saturating_sub(o.start),
            o.matched.end.saturating_sub(o.start),
        );
        let sentence = if a < b && o.text.get(a..b).is_some() {
            format!(
                "{}{}{}",
                &o.text[..a],
                style.bold(&o.text[a..b]),
                &o.text[b..]
            )
        } else {
            o.text.clone()
        };
        let _ = writeln!(out, "{}", style.wrap(&sentence, "   > "));
        if o.altered {
            let changes: Vec<String> = o
                .differences
                .iter()
                .map(|d| match (d.quoted.is_empty(), d.article.is_empty()) {
                    (false, false) => {
                        format!("“{}” where the article has “{}”", d.quoted, d.article)
                    }
                    (false, true) => format!("“{}” is not in the article", d.quoted),
                    _ => format!("the article adds “{}”", d.article),
                })
                .collect();
            let _ = writeln!(
                out,
                "{}",
                style.wrap(&format!("Altered: {}", changes.join("; ")), "   ")
            );
        }
        if style.verbose {
            let _ = writeln!(
                out,
                "   (sentence bytes {}..{}, quote bytes {}..{})",
                o.start, o.end, o.matched.start, o.matched.end
            );
        }
    }
    out
}

/// A quote as typed, without its own quotation marks (the output adds them).
pub fn bare_quote(quote: &str) -> &str {
    quote
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»'))
        .trim()
}

/// A story's events in date order, each with its source and the other articles
/// that report it.
pub fn timeline(t: &Timeline, style: &Style) -> String {
    let mut out = String::new();
    let window = match (t.since, t.until) {
        (None, None) => String::new(),
        (s, u) => format!(
            ", {} to {}",
            s.map_or_else(|| "the start".into(), human_date),
            u.map_or_else(|| "now".into(), human_date)
        ),
    };
    if t.events.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.wrap(
                &format!(
                    "The archive has no dated events on “{}”{window}.",
                    t.topic.trim()
                ),
                ""
            )
        );
        return out;
    }
    let n = t.events.len();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Timeline: {}{window} ({n} event{})",
            t.topic.trim(),
            if n == 1 { "" } else { "s" }
        ))
    );
    let sources = t.sources();
    for e in &t.events {
        let from = match (e.date_from, &e.date_text) {
            (DateFrom::Text, Some(words)) => format!("dated by the text: “{words}”"),
            (DateFrom::Text, None) => "dated by the text".into(),
            (DateFrom::Published, _) => "dated by publication".into(),
        };
        let _ = writeln!(out, "\n{} ({from})", style.bold(&super::event_date(e)));
        let marks: String = t
            .citations(e, &sources)
            .iter()
            .map(|n| format!("[{n}]"))
            .collect();
        let _ = writeln!(out, "{}", style.wrap(&format!("{} {marks}", e.text), "   "));
        if style.verbose {
            let _ = writeln!(out, "     ({}, bytes {}..{})", e.article.id, e.start, e.end);
        }
        // The other reports, word for word: how each outlet put it.
        for (a, n) in e
            .also
            .iter()
            .zip(t.citations(e, &sources).into_iter().skip(1))
        {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(&format!("also [{n}]: “{}”", a.text), "     ")
            );
        }
    }
    let _ = writeln!(out, "\n{}", style.bold("Sources"));
    for (i, r) in sources.iter().enumerate() {
        let line = numbered_line(
            i + 1,
            &r.title,
            r.outlet.as_deref(),
            r.published,
            &r.id,
            r.url.as_deref(),
        );
        let _ = writeln!(out, "{}", style.wrap(&line, ""));
    }
    out
}

fn window(since: jiff::Timestamp, until: jiff::Timestamp) -> String {
    let midnight = |t: jiff::Timestamp| t.as_second().rem_euclid(86_400) == 0;
    let utc = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
    if midnight(since) && midnight(until) && until > since {
        let first = utc(since);
        let last = utc(until - jiff::SignedDuration::from_hours(24));
        if first == last {
            human_date(first)
        } else {
            format!("{} – {}", human_date(first), human_date(last))
        }
    } else {
        format!("{since} – {until}")
    }
}

/// One article.
pub fn article(a: &ArticleView, style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&a.title));
    let _ = writeln!(out, "{}", byline(a.outlet.as_deref(), a.published, &a.id));
    if let Some(url) = &a.url {
        let _ = writeln!(out, "{url}");
    }
    if !a.authors.is_empty() {
        let _ = writeln!(out, "By {}", a.authors.join(", "));
    }
    if !a.tags.is_empty() {
        let _ = writeln!(out, "Tags: {}", a.tags.join(", "));
    }
    if !a.also_in.is_empty() {
        let _ = writeln!(out, "Also in: {}", refs_inline(&a.also_in));
    }
    out.push('\n');
    out.push_str(&a.body);
    if !a.body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The outcome of `newsdesk index`.
pub fn sync_report(r: &SyncReport) -> String {
    let mut out = String::new();
    if r.fresh {
        let _ = writeln!(
            out,
            "Index is up to date: {} articles from {} files.",
            r.articles, r.files
        );
    } else {
        let _ = writeln!(
            out,
            "Indexed {} files: {} added, {} updated, {} removed; {} articles in the index.",
            r.files, r.added, r.updated, r.removed, r.articles
        );
    }
    if r.duplicate_groups > 0 {
        let _ = writeln!(
            out,
            "{} group(s) of near-duplicate articles.",
            r.duplicate_groups
        );
    }
    skipped(&mut out, &r.skipped);
    out
}

/// The sentence encoder's state, one line (for `newsdesk check`).
pub fn model_state(state: &crate::semantic::ModelState) -> String {
    use crate::semantic::ModelState;
    match state {
        ModelState::Loaded {
            dir,
            dim,
            load_ms,
            cached_vectors,
        } => format!(
            "Sentence encoder: OK ({}, {dim} dimensions, loaded in {load_ms} ms; {} sentence vectors cached).\n",
            dir.display(),
            cached_vectors.unwrap_or(0)
        ),
        ModelState::Disabled => {
            "Sentence encoder: disabled in the config; answers use words only.\n".to_string()
        }
        ModelState::Unavailable { dir, reason } => format!(
            "Sentence encoder: UNAVAILABLE at {} ({}); answers use words only. Run scripts/fetch-model.sh to restore it.\n",
            dir.display(),
            reason
        ),
    }
}

/// The outcome of `newsdesk check`.
pub fn load_report(config_path: &str, r: &LoadReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Config {config_path}: OK");
    let _ = writeln!(
        out,
        "Corpus: {} files, {} articles loaded.",
        r.files, r.articles
    );
    skipped(&mut out, &r.skipped);
    out
}

/// The outcome of `newsdesk feeds poll`: one line per feed, then what was indexed.
pub fn feed_reports(reports: &[crate::feeds::FeedReport], index: Option<&SyncReport>) -> String {
    use crate::feeds::PollStatus;
    let mut out = String::new();
    if reports.is_empty() {
        let _ = writeln!(out, "No feed is due.");
    }
    for r in reports {
        let _ = match r.status {
            PollStatus::Ok => writeln!(
                out,
                "{} ({}): {} new, {} updated, {} unchanged, {} re-posts skipped.",
                r.outlet, r.url, r.added, r.updated, r.unchanged, r.duplicates
            ),
            PollStatus::NotModified => {
                writeln!(
                    out,
                    "{} ({}): not modified since the last poll.",
                    r.outlet, r.url
                )
            }
            PollStatus::Error => writeln!(
                out,
                "{} ({}): FAILED: {} ({} in a row; next try {}).",
                r.outlet,
                r.url,
                r.error.as_deref().unwrap_or("unknown error"),
                r.failures,
                r.next_poll.strftime("%Y-%m-%d %H:%M UTC")
            ),
        };
        for s in &r.skipped {
            let _ = writeln!(out, "  - skipped {s}");
        }
    }
    if let Some(index) = index {
        out.push_str(&sync_report(index));
    }
    out
}

/// The state of each configured feed (`newsdesk feeds status`).
pub fn feed_states(states: &[crate::store::FeedState]) -> String {
    let when = |t: Option<i64>| {
        t.and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map_or_else(
                || "never".to_string(),
                |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            )
    };
    let mut out = String::new();
    for s in states {
        let _ = writeln!(out, "{}", s.url);
        let _ = writeln!(
            out,
            "  {} items archived; last success {}; next poll {}",
            s.items,
            when(s.last_ok_at),
            if s.next_poll_at == 0 {
                "now".to_string()
            } else {
                when(Some(s.next_poll_at))
            }
        );
        if s.failures > 0 {
            let _ = writeln!(
                out,
                "  {} failure(s) in a row; last: {} ({})",
                s.failures,
                s.last_error.as_deref().unwrap_or("unknown"),
                when(s.last_error_at)
            );
        }
    }
    out
}

fn skipped(out: &mut String, skipped: &[crate::corpus::Skipped]) {
    if skipped.is_empty() {
        return;
    }
    let _ = writeln!(out, "Skipped {}:", skipped.len());
    for s in skipped {
        // One line each, even for a file name that holds a newline.
        let line: String = s
            .to_string()
            .chars()
            .map(|c| match c {
                '\n' | '\t' => control_picture(c),
                c => c,
            })
            .collect();
        let _ = writeln!(out, "  - {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        let hostile = "Title\x1b[2J\x1b]0;pwned\x07 and \u{9b}31m, line\r\nnext\rover";
        let safe = terminal_safe(hostile, true);
        assert!(
            !safe.chars().any(|c| c.is_control() && c != '\n'),
            "{safe:?}"
        );
        assert_eq!(
            safe,
            "Title\u{241b}[2J\u{241b}]0;pwned\u{2407} and \\u{9b}31m, line\nnext\u{240d}over"
        );
        assert_eq!(
            terminal_safe("a \x1b[1mb\x1b[0m\tc", true),
            "a \x1b[1mb\x1b[0m\tc"
        );
        assert_eq!(terminal_safe("\x1b[1mb", false), "\u{241b}[1mb");
    }
}
