//! The command line: clap definitions and the dispatch to the engine.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;
use serde::Serialize;

use newsdesk::config::{Config, DEFAULT_CONFIG_PATH};
use newsdesk::corpus::{load_all, parse_date};
use newsdesk::discord::Shards;
use newsdesk::render::terminal::{self, Style};
use newsdesk::store::Store;
use newsdesk::{Engine, Error, SearchRequest};

/// Answers questions from a news archive with verbatim, cited excerpts.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, about)]
pub struct Cli {
    /// Config file [default: config/newsdesk.toml]
    #[arg(long, global = true, env = "NEWSDESK_CONFIG")]
    pub config: Option<PathBuf>,
    /// Answer from the index as it is, without checking the corpus for changes
    #[arg(long, global = true)]
    pub no_sync: bool,
    /// Log format on stderr: human (default) or json (one object per line)
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human, env = "NEWSDESK_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// More log output on stderr (-v: info, -vv: debug)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Readable lines.
    Human,
    /// One JSON object per line, for log collectors.
    Json,
}

/// `--json` for every command that prints results.
#[derive(Debug, Args)]
pub struct Output {
    /// Print one JSON document (the shape is documented in the README)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bring the index up to date with the corpus (incremental)
    Index {
        /// Also compute every sentence's vector for the sentence encoder's cache, so
        /// no question waits for encoding (resumable: an interrupted run continues)
        #[arg(long)]
        embed: bool,
        /// Re-read and re-hash every file, to find edits that kept a file's size and
        /// modification time (as `cp -p` or `rsync -a` can leave them)
        #[arg(long)]
        verify: bool,
        #[command(flatten)]
        out: Output,
    },
    /// Search the archive; double quotes make phrases
    Search {
        /// What to search for
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only articles from this outlet (case-insensitive)
        #[arg(long)]
        outlet: Option<String>,
        /// Only articles published on or after this date (YYYY-MM-DD)
        #[arg(long, value_parser = date_arg)]
        since: Option<Date>,
        /// Only articles published on or before this date (YYYY-MM-DD)
        #[arg(long, value_parser = date_arg)]
        until: Option<Date>,
        /// Most results [default: search.default_limit, 10]
        #[arg(long, short = 'n')]
        limit: Option<usize>,
        #[command(flatten)]
        out: Output,
    },
    /// Answer a question with cited verbatim sentences, or say the archive cannot
    Ask {
        /// The question
        #[arg(required = true, num_args = 1..)]
        question: Vec<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Summarise one article (by id), or a topic across articles (--query)
    Summarize {
        /// Article id (see `newsdesk search`)
        #[arg(required_unless_present = "query", conflicts_with = "query")]
        id: Option<String>,
        /// Summarise what the archive says about this topic instead
        #[arg(long, short = 'q')]
        query: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Print one article: metadata and body
    Show {
        /// Article id
        id: String,
        #[command(flatten)]
        out: Output,
    },
    /// Find every article that carries a quote (or an altered copy of it), the first
    /// report first, with who says it
    Whosaid {
        /// The quote, with or without its quotation marks; "…" stands for dropped words
        #[arg(required = true, num_args = 1..)]
        quote: Vec<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Lay out how a story unfolded: dated, cited sentences in date order
    Timeline {
        /// The story, e.g. "Trump Putin meetings"
        #[arg(required = true, num_args = 1..)]
        topic: Vec<String>,
        /// Only events on or after this date (YYYY-MM-DD)
        #[arg(long, value_parser = date_arg)]
        since: Option<Date>,
        /// Only events on or before this date (YYYY-MM-DD)
        #[arg(long, value_parser = date_arg)]
        until: Option<Date>,
        #[command(flatten)]
        out: Output,
    },
    /// Print the digest of what came into the archive (default: the last 24 hours)
    Digest {
        /// Start: a date (YYYY-MM-DD, UTC midnight) or a duration back from now (24h, 7d, 90m)
        #[arg(long, value_parser = since_arg)]
        since: Option<Since>,
        /// End: a date, inclusive (up to the end of that day, UTC) [default: now]
        #[arg(long, value_parser = date_arg)]
        until: Option<Date>,
        /// Stories to tell at most [default: max_stories of [scheduler] in the config]
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=2000))]
        limit: Option<u32>,
        #[command(flatten)]
        out: Output,
    },
    /// Run the Discord bot (token from DISCORD_TOKEN, in the environment or .env)
    Serve {
        /// Run only shards A..B (end exclusive) of --total-shards, e.g. 0..4
        #[arg(long, value_parser = shard_range, requires = "total_shards")]
        shards: Option<std::ops::Range<u32>>,
        /// Shards across all processes (with --shards)
        #[arg(long, requires = "shards")]
        total_shards: Option<u32>,
        /// Keep the archive current (ingestion, feeds, /healthz and /metrics) without
        /// connecting to Discord: no token needed
        #[arg(long, conflicts_with_all = ["shards", "total_shards"])]
        without_discord: bool,
    },
    /// Poll the configured feeds ([[feeds]]) or show their state
    Feeds {
        #[command(subcommand)]
        action: FeedsAction,
    },
    /// Validate the config and the corpus, and print the load report
    Check {
        #[command(flatten)]
        out: Output,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedsAction {
    /// Fetch the feeds now, archive new items and index them (exit 1 if any failed)
    Poll {
        /// Only feeds that are due (their interval, or their backoff, has passed)
        #[arg(long)]
        due: bool,
        #[command(flatten)]
        out: Output,
    },
    /// Show each feed's last success, failures, backoff and archived items
    Status {
        #[command(flatten)]
        out: Output,
    },
}

/// `feeds poll --json`: the polls and the sync that indexed their items.
#[derive(Serialize)]
struct FeedsPolled {
    feeds: Vec<newsdesk::feeds::FeedReport>,
    index: Option<newsdesk::index::SyncReport>,
}

/// `feeds status --json`.
#[derive(Serialize)]
struct FeedsStatus {
    feeds: Vec<newsdesk::store::FeedState>,
}

fn shard_range(s: &str) -> Result<std::ops::Range<u32>, String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("{s:?} is not a range: use A..B, e.g. 0..4"))?;
    let a: u32 = a
        .trim()
        .parse()
        .map_err(|_| format!("{a:?} is not a shard number"))?;
    let b: u32 = b
        .trim()
        .parse()
        .map_err(|_| format!("{b:?} is not a shard number"))?;
    if a >= b {
        return Err(format!(
            "{s:?} is empty: the end is exclusive, e.g. 0..1 is shard 0"
        ));
    }
    Ok(a..b)
}

