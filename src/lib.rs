//! newsdesk answers newsroom questions from an archive of articles, always with
//! verbatim, cited excerpts. The core below knows nothing of its adapters (the
//! command line and the Discord bot): they call the [`Engine`] and render the
//! [`reply`] model.
//!
//! A map of the modules:
//! - [`config`]: `config/newsdesk.toml`, validated.
//! - [`corpus`]: the article model and the file loaders (front matter, JSONL),
//!   which skip bad files with a reason; near-duplicate fingerprints.
//! - [`text`]: the analyzer, sentence segmentation, boilerplate detection.
//! - [`index`]: the tantivy index on disk, incremental and crash-safe sync, lenient
//!   query building, and the retrieval layer ([`index::Retriever`]: ranking,
//!   filters, proximity, one idf cache per request).
//! - [`answer`] (extractive answers and summaries) and [`digest`] are functions over
//!   a `Retriever`; [`excerpt`] picks search excerpts.
//! - [`story`]: quote provenance (`whosaid`: who said it, where first) and story
//!   timelines (`timeline`: dated, cited events), functions over a `Retriever`.
//! - [`engine`]: the thin front door every adapter calls; it owns the config, the
//!   index and the encoder and delegates.
//! - [`ingest`]: live ingestion while serving (file watcher and periodic rescan).
//! - [`feeds`]: RSS/Atom feeds polled into the corpus as article files.
//! - [`logging`]: log lines on stderr, with the bot token redacted and article text
//!   unable to act on the terminal.
//! - [`observe`]: `/healthz` and `/metrics` for `newsdesk serve`.
//! - [`semantic`]: the sentence encoder (all-MiniLM-L6-v2 in candle) and its
//!   on-disk vector cache; text in, vectors out.
//! - [`server`]: `newsdesk serve`'s long-running parts (ingestion, feeds, the HTTP
//!   listener, the Discord client), started and stopped together.
//! - [`reply`]: the reply model every adapter renders (and the `--json` contract).
//! - [`render`]: renderers of the reply model (terminal text, Discord messages).
//! - [`discord`]: the Discord adapter (serenity gateway, poise commands, chat).
//! - [`store`]: persistent state in SQLite (feedback, saved searches, threads,
//!   digests, feed state).
//! - [`error`]: the error type and `Result` alias.

pub mod answer;
pub mod clock;
pub mod config;
pub mod corpus;
pub mod digest;
pub mod discord;
pub mod engine;
pub mod error;
pub mod excerpt;
pub mod feeds;
pub mod index;
pub mod ingest;
pub mod logging;
pub mod observe;
pub mod render;
pub mod reply;
pub mod semantic;
pub mod server;
pub mod store;
pub mod story;
pub mod text;

pub use config::Config;
pub use engine::{Engine, SearchRequest};
pub use error::{Error, Result};
