//! Configuration: `config/newsdesk.toml`, validated with messages a user can act on.
//!
//! Relative paths in the file are resolved against the current working directory, so
//! the defaults work when newsdesk is run from the repository root (as `cargo run`
//! does) and in the container, whose working directory holds `corpus/` and `config/`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{Error, Result};

/// Where `newsdesk` looks for its config when `--config` is not given.
pub const DEFAULT_CONFIG_PATH: &str = "config/newsdesk.toml";

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the articles come from.
    pub corpus: CorpusConfig,
    /// Where the index lives.
    pub index: IndexConfig,
    /// Search ranking and excerpts.
    pub search: SearchConfig,
    /// Extractive answers and summaries.
    pub answer: AnswerConfig,
    /// `[semantic]`
    pub semantic: SemanticConfig,
    /// Persistent state (SQLite).
    pub store: StoreConfig,
    /// The Discord bot.
    pub discord: DiscordConfig,
    /// How digests are scheduled and composed.
    pub scheduler: SchedulerConfig,
    /// Live ingestion while serving.
    pub ingest: IngestConfig,
    /// The health and metrics listener.
    pub http: HttpConfig,
    /// Digest subscriptions declared in the file (`[[digest]]`), in addition to those
    /// made with `/digest subscribe`.
    pub digest: Vec<DigestEntry>,
    /// `[[feeds]]`: RSS/Atom/JSON feeds polled into the archive.
    pub feeds: Vec<FeedConfig>,
}

/// One `[[feeds]]` entry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// The feed's URL (http or https).
    pub url: String,
    /// The outlet its articles are credited to.
    pub outlet: String,
    /// Minutes between polls.
    #[serde(default = "default_poll_minutes")]
    pub poll_minutes: u64,
}

fn default_poll_minutes() -> u64 {
    15
}

/// `[http]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Address for `/healthz` and `/metrics` while serving, e.g. `127.0.0.1:9090`;
    /// no listener when unset.
    pub listen: Option<std::net::SocketAddr>,
}

/// `[ingest]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Watch the corpus folders and index changes as they land (while serving).
    pub watch: bool,
    /// Rescan the corpus this often as a safety net (0: never).
    pub rescan_seconds: u64,
    /// Where feed items are written as article files; indexed with the corpus
    /// whenever `[[feeds]]` are configured.
    pub feeds_dir: PathBuf,
    /// Time limit for one feed fetch (connect, headers and body), in seconds.
    pub feed_timeout_seconds: u64,
    /// Largest feed document accepted, in bytes.
    pub feed_max_bytes: u64,
    /// Longest wait between polls of a failing feed, in minutes.
    pub feed_max_backoff_minutes: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            watch: true,
            rescan_seconds: 300,
            feeds_dir: PathBuf::from("data/feeds"),
            feed_timeout_seconds: 30,
            feed_max_bytes: 10 * 1024 * 1024,
            feed_max_backoff_minutes: 360,
        }
    }
}

/// One `[[digest]]` entry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DigestEntry {
    /// The channel to post in.
    pub channel_id: u64,
    /// Local time of day, `HH:MM`.
    pub time: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub timezone: String,
}

/// What a digest with no new stories does.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum QuietDay {
    /// Post a short "nothing new" message.
    #[default]
    Post,
    /// Post nothing.
    Skip,
}

/// `[scheduler]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SchedulerConfig {
    /// A digest missed while the bot was down is posted when it returns if it is at
    /// most this many hours late (once); older ones are dropped.
    pub catch_up_hours: u64,
    /// What a day without new stories posts.
    pub quiet_day: QuietDay,
    /// Most stories in one digest.
    pub max_stories: usize,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            catch_up_hours: 6,
            quiet_day: QuietDay::Post,
            max_stories: 10,
        }
    }
}

/// `[store]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// The SQLite database for feedback, bot state and digest subscriptions.
    pub path: PathBuf,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: PathBuf::from("data/newsdesk.db"),
        }
    }
}