/// `--since`: a date or a duration back from now.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    /// Midnight UTC of this date.
    Date(Date),
    /// This long before now.
    Ago(jiff::SignedDuration),
}

fn since_arg(s: &str) -> Result<Since, String> {
    if let Some(d) = parse_date(s) {
        return Ok(Since::Date(d));
    }
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().map_err(|_| {
        format!("{s:?} is neither a date (YYYY-MM-DD) nor a duration (24h, 7d, 90m)")
    })?;
    let secs = match unit.trim() {
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(format!("{s:?}: use a duration such as 24h, 7d, 90m or 2w")),
    };
    let too_far = || format!("--since {s}: reaches too far back");
    let ago = jiff::SignedDuration::from_secs(n.checked_mul(secs).ok_or_else(too_far)?);
    jiff::Timestamp::now()
        .checked_sub(ago)
        .map_err(|_| too_far())?;
    Ok(Since::Ago(ago))
}

fn date_arg(s: &str) -> Result<Date, String> {
    parse_date(s).ok_or_else(|| format!("{s:?} is not a date: use YYYY-MM-DD, e.g. 2025-08-14"))
}

/// How long a query command waits for another process that is indexing before it
/// answers from the last committed index.
const QUERY_LOCK_WAIT: Duration = Duration::from_secs(2);
/// How long `newsdesk index` waits for another indexing process.
const INDEX_LOCK_WAIT: Duration = Duration::from_secs(120);

fn style(verbose: bool) -> Style {
    let tty = std::io::stdout().is_terminal();
    let width = if tty {
        textwrap::termwidth().min(100)
    } else {
        80
    };
    Style {
        width,
        color: tty,
        verbose,
    }
}

