//! The `newsdesk` binary: parse arguments, read `.env`, start logging, run the
//! command, and map errors to exit codes (0 ok, 1 internal failure, 2 usage/config).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // .env first: the arguments take NEWSDESK_CONFIG and NEWSDESK_LOG_FORMAT from the
    // environment, which .env may set. A missing .env is normal; a broken one is worth
    // a warning once logging is up.
    let dotenv = dotenvy::dotenv();
    let cli = cli::Cli::parse();
    let default_level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter =
        EnvFilter::try_from_env("NEWSDESK_LOG").unwrap_or_else(|_| EnvFilter::new(default_level));
    newsdesk::logging::init(
        match cli.log_format {
            cli::LogFormat::Human => newsdesk::logging::Format::Human,
            cli::LogFormat::Json => newsdesk::logging::Format::Json,
        },
        filter,
    );
    if let Ok(token) = std::env::var("DISCORD_TOKEN") {
        newsdesk::logging::keep_secret(&token);
    }
    match dotenv {
        Err(e) if e.not_found() => {}
        // The parse error quotes the line, which may hold the token: say where only.
        Err(dotenvy::Error::LineParse(_, at)) => {
            tracing::warn!(
                at,
                "could not read .env: a line does not parse (at this character)"
            );
        }
        Err(e) => tracing::warn!(error = %e, "could not read .env"),
        Ok(_) => {}
    }
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let user = cli::is_user_error(&e);
            // An error may quote a file name or article text (shown, not obeyed) or, from
            // a server that echoes requests, the bot token (never shown).
            let message = newsdesk::render::terminal::terminal_safe(
                &newsdesk::logging::redacted(&said_once(&e)),
                false,
            );
            eprintln!("error: {message}");
            ExitCode::from(if user { 2 } else { 1 })
        }
    }
}

/// The error and its causes, each said once: an error whose message already quotes
/// its cause (tantivy's and newsdesk's own do) is not followed by that cause again.
fn said_once(e: &anyhow::Error) -> String {
    let mut message = cli::worded(e.as_ref());
    for cause in e.chain().skip(1) {
        let text = cli::worded(cause);
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}
