//! `/summarize article` and `/summarize topic`.

use super::{autocomplete_article, blocking, edit_original, within_rate_limit};
use crate::discord::{Context, Error};
use crate::render::discord as render;

/// Summarise one article, or a topic across the archive
#[poise::command(slash_command, subcommands("article", "topic"), subcommand_required)]
pub async fn summarize(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// The key sentences and quotes of one article
#[poise::command(slash_command)]
pub async fn article(
    ctx: Context<'_>,
    #[description = "Start typing a headline"]
    #[autocomplete = "autocomplete_article"]
    article: String,
) -> Result<(), Error> {
    ctx.defer().await?;
    let engine = ctx.data().engine.clone();
    let message = blocking(move || summary_message(&engine, &article)).await?;
    edit_original(ctx, &message).await
}

/// One article's summary, rendered, headed by its headline. Shared by
/// `/summarize article` and the "Summarize a result" menu of `/search`.
pub(crate) fn summary_message(engine: &crate::Engine, id: &str) -> crate::Result<render::Message> {
    let summary = engine.summarize_article(id)?;
    // The sources carry the headline; only a summary without sentences needs a lookup.
    let title = match summary.sources.first() {
        Some(source) => source.title.clone(),
        None => engine.article(id)?.article.title,
    };
    Ok(render::summary(
        &summary,
        &format!("Summary: {title}"),
        None,
    ))
}

/// What the archive says about a topic, across articles
#[poise::command(slash_command)]
pub async fn topic(
    ctx: Context<'_>,
    #[description = "A topic, e.g. the Anchorage summit"] topic: String,
) -> Result<(), Error> {
    crate::index::query::parse(&mut crate::text::analyzer(), &topic)?;
    if !within_rate_limit(ctx).await? {
        return Ok(());
    }
    ctx.defer().await?;
    let engine = ctx.data().engine.clone();
    let message = blocking(move || {
        let summary = engine.summarize_topic(&topic)?;
        Ok(render::summary(&summary, &format!("Topic: {topic}"), None))
    })
    .await?;
    edit_original(ctx, &message).await
}
