//! Dates a sentence gives in its own words: "on 16 July 2018", "in February 2022",
//! "the Helsinki summit in 2018", "last week", "on Saturday" (the relative ones
//! resolved against the article's publication date).
//!
//! Written for precision over recall: a timeline that dates an event wrongly is
//! worse than one that falls back on the publication date. So a bare number is a
//! year only where English uses it as one ("in 2015", "the 2016 election", "2017
//! and 2018"), never in "2,018 troops", "Section 2018", "G20" or "10:30".

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::text::Span;

/// How precise a date is: an event dated "in 2015" is not known to the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A year ("in 2015", "last year").
    Year,
    /// A month ("in February 2022", "last month").
    Month,
    /// A calendar week, Monday to Sunday ("last week").
    Week,
    /// A day ("on 16 July 2018", "on Saturday", "yesterday").
    Day,
}

/// A date found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The first day of the period the text names (the year's 1 January, the
    /// week's Monday).
    pub date: Date,
    /// How much of the period is known.
    pub precision: Precision,
    /// Whether the date came from a word relative to the publication date ("last
    /// week", "on Saturday").
    pub relative: bool,
    /// Where the date is said, as bytes of the text.
    pub span: Span,
}

impl FoundDate {
    /// The date as written at its precision: "2015", "2022-02", "2018-07-16" (a week
    /// is written as its Monday).
    pub fn label(&self) -> String {
        label(self.date, self.precision)
    }
}

/// `date` written at `precision`: "2015", "2022-02", "2018-07-16".
pub fn label(date: Date, precision: Precision) -> String {
    match precision {
        Precision::Year => format!("{:04}", date.year()),
        Precision::Month => format!("{:04}-{:02}", date.year(), date.month()),
        Precision::Week | Precision::Day => date.to_string(),
    }
}

/// One word (letters and digits) of the text, with its byte range.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    text: &text[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a lower-cased word names a month, in full or abbreviated ("sept").
pub fn is_month_name(lower: &str) -> bool {
    MONTHS.contains(&lower)
        || lower == "sept"
        || lower.len() == 3 && MONTHS.iter().any(|m| m.starts_with(lower))
}

/// A month name, capitalised as English writes it ("May", "Sept"); lower-case
/// "may" and "march" are verbs.
fn month(w: &str) -> Option<i8> {
    if !w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let lower = w.to_lowercase();
    if let Some(i) = MONTHS.iter().position(|m| *m == lower) {
        return Some(i as i8 + 1);
    }
    let short = if lower == "sept" { "sep" } else { &lower };
    if short.len() == 3 && short != "may" {
        return MONTHS
            .iter()
            .position(|m| m.starts_with(short))
            .map(|i| i as i8 + 1);
    }
    None
}

/// A day of the month: "16", "16th", "1st".
fn day(w: &str) -> Option<i8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Four digits that can be a year of the news.
fn year(w: &str) -> Option<i16> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

fn weekday(w: &str) -> Option<Weekday> {
    if !w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(match w.to_lowercase().as_str() {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// Words after which a bare four-digit number is a year ("in 2015", "the 2016
/// election", "the 2017 and 2018 summits", "from 2014 to 2022").
const YEAR_CUES: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "of",
    "during",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "around",
    "between",
    "and",
    "or",
    "to",
    "through",
    "throughout",
    "circa",
    "the",
    "its",
    "their",
    "his",
    "her",
    "for",
    "year",
];

/// Words before a number that make it a reference, not a year ("Section 2018").
const REFERENCE_WORDS: &[&str] = &[
    "section",
    "article",
    "clause",
    "chapter",
    "rule",
    "room",
    "flight",
    "route",
    "no",
    "number",
    "page",
    "paragraph",
    "resolution",
    "bill",
    "item",
    "model",
    "version",
    "code",
    "order",
    "regulation",
    "directive",
    "amendment",
    "exhibit",
    "case",
    "unit",
    "vol",
    "volume",
    "issue",
    "part",
    "lot",
    "suite",
    "gate",
    "bus",
    "platform",
    "row",
    "seat",
    "box",
    "highway",
    "interstate",
];

/// Nouns that make a number before them a count ("2000 troops"), not a year.
const COUNT_NOUNS: &[&str] = &[
    "people",
    "troops",
    "soldiers",
    "votes",
    "jobs",
    "points",
    "words",
    "pages",
    "miles",
    "km",
    "kilometres",
    "kilometers",
    "metres",
    "meters",
    "feet",
    "dollars",
    "pounds",
    "euros",
    "homes",
    "houses",
    "cars",
    "deaths",
    "cases",
    "members",
    "employees",
    "workers",
    "staff",
    "children",
    "men",
    "women",
    "residents",
    "tonnes",
    "tons",
    "barrels",
    "units",
    "copies",
    "seats",
    "times",
];

/// How many of something ("two years ago"): digits or a number word up to twelve.
fn count(w: &str) -> Option<i64> {
    if let Ok(n) = w.parse::<i64>() {
        return (1..=100).contains(&n).then_some(n);
    }
    let n = match w.to_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(n)
}

/// Every date `text` gives, in the order written. Relative dates need
/// `published`; without it they are not read.
pub fn dates_in(text: &str, published: Option<Date>) -> Vec<FoundDate> {
    let ws = words(text);
    // A sentence about what is coming ("will meet on Thursday", "elections are
    // due in May") points a bare weekday or month forward from publication; any
    // other points back.
    let future = ws.iter().enumerate().any(|(i, w)| {
        let lower = w.text.to_lowercase();
        matches!(
            lower.as_str(),
            "will" | "shall" | "upcoming" | "scheduled" | "ll"
        ) || matches!(
            lower.as_str(),
            "due" | "set" | "expected" | "plans" | "planned"
        ) && ws
            .get(i + 1)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("to"))
    });
    let mut found = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        match date_at(text, &ws, i, published, future) {
            Some((d, used)) => {
                found.push(d);
                i += used;
            }
            None => i += 1,
        }
    }
    found
}

