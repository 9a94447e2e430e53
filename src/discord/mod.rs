//! The Discord adapter: serenity's gateway client and poise's command framework,
//! serving the [`Engine`] to a team's channels.
//!
//! - [`commands`]: one function per slash command; its doc comment is its description.
//! - `components`: button and select-menu clicks (paging, sources, feedback).
//! - `chat`: questions asked by mentioning the bot or in answer channels, answered
//!   in threads.
//! - `convert`: the rendered reply model ([`crate::render::discord`]) as serenity
//!   builders, always with `allowed_mentions` set to none.
//!
//! All failures go through one [`on_error`]: user errors become a short ephemeral
//! message, internal ones are logged with a correlation id that the user also sees.

mod chat;
pub mod commands;
mod components;
mod convert;
mod digests;
mod ratelimit;

use std::future::Future;
use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;

use poise::serenity_prelude as serenity;
use serenity::{CreateAllowedMentions, FullEvent, GatewayIntents, Interaction};

use crate::Engine;
use crate::config::DiscordConfig;
use crate::render::discord as render;
use crate::store::Store;

pub use ratelimit::RateLimiter;

/// The error type of the bot's handlers.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// The poise context of the bot's commands.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct Data {
    /// The search and answer engine.
    pub engine: Engine,
    /// Persistent state.
    pub store: Arc<Store>,
    /// Per-user limit on questions.
    pub limiter: Arc<RateLimiter>,
    /// The `[discord]` settings.
    pub config: Arc<DiscordConfig>,
    /// When the bot started.
    pub started: Instant,
    /// Wakes the digest scheduler when subscriptions change.
    pub digest_wakeup: digests::Wakeup,
    /// Metrics and health flags (served on `[http] listen`).
    pub metrics: Arc<crate::observe::Metrics>,
}

/// Which shards this process runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shards {
    /// As many as Discord recommends, all in this process.
    Auto,
    /// Shards `range` of `total`.
    Range {
        /// The shard ids to run here.
        range: Range<u32>,
        /// Shards across all processes.
        total: u32,
    },
}

/// The gateway intents the bot needs. Message Content is privileged: it is asked for
/// only when answer channels are configured (mentions of the bot carry their content
/// without it).
pub fn intents(config: &DiscordConfig) -> GatewayIntents {
    let mut intents =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if !config.answer_channels.is_empty() {
        intents |= GatewayIntents::MESSAGE_CONTENT;
    }
    intents
}

/// Allowed mentions for every message the bot sends: none at all.
pub(crate) fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

/// How long a shutdown waits for the gateway connections to close.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs the bot until `stop` turns true, then closes the shards cleanly and lets the
/// digest scheduler finish the post it may be sending. One part of
/// [`crate::server::run`], which owns the other long-running parts.
pub async fn run(
    engine: Engine,
    store: Arc<Store>,
    metrics: Arc<crate::observe::Metrics>,
    token: &str,
    shards: Shards,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Result<(), Error> {
    let config = Arc::new(engine.config().discord.clone());
    let mut http = serenity::HttpBuilder::new(token);
    if let Some(base) = &config.api_base {
        // serenity's rate limiter builds its URLs without the proxy, so it must be off
        // whenever a base URL is set; the proxy is expected to rate limit instead.
        http = http
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let http = http.build();
    let data = Data {
        engine,
        store,
        limiter: Arc::new(RateLimiter::new(
            config.rate_limit_questions,
            std::time::Duration::from_secs(config.rate_limit_seconds),
        )),
        config: config.clone(),
        started: Instant::now(),
        digest_wakeup: digests::Wakeup::default(),
        metrics,
    };
    sync_configured_digests(&data)?;
    let scheduler_data = data.clone();
    let guild_ids = config.guild_ids.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            on_error: |error| Box::pin(on_error(error)),
            pre_command: |ctx| {
                Box::pin(async move {
                    ctx.set_invocation_data(Instant::now()).await;
                })
            },
            post_command: |ctx| Box::pin(record_command(ctx, true)),
            event_handler: |framework, event| Box::pin(on_event(framework, event)),
            allowed_mentions: Some(no_mentions()),
            prefix_options: poise::PrefixFrameworkOptions {
                prefix: None,
                mention_as_prefix: false,
                ..Default::default()
            },
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                if guild_ids.is_empty() {
                    poise::builtins::register_globally(ctx, commands).await?;
                } else {
                    for id in &guild_ids {
                        poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(*id))
                            .await?;
                    }
                }
                tracing::info!(user = %ready.user.name, guilds = guild_ids.len(), "commands registered");
                // The first READY is consumed by this setup, not by the event handler.
                data.metrics.set_gateway_connected(true);
                Ok(data)
            })
        })
        .build();
    let mut client = serenity::ClientBuilder::new_with_http(http, intents(&config))
        .framework(framework)
        .await?;
    let shard_manager = client.shard_manager.clone();
    let scheduler = tokio::spawn(digests::run(
        client.http.clone(),
        scheduler_data,
        stop.clone(),
    ));
    let start = async {
        match shards {
            Shards::Auto => client.start_autosharded().await,
            Shards::Range { range, total } => client.start_shard_range(range, total).await,
        }
    };
    tokio::pin!(start);
    let result = tokio::select! {
        result = &mut start => result,
        () = crate::server::wait_for(stop) => {
            // serenity closes only the shards that are connected: a shard still
            // connecting (at startup, or reconnecting) when the signal comes would keep
            // the client running. So ask again until it returns, within a grace period.
            tracing::info!("closing shards");
            let deadline = Instant::now() + SHUTDOWN_GRACE;
            loop {
                shard_manager.shutdown_all().await;
                match tokio::time::timeout(std::time::Duration::from_millis(250), &mut start).await {
                    Ok(result) => break result,
                    Err(_) if Instant::now() >= deadline => {
                        tracing::warn!("the gateway did not close in time; leaving it");
                        break Ok(());
                    }
                    Err(_) => {}
                }
            }
        }
    };
    if result.is_err() {
        scheduler.abort();
    } else {
        // After a shutdown the scheduler finishes the post it may be sending.
        let _ = scheduler.await;
    }
    result?;
    tracing::info!("bot stopped");
    Ok(())
}

