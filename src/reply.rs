//! The reply model shared by every adapter. The `--json` contract *is* the serde
//! serialisation of these types (documented in the README), so the CLI, the Discord
//! renderer and the tests cannot drift apart.

use jiff::civil::Date;
use serde::Serialize;

use crate::corpus::Article;
use crate::text::Span;

/// A short reference to an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRef {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Link, when known.
    pub url: Option<String>,
}

impl From<&Article> for ArticleRef {
    fn from(a: &Article) -> Self {
        ArticleRef {
            id: a.id.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            published: a.published,
            url: a.url.clone(),
        }
    }
}

/// A verbatim span of an article body, with the matched words.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Excerpt {
    /// The span's text: exactly `body[start..end]`.
    pub text: String,
    /// UTF-8 byte offset of the span in the body.
    pub start: usize,
    /// UTF-8 byte offset just past the span.
    pub end: usize,
    /// Byte ranges `[start, end]` of matched words, as offsets into the body.
    pub highlights: Vec<[usize; 2]>,
}

/// Search results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How many articles match (before near-duplicates are folded together).
    pub total: usize,
    /// The best hits, one per story.
    pub hits: Vec<Hit>,
}

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Link, when known.
    pub url: Option<String>,
    /// Relevance score (BM25 with boosts; comparable within one result list only).
    pub score: f32,
    /// The best matching passage.
    pub excerpt: Excerpt,
    /// Near-duplicates of this article (the same story elsewhere), folded into it.
    pub also_in: Vec<ArticleRef>,
}

/// An extractive answer or summary.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question, topic, or (for an article summary) the article id.
    pub question: String,
    /// False when the archive holds no good answer; `answer` is then empty.
    pub found: bool,
    /// The answer: verbatim sentences, each with its citation numbers.
    pub answer: Vec<AnswerSentence>,
    /// The cited articles, numbered from 1: one entry per article.
    pub sources: Vec<Source>,
    /// When nothing was found: the closest articles, to look at by hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see_also: Vec<ArticleRef>,
    /// For an article summary: the article's key direct quotations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
}

/// One sentence of an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerSentence {
    /// The sentence: exactly `body[start..end]` of article `id`, the first it cites.
    pub text: String,
    /// Id of the article the sentence is taken from.
    pub id: String,
    /// UTF-8 byte offset of the sentence in that article's body.
    pub start: usize,
    /// UTF-8 byte offset just past the sentence.
    pub end: usize,
    /// The numbers (`n`) of the sources that say it.
    pub citations: Vec<usize>,
}

/// A cited article, with every passage the reply quotes from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Citation number, from 1; one per article.
    pub n: usize,
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Link, when known.
    pub url: Option<String>,
    /// The first passage quoted: exactly `body[start..end]` of article `id` (the
    /// same as `quotes[0]`).
    pub quote: String,
    /// UTF-8 byte offset of the first passage in the body.
    pub start: usize,
    /// UTF-8 byte offset just past the first passage.
    pub end: usize,
    /// Every passage quoted from the article, in the order first cited.
    pub quotes: Vec<Quote>,
}

/// Numbers the sources of a reply: one number per article, however many of its
/// passages the reply quotes.
#[derive(Debug, Default)]
pub struct Citations {
    sources: Vec<Source>,
}

impl Citations {
    /// Cites the passage `span` of `article` and returns the article's number: the
    /// number it already has, or the next one.
    pub fn cite(&mut self, article: &Article, span: Span) -> usize {
        let quote = Quote {
            text: span.of(&article.body).to_string(),
            start: span.start,
            end: span.end,
        };
        if let Some(s) = self.sources.iter_mut().find(|s| s.id == article.id) {
            if !s
                .quotes
                .iter()
                .any(|q| q.start == quote.start && q.end == quote.end)
            {
                s.quotes.push(quote);
            }
            return s.n;
        }
        let n = self.sources.len() + 1;
        self.sources.push(Source {
            n,
            id: article.id.clone(),
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            published: article.published,
            url: article.url.clone(),
            quote: quote.text.clone(),
            start: quote.start,
            end: quote.end,
            quotes: vec![quote],
        });
        n
    }

    /// The sources, numbered from 1.
    pub fn into_sources(self) -> Vec<Source> {
        self.sources
    }
}

/// A verbatim passage of an article body: a cited sentence, or a direct quotation
/// (the words between the quotation marks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The passage: exactly `body[start..end]`.
    pub text: String,
    /// UTF-8 byte offset in the body.
    pub start: usize,
    /// UTF-8 byte offset just past the quote.
    pub end: usize,
}

/// A quoted passage with the sentences around it (for reading a quote in context).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InContext {
    /// The sentence before the passage (empty at the start of the article).
    pub before: String,
    /// The passage, verbatim.
    pub text: String,
    /// The sentence after it (empty at the end).
    pub after: String,
}

/// One article in full.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<Date>,
    /// Link, when known.
    pub url: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// When it entered the archive.
    pub indexed_at: Option<jiff::Timestamp>,
    /// Near-duplicates of this article.
    pub also_in: Vec<ArticleRef>,
    /// The body exactly as stored.
    pub body: String,
}

/// A digest of what came into the archive in a time window.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// Start of the window (inclusive).
    pub since: jiff::Timestamp,
    /// End of the window (exclusive).
    pub until: jiff::Timestamp,
    /// Stories in the window, before the cap on how many are told.
    pub total_stories: usize,
    /// Stories, most covered (articles, then outlets) and most recent first, at most
    /// the number asked for.
    pub stories: Vec<Story>,
}