/// The date starting at word `i`, and how many words it takes.
fn date_at(
    text: &str,
    ws: &[Word],
    i: usize,
    published: Option<Date>,
    future: bool,
) -> Option<(FoundDate, usize)> {
    let w = ws[i];
    let lower = w.text.to_lowercase();
    let prev = i.checked_sub(1).map(|p| ws[p].text.to_lowercase());
    let next = ws.get(i + 1).map(|n| n.text);
    let between = |a: usize, b: usize| &text[ws[a].end..ws[b].start];
    // Joined by at most a space or ", " (not across a sentence's other clauses).
    let joined = |a: usize| {
        ws.get(a + 1).is_some()
            && matches!(between(a, a + 1).trim(), "" | "," | "." | "-" | "–")
            && between(a, a + 1).len() <= 3
    };
    let found = |date: Date, precision, relative, last: usize| {
        Some((
            FoundDate {
                date,
                precision,
                relative,
                span: Span {
                    start: ws[i].start,
                    end: ws[last].end,
                },
            },
            last + 1 - i,
        ))
    };

    // 2018-07-16
    if let Some(y) = year(w.text)
        && let Some(d) = iso_date(text, w.start, y)
    {
        return found(d, Precision::Day, false, i + 2);
    }

    // 16 July 2018, 16th of July, 16 July
    if let Some(d) = day(w.text) {
        let mut m_at = i + 1;
        if ws.get(m_at).is_some_and(|x| x.text == "of") && joined(i) {
            m_at += 1;
        }
        if let Some(m) = ws.get(m_at).and_then(|x| month(x.text))
            && joined(m_at - 1)
        {
            if let Some(y) = ws.get(m_at + 1).and_then(|x| year(x.text))
                && joined(m_at)
            {
                let date = Date::new(y, m, d).ok()?;
                return found(date, Precision::Day, false, m_at + 1);
            }
            let date = nearest_day(published?, m, d, future)?;
            return found(date, Precision::Day, true, m_at);
        }
    }

    if let Some(m) = month(w.text) {
        // July 16, 2018 / July 16 / July 2018
        if let Some(d) = next.and_then(day)
            && joined(i)
        {
            if let Some(y) = ws.get(i + 2).and_then(|x| year(x.text))
                && joined(i + 1)
            {
                let date = Date::new(y, m, d).ok()?;
                return found(date, Precision::Day, false, i + 2);
            }
            let date = nearest_day(published?, m, d, future)?;
            return found(date, Precision::Day, true, i + 1);
        }
        if let Some(y) = next.and_then(year)
            && joined(i)
        {
            return found(Date::new(y, m, 1).ok()?, Precision::Month, false, i + 1);
        }
        // "in March", "last March", "next September": full names only, and not
        // "May" (a name as often as a month: "negotiated by May").
        let cue = prev.as_deref().unwrap_or("");
        let bare_month = w.text.len() > 3 && lower != "may";
        if bare_month
            && matches!(
                cue,
                "in" | "since"
                    | "by"
                    | "until"
                    | "last"
                    | "next"
                    | "early"
                    | "late"
                    | "mid"
                    | "during"
                    | "this"
            )
        {
            let p = published?;
            let this_year = Date::new(p.year(), m, 1).ok()?;
            let date = match cue {
                "next" => {
                    if m > p.month() {
                        this_year
                    } else {
                        this_year.checked_add(1.year()).ok()?
                    }
                }
                "this" => this_year,
                "last" if m >= p.month() => this_year.checked_sub(1.year()).ok()?,
                "last" => this_year,
                // Coming up: the next such month from publication.
                _ if future && m < p.month() => this_year.checked_add(1.year()).ok()?,
                _ if future => this_year,
                // Past: the last such month up to publication.
                _ if m > p.month() => this_year.checked_sub(1.year()).ok()?,
                _ => this_year,
            };
            return found(date, Precision::Month, true, i);
        }
        return None;
    }

    // on Saturday, last Monday, next Friday
    if let Some(day_of_week) = weekday(w.text) {
        let cue = prev.as_deref()?;
        let p = published?;
        let date = match cue {
            // "will meet on Thursday": the next Thursday (or the day itself).
            "on" | "this" | "by" | "until" if future => on_or_before(p, day_of_week)?
                .checked_add(if p.weekday() == day_of_week {
                    0.days()
                } else {
                    7.days()
                })
                .ok()?,
            "on" | "this" | "since" | "by" | "until" => on_or_before(p, day_of_week)?,
            "last" => on_or_before(p.yesterday().ok()?, day_of_week)?,
            "next" => on_or_before(p, day_of_week)?.checked_add(7.days()).ok()?,
            _ => return None,
        };
        return found(date, Precision::Day, true, i);
    }

    match lower.as_str() {
        "yesterday" => return found(published?.yesterday().ok()?, Precision::Day, true, i),
        "today" | "tonight" => return found(published?, Precision::Day, true, i),
        "tomorrow" => return found(published?.tomorrow().ok()?, Precision::Day, true, i),
        // Not "the next day", "the last week of the campaign": those count from
        // the story's own time, not from publication.
        "last" | "this" | "next" if !matches!(prev.as_deref(), Some("the" | "that")) => {
            let unit = next.map(str::to_lowercase);
            let step: i64 = match lower.as_str() {
                "last" => -1,
                "this" => 0,
                _ => 1,
            };
            if let Some(unit) = unit.as_deref()
                && joined(i)
                && let Some((date, precision)) = shifted(published, unit, step)
            {
                return found(date, precision, true, i + 1);
            }
        }
        _ => {}
    }

    // two years ago, 3 weeks ago
    if let Some(n) = count(w.text)
        && let (Some(unit), Some(ago)) = (ws.get(i + 1), ws.get(i + 2))
        && ago.text.eq_ignore_ascii_case("ago")
    {
        let unit = unit.text.to_lowercase();
        let unit = unit.trim_end_matches('s');
        if let Some((date, precision)) = shifted(published, unit, -n) {
            return found(date, precision, true, i + 2);
        }
    }

    // A bare year.
    let y = year(w.text)?;
    let before = text[..w.start].chars().next_back();
    let before2 = text[..w.start].chars().rev().nth(1);
    let after = text[w.end..].chars().next();
    let after2 = text[w.end..].chars().nth(1);
    // "2,018" / "1.2018" / "$2018" / "2018%" / "2018,5"
    if matches!(before, Some(',' | '.')) && before2.is_some_and(|c| c.is_ascii_digit())
        || matches!(before, Some('$' | '£' | '€' | '#' | '№'))
        || matches!(after, Some('%'))
        || matches!(after, Some(',' | '.' | ':')) && after2.is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let prev_word = prev.as_deref();
    if prev_word.is_some_and(|p| REFERENCE_WORDS.contains(&p)) {
        return None;
    }
    let next_lower = next.map(str::to_lowercase);
    if next_lower
        .as_deref()
        .is_some_and(|n| COUNT_NOUNS.contains(&n))
        && matches!(after, Some(' '))
    {
        return None;
    }
    let cued = prev_word.is_some_and(|p| YEAR_CUES.contains(&p))
        || prev_word.is_some_and(|p| p.ends_with("s") && text[..w.start].ends_with("'s "));
    // "… in Helsinki, 2018." / "(2015)": a year standing alone before punctuation.
    let stands_alone = after.is_none_or(|c| matches!(c, ',' | '.' | ';' | ')' | '!' | '?'))
        && matches!(before, Some(' ' | '(' | ','));
    if cued || stands_alone {
        let date = Date::new(y, 1, 1).ok()?;
        // "2017-18": the season starts in the first year.
        let used = if matches!(after, Some('-' | '–' | '/'))
            && ws.get(i + 1).is_some_and(|n| {
                n.start == w.end + after.map_or(1, char::len_utf8)
                    && n.text.len() == 2
                    && n.text.bytes().all(|b| b.is_ascii_digit())
            }) {
            i + 1
        } else {
            i
        };
        return found(date, Precision::Year, false, used);
    }
    None
}

