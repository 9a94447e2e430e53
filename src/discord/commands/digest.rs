//! `/digest subscribe | unsubscribe | list | preview`.

use poise::serenity_prelude as serenity;

use super::{blocking, edit_original};
use crate::digest::schedule::{latest_occurrence, parse_time, time_zone};
use crate::discord::{Context, Error, convert};
use crate::render::discord::{self as render, Embed, Message};

/// Daily digests of new stories in a channel
#[poise::command(
    slash_command,
    subcommands("subscribe", "unsubscribe", "list", "preview"),
    subcommand_required,
    guild_only
)]
pub async fn digest(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Post a daily digest in a channel at a local time (Manage Server)
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn subscribe(
    ctx: Context<'_>,
    #[description = "Where to post"] channel: serenity::ChannelId,
    #[description = "Local time of day, HH:MM (e.g. 08:00)"] time: String,
    #[description = "Time zone, e.g. Europe/Berlin"]
    #[autocomplete = "autocomplete_timezone"]
    timezone: String,
) -> Result<(), Error> {
    let parsed = parse_time(&time)?;
    let tz = time_zone(&timezone)?;
    let tz_name = tz.iana_name().unwrap_or(timezone.trim()).to_string();
    let now = ctx.data().engine.clock().now();
    // The first digest comes at the next scheduled time, not at once.
    let (done_date, _) = latest_occurrence(parsed, &tz, now)?;
    let store = ctx.data().store.clone();
    let guild = ctx.guild_id().map(|g| g.get());
    let (c, t, z) = (
        channel.get(),
        parsed.strftime("%H:%M").to_string(),
        tz_name.clone(),
    );
    blocking(move || store.upsert_subscription(c, guild, &t, &z, "command", Some(done_date)))
        .await?;
    ctx.data().digest_wakeup.wake();
    let text = format!(
        "Daily digest set: <#{}> at {} ({tz_name}).",
        channel.get(),
        parsed.strftime("%H:%M")
    );
    reply(ctx, &render::notice(&text)).await
}

/// Stop the daily digest of a channel (Manage Server)
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn unsubscribe(
    ctx: Context<'_>,
    #[description = "The channel whose digest should stop"] channel: serenity::ChannelId,
) -> Result<(), Error> {
    let store = ctx.data().store.clone();
    let c = channel.get();
    let removed = blocking(move || store.remove_subscription(c)).await?;
    ctx.data().digest_wakeup.wake();
    let text = if removed {
        format!(
            "The daily digest of <#{c}> is stopped. (A `[[digest]]` entry in the config file comes back at the next start: remove it there too.)"
        )
    } else {
        format!("<#{c}> has no daily digest.")
    };
    reply(ctx, &render::notice(&text)).await
}

/// The daily digests of this server
#[poise::command(slash_command, guild_only)]
pub async fn list(ctx: Context<'_>) -> Result<(), Error> {
    let store = ctx.data().store.clone();
    let guild = ctx.guild_id().map(|g| g.get());
    let configured: Vec<u64> = ctx
        .data()
        .engine
        .config()
        .digest
        .iter()
        .map(|d| d.channel_id)
        .collect();
    let subs = blocking(move || store.subscriptions(None)).await?;
    let lines: Vec<String> = subs
        .into_iter()
        .filter(|(s, g, _)| *g == guild || (g.is_none() && configured.contains(&s.channel_id)))
        .map(|(s, _, source)| {
            let last = s.last_date.map_or("never".to_string(), |d| d.to_string());
            format!(
                "<#{}> at {} ({}) · last: {last}{}",
                s.channel_id,
                s.time.strftime("%H:%M"),
                s.timezone,
                if source == "config" {
                    " · from the config file"
                } else {
                    ""
                }
            )
        })
        .collect();
    let text = if lines.is_empty() {
        "No daily digests yet: `/digest subscribe` sets one up.".to_string()
    } else {
        lines.join("\n")
    };
    let message = Message {
        embeds: vec![Embed {
            title: Some("Daily digests".into()),
            description: render::shorten(&text, render::limits::DESCRIPTION),
            colour: Some(render::colours::DIGEST),
            ..Embed::default()
        }],
        ..Message::default()
    };
    reply(ctx, &message).await
}

/// The digest of the last 24 hours, now, only for you
#[poise::command(slash_command)]
pub async fn preview(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let engine = ctx.data().engine.clone();
    let messages = blocking(move || {
        let until = engine.clock().now();
        let since = until - jiff::SignedDuration::from_hours(24);
        let digest = engine.digest(since, until, engine.config().scheduler.max_stories)?;
        Ok(render::digest(&digest, "Digest preview", 0))
    })
    .await?;
    let mut messages = messages.into_iter();
    if let Some(first) = messages.next() {
        edit_original(ctx, &first).await?;
    }
    if let poise::Context::Application(actx) = ctx {
        for m in messages {
            actx.interaction
                .create_followup(ctx.http(), convert::followup(&m, true))
                .await?;
        }
    }
    Ok(())
}

/// An ephemeral reply.
async fn reply(ctx: Context<'_>, message: &Message) -> Result<(), Error> {
    if let poise::Context::Application(actx) = ctx {
        actx.interaction
            .create_response(
                ctx.http(),
                serenity::CreateInteractionResponse::Message(convert::response(message, true)),
            )
            .await?;
        actx.has_sent_initial_response
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
    Ok(())
}

/// IANA time zones containing what is typed.
async fn autocomplete_timezone(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let typed = partial.trim().to_lowercase().replace(' ', "_");
    let choices = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_string())
        .filter(|name| name.to_lowercase().contains(&typed))
        .take(25)
        .map(|name| serenity::AutocompleteChoice::new(name.clone(), name))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