/// `[discord]`. The token is never read from here: only from `DISCORD_TOKEN`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register commands in these guilds (instant); globally when empty.
    pub guild_ids: Vec<u64>,
    /// Channels where every question is answered, not only mentions of the bot.
    pub answer_channels: Vec<u64>,
    /// Base URL for all REST calls and gateway discovery (a rate-limit-sharing
    /// proxy, or a fake Discord in tests). serenity's own rate limiter is off then.
    pub api_base: Option<String>,
    /// Questions (`/ask` and chat) one user may ask per `rate_limit_seconds`.
    pub rate_limit_questions: u32,
    /// The rate limit's window, in seconds.
    pub rate_limit_seconds: u64,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            guild_ids: Vec::new(),
            answer_channels: Vec::new(),
            api_base: None,
            rate_limit_questions: 5,
            rate_limit_seconds: 60,
        }
    }
}

/// `[corpus]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorpusConfig {
    /// Folders (searched recursively) or single files holding articles.
    pub paths: Vec<PathBuf>,
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig {
            paths: vec![PathBuf::from("corpus")],
            max_file_bytes: 10 * 1024 * 1024,
        }
    }
}

/// `[index]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndexConfig {
    /// Directory of the tantivy index.
    pub path: PathBuf,
    /// Memory budget of the index writer, in megabytes.
    pub writer_memory_mb: usize,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            path: PathBuf::from("data/index"),
            writer_memory_mb: 100,
        }
    }
}

/// `[search]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Results returned when `--limit` is not given.
    pub default_limit: usize,
    /// Weight of a title match relative to a body match.
    pub title_boost: f32,
    /// Extra weight for documents where the query words stand close together.
    pub phrase_boost: f32,
    /// Longest excerpt, in characters (cut at word boundaries).
    pub excerpt_chars: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            default_limit: 10,
            title_boost: 0.25,
            phrase_boost: 0.3,
            excerpt_chars: 320,
        }
    }
}

/// `[answer]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnswerConfig {
    /// Most sentences in an answer.
    pub max_sentences: usize,
    /// Most sentences in a summary.
    pub summary_sentences: usize,
    /// For topic summaries: how much of the topic (weighted by word rarity, 0..1)
    /// one article, headline included, must cover for the archive to count as
    /// covering it. (`ask` decides with the fitted answer model.)
    pub min_coverage: f32,
}

impl Default for AnswerConfig {
    fn default() -> Self {
        AnswerConfig {
            max_sentences: 3,
            summary_sentences: 5,
            min_coverage: 0.6,
        }
    }
}

/// `[semantic]`: the sentence encoder that lets answers match meaning, not only words.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SemanticConfig {
    /// Use the encoder (false: lexical answers only).
    pub enabled: bool,
    /// Folder with `config.json`, `tokenizer.json` and `model.safetensors`.
    pub model_dir: PathBuf,
    /// SQLite file caching sentence vectors.
    pub cache_path: PathBuf,
    /// Most vectors the cache keeps (least recently used are dropped; 768 bytes each).
    pub cache_max_vectors: usize,
}

impl Default for SemanticConfig {
    fn default() -> Self {
        SemanticConfig {
            enabled: true,
            model_dir: PathBuf::from("models/all-MiniLM-L6-v2"),
            cache_path: PathBuf::from("data/vectors.db"),
            cache_max_vectors: 2_000_000,
        }
    }
}