/// How a command's result is printed.
#[derive(Debug, Clone, Copy)]
struct Show {
    /// One JSON document instead of text.
    json: bool,
    /// Text with the details (byte offsets of quotes) that `-v` asks for.
    verbose: bool,
}

fn emit<T: Serialize>(
    show: Show,
    value: &T,
    human: impl FnOnce(&T, &Style) -> String,
) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if show.json {
        serde_json::to_writer_pretty(&mut stdout, value)?;
        writeln!(stdout)?;
    } else {
        let style = style(show.verbose);
        let text = human(value, &style);
        write!(stdout, "{}", terminal::terminal_safe(&text, style.color))?;
    }
    Ok(())
}

/// Opens the engine and brings the index up to date, tolerating another process
/// that is indexing at the same moment, a full disk or a read-only index (the last
/// committed index is used then, with a warning).
fn engine(config: Config, no_sync: bool) -> anyhow::Result<Engine> {
    let engine = Engine::open(config)?;
    if no_sync {
        return Ok(engine);
    }
    match engine.sync(QUERY_LOCK_WAIT) {
        Ok(_) => {}
        Err(Error::IndexLocked(path)) => {
            tracing::warn!(path = %path.display(), "index is being updated by another process; answering from its last commit");
        }
        // A sync that cannot write (a full disk, a read-only volume) must not take
        // the archive away: the last commit is intact, so answer from it.
        Err(e) if !e.is_user_error() => {
            tracing::warn!(error = %e, "could not update the index; answering from its last commit");
        }
        Err(e) => return Err(e.into()),
    }
    Ok(engine)
}

