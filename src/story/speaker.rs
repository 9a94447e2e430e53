//! Who says a quote, when the text says it: "X said", "said X", "X told
//! reporters", "according to X", "X described … as", "X said in a statement," in
//! the quote's sentence or its neighbour (across a run of quoted sentences back to
//! the one that introduces them). A role or a surname is resolved to the full name
//! the article gives ("the Russian president" → "Vladimir Putin" where the article
//! names "Russian President Vladimir Putin"); an institution stays as written ("the
//! Kremlin").
//!
//! Only words outside quotation marks attribute: in `"He said he didn't meddle," Trump
//! told reporters` the speaker is Trump, not "he".

use crate::answer::{REPORTING_WORDS, ROLE_WORDS};
use crate::text::Span;
use crate::text::stopwords::is_stop_word;

/// Reporting words that do not say who spoke ("believes", "called" as in phoned).
const NOT_SPEECH: &[&str] = &[
    "believes",
    "believed",
    "thinks",
    "thought",
    "called",
    "calls",
    "according",
    "praised",
    "criticised",
    "criticized",
    "accused",
];
/// More verbs of saying than the answer model needs.
const MORE_SPEECH: &[&str] = &[
    "tweeted",
    "asked",
    "continued",
    "recalled",
    "conceded",
    "complained",
    "joked",
    "quipped",
    "remarked",
    "observed",
    "commented",
    "answered",
    "responded",
];
/// Verbs that may come before their speaker ("…," said Mr Seagrave).
const SAID_FIRST: &[&str] = &[
    "said",
    "says",
    "added",
    "warned",
    "insisted",
    "explained",
    "wrote",
    "continued",
    "replied",
    "asked",
    "recalled",
];
/// Words between a speaker and the verb ("Putin later said", "Trump has said").
const BETWEEN: &[&str] = &[
    "also",
    "later",
    "then",
    "has",
    "had",
    "have",
    "would",
    "will",
    "once",
    "previously",
    "earlier",
    "again",
    "never",
    "himself",
    "herself",
];
/// Titles before a name that are not part of it.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady",
];
/// Joining words inside a name ("Secretary of State", "Charles de Gaulle").
const CONNECTORS: &[&str] = &["of", "de", "von", "van", "al", "bin", "der", "la", "du"];
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their"];

fn is_speech_verb(lower: &str) -> bool {
    (REPORTING_WORDS.contains(&lower) && !NOT_SPEECH.contains(&lower))
        || MORE_SPEECH.contains(&lower)
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Stop words that are also names when capitalised ("Theresa May", "Will Young").
const NAME_STOP_WORDS: &[&str] = &["may", "will"];

/// A capitalised word that can be part of a name: not a capitalised stop word
/// ("The", "But"), save those that are names too.
fn name_word(text: &str, lower: &str) -> bool {
    capitalised(text) && (!is_stop_word(lower) || NAME_STOP_WORDS.contains(&lower))
}

/// One word of a sentence: where it is, whether it is inside quotation marks, and
/// whether punctuation (a clause break) comes right before it.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    lower: String,
    start: usize,
    quoted: bool,
    break_before: bool,
}

/// The words of `text` (offsets from `base`), each marked inside or outside
/// quotation marks.
fn words(text: &str, base: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut pending_break = true;
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut doubled = false;
    for (k, &(i, c)) in chars.iter().enumerate() {
        // Two single quotes stand for one double quotation mark ('' … '').
        if doubled {
            doubled = false;
            continue;
        }
        if matches!(c, '\'' | '‘' | '’') && chars.get(k + 1).is_some_and(|n| n.1 == c) {
            if let Some(s) = start.take() {
                push(&mut out, &text[s..i], base + s, quoted, pending_break);
            }
            quoted = !quoted;
            pending_break = true;
            doubled = true;
            continue;
        }
        let inner_apostrophe = matches!(c, '\'' | '’')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|n| n.1.is_alphanumeric());
        if c.is_alphanumeric() || c == '-' && start.is_some() || inner_apostrophe {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push(&mut out, &text[s..i], base + s, quoted, pending_break);
            pending_break = false;
        }
        match c {
            '"' => quoted = !quoted,
            '“' | '«' => quoted = true,
            '”' | '»' => quoted = false,
            // ‘ opens a quotation at a word's start; ’ closes one at its end.
            '‘' if chars
                .get(k + 1)
                .is_some_and(|n| n.1.is_alphanumeric() || n.1 == '‘') =>
            {
                quoted = true
            }
            '’' if quoted => quoted = false,
            _ => {}
        }
        if matches!(
            c,
            ',' | ';'
                | ':'
                | '('
                | ')'
                | '—'
                | '–'
                | '"'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '.'
                | '!'
                | '?'
        ) {
            pending_break = true;
        }
    }
    if let Some(s) = start {
        push(&mut out, &text[s..], base + s, quoted, pending_break);
    }
    out
}