/// One story of a digest: articles about the same event, told once.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// The headline of the story's lead article.
    pub headline: String,
    /// Link of the lead article, when known.
    pub url: Option<String>,
    /// One or two verbatim sentences, each with its citation numbers.
    pub answer: Vec<AnswerSentence>,
    /// The cited articles (same shape as `ask`: one entry per article).
    pub sources: Vec<Source>,
    /// Ids of all the story's articles, lead first.
    pub articles: Vec<String>,
    /// Outlets that covered it.
    pub outlets: Vec<String>,
    /// The story's other articles ("also reported by").
    pub also_reported_by: Vec<ArticleRef>,
}

pub use crate::story::dates::Precision;
pub use crate::story::quotes::Difference;

/// Where a quote appears in the archive (`whosaid`): every article that carries it,
/// the first report first.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteReport {
    /// The quote as typed.
    pub quote: String,
    /// Whether any article carries it.
    pub found: bool,
    /// The articles that carry it, by publication date (undated last, then by id).
    pub occurrences: Vec<Occurrence>,
}

impl QuoteReport {
    /// The first report: the earliest dated occurrence, when no other carries the
    /// same date (publication dates have no time of day, so a tie names none).
    pub fn first_report(&self) -> Option<&Occurrence> {
        let first = self.occurrences.first()?;
        let date = first.article.published?;
        let tied = self
            .occurrences
            .get(1)
            .is_some_and(|o| o.article.published == Some(date));
        (!tied).then_some(first)
    }
}

/// One article that carries a quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    /// The article (`id`, `title`, `outlet`, `published`, `url` in the JSON).
    #[serde(flatten)]
    pub article: ArticleRef,
    /// The sentence that carries the quote: exactly `body[start..end]`.
    pub text: String,
    /// UTF-8 byte offset of the sentence in the body.
    pub start: usize,
    /// UTF-8 byte offset just past it.
    pub end: usize,
    /// The words that match the quote, inside the sentence: exactly
    /// `body[matched.start..matched.end]`.
    pub matched: Quote,
    /// Who says it, when the text says so (the full name the article gives).
    pub speaker: Option<String>,
    /// How the text names the speaker where it attributes the quote ("the Russian
    /// president", "Putin", "he"), to check the resolution against.
    pub speaker_as_written: Option<String>,
    /// Whether the article's words differ from the quote (a word or two changed,
    /// dropped or added: how a misquote shows).
    pub altered: bool,
    /// Where they differ, in order (empty when not altered).
    pub differences: Vec<Difference>,
}

/// A story's events in date order (`timeline`).
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The topic as typed.
    pub topic: String,
    /// Only events on or after this date, when asked.
    pub since: Option<Date>,
    /// Only events on or before this date, when asked.
    pub until: Option<Date>,
    /// The events, earliest first; empty when the archive does not cover the topic.
    pub events: Vec<Event>,
}

impl Timeline {
    /// The articles the events cite, in order of first citation: renderers number
    /// them from 1, one number per article however many events it gives.
    pub fn sources(&self) -> Vec<ArticleRef> {
        let mut out: Vec<ArticleRef> = Vec::new();
        for e in &self.events {
            let refs = std::iter::once(&e.article).chain(e.also.iter().map(|a| &a.article));
            for r in refs {
                if !out.iter().any(|o| o.id == r.id) {
                    out.push(r.clone());
                }
            }
        }
        out
    }

    /// The citation numbers of event `e` (its own article first), as [`sources`]
    /// numbers them.
    ///
    /// [`sources`]: Timeline::sources
    pub fn citations(&self, e: &Event, sources: &[ArticleRef]) -> Vec<usize> {
        std::iter::once(e.article.id.as_str())
            .chain(e.also.iter().map(|a| a.article.id.as_str()))
            .filter_map(|id| sources.iter().position(|s| s.id == id).map(|i| i + 1))
            .collect()
    }
}

/// Where an event's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFrom {
    /// The sentence says it ("in 2015", "on Saturday", "last week").
    Text,
    /// The article's publication date: the sentence is the article's lead.
    Published,
}

/// One event of a timeline: a verbatim sentence, dated, with the other articles
/// that report the same event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The date at its precision: "2015", "2022-02", "2018-07-16" (a week is
    /// written as its Monday).
    pub date: String,
    /// How precise the date is.
    pub precision: Precision,
    /// Whether the date is read from the sentence or is the publication date.
    pub date_from: DateFrom,
    /// The words that give the date, when read from the text ("in 2018" gives
    /// "2018").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    /// The sentence: exactly `body[start..end]` of article `id`.
    pub text: String,
    /// The article (`id`, `title`, `outlet`, `published`, `url` in the JSON).
    #[serde(flatten)]
    pub article: ArticleRef,
    /// UTF-8 byte offset of the sentence in the body.
    pub start: usize,
    /// UTF-8 byte offset just past it.
    pub end: usize,
    /// The same event as other articles report it.
    pub also: Vec<EventReport>,
}

/// The same event in another article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventReport {
    /// The article (`id`, `title`, `outlet`, `published`, `url` in the JSON).
    #[serde(flatten)]
    pub article: ArticleRef,
    /// The sentence there: exactly `body[start..end]`.
    pub text: String,
    /// UTF-8 byte offset of the sentence in that body.
    pub start: usize,
    /// UTF-8 byte offset just past it.
    pub end: usize,
}
