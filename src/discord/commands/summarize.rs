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
    let message = blocking(move || {
        let title = engine.article(&article)?.article.title;
        let summary = engine.summarize_article(&article)?;
        Ok(render::answer(&summary, &format!("Summary: {title}"), None))
    })
    .await?;
    edit_original(ctx, &message).await
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
        Ok(render::answer(&summary, &format!("Topic: {topic}"), None))
    })
    .await?;
    edit_original(ctx, &message).await
}
