//! Slash commands, one function per command (poise reads each doc comment as the
//! command's description), and the helpers they share.

mod admin;
mod article;
mod ask;
mod digest;
mod help;
mod search;
mod summarize;
mod timeline;
mod whosaid;

pub(crate) use ask::answer_message;
pub(crate) use search::search_page;
pub(crate) use summarize::summary_message;
pub(crate) use timeline::story_page;
pub(crate) use whosaid::quote_page;

use jiff::civil::Date;
use poise::serenity_prelude as serenity;

use super::{Context, Data, Error, Mistake, convert};
use crate::render::discord::{self as render, Message};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        search::search(),
        ask::ask(),
        summarize::summarize(),
        article::article(),
        whosaid::whosaid(),
        timeline::timeline(),
        digest::digest(),
        help::help(),
        admin::newsdesk(),
    ]
}

/// Runs blocking engine work (tantivy, SQLite) off the async runtime.
pub(crate) async fn blocking<T, F>(work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce() -> crate::Result<T> + Send + 'static,
{
    Ok(tokio::task::spawn_blocking(work).await??)
}

/// Replaces the deferred "thinking…" response with `message`.
async fn edit_original(ctx: Context<'_>, message: &Message) -> Result<(), Error> {
    match ctx {
        poise::Context::Application(actx) => {
            actx.interaction
                .edit_response(ctx.http(), convert::edit(message))
                .await?;
        }
        poise::Context::Prefix(_) => {
            ctx.send(poise::CreateReply::default().content(&message.content))
                .await?;
        }
    }
    Ok(())
}

/// Parses an optional `YYYY-MM-DD` option.
fn date_option(name: &str, value: Option<&str>) -> Result<Option<Date>, Mistake> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => crate::corpus::parse_date(v).map(Some).ok_or_else(|| {
            Mistake(format!(
                "`{name}` must be a date like 2025-08-14, not “{}”",
                render::shorten(v, 40)
            ))
        }),
    }
}

/// Parses the `since` and `until` options of a command; dates the wrong way
/// round are the user's mistake, said before any work starts.
fn date_window(
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<Date>, Option<Date>), Error> {
    let since = date_option("since", since)?;
    let until = date_option("until", until)?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(crate::Error::DatesReversed { since: s, until: u }.into());
    }
    Ok((since, until))
}

/// Counts a question against the user's rate limit; when over it, answers with an
/// ephemeral "slow down" and returns false.
async fn within_rate_limit(ctx: Context<'_>) -> Result<bool, Error> {
    match ctx.data().limiter.check(ctx.author().id.get()) {
        Ok(()) => Ok(true),
        Err(wait) => {
            ctx.data().metrics.rate_limited();
            let text = format!(
                "Slow down: you can ask again in {} seconds.",
                wait.as_secs().max(1)
            );
            ctx.send(
                poise::CreateReply::default()
                    .content(text)
                    .ephemeral(true)
                    .allowed_mentions(super::no_mentions()),
            )
            .await?;
            Ok(false)
        }
    }
}

/// Autocompletes an article option with headlines matching what is typed.
async fn autocomplete_article(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let engine = ctx.data().engine.clone();
    let partial = partial.to_string();
    let found = blocking(move || engine.suggest_titles(&partial, 25)).await;
    let choices = match found {
        Ok(refs) => refs
            .into_iter()
            .filter(|r| render::len(&r.id) <= render::limits::OPTION)
            .map(|r| serenity::AutocompleteChoice::new(render::shorten(&r.title, 100), r.id))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "article autocomplete failed");
            Vec::new()
        }
    };
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