fn push<'a>(out: &mut Vec<Word<'a>>, text: &'a str, start: usize, quoted: bool, brk: bool) {
    out.push(Word {
        text,
        lower: text.to_lowercase(),
        start,
        quoted,
        break_before: brk,
    });
}

/// A speaker as the sentence names them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Named {
    /// A capitalised name or institution: "Vladimir Putin", "Trump", "the Kremlin".
    Proper(Vec<String>),
    /// A described role: "the Russian president".
    Role(Vec<String>),
    /// "he" or "she", as written.
    Pronoun(String),
}

/// An attribution: who, and where the verb is.
#[derive(Debug, Clone)]
struct Attribution {
    named: Named,
    at: usize,
}

/// The noun phrase ending at word `j` (the speaker before a verb).
fn phrase_ending(ws: &[Word], j: usize) -> Option<Named> {
    let w = &ws[j];
    if w.quoted {
        return None;
    }
    if matches!(w.lower.as_str(), "he" | "she" | "it" | "they") {
        return Some(Named::Pronoun(w.text.to_string()));
    }
    if name_word(w.text, &w.lower) && (j > 0 || !is_stop_word(&w.lower)) {
        let mut first = j;
        while first > 0 && !ws[first].break_before {
            let p = &ws[first - 1];
            let joins = CONNECTORS.contains(&p.lower.as_str())
                && first >= 2
                && capitalised(ws[first - 2].text)
                && !p.break_before;
            if p.quoted || !(name_word(p.text, &p.lower) && !is_stop_word(&p.lower) || joins) {
                break;
            }
            first -= 1;
        }
        let mut name: Vec<String> = ws[first..=j].iter().map(|w| w.text.to_string()).collect();
        if first > 0 && !ws[first].break_before && ws[first - 1].lower == "the" {
            name.insert(0, "the".into());
        }
        return Some(Named::Proper(name));
    }
    // "the Russian president", "the chief executive of a car maker": back to a
    // determiner (past one "of"), within a clause; the determiner as written.
    let mut k = j;
    let mut crossed_of = false;
    for _ in 0..9 {
        if ws[k].break_before || k == 0 || ws[k - 1].quoted {
            return None;
        }
        k -= 1;
        let lower = ws[k].lower.as_str();
        if DETERMINERS.contains(&lower) {
            if !crossed_of && k > 0 && ws[k - 1].lower == "of" && !ws[k].break_before {
                crossed_of = true;
                k -= 1;
                continue;
            }
            let mut words: Vec<String> = ws[k..=j].iter().map(|w| w.text.to_string()).collect();
            words[0] = words[0].to_lowercase();
            return Some(Named::Role(words));
        }
        if is_stop_word(lower) && lower != "of" {
            return None;
        }
    }
    None
}