impl Config {
    /// Reads and validates a config file. A missing file at the default location
    /// yields the defaults; a missing file that was asked for explicitly is an error.
    pub fn load(path: &Path, explicit: bool) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                tracing::debug!(path = %path.display(), "no config file, using defaults");
                return Ok(Config::default());
            }
            Err(e) => {
                return Err(Error::Config {
                    path: path.to_owned(),
                    message: format!("cannot read it: {e}"),
                });
            }
        };
        Config::parse(&text, path)
    }

    /// Parses and validates config text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.validate(path)?;
        // Feed items are articles like any other: their folder is part of the corpus.
        // (Not when it lies inside a corpus folder already: its files would be read
        // twice, under two ids.)
        let feeds_dir = &config.ingest.feeds_dir;
        if !config.feeds.is_empty() && !config.corpus.paths.iter().any(|p| feeds_dir.starts_with(p))
        {
            config.corpus.paths.push(feeds_dir.clone());
        }
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<()> {
        let fail = |message: &str| {
            Err(Error::Config {
                path: path.to_owned(),
                message: message.to_string(),
            })
        };
        if self.corpus.paths.is_empty() {
            return fail("corpus.paths is empty: name at least one folder of articles");
        }
        if self.corpus.max_file_bytes == 0 {
            return fail("corpus.max_file_bytes must be greater than 0");
        }
        // tantivy refuses a writer budget of about 4 GB or more per indexing thread,
        // and only when indexing starts; 4000 MB is safe for any thread count.
        if !(15..=4000).contains(&self.index.writer_memory_mb) {
            return fail("index.writer_memory_mb must be between 15 and 4000");
        }
        if self.search.default_limit == 0 || self.search.default_limit > 100 {
            return fail("search.default_limit must be between 1 and 100");
        }
        // Bounded too: a huge boost overflows the scores to infinity (JSON null).
        let (title, phrase) = (self.search.title_boost, self.search.phrase_boost);
        if !(title > 0.0 && title <= 100.0 && (0.0..=100.0).contains(&phrase)) {
            return fail(
                "search.title_boost must be in (0, 100] and search.phrase_boost in [0, 100]",
            );
        }
        if self.search.excerpt_chars < 40 {
            return fail("search.excerpt_chars must be at least 40");
        }
        if self.answer.max_sentences == 0 || self.answer.summary_sentences == 0 {
            return fail("answer.max_sentences and answer.summary_sentences must be at least 1");
        }
        if !(0.0..=1.0).contains(&self.answer.min_coverage) {
            return fail("answer.min_coverage must be between 0 and 1");
        }
        if self.semantic.cache_max_vectors == 0 {
            return fail("semantic.cache_max_vectors must be at least 1");
        }
        if let Some(base) = &self.discord.api_base {
            let rest = base
                .strip_prefix("http://")
                .or_else(|| base.strip_prefix("https://"));
            if rest.is_none_or(|r| r.is_empty() || r.contains('/')) {
                return fail(
                    "discord.api_base must be a scheme, host and port only, e.g. http://127.0.0.1:8080",
                );
            }
            let authority = rest.unwrap_or_default();
            // The bot token travels in a header: never in clear text off this machine,
            // and a user:password in the URL would be sent along with it.
            if authority.contains('@') {
                return fail("discord.api_base must not hold a user name or password");
            }
            if base.starts_with("http://") && !is_loopback(authority) {
                return fail("discord.api_base must use https:// unless it is on this machine");
            }
        }
        for d in &self.digest {
            crate::digest::schedule::parse_time(&d.time).map_err(|e| Error::Config {
                path: path.to_owned(),
                message: format!("[[digest]] for channel {}: {e}", d.channel_id),
            })?;
            crate::digest::schedule::time_zone(&d.timezone).map_err(|e| Error::Config {
                path: path.to_owned(),
                message: format!("[[digest]] for channel {}: {e}", d.channel_id),
            })?;
        }
        let mut urls = std::collections::HashSet::new();
        for f in &self.feeds {
            let scheme_ok = ["http://", "https://"]
                .iter()
                .any(|p| f.url.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
            if !scheme_ok {
                return fail(&format!(
                    "[[feeds]] url {:?} must be an http:// or https:// URL",
                    f.url
                ));
            }
            if f.outlet.trim().is_empty() {
                return fail(&format!("[[feeds]] {}: outlet is empty", f.url));
            }
            if f.poll_minutes == 0 {
                return fail(&format!(
                    "[[feeds]] {}: poll_minutes must be at least 1",
                    f.url
                ));
            }
            if !urls.insert(f.url.as_str()) {
                return fail(&format!("[[feeds]] {} is listed twice", f.url));
            }
        }
        if self.ingest.feed_timeout_seconds == 0 || self.ingest.feed_max_bytes == 0 {
            return fail(
                "ingest.feed_timeout_seconds and ingest.feed_max_bytes must be at least 1",
            );
        }
        if self.scheduler.max_stories == 0 || self.scheduler.max_stories > 50 {
            return fail("scheduler.max_stories must be between 1 and 50");
        }
        if self.discord.rate_limit_questions == 0 || self.discord.rate_limit_seconds == 0 {
            return fail(
                "discord.rate_limit_questions and discord.rate_limit_seconds must be at least 1",
            );
        }
        Ok(())
    }
}