/// A mistake in the command line that only the command line can see (a date out of
/// range, a missing token), in its own words. Exit code 2, like the core's user
/// errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// One error of a chain in the command line's terms: the core's user errors name
/// the flags (`--limit`, `--since`) and the next command to try.
pub fn worded(error: &(dyn std::error::Error + 'static)) -> String {
    match error.downcast_ref::<Error>() {
        Some(Error::LimitOutOfRange { max, .. }) => {
            format!("--limit must be between 1 and {max}")
        }
        Some(Error::DatesReversed { since, until }) => {
            format!("--since {since} is after --until {until}: nothing can match")
        }
        Some(e @ Error::UnknownArticle(_)) => {
            format!("{e} (try `newsdesk search` to find ids)")
        }
        _ => match refused_by_discord(error) {
            Some(why) => format!("Discord refused the connection: {why}"),
            None => error.to_string(),
        },
    }
}

/// What the operator must fix when Discord's gateway refuses the bot: a wrong token
/// or intents the application may not use.
fn refused_by_discord(error: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    use serenity::gateway::GatewayError as G;
    match error.downcast_ref::<serenity::Error>()? {
        serenity::Error::Gateway(G::InvalidAuthentication) => {
            Some("the token is not valid (check DISCORD_TOKEN)")
        }
        serenity::Error::Gateway(G::DisallowedGatewayIntents | G::InvalidGatewayIntents) => Some(
            "the bot may not use the Message Content intent that answer channels need (enable it in the Developer Portal, or remove discord.answer_channels)",
        ),
        _ => None,
    }
}

/// Whether the failure is the user's to fix (exit code 2) rather than internal (1).
pub fn is_user_error(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<UsageError>().is_some()
            || e.downcast_ref::<Error>().is_some_and(Error::is_user_error)
            || refused_by_discord(e).is_some()
    })
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let explicit = cli.config.is_some();
    let config_path = cli
        .config
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG_PATH));
    let config = Config::load(&config_path, explicit)?;
    let verbose = cli.verbose > 0;
    let show = |json| Show { json, verbose };
    match cli.command {
        Command::Index { embed, verify, out } => {
            let engine = Engine::open(config)?;
            let report = if verify {
                engine.verify(INDEX_LOCK_WAIT)?
            } else {
                engine.sync(INDEX_LOCK_WAIT)?
            };
            // The sync report first: it stands even if embedding then fails.
            emit(show(out.json), &report, |r, _| terminal::sync_report(r))?;
            if embed {
                embed_all(&engine)?;
            }
            Ok(())
        }
        Command::Search {
            query,
            outlet,
            since,
            until,
            limit,
            out,
        } => {
            let engine = engine(config, cli.no_sync)?;
            let results = engine.search(&SearchRequest {
                query: query.join(" "),
                outlet,
                since,
                until,
                limit,
            })?;
            emit(show(out.json), &results, terminal::search)
        }
        Command::Ask { question, out } => {
            let answer = engine(config, cli.no_sync)?.ask(&question.join(" "))?;
            emit(show(out.json), &answer, terminal::answer)
        }
        Command::Summarize { id, query, out } => {
            let engine = engine(config, cli.no_sync)?;
            let summary = match (id, query) {
                (Some(id), _) => engine.summarize_article(&id)?,
                (None, Some(q)) => engine.summarize_topic(&q)?,
                (None, None) => unreachable!("clap requires an id or --query"),
            };
            emit(show(out.json), &summary, terminal::answer)
        }
        Command::Whosaid { quote, out } => {
            let quote = quote.join(" ");
            let report = engine(config, cli.no_sync)?
                .whosaid(&quote)
                .map_err(|e| match e {
                    Error::EmptyQuery | Error::NoSearchableWords(_) => anyhow::Error::new(UsageError(
                        format!("{quote:?} has no words to look for: give the quote, e.g. `newsdesk whosaid \"comfortable to deal with\"`"),
                    )),
                    e => e.into(),
                })?;
            emit(show(out.json), &report, terminal::whosaid)
        }
        Command::Timeline {
            topic,
            since,
            until,
            out,
        } => {
            let timeline = engine(config, cli.no_sync)?.timeline(&topic.join(" "), since, until)?;
            emit(show(out.json), &timeline, terminal::timeline)
        }
        Command::Show { id, out } => {
            let article = engine(config, cli.no_sync)?.show(&id)?;
            emit(show(out.json), &article, terminal::article)
        }
        Command::Digest {
            since,
            until,
            limit,
            out,
        } => {
            let engine = engine(config, cli.no_sync)?;
            let now = engine.clock().now();
            let midnight = |d: Date| {
                d.to_zoned(jiff::tz::TimeZone::UTC)
                    .map(|z| z.timestamp())
                    .map_err(|e| UsageError(format!("{d} cannot be placed in time: {e}")))
            };
            let until =
                match until {
                    Some(d) => midnight(d.tomorrow().map_err(|_| {
                        UsageError(format!("--until {d} is the last day there is"))
                    })?)?,
                    None => now,
                };
            let since = match since {
                Some(Since::Date(d)) => midnight(d)?,
                Some(Since::Ago(ago)) => now.checked_sub(ago).map_err(|_| {
                    UsageError(format!("--since {ago:#} reaches before the year -9999"))
                })?,
                None => until
                    .checked_sub(jiff::SignedDuration::from_hours(24))
                    .map_err(|e| UsageError(format!("--until {until} is too early: {e}")))?,
            };
            if since >= until {
                return Err(UsageError(format!(
                    "--since ({since}) must be before --until ({until})"
                ))
                .into());
            }
            let max = limit.map_or(engine.config().scheduler.max_stories, |n| n as usize);
            let digest = engine.digest(since, until, max)?;
            emit(show(out.json), &digest, terminal::digest)
        }
        Command::Serve {
            shards,
            total_shards,
            without_discord,
        } => {
            let discord = if without_discord {
                None
            } else {
                Some(discord_login(shards, total_shards)?)
            };
            serve(config, discord)
        }
        Command::Feeds { action } => feeds(config, cli.no_sync, action),
        Command::Check { out } => {
            let (_, report) = load_all(&config.corpus.paths, config.corpus.max_file_bytes)?;
            let model = newsdesk::semantic::ModelState::probe(&config.semantic);
            let path = config_path.display().to_string();
            if out.json {
                emit(
                    show(true),
                    &serde_json::json!({"config": path, "corpus": report, "model": model}),
                    |_, _| String::new(),
                )
            } else {
                emit(show(false), &report, |r, _| {
                    format!(
                        "{}{}",
                        terminal::load_report(&path, r),
                        terminal::model_state(&model)
                    )
                })
            }
        }
    }
}

