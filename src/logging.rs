//! Log lines on stderr: what they may not show, however they are made.
//!
//! - **Secrets.** The bot token is registered with [`keep_secret`] as soon as it is
//!   read; from then on it is replaced by `[redacted]` in every log line (a Discord
//!   API that reflects the `Authorization` header into an error body would otherwise
//!   print `Bot <token>`) and in every error text passed through [`redacted`].
//! - **Control characters.** A log line may carry an article's title, a feed item or
//!   a file name: their control characters are shown as visible symbols (see
//!   [`crate::render::terminal::terminal_safe`]), and a newline inside one event
//!   cannot start a forged line. The formatter's own colour codes pass.
//! - **Colour** only when stderr is a terminal; JSON lines never.
//!
//! The filtering happens in the writer, so it holds for every event of every module
//! and of the libraries (serenity, tantivy), not just for the call sites that
//! remember.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::sync::RwLock;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::render::terminal::terminal_safe;

/// The secrets never printed (the bot token).
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Shorter secrets are not worth hiding (and would blank ordinary words).
const SHORTEST_SECRET: usize = 8;

/// What replaces a secret.
const REDACTED: &str = "[redacted]";

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per event for people (colour on a terminal only).
    Human,
    /// One JSON object per line.
    Json,
}

/// Starts logging to stderr with `filter`, in `format`, through the redacting writer.
pub fn init(format: Format, filter: EnvFilter) {
    let terminal = std::io::stderr().is_terminal();
    let writer = SafeStderr {
        colour: terminal && format == Format::Human,
    };
    let logs = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(writer.colour)
        .with_env_filter(filter);
    match format {
        Format::Human => logs.init(),
        Format::Json => logs.json().init(),
    }
}

/// Registers a secret: it is never written to the log, and [`redacted`] hides it.
pub fn keep_secret(secret: &str) {
    let secret = secret.trim();
    if secret.len() < SHORTEST_SECRET {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_string());
    }
}

/// `text` with every registered secret replaced by `[redacted]`.
pub fn redacted(text: &str) -> Cow<'_, str> {
    let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
    let mut out = Cow::Borrowed(text);
    for s in secrets.iter() {
        if out.contains(s.as_str()) {
            out = Cow::Owned(out.replace(s.as_str(), REDACTED));
        }
    }
    out
}

/// One formatted event made safe to print: secrets redacted, control characters
/// visible, a newline inside the event shown (the last one ends the line), and, with
/// `colour`, the formatter's colour codes (SGR: `ESC [ digits ; m`) kept.
fn safe_line(line: &str, colour: bool) -> String {
    let line = redacted(line);
    let (body, end) = match line.strip_suffix('\n') {
        Some(body) => (body, "\n"),
        None => (line.as_ref(), ""),
    };
    let mut out = String::with_capacity(body.len() + 1);
    let mut rest = body;
    while !rest.is_empty() {
        let sgr = colour.then(|| sgr_len(rest)).flatten();
        let n = sgr.unwrap_or_else(|| {
            rest.find(|c: char| c.is_control() && c != '\t')
                .unwrap_or(rest.len())
                .max(rest.chars().next().map_or(1, char::len_utf8))
        });
        let (piece, tail) = rest.split_at(n);
        match sgr {
            Some(_) => out.push_str(piece),
            None if piece == "\n" => out.push('\u{2424}'),
            None => out.push_str(&terminal_safe(piece, false)),
        }
        rest = tail;
    }
    out.push_str(end);
    out
}

/// The SGR parameters the formatter uses: reset, bold, dim, italic and the colours
/// of the levels. Not conceal (8), which text from an article could use to hide what
/// follows it.
const FORMATTER_SGR: &[&str] = &[
    "0", "1", "2", "3", "31", "32", "33", "34", "35", "36", "37", "39",
];

/// The length of the SGR sequence `text` starts with, if it starts with one the
/// formatter may have written.
fn sgr_len(text: &str) -> Option<usize> {
    let params = text.strip_prefix("\x1b[")?;
    let len = params
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    let ours = params[..len]
        .split(';')
        .all(|p| p.is_empty() || FORMATTER_SGR.contains(&p));
    (ours && params.as_bytes().get(len) == Some(&b'm')).then_some(2 + len + 1)
}

/// Stderr, one event per write, made safe by [`safe_line`].
#[derive(Debug, Clone, Copy)]
struct SafeStderr {
    colour: bool,
}

impl<'a> MakeWriter<'a> for SafeStderr {
    type Writer = SafeStderr;

    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}

impl Write for SafeStderr {
    /// The formatter hands over each event whole; a write that is not UTF-8 (it never
    /// is) passes through lossily rather than being dropped.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let line = String::from_utf8_lossy(buf);
        std::io::stderr()
            .lock()
            .write_all(safe_line(&line, self.colour).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_secret_is_never_printed() {
        let token = "MTA5.secret-token.XYZ123";
        keep_secret(token);
        keep_secret("short");
        let line = format!("ERROR http error: 401 {{\"echo\": \"Bot {token}\"}} short\n");
        let safe = safe_line(&line, false);
        assert!(!safe.contains(token), "{safe}");
        assert!(
            safe.contains("Bot [redacted]") && safe.contains("short"),
            "{safe}"
        );
        assert_eq!(redacted(&format!("x {token} y")), "x [redacted] y");
        assert!(matches!(redacted("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn article_text_in_a_log_line_cannot_act_on_the_terminal_or_forge_lines() {
        let line = "WARN skipped \"\x1b]0;pwned\x07\x1b[2J\"\nINFO forged line\n";
        let safe = safe_line(line, false);
        assert_eq!(safe.matches('\n').count(), 1, "{safe}");
        assert!(safe.ends_with('\n'));
        assert!(!safe.contains('\x1b') && !safe.contains('\x07'), "{safe:?}");
        assert!(safe.contains("␛]0;pwned␇␛[2J") && safe.contains("␤INFO forged"));
    }

    #[test]
    fn the_formatters_colours_pass_on_a_terminal_and_nothing_else_does() {
        let line = "\x1b[33m WARN\x1b[0m \x1b[2mnewsdesk\x1b[0m: title \x1b[2J\x1b]52;c;eA==\x07\n";
        let safe = safe_line(line, true);
        assert!(safe.starts_with("\x1b[33m WARN\x1b[0m \x1b[2mnewsdesk\x1b[0m"));
        assert!(safe.contains("␛[2J␛]52;c;eA==␇"), "{safe:?}");
        let hidden = safe_line("\x1b[2mtitle\x1b[0m \x1b[8mhidden\n", true);
        assert!(
            hidden.contains("\x1b[2mtitle") && hidden.contains("␛[8mhidden"),
            "{hidden:?}"
        );
        assert!(!safe_line(line, false).contains('\x1b'));
    }

    #[test]
    fn multibyte_text_passes_unchanged() {
        let line = "INFO Zürich — “quoted” ✓\n";
        assert_eq!(safe_line(line, true), line);
    }
}