/// Puts the `[[digest]]` entries of the config into the state database (keeping the
/// watermarks of those already there).
fn sync_configured_digests(data: &Data) -> Result<(), Error> {
    let now = data.engine.clock().now();
    for entry in &data.engine.config().digest {
        let time = crate::digest::schedule::parse_time(&entry.time)?;
        let tz = crate::digest::schedule::time_zone(&entry.timezone)?;
        let (date, _) = crate::digest::schedule::latest_occurrence(time, &tz, now)?;
        data.store.upsert_subscription(
            entry.channel_id,
            None,
            &entry.time,
            &entry.timezone,
            "config",
            Some(date),
        )?;
    }
    Ok(())
}

/// Non-command events: component clicks and chat messages. Each is handled in a
/// task of its own, so a slow or panicking handler never blocks or kills the bot.
async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    let ctx = framework.serenity_context.clone();
    let data = framework.user_data.clone();
    match event {
        FullEvent::Ready { data_about_bot } => {
            data.metrics.set_gateway_connected(true);
            tracing::info!(user = %data_about_bot.user.name, shard = ?data_about_bot.shard, "connected to the gateway");
        }
        FullEvent::ShardStageUpdate { event } => {
            data.metrics
                .set_gateway_connected(event.new == serenity::ConnectionStage::Connected);
        }
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(component),
        } => {
            let component = component.clone();
            let http = ctx.http.clone();
            let fallback = component.clone();
            supervise(
                components::handle(ctx, data, component),
                move |failure| async move {
                    let msg = render::error(&failure.to_string());
                    let _ = fallback
                        .create_followup(&http, convert::followup(&msg, true))
                        .await;
                },
            );
        }
        FullEvent::Message { new_message } => {
            let bot_id = framework.bot_id;
            supervise(
                chat::handle(ctx, data, bot_id, new_message.clone()),
                |_| async {},
            );
        }
        _ => {}
    }
    Ok(())
}

/// How a supervised handler failed, as the person who caused it may be told.
#[derive(Debug)]
enum Failure {
    /// Theirs to fix (see [`user_message`]), in Discord's words.
    User(String),
    /// Internal (an error or a panic), logged under this correlation id.
    Internal(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::User(text) => f.write_str(text),
            Failure::Internal(id) => write!(f, "Something went wrong (reference {id})."),
        }
    }
}

/// Runs a handler in its own task; an internal failure or a panic is logged with a
/// correlation id, a user error as such, and `on_failure` may tell the user.
fn supervise<F, R>(work: impl Future<Output = Result<(), Error>> + Send + 'static, on_failure: F)
where
    F: FnOnce(Failure) -> R + Send + 'static,
    R: Future<Output = ()> + Send,
{
    let handle = tokio::spawn(work);
    tokio::spawn(async move {
        let internal = match handle.await {
            Ok(Ok(())) => return,
            Ok(Err(e)) => match user_message(e.as_ref()) {
                Some(text) => {
                    tracing::debug!(error = %text, "user error in an event handler");
                    return on_failure(Failure::User(text)).await;
                }
                None => e.to_string(),
            },
            Err(e) if e.is_panic() => "handler panicked".to_string(),
            Err(e) => e.to_string(),
        };
        let id = correlation_id();
        tracing::error!(correlation_id = %id, error = %internal, "event handler failed");
        on_failure(Failure::Internal(id)).await;
    });
}

/// A short id that ties what a user sees to the log line of a failure.
pub(crate) fn correlation_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = jiff::Timestamp::now().as_nanosecond() as u64;
    let h = blake3::hash(&[t.to_le_bytes(), n.to_le_bytes()].concat());
    h.to_hex()[..8].to_string()
}