/// The noun phrase starting at word `j` (the speaker after "said" or "according
/// to"): "said Mr Seagrave", "said the Kremlin", "said the spokesman", "said
/// economist Dirk Schumacher", "said BIFA founder and director Elliot Grove".
fn phrase_starting(ws: &[Word], j: usize) -> Option<Named> {
    // The words up to the clause's end (at most eight).
    let first = ws.get(j)?;
    if first.quoted {
        return None;
    }
    let mut end = j;
    while let Some(n) = ws.get(end + 1) {
        if n.break_before || n.quoted || end + 1 - j >= 8 {
            break;
        }
        end += 1;
    }
    let span = &ws[j..=end];
    let is_name_word = |w: &Word| capitalised(w.text) && !is_stop_word(&w.lower);
    // Capitalised runs inside the span: (first, last) indexes into `span`.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < span.len() {
        if is_name_word(&span[i]) {
            let start = i;
            while i + 1 < span.len()
                && (is_name_word(&span[i + 1])
                    || CONNECTORS.contains(&span[i + 1].lower.as_str())
                        && span.get(i + 2).is_some_and(is_name_word))
            {
                i += 1;
            }
            runs.push((start, i));
        }
        i += 1;
    }
    let text = |a: usize, b: usize| -> Vec<String> {
        span[a..=b].iter().map(|w| w.text.to_string()).collect()
    };
    // Lower-case words that describe a person ("economist", "founder and
    // director", "chief") and nothing that ends the phrase.
    let described = |from: usize, to: usize| {
        span[from..to]
            .iter()
            .all(|w| !capitalised(w.text) && (!is_stop_word(&w.lower) || w.lower == "and"))
    };
    let determiner = DETERMINERS.contains(&first.lower.as_str());
    match runs.as_slice() {
        // "the Kremlin", "the White House": an institution (not "the East
        // Kilbride athlete", where the name describes).
        [(1, b), ..] if determiner && span.get(b + 1).is_none_or(|w| is_stop_word(&w.lower)) => {
            let mut words = vec![first.text.to_lowercase()];
            words.extend(text(1, *b));
            Some(Named::Proper(words))
        }
        // "Mr Seagrave"; "BIFA founder and director Elliot Grove" (an
        // organisation, a description, then the person).
        [(0, b), rest @ ..] => match rest.first() {
            Some(&(c, d)) if c > b + 1 && described(b + 1, c) && d > c => {
                Some(Named::Proper(text(c, d)))
            }
            _ => Some(Named::Proper(text(0, *b))),
        },
        // "economist Dirk Schumacher".
        [(a, b), ..] if !determiner && *a <= 4 && described(0, *a) => {
            Some(Named::Proper(text(*a, *b)))
        }
        _ if determiner => {
            // "the spokesman", "the 22-year-old", "the East Kilbride athlete": to
            // the first stop word.
            let stop = span[1..]
                .iter()
                .position(|w| is_stop_word(&w.lower))
                .map_or(span.len(), |p| p + 1);
            (stop >= 2).then(|| {
                let mut words = vec![first.text.to_lowercase()];
                words.extend(span[1..stop].iter().map(|w| w.text.to_string()));
                Named::Role(words)
            })
        }
        _ => None,
    }
}

/// Every attribution in a sentence, in order.
fn attributions(ws: &[Word]) -> Vec<Attribution> {
    let mut found = Vec::new();
    for (k, w) in ws.iter().enumerate() {
        if w.quoted {
            continue;
        }
        if w.lower == "according" && ws.get(k + 1).is_some_and(|t| t.lower == "to") {
            if let Some(named) = phrase_starting(ws, k + 2) {
                found.push(Attribution { named, at: w.start });
            }
            continue;
        }
        if !is_speech_verb(&w.lower) {
            continue;
        }
        // Speaker before the verb, past an adverb or an auxiliary or two, within
        // the clause.
        let mut j = k;
        let mut before = None;
        while j > 0 && k - j < 3 && !ws[j].break_before {
            j -= 1;
            if ws[j].quoted {
                break;
            }
            let between = BETWEEN.contains(&ws[j].lower.as_str())
                || ws[j].lower.ends_with("ly") && !capitalised(ws[j].text);
            if !between {
                before = phrase_ending(ws, j);
                break;
            }
        }
        // "Kurt Barnard, president of Retail Consulting Group, said": the name
        // before the commas of an apposition.
        if before.is_none() && w.break_before && k > 0 && !ws[k - 1].quoted {
            before = apposition_before(ws, k);
        }
        if let Some(named) = before {
            found.push(Attribution { named, at: w.start });
            continue;
        }
        // "…," said the Kremlin.
        if SAID_FIRST.contains(&w.lower.as_str())
            && (w.break_before || k == 0)
            && let Some(named) = phrase_starting(ws, k + 1)
        {
            found.push(Attribution { named, at: w.start });
        }
    }
    found
}

/// The speaker of the verb at `k` across commas: of the comma-separated pieces
/// before it (back to a quotation or the sentence's start, at most three), the
/// nearest that is a name ("Theresa May" in "The Shadow Secretary …, Theresa May,
/// said"; "Kurt Barnard" in "Kurt Barnard, president of …, said").
fn apposition_before(ws: &[Word], k: usize) -> Option<Named> {
    let mut end = k;
    for _ in 0..3 {
        if end == 0 || ws[end - 1].quoted {
            return None;
        }
        let mut start = end - 1;
        while start > 0 && !ws[start].break_before && !ws[start - 1].quoted {
            start -= 1;
        }
        let piece = &ws[start..end];
        let name = piece.iter().enumerate().all(|(i, w)| {
            name_word(w.text, &w.lower) && (i > 0 || start > 0 || !is_stop_word(&w.lower))
                || i == 0 && w.lower == "the"
                || i > 0 && CONNECTORS.contains(&w.lower.as_str())
        });
        if name && piece.len() <= 6 && piece.iter().any(|w| capitalised(w.text)) {
            let mut words: Vec<String> = piece.iter().map(|w| w.text.to_string()).collect();
            if words[0] == "The" {
                words[0] = "the".into();
            }
            return Some(Named::Proper(words));
        }
        if start == 0 || ws[start - 1].quoted {
            return None;
        }
        end = start;
    }
    None
}