/// `YYYY-MM-DD` at byte `start` of `text`, whose year is `y`.
fn iso_date(text: &str, start: usize, y: i16) -> Option<Date> {
    let rest = text.get(start + 4..start + 10)?;
    let b = rest.as_bytes();
    if b[0] != b'-' || b[3] != b'-' || !b[1..3].iter().chain(&b[4..6]).all(u8::is_ascii_digit) {
        return None;
    }
    if text[start + 10..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    Date::new(y, rest[1..3].parse().ok()?, rest[4..6].parse().ok()?).ok()
}

/// "16 July" without a year: the last 16 July up to publication, or, in a sentence
/// about what is coming, the next one from it.
fn nearest_day(published: Date, m: i8, d: i8, future: bool) -> Option<Date> {
    let this_year = Date::new(published.year(), m, d).ok()?;
    let year = match (future, this_year <= published) {
        (true, false) | (false, true) => published.year(),
        (true, true) if this_year == published => published.year(),
        (true, true) => published.year() + 1,
        (false, false) => published.year() - 1,
    };
    Date::new(year, m, d).ok()
}

/// The last `weekday` on or before `date`.
fn on_or_before(date: Date, weekday: Weekday) -> Option<Date> {
    let back =
        (date.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7);
    date.checked_sub(i64::from(back).days()).ok()
}

/// The period `step` units from the one holding `published` ("last week": -1 week).
fn shifted(published: Option<Date>, unit: &str, step: i64) -> Option<(Date, Precision)> {
    let p = published?;
    Some(match unit {
        "day" => (p.checked_add(step.days()).ok()?, Precision::Day),
        "week" => (
            on_or_before(p, Weekday::Monday)?
                .checked_add((7 * step).days())
                .ok()?,
            Precision::Week,
        ),
        "month" => (
            p.first_of_month().checked_add(step.months()).ok()?,
            Precision::Month,
        ),
        "year" => (
            Date::new(p.year(), 1, 1)
                .ok()?
                .checked_add(step.years())
                .ok()?,
            Precision::Year,
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// The dates of `text` as labels with their precision.
    fn read(text: &str, published: Option<&str>) -> Vec<(String, Precision)> {
        dates_in(text, published.map(date))
            .into_iter()
            .map(|d| (d.label(), d.precision))
            .collect()
    }

    fn first(text: &str, published: Option<&str>) -> Option<String> {
        read(text, published).into_iter().next().map(|(l, _)| l)
    }

    #[test]
    fn years_from_the_shipped_articles() {
        let s = "Their first notable encounter was during a four-hour meeting with then Secretary of State John Kerry in 2015, where Sherman, a former deputy secretary of state, had an up-close view of Putin's negotiating style.";
        assert_eq!(read(s, None), vec![("2015".into(), Precision::Year)]);
        let s = "One of the most publicised meetings was the Helsinki summit in 2018, where Trump was deferential to Putin and appeared to side with Putin's denial of Russian interference in the 2016 presidential election.";
        assert_eq!(
            read(s, None),
            vec![
                ("2018".into(), Precision::Year),
                ("2016".into(), Precision::Year)
            ]
        );
        let s = "However, the agreements between the two leaders during previous summits, such as the 2017 and 2018 summits, have mainly involved intentions to facilitate meetings.";
        assert_eq!(
            read(s, None).into_iter().map(|d| d.0).collect::<Vec<_>>(),
            ["2017", "2018"]
        );
    }

    #[test]
    fn months_and_days() {
        let s = "The meeting follows growing tensions as Russia, led by Putin, continues its invasion of Ukraine started in February 2022 and insists on territorial concessions.";
        assert_eq!(read(s, None), vec![("2022-02".into(), Precision::Month)]);
        assert_eq!(
            first("The leaders met in Helsinki on 16 July 2018.", None),
            Some("2018-07-16".into())
        );
        assert_eq!(
            first("The leaders met on July 16, 2018, in Helsinki.", None),
            Some("2018-07-16".into())
        );
        assert_eq!(
            first("The talks were held on the 16th of July 2018.", None),
            Some("2018-07-16".into())
        );
        assert_eq!(
            first("It was published 2017-11-11 in Da Nang.", None),
            Some("2017-11-11".into())
        );
        // Without a year: the nearest such day up to publication.
        assert_eq!(
            first("The summit opened on 10 November.", Some("2017-11-11")),
            Some("2017-11-10".into())
        );
        assert_eq!(
            first("Elections were held in March.", Some("2017-11-11")),
            Some("2017-03".into())
        );
    }

    #[test]
    fn relative_dates_are_resolved_against_publication() {
        // 28 January 2017 was a Saturday.
        let s = "Donald Trump and Vladimir Putin had their first official phone call on Saturday.";
        assert_eq!(
            read(s, Some("2017-01-28")),
            vec![("2017-01-28".into(), Precision::Day)]
        );
        assert_eq!(
            first("They spoke on Saturday.", Some("2017-01-30")),
            Some("2017-01-28".into())
        );
        assert_eq!(
            first("They spoke last Saturday.", Some("2017-01-28")),
            Some("2017-01-21".into())
        );
        assert_eq!(
            first("They will speak next Monday.", Some("2017-01-28")),
            Some("2017-01-30".into())
        );
        let s = "Just this week it emerged that at the recent G20 Summit Trump spoke with Putin for an hour.";
        assert_eq!(
            read(s, Some("2017-07-18")),
            vec![("2017-07-17".into(), Precision::Week)]
        );
        assert_eq!(
            read("The deal was struck last week.", Some("2017-07-18")),
            vec![("2017-07-10".into(), Precision::Week)]
        );
        assert_eq!(
            first("The minister resigned yesterday.", Some("2017-07-18")),
            Some("2017-07-17".into())
        );
        assert_eq!(
            read("The law passed last month.", Some("2017-01-28")),
            vec![("2016-12".into(), Precision::Month)]
        );
        assert_eq!(
            read(
                "And with Putin up for reelection next year.",
                Some("2017-01-28")
            ),
            vec![("2018".into(), Precision::Year)]
        );
        assert_eq!(
            read("The two men first met two years ago.", Some("2017-01-28")),
            vec![("2015".into(), Precision::Year)]
        );
        // What is coming points forward; "the next day" is the story's, not ours.
        assert_eq!(
            first("The leaders will meet on Thursday.", Some("2017-01-30")),
            Some("2017-02-02".into())
        );
        assert_eq!(
            first("They met on Thursday.", Some("2017-01-30")),
            Some("2017-01-26".into())
        );
        assert_eq!(
            first("Elections will be held in November.", Some("2017-01-28")),
            Some("2017-11".into())
        );
        assert_eq!(
            first("Elections were held in November.", Some("2017-01-28")),
            Some("2016-11".into())
        );
        assert_eq!(
            first("The summit is due to open on 10 March.", Some("2017-01-28")),
            Some("2017-03-10".into())
        );
        assert!(read("The next day he met Putin.", Some("2019-07-20")).is_empty());
        // Relative words mean nothing without a publication date.
        assert!(read("They spoke on Saturday.", None).is_empty());
    }

    #[test]
    fn false_friends_are_not_dates() {
        for s in [
            "The Pentagon sent 2,018 troops to the border.",
            "Under Section 2018 of the code, the agency must report.",
            "The G20 summit drew leaders from twenty countries.",
            "The meeting began at 10:30 and ended at 12:45.",
            "About 2000 troops were deployed.",
            "It cost $2019 per seat.",
            "Turnout rose by 2018% in the model.",
            "Theresa May said the vote would go ahead.",
            "The deal negotiated by May was rejected.",
            "The book was written by Jan Morris.",
            "Protesters may march on the capital.",
            "The room number was 1984 on the plan.",
            "Trump met Putin.",
        ] {
            assert!(
                read(s, Some("2017-01-28")).is_empty(),
                "{s}: {:?}",
                read(s, Some("2017-01-28"))
            );
        }
    }

    #[test]
    fn spans_point_at_the_words() {
        let s = "The leaders met in Helsinki on 16 July 2018.";
        let d = dates_in(s, None)[0];
        assert_eq!(d.span.of(s), "16 July 2018");
        assert!(!d.relative);
        let s = "They spoke on Saturday.";
        let d = dates_in(s, Some(date("2017-01-28")))[0];
        assert_eq!(d.span.of(s), "Saturday");
        assert!(d.relative);
    }
}