/// Counts a command in the metrics, with the time since it started.
async fn record_command(ctx: Context<'_>, ok: bool) {
    let took = ctx
        .invocation_data::<Instant>()
        .await
        .map(|started| started.elapsed())
        .unwrap_or_default();
    ctx.data()
        .metrics
        .command(&ctx.command().qualified_name, ok, took);
}

/// The one error handler of the framework.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    use poise::FrameworkError as E;
    if let Some(ctx) = error.ctx() {
        record_command(ctx, false).await;
    }
    match error {
        E::Command { error, ctx, .. } => report(ctx, &error).await,
        E::CommandPanic { ctx, payload, .. } => {
            let err: Error = payload.unwrap_or_else(|| "panic".into()).into();
            report(ctx, &err).await
        }
        E::MissingUserPermissions { ctx, .. } => {
            let name = ctx.command().qualified_name.clone();
            reply_ephemeral(
                ctx,
                &format!("Only members with the Manage Server permission can use `/{name}`."),
            )
            .await;
        }
        E::ArgumentParse { ctx, error, .. } => {
            reply_ephemeral(ctx, &format!("I could not read that option: {error}")).await;
        }
        E::GuildOnly { ctx, .. } => {
            reply_ephemeral(
                ctx,
                "This command works in a server, not in direct messages.",
            )
            .await;
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "error while handling an error");
            }
        }
    }
}

/// A mistake in a command's options that only the Discord adapter can see (a date
/// option that is not a date), worded for the person who made it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Mistake(pub String);

/// What the person is told of a failure, when it is theirs to fix: the core's user
/// errors in Discord's terms (options are `name`, commands are `/name`). `None` for
/// internal failures, which get a reference to the log instead.
pub fn user_message(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(m) = error.downcast_ref::<Mistake>() {
        return Some(m.0.clone());
    }
    let e = error.downcast_ref::<crate::Error>()?;
    use crate::Error as E;
    Some(match e {
        E::LimitOutOfRange { max, .. } => format!("`limit` must be between 1 and {max}."),
        E::DatesReversed { since, until } => {
            format!("`since` ({since}) is after `until` ({until}): no date can match.")
        }
        E::UnknownArticle(_) => format!("{e}. Use `/search` to find an article's id."),
        E::EmptyQuery => "The question is empty: type some words, e.g. `Putin APEC summit`.".into(),
        E::NoSearchableWords(_) | E::BadTime(_) | E::UnknownTimeZone(_) => e.to_string(),
        // The rest, user errors on the command line included (a missing corpus path,
        // a bad config), are the operator's: the person gets a reference to the log,
        // not the server's file paths.
        _ => return None,
    })
}

/// Tells the user what went wrong: the message itself for user errors, a reference
/// to the log otherwise.
async fn report(ctx: Context<'_>, error: &Error) {
    let text = match user_message(error.as_ref()) {
        Some(text) => {
            tracing::debug!(command = %ctx.command().qualified_name, error = %text, "user error");
            text
        }
        None => {
            let id = correlation_id();
            tracing::error!(correlation_id = %id, command = %ctx.command().qualified_name, error = %error, "command failed");
            format!("Something went wrong (reference {id}). It has been logged.")
        }
    };
    reply_ephemeral(ctx, &text).await;
}

/// Sends a short ephemeral error message. If a public "thinking…" reply was already sent,
/// it is removed first, so the channel keeps no trace of the failure.
async fn reply_ephemeral(ctx: Context<'_>, text: &str) {
    if let poise::Context::Application(actx) = ctx
        && actx
            .has_sent_initial_response
            .load(std::sync::atomic::Ordering::SeqCst)
    {
        let _ = actx.interaction.delete_response(ctx.http()).await;
    }
    // In the error colour, so a failure never reads like an answer.
    let embed = serenity::CreateEmbed::new()
        .description(render::shorten(
            &crate::logging::redacted(text),
            render::limits::DESCRIPTION,
        ))
        .colour(render::colours::ERROR);
    let reply = poise::CreateReply::default()
        .embed(embed)
        .ephemeral(true)
        .allowed_mentions(no_mentions());
    if let Err(e) = ctx.send(reply).await {
        tracing::warn!(error = %e, "could not send an error message");
    }
}