/// Whether `host[:port]` names this machine (the fake Discord of the tests).
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = Config::parse("", Path::new("x.toml")).unwrap();
        assert_eq!(c.index.path, PathBuf::from("data/index"));
        assert_eq!(c.corpus.paths, vec![PathBuf::from("corpus")]);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_user_errors() {
        let e = Config::parse("[search]\nlimit = 3\n", Path::new("x.toml")).unwrap_err();
        assert!(e.is_user_error());
        assert!(e.to_string().contains("limit"), "{e}");
        let e = Config::parse("[answer]\nmin_coverage = 2.0\n", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("min_coverage"), "{e}");
    }

    #[test]
    fn feeds_join_the_corpus_and_are_checked() {
        let c = Config::parse(
            "[[feeds]]\nurl = \"https://wire.example/rss\"\noutlet = \"Wire\"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(c.feeds[0].poll_minutes, 15);
        assert_eq!(
            c.corpus.paths,
            [PathBuf::from("corpus"), PathBuf::from("data/feeds")]
        );
        let inside = Config::parse(
            "[ingest]\nfeeds_dir = \"corpus/feeds\"\n[[feeds]]\nurl = \"https://w.example/rss\"\noutlet = \"W\"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(inside.corpus.paths, [PathBuf::from("corpus")]);
        for (bad, why) in [
            ("url = \"ftp://x\"\noutlet = \"W\"", "http"),
            ("url = \"https://x\"\noutlet = \" \"", "outlet"),
            (
                "url = \"https://x\"\noutlet = \"W\"\npoll_minutes = 0",
                "poll_minutes",
            ),
            (
                "url = \"https://x\"\noutlet = \"W\"\n[[feeds]]\nurl = \"https://x\"\noutlet = \"V\"",
                "twice",
            ),
        ] {
            let e = Config::parse(&format!("[[feeds]]\n{bad}\n"), Path::new("x.toml")).unwrap_err();
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn discord_section_is_checked() {
        let c = Config::parse(
            "[discord]\nguild_ids = [1]\napi_base = \"http://127.0.0.1:9\"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(c.discord.guild_ids, [1]);
        for bad in [
            "http://host/api",
            "ftp://x",
            "http://",
            "http://discord.example.com",
            "https://user:pw@discord.example.com",
        ] {
            let text = format!("[discord]\napi_base = {bad:?}\n");
            assert!(Config::parse(&text, Path::new("x.toml")).is_err(), "{bad}");
        }
        for good in [
            "https://discord.example.com",
            "http://localhost:8080",
            "http://[::1]:9",
        ] {
            let text = format!("[discord]\napi_base = {good:?}\n");
            assert!(Config::parse(&text, Path::new("x.toml")).is_ok(), "{good}");
        }
    }

    #[test]
    fn numbers_that_could_only_fail_later_are_refused_now() {
        for (bad, key) in [
            ("[index]\nwriter_memory_mb = 5000", "writer_memory_mb"),
            ("[search]\nphrase_boost = inf", "phrase_boost"),
            ("[search]\ntitle_boost = nan", "title_boost"),
        ] {
            let e = Config::parse(bad, Path::new("x.toml")).unwrap_err();
            assert!(e.to_string().contains(key), "{bad}: {e}");
        }
        assert!(Config::parse("[discord]\ntoken = \"x\"\n", Path::new("x.toml")).is_err());
    }

    #[test]
    fn digest_entries_are_checked() {
        let ok = "[[digest]]\nchannel_id = 5\ntime = \"08:00\"\ntimezone = \"Europe/Berlin\"\n[scheduler]\nquiet_day = \"skip\"\n";
        let c = Config::parse(ok, Path::new("x.toml")).unwrap();
        assert_eq!(c.digest[0].channel_id, 5);
        assert_eq!(c.scheduler.quiet_day, QuietDay::Skip);
        let bad_tz = ok.replace("Europe/Berlin", "Europe/Atlantis");
        assert!(
            Config::parse(&bad_tz, Path::new("x.toml"))
                .unwrap_err()
                .to_string()
                .contains("Atlantis")
        );
        let bad_time = ok.replace("08:00", "8 am");
        assert!(Config::parse(&bad_time, Path::new("x.toml")).is_err());
    }

    #[test]
    fn missing_default_file_is_fine_but_missing_explicit_file_is_not() {
        let missing = Path::new("/nonexistent/newsdesk.toml");
        assert!(Config::load(missing, false).is_ok());
        assert!(Config::load(missing, true).unwrap_err().is_user_error());
    }
}