/// Whether a sentence is all quotation (no word of it outside the marks).
fn all_quoted(ws: &[Word]) -> bool {
    !ws.is_empty() && ws.iter().all(|w| w.quoted)
}

/// Who says a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The full name the article gives ("Vladimir Putin"), or the institution or
    /// role as written when it gives none ("the Kremlin").
    pub name: String,
    /// How the attribution names them ("the Russian president", "Putin", "he").
    pub as_written: String,
}

impl Named {
    fn as_written(&self) -> String {
        match self {
            Named::Proper(words) | Named::Role(words) => words.join(" "),
            Named::Pronoun(word) => word.clone(),
        }
    }
}

/// Who says the quote at `quote` (bytes of `body`; `sentences` are the body's),
/// resolved to the full name the article gives; `None` when the text does not say.
pub fn speaker(body: &str, sentences: &[Span], quote: Span) -> Option<Speaker> {
    let k = sentences
        .iter()
        .position(|s| s.start <= quote.start && quote.start < s.end)?;
    let sentence_words = |i: usize| words(sentences[i].of(body), sentences[i].start);
    let ws = sentence_words(k);
    let here = attributions(&ws);
    // Distances count from the whole quotation the quote is part of (a reporter
    // may paste only some of its words).
    let quote = match ws.iter().position(|w| w.start >= quote.start) {
        Some(i) if ws[i].quoted => {
            let mut j = i;
            while ws.get(j + 1).is_some_and(|w| w.quoted) {
                j += 1;
            }
            let mut h = i;
            while h > 0 && ws[h - 1].quoted {
                h -= 1;
            }
            Span {
                start: ws[h].start.min(quote.start),
                end: (ws[j].start + ws[j].text.len()).max(quote.end),
            }
        }
        _ => quote,
    };
    // The attribution nearest the quote within its clause (a ';' ends one).
    let nearest = here
        .iter()
        .filter(|a| {
            let (lo, hi) = if a.at < quote.start {
                (a.at, quote.start)
            } else {
                (quote.end.min(a.at), a.at)
            };
            !body[lo..hi].contains(';')
        })
        .min_by_key(|a| {
            if a.at < quote.start {
                quote.start - a.at
            } else {
                a.at.saturating_sub(quote.end)
            }
        })
        .cloned();
    let quoted_only = all_quoted(&ws);
    let chosen = nearest
        .map(|a| (a, k))
        .or_else(|| {
            // Back over a run of quoted sentences to the one that introduces them
            // ("The Kremlin said in a statement," then the quotation).
            let mut i = k;
            while i > 0 && k - i < 4 {
                i -= 1;
                let ws = sentence_words(i);
                let introduces = sentences[i].of(body).ends_with([',', ':']);
                if (quoted_only || introduces)
                    && let Some(a) = attributions(&ws).pop()
                {
                    return Some((a, i));
                }
                if !all_quoted(&ws) {
                    break;
                }
            }
            None
        })
        .or_else(|| {
            // A quotation standing alone, attributed right after it.
            let next = k + 1;
            (quoted_only && next < sentences.len())
                .then(|| attributions(&sentence_words(next)).into_iter().next())
                .flatten()
                .map(|a| (a, next))
        })?;
    let (attribution, at) = chosen;
    Some(Speaker {
        name: resolve(
            body,
            sentences,
            &capitalised_runs(body),
            &attribution.named,
            at,
            quote.start,
        )?,
        as_written: attribution.named.as_written(),
    })
}