/// `newsdesk index --embed`: fills the vector cache, with progress on stderr.
fn embed_all(engine: &Engine) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let tty = std::io::stderr().is_terminal();
    let mut last = std::time::Instant::now();
    let encoded = engine.embed(None, |done, total, encoded| {
        if done == total || last.elapsed() >= Duration::from_secs(2) {
            last = std::time::Instant::now();
            let rate = encoded as f64 / started.elapsed().as_secs_f64().max(1e-3);
            let line = format!(
                "embedding: {done}/{total} articles, {encoded} sentences encoded ({rate:.0}/s)"
            );
            if tty {
                eprint!("\r{line}");
            } else {
                eprintln!("{line}");
            }
        }
    })?;
    if tty {
        eprintln!();
    }
    tracing::info!(
        encoded,
        seconds = started.elapsed().as_secs_f64(),
        "sentence vectors cached"
    );
    Ok(())
}

/// `newsdesk feeds poll|status`.
fn feeds(config: Config, no_sync: bool, action: FeedsAction) -> anyhow::Result<()> {
    if config.feeds.is_empty() {
        return Err(UsageError(
            "no feeds are configured: add [[feeds]] entries (url, outlet) to the config".into(),
        )
        .into());
    }
    let store = std::sync::Arc::new(Store::open(&config.store.path)?);
    let engine = Engine::open(config)?;
    let poller = newsdesk::feeds::Feeds::new(engine.clone(), store, None)?;
    match action {
        FeedsAction::Status { out } => {
            let status = FeedsStatus {
                feeds: poller.states()?,
            };
            emit(
                Show {
                    json: out.json,
                    verbose: false,
                },
                &status,
                |s, _| terminal::feed_states(&s.feeds),
            )
        }
        FeedsAction::Poll { due, out } => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let reports = runtime.block_on(poller.poll_all(due));
            let index = if no_sync {
                None
            } else {
                Some(engine.sync(INDEX_LOCK_WAIT)?)
            };
            let failed = reports
                .iter()
                .filter(|r| r.status == newsdesk::feeds::PollStatus::Error)
                .count();
            let total = reports.len();
            let polled = FeedsPolled {
                feeds: reports,
                index,
            };
            emit(
                Show {
                    json: out.json,
                    verbose: false,
                },
                &polled,
                |p, _| terminal::feed_reports(&p.feeds, p.index.as_ref()),
            )?;
            if failed > 0 {
                return Err(anyhow::anyhow!("{failed} of {total} feeds failed"));
            }
            Ok(())
        }
    }
}

/// How `newsdesk serve` connects to Discord: the token from `DISCORD_TOKEN` and the
/// shards from the flags.
fn discord_login(
    shards: Option<std::ops::Range<u32>>,
    total_shards: Option<u32>,
) -> anyhow::Result<newsdesk::server::Discord> {
    // main registered it as a secret when it read the environment.
    let token = std::env::var("DISCORD_TOKEN").unwrap_or_default();
    if token.trim().is_empty() {
        return Err(UsageError(
            "DISCORD_TOKEN is not set: put the bot token in the environment or in .env (see the README), or run serve --without-discord".into(),
        )
        .into());
    }
    let shards = match (shards, total_shards) {
        (Some(range), Some(total)) if range.end <= total => Shards::Range { range, total },
        (Some(range), Some(total)) => {
            return Err(UsageError(format!(
                "--shards {}..{} does not fit in --total-shards {total}",
                range.start, range.end
            ))
            .into());
        }
        _ => Shards::Auto,
    };
    Ok(newsdesk::server::Discord {
        token: token.trim().to_string(),
        shards,
    })
}

/// `newsdesk serve`: syncs the index, then runs the server (with the bot, when
/// `discord` is given) until SIGINT or SIGTERM.
fn serve(config: Config, discord: Option<newsdesk::server::Discord>) -> anyhow::Result<()> {
    let store = Store::open(&config.store.path)?;
    let engine = Engine::open(config)?;
    let report = engine.sync(INDEX_LOCK_WAIT)?;
    tracing::info!(articles = report.articles, "index ready");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        newsdesk::server::run(engine, store, discord, shutdown_signal())
            .await
            .map_err(anyhow::Error::from_boxed)
            .context("the server stopped with an error")
    })
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutdown signal received");
}
