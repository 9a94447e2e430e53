//! `/newsdesk status` and `/newsdesk reindex`, for members with Manage Server.

use std::time::Duration;

use super::{blocking, edit_original};
use crate::discord::{Context, Error};
use crate::render::discord::{self as render, Embed, Field, Message};

/// Administer newsdesk (Manage Server only)
#[poise::command(
    slash_command,
    subcommands("status", "reindex"),
    subcommand_required,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn newsdesk(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Corpus size, index age, uptime and version
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn status(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let engine = ctx.data().engine.clone();
    let status = blocking(move || engine.status()).await?;
    let uptime = ctx.data().started.elapsed();
    // A Discord timestamp: each reader sees it in their own time zone and words.
    let age = status
        .updated_at
        .map(|t| format!("<t:{}:R>", t.as_second()))
        .unwrap_or_else(|| "never built".into());
    let field = |name: &str, value: String| Field {
        name: name.into(),
        value,
        inline: true,
    };
    let message = Message {
        embeds: vec![Embed {
            title: Some("newsdesk status".into()),
            description: String::new(),
            fields: vec![
                field("Articles", status.articles.to_string()),
                field(
                    "Corpus files",
                    format!("{} ({} skipped)", status.files, status.skipped),
                ),
                field("Index updated", age),
                field("Uptime", human(uptime)),
                field("Version", env!("CARGO_PKG_VERSION").into()),
            ],
            colour: Some(render::colours::STATUS),
            ..Embed::default()
        }],
        ..Message::default()
    };
    edit_original(ctx, &message).await
}

/// Re-read the corpus now and update the index
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn reindex(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let engine = ctx.data().engine.clone();
    let report = blocking(move || engine.sync(Duration::from_secs(60))).await?;
    let text = if report.fresh {
        format!(
            "The index was already up to date: {} articles.",
            report.articles
        )
    } else {
        format!(
            "Reindexed: {} added, {} updated, {} removed; {} articles, {} skipped files or lines.",
            report.added,
            report.updated,
            report.removed,
            report.articles,
            report.skipped.len()
        )
    };
    edit_original(ctx, &render::notice(&text)).await
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {}s", s / 60, s % 60),
        3600..=86_399 => format!("{}h {}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}