/// The full name behind a speaker as named in sentence `at`.
fn resolve(
    body: &str,
    sentences: &[Span],
    runs: &Runs,
    named: &Named,
    at: usize,
    position: usize,
) -> Option<String> {
    match named {
        Named::Pronoun(word) => {
            // "He said": the speaker named just before, if the pronoun can stand for
            // them ("it" and "they" for a body, not a person; "she" not for a "Mr");
            // for "he" or "she", else the person the story was about just before.
            let pronoun = word.to_lowercase();
            let person = matches!(pronoun.as_str(), "he" | "she");
            let fits = |a: &Attribution, name: &str| match &a.named {
                Named::Proper(words) if words[0] == "the" => !person,
                Named::Pronoun(_) => false,
                _ => person && !gender_conflict(body, name, &pronoun),
            };
            (at.saturating_sub(3)..at)
                .rev()
                .find_map(|i| {
                    let ws = words(sentences[i].of(body), sentences[i].start);
                    attributions(&ws).into_iter().rev().find_map(|a| {
                        if matches!(a.named, Named::Pronoun(_)) {
                            return None;
                        }
                        resolve(body, sentences, runs, &a.named, i, position)
                            .filter(|name| fits(&a, name))
                    })
                })
                .or_else(|| {
                    person
                        .then(|| subject_before(body, sentences, runs, at, position))
                        .flatten()
                        .filter(|name| !gender_conflict(body, name, &pronoun))
                })
        }
        Named::Role(words) => {
            // "a minister", "the chief executive of a car maker": someone the text
            // does not name, whoever else holds that title in the article.
            if words.iter().any(|w| matches!(w.as_str(), "a" | "an")) {
                return Some(words.join(" "));
            }
            let role: Vec<String> = words[1..].iter().map(|w| w.to_lowercase()).collect();
            if let Some(name) = name_after_role(runs, &role, position) {
                return Some(name);
            }
            // "the 22-year-old", "the prime minister": the person the story was
            // about; not "the spokesman".
            let body_not_person = role.iter().any(|w| NOT_PERSONS.contains(&w.as_str()));
            let named = (!body_not_person)
                .then(|| subject_before(body, sentences, runs, at, position))
                .flatten();
            Some(named.unwrap_or_else(|| words.join(" ")))
        }
        Named::Proper(words) => {
            if words[0] == "the" {
                // "the Kremlin", "the White House": an institution speaks as itself,
                // unless the article gives a person by that title.
                let role: Vec<String> = words[1..].iter().map(|w| w.to_lowercase()).collect();
                return Some(
                    name_after_role(runs, &role, position).unwrap_or_else(|| words.join(" ")),
                );
            }
            let name = person_name(words);
            match name.len() {
                0 => Some(words.join(" ")),
                // "Putin", "Mr Kosslick", "Sir Paul": the full name the article gives.
                1 => Some(full_name(runs, &name[0]).unwrap_or_else(|| {
                    if words.len() > 1 {
                        words.join(" ")
                    } else {
                        name[0].clone()
                    }
                })),
                _ => Some(name.join(" ")),
            }
        }
    }
}

/// A name without the titles before it: "Russian President Vladimir Putin" →
/// "Vladimir Putin", "Mr Trump" → "Trump".
fn strip_titles(words: &[String]) -> Vec<String> {
    let cut = words
        .iter()
        .rposition(|w| {
            let w = w.to_lowercase();
            let w = w.trim_end_matches('.');
            ROLE_WORDS.contains(&w) || HONORIFICS.contains(&w) || CONNECTORS.contains(&w)
        })
        .map_or(0, |i| i + 1);
    words[cut..].to_vec()
}

/// A person's name from a capitalised run: titles dropped, then the last two words
/// (with an initial or a particle before them): "Judges Simon Cowell" → "Simon
/// Cowell", "George W Bush" stays whole.
fn person_name(words: &[String]) -> Vec<String> {
    let name = strip_titles(words);
    if name.len() <= 2 {
        return name;
    }
    let mut from = name.len() - 2;
    while from > 0 {
        let w = &name[from];
        let before = &name[from - 1];
        let initial = w.trim_end_matches('.').chars().count() == 1;
        if initial || CONNECTORS.contains(&before.to_lowercase().as_str()) {
            from -= 1;
        } else {
            break;
        }
    }
    name[from..].to_vec()
}

/// How much of an article is read for the names it gives: names are introduced
/// early, and a very long text is not tokenised whole for one speaker.
const NAMES_SCOPE_BYTES: usize = 256 * 1024;

/// Capitalised runs of an article: each run's words and the byte offset of its end.
type Runs = [(Vec<String>, usize)];

/// Capitalised runs of `body` (as words, within [`NAMES_SCOPE_BYTES`], title-case
/// lines left out), each with the byte offset of its end.
fn capitalised_runs(body: &str) -> Vec<(Vec<String>, usize)> {
    let mut scope = body.len().min(NAMES_SCOPE_BYTES);
    while !body.is_char_boundary(scope) {
        scope -= 1;
    }
    // Title-case lines (headlines, "As Putin Meets Trump in Alaska, Experts Say
    // …") make runs of words that are no names.
    let mut ws = Vec::new();
    let mut offset = 0;
    for line in body[..scope].split_inclusive('\n') {
        let line_words = words(line, offset);
        let capitals = line_words.iter().filter(|w| capitalised(w.text)).count();
        if line_words.len() < 4 || capitals * 10 < line_words.len() * 7 {
            ws.extend(line_words);
        }
        offset += line.len();
    }
    let mut runs = Vec::new();
    let mut current: Vec<&Word> = Vec::new();
    for w in &ws {
        let continues = !w.break_before && !current.is_empty();
        // A capitalised stop word continues a name ("Theresa May") but starts none.
        if continues && name_word(w.text, &w.lower) {
            current.push(w);
            continue;
        }
        if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
        if capitalised(w.text) && !is_stop_word(&w.lower) {
            current.push(w);
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs.into_iter()
        .map(|r| {
            let end = r.last().map_or(0, |w| w.start + w.text.len());
            (r.iter().map(|w| w.text.to_string()).collect(), end)
        })
        .collect()
}

/// The full name the article gives for `word`: a surname ("Putin" → "Vladimir
/// Putin"; `None` when two people share it), else a first name after a title
/// ("Sir Paul" → "Paul McCartney").
fn full_name(runs: &Runs, word: &str) -> Option<String> {
    let mut surnames: Vec<Vec<String>> = Vec::new();
    for (run, _) in runs {
        let name = person_name(run);
        if name.len() >= 2 && name.last().is_some_and(|w| w == word) && !surnames.contains(&name) {
            surnames.push(name);
        }
    }
    // Two people of one surname ("Melania Trump", "Donald Trump"): the text does
    // not say which, so neither.
    let distinct_first: std::collections::HashSet<&String> =
        surnames.iter().map(|n| &n[n.len() - 2]).collect();
    if distinct_first.len() > 1 {
        return None;
    }
    let surname = surnames.into_iter().max_by_key(Vec::len);
    let given = || {
        runs.iter().find_map(|(run, _)| {
            let name = person_name(run);
            (name.len() == 2 && name[0] == word).then_some(name)
        })
    };
    surname.or_else(given).map(|name| name.join(" "))
}

/// Whether the article treats `name` as a person: it refers to them by surname
/// alone somewhere ("McIlroy is now hoping", "Mr Blair"), as news writing does
/// after the first mention. "Northern Ireland" is not.
fn is_person(runs: &Runs, name: &[String]) -> bool {
    let Some(surname) = name.last() else {
        return false;
    };
    name.len() >= 2
        && runs
            .iter()
            .any(|(run, _)| strip_titles(run).as_slice() == std::slice::from_ref(surname))
}

/// The person the story is about just before sentence `at`: the first person named
/// in the nearest of the five sentences before it (and in its own opening, up to
/// `position`) that names one.
fn subject_before(
    body: &str,
    sentences: &[Span],
    runs: &Runs,
    at: usize,
    position: usize,
) -> Option<String> {
    let own = Span {
        start: sentences[at].start,
        end: position.max(sentences[at].start),
    };
    std::iter::once(own)
        .chain((at.saturating_sub(5)..at).rev().map(|i| sentences[i]))
        .find_map(|s| {
            capitalised_runs(s.of(body))
                .into_iter()
                .find_map(|(run, _)| {
                    let stripped = strip_titles(&run);
                    let titled = stripped.len() == 1 && run.len() > 1;
                    if titled {
                        // "Mr Kosslick": the full name, or the name as titled.
                        return Some(
                            full_name(runs, &stripped[0]).unwrap_or_else(|| run.join(" ")),
                        );
                    }
                    let name = person_name(&run);
                    if name.len() == 1 {
                        // A surname the article gives in full elsewhere ("McIlroy").
                        return full_name(runs, &name[0]).filter(|full| {
                            is_person(runs, &full.split(' ').map(String::from).collect::<Vec<_>>())
                        });
                    }
                    is_person(runs, &name).then(|| name.join(" "))
                })
        })
}

/// Whether the article's titles for `name` contradict `pronoun`: "she" for a
/// person the article calls "Mr", "he" for a "Mrs", "Ms" or "Miss".
fn gender_conflict(body: &str, name: &str, pronoun: &str) -> bool {
    let Some(surname) = name.split(' ').next_back() else {
        return false;
    };
    let titled = |titles: &[&str]| {
        titles
            .iter()
            .any(|t| body.contains(&format!("{t} {surname}")))
    };
    match pronoun {
        "she" => titled(&["Mr", "Mr.", "Sir", "Lord"]),
        "he" => titled(&["Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dame", "Lady"]),
        _ => false,
    }
}

/// Roles that stand for a body, not a person of the story: never resolved to a
/// name.
const NOT_PERSONS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "statement",
    "source",
    "sources",
    "report",
    "official",
    "officials",
    "company",
    "firm",
    "group",
    "government",
    "ministry",
    "department",
    "agency",
    "police",
    "court",
];

/// The name the article gives after a role ("Russian President Vladimir Putin" for
/// the role "russian president"): the mention nearest before `position`, else the
/// first after it.
fn name_after_role(runs: &Runs, role: &[String], position: usize) -> Option<String> {
    if role.is_empty() {
        return None;
    }
    let mut before = None;
    let mut after = None;
    for (run, end) in runs {
        let lower: Vec<String> = run.iter().map(|w| w.to_lowercase()).collect();
        let Some(at) = lower.windows(role.len()).position(|w| w == role) else {
            continue;
        };
        let name = &run[at + role.len()..];
        if name.is_empty() || name.len() > 3 || strip_titles(name).len() != name.len() {
            continue;
        }
        let name = match name {
            [single] => full_name(runs, single).unwrap_or_else(|| single.clone()),
            _ => name.join(" "),
        };
        if *end <= position {
            before = Some(name);
        } else if after.is_none() {
            after = Some(name);
        }
    }
    before.or(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    /// The speaker of `quote` in `body`.
    fn who(body: &str, quote: &str) -> Option<String> {
        written(body, quote).map(|s| s.name)
    }

    fn written(body: &str, quote: &str) -> Option<Speaker> {
        let start = body.find(quote).expect("quote in body");
        speaker(
            body,
            &sentences(body),
            Span {
                start,
                end: start + quote.len(),
            },
        )
    }

    const APEC: &str = "US President Donald Trump met Russian President Vladimir Putin on the sidelines of the ongoing Asia-Pacific Economic Cooperation (APEC) summit in Vietnam. While there was no formal meeting between the leaders, they reportedly had warm words for each other as they crossed paths thrice during the summit. Trump made a reference to a \"mutual good feeling\" with Putin; the Russian president described Trump as \"well-mannered... and comfortable to deal with\". In fact, he seemed to believe Putin when he said there was no Russian meddling. \"He said he didn't meddle. I asked him again,\" Trump told reporters. Trump said he believed Putin was \"very insulted by it, which is not a good thing for our country.\"";

    const KREMLIN: &str = "Donald Trump and Vladimir Putin had their first official phone call on Saturday. And, according to the Kremlin, the two leaders had a pleasant conversation.\n\nThe Kremlin said in a statement,\n\n“Both sides demonstrated a mood for active, joint work on stabilizing and developing Russian-American cooperation.”\n\n“The chat took place in a positive and business-like tone.”\n\nTrump has had some kind of odd bromance going on with Putin for quite some time now.";

    #[test]
    fn a_role_is_resolved_to_the_name_the_article_gives() {
        assert_eq!(
            written(APEC, "comfortable to deal with"),
            Some(Speaker {
                name: "Vladimir Putin".into(),
                as_written: "the Russian president".into()
            })
        );
    }

    #[test]
    fn the_nearest_attribution_in_the_clause_wins() {
        assert_eq!(
            who(APEC, "mutual good feeling").as_deref(),
            None,
            "no verb of saying in Trump's clause, and the Russian president's clause is another"
        );
        assert_eq!(
            who(APEC, "I asked him again").as_deref(),
            Some("Donald Trump")
        );
        assert_eq!(
            who(APEC, "He said he didn't meddle").as_deref(),
            Some("Donald Trump"),
            "\"he said\" inside the quotation marks attributes nothing"
        );
        assert_eq!(who(APEC, "very insulted").as_deref(), Some("Donald Trump"));
    }

    #[test]
    fn a_run_of_quoted_sentences_belongs_to_the_one_that_introduces_it() {
        assert_eq!(
            who(KREMLIN, "a positive and business-like tone").as_deref(),
            Some("the Kremlin")
        );
        assert_eq!(
            who(KREMLIN, "a mood for active, joint work").as_deref(),
            Some("the Kremlin")
        );
        assert_eq!(
            who(KREMLIN, "pleasant conversation").as_deref(),
            Some("the Kremlin")
        );
    }

    #[test]
    fn said_before_its_speaker_and_pronouns() {
        let body = "Mr Jan Seagrave runs the plant. \"We will not close,\" said Mr Seagrave. \"Jobs are safe.\" He added that \"nothing is decided yet\".";
        assert_eq!(
            who(body, "We will not close").as_deref(),
            Some("Jan Seagrave")
        );
        assert_eq!(who(body, "Jobs are safe").as_deref(), Some("Jan Seagrave"));
        assert_eq!(
            who(body, "nothing is decided").as_deref(),
            Some("Jan Seagrave")
        );
        let body = "Polish Prime Minister Donald Tusk spoke in Warsaw. \"The West will not accept it,\" the prime minister told reporters.";
        assert_eq!(
            who(body, "The West will not accept it").as_deref(),
            Some("Donald Tusk")
        );
        let body = "Jane Holt, the transport secretary, promised action. ''We will rebuild every road,'' she said.";
        assert_eq!(who(body, "We will rebuild").as_deref(), Some("Jane Holt"));
        // An apposition between the name and the verb.
        let body = "\"Sales will recover by spring,\" Maria Lopez, an analyst at Fitch Ratings, said on Monday.";
        assert_eq!(
            who(body, "Sales will recover").as_deref(),
            Some("Maria Lopez")
        );
        // A described person after "said", and an organisation before the role.
        let body = "\"Rates will stay low,\" said economist Hans Weber. \"The board has decided,\" said Acme chief executive Ruth Ng.";
        assert_eq!(
            who(body, "Rates will stay low").as_deref(),
            Some("Hans Weber")
        );
        assert_eq!(
            who(body, "The board has decided").as_deref(),
            Some("Ruth Ng")
        );
        // A title word is no part of the name; a surname shared by two people
        // stays as written.
        let body = "Pianist Lena Ford opened the festival. \"I was nervous,\" Ford said.";
        assert_eq!(who(body, "I was nervous").as_deref(), Some("Lena Ford"));
        let body = "Pianist Lena Ford opened the festival. Her brother Sam Ford watched. \"I was nervous,\" Ford said.";
        assert_eq!(who(body, "I was nervous").as_deref(), Some("Ford"));
        // "a minister" is not the minister the article names.
        let body = "Foreign Minister Sergei Lavrov arrived in Geneva. \"Nothing was agreed,\" a minister said.";
        assert_eq!(
            who(body, "Nothing was agreed").as_deref(),
            Some("a minister")
        );
        // The attribution nearest the quote's own words.
        let body =
            "\"We lost,\" Jones said, but \"we will come back stronger next season,\" Smith added.";
        assert_eq!(who(body, "we will come back").as_deref(), Some("Smith"));
        // A title-case headline holds no names ("Meets Trump").
        let body = "As Putin Meets Trump in Alaska, Experts Say He Scored Big\nPresident Donald Trump spoke first. Trump warned of \"very severe consequences\" if the war goes on.";
        assert_eq!(
            who(body, "very severe consequences").as_deref(),
            Some("Donald Trump")
        );
        // A pronoun stands only for whom it can.
        let body = "\"We will not close,\" said Mr Seagrave. \"Nothing is decided,\" she said.";
        assert_eq!(who(body, "Nothing is decided").as_deref(), None);
        let body = "Donald Trump said the talks went well. Protesters gathered outside. \"We will not be silenced,\" they said.";
        assert_eq!(who(body, "We will not be silenced").as_deref(), None);
        // A described role stands for the person the story is about.
        let body = "Tom Reyes won the 800m in Oslo. Reyes led from the start. \"It felt easy,\" said the 24-year-old.";
        let said = written(body, "It felt easy").unwrap();
        assert_eq!(said.name, "Tom Reyes");
        assert_eq!(said.as_written, "the 24-year-old");
        // Not a body's spokesman, nor an unnamed "a" someone.
        let body = "Tom Reyes won in Oslo. \"We are delighted,\" said a spokesman for the club.";
        assert_eq!(
            who(body, "We are delighted").as_deref(),
            Some("a spokesman")
        );
        let body = "The summit ended. \"It was a disaster,\" one diplomat said.";
        assert_eq!(who(body, "It was a disaster").as_deref(), None);
        let body = "Nobody spoke to the press. The markets fell.";
        assert_eq!(who(body, "The markets fell").as_deref(), None);
    }
}
