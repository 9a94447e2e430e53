//! Answering a question: read the best articles, score every candidate sentence with
//! a fitted combination of meaning (sentence-encoder similarity), words (coverage of
//! the question by the sentence, its neighbours and its article), the article's rank,
//! the kind of answer the question expects, and who is speaking; answer with the best
//! sentences when the best is likely enough to answer, and say so plainly otherwise.
//!
//! The weights and the threshold live in [`super::weights`], fitted on the tuning
//! half of the development questions by `benches/fit_answer.py`.

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use super::leftover::leftover_similarity;
use super::passages::{Passage, REPORTING_WORDS, answer_passages, answer_passages_in};
use super::question::{AnswerType, Question, role_words};
use super::select::{Candidate, select};
use super::vectors::Vocabulary;
use super::weights::{self, Model};
use super::windows::{lead, occurring, read_text, reading_windows, words_to_find};
use crate::Result;
use crate::corpus::Article;
use crate::index::query;
use crate::index::{Filters, Retriever};
use crate::reply::{Answer, ArticleRef};
use crate::semantic::Semantic;
use crate::text::{Span, analyzer, tokenize};

/// Articles read to answer one question.
const ARTICLES_READ: usize = 8;
/// Candidate sentences encoded per question (the best by words and rank): bounds the
/// cost of a question whose sentences are not cached yet.
const ENCODED: usize = 64;
/// Closest articles suggested when the archive has no answer.
const SEE_ALSO: usize = 3;
/// The best sentences whose leftover similarity the found/not-found gate reads (the
/// best of them counts; see `leftover.rs`). The gate's weight was fitted for this
/// number: it must equal `GATE_READS` in benches/fit_answer.py.
const GATE_READS: usize = 3;

/// The features of a candidate sentence, in the order of the fitted weights.
pub const FEATURES: [&str; 17] = [
    "sem",
    "sem_context",
    "sem_article",
    "cover",
    "context_cover",
    "article_cover",
    "rank",
    "type_present",
    "type_missing",
    "number_missing",
    "speech",
    "speaker",
    "dangling",
    "lead",
    "unfinished",
    "other_speaker",
    "unseen",
];

/// A scored candidate sentence (what `ask --explain` shows).
#[derive(Debug, Clone, Serialize)]
pub struct ScoredSentence {
    /// Article id.
    pub id: String,
    /// Byte offsets of the sentence in the body.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// The sentence.
    pub text: String,
    /// Feature values, named by [`FEATURES`].
    pub features: Vec<f32>,
    /// The fitted score (log-odds that the sentence answers).
    pub score: f32,
    /// For the best few, how well what the sentence says beyond the question meets
    /// what the question asks beyond the sentence (see `leftover.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leftover: Option<f32>,
}

/// Everything read to answer a question.
#[derive(Debug, Clone)]
pub struct Reading {
    articles: Vec<Article>,
    candidates: Vec<Scored>,
    model: &'static Model,
}

#[derive(Debug, Clone)]
struct Scored {
    article: usize,
    passage: Passage,
    features: [f32; FEATURES.len()],
    score: f32,
    leftover: Option<f32>,
}

impl Reading {
    /// The candidates, best first.
    pub fn explain(&self) -> Vec<ScoredSentence> {
        best_first(&self.candidates)
            .into_iter()
            .map(|i| {
                let c = &self.candidates[i];
                let a = &self.articles[c.article];
                ScoredSentence {
                    id: a.id.clone(),
                    start: c.passage.span.start,
                    end: c.passage.span.end,
                    text: c.passage.span.of(&a.body).to_string(),
                    features: c.features.to_vec(),
                    score: c.score,
                    leftover: c.leftover,
                }
            })
            .collect()
    }

    /// Whether the encoder took part.
    pub fn semantic(&self) -> bool {
        std::ptr::eq(self.model, &weights::SEMANTIC)
    }
}

/// Reads the best articles for `question` and scores their sentences.
pub fn read(r: &Retriever, semantic: Option<&Semantic>, question: &str) -> Result<Reading> {
    let mut analyzer = analyzer();
    let parsed = query::parse(&mut analyzer, question)?;
    let q = Question::parse(question);
    let (mut top, _) = r.ranked(&parsed, &Filters::default(), ARTICLES_READ * 3)?;
    top.truncate(ARTICLES_READ);
    let weights = r.term_weights(&parsed);
    let unseen = r.unseen_share(&parsed);
    // "What did X say about Y": the answer is about Y, so a sentence whose
    // neighbourhood never names Y does not answer it (however much X says there).
    let about = q
        .about
        .as_deref()
        .map(|y| content_terms(&mut analyzer, y))
        .unwrap_or_default();
    let cover = |terms: &mut dyn Iterator<Item = &String>| super::coverage(&weights, terms);
    // What finds the question's words in a very long article (read only near them).
    let question_words = words_to_find(&mut analyzer, question);

    let mut articles = Vec::new();
    let mut candidates = Vec::new();
    for (rank, (_, addr)) in top.into_iter().enumerate() {
        let article = r.stored(addr)?.article;
        let windows = reading_windows(&article.body, &question_words);
        let (ps, doc_terms) =
            answer_passages_in(&mut analyzer, &article.title, &article.body, &windows);
        let title_terms = content_terms(&mut analyzer, &article.title);
        let article_cover = cover(&mut doc_terms.iter().chain(&title_terms));
        // A year or figure the question names that the article never mentions (its
        // publication date counts: "the January 2017 call").
        // (The question's numbers are lowercased: "G20" is "g20".)
        // Scanned whole however long the body is (a linear search, no copy).
        let number_missing = !q.numbers.is_empty() && {
            let published = article.published.map(|d| d.to_string()).unwrap_or_default();
            occurring(&[&article.body, &article.title, &published], &q.numbers).contains(&false)
        };
        // Who is who, from the parts read (all of an ordinary article).
        let read = read_text(&article.body, &windows);
        let roles = role_words(&read, &q.speaker_words);
        // The other people the question names ("Trump" in "what did Putin say about
        // Trump"), with the roles this article gives them.
        let others: Vec<(String, Vec<Vec<String>>)> = q
            .other_names()
            .into_iter()
            .map(|n| {
                let roles = role_words(&read, std::slice::from_ref(&n));
                (n, roles)
            })
            .collect();
        let index = articles.len();
        for (i, p) in ps.iter().enumerate() {
            if p.is_question || !super::has_phrases(&parsed.phrases, &p.terms) {
                continue;
            }
            let text = p.span.of(&article.body);
            let mut context = p.terms.iter().chain(&title_terms).collect::<Vec<_>>();
            for j in [i.wrapping_sub(1), i + 1] {
                if let Some(n) = ps.get(j).filter(|n| n.position.abs_diff(p.position) == 1) {
                    context.extend(&n.terms);
                }
            }
            if !about.is_empty() && !about.iter().any(|t| context.contains(&t)) {
                continue;
            }
            let expects = q.expects.map(|t| has_answer_type(t, text, &q));
            // Who speaks: named in the sentence, or, for a quotation standing alone,
            // in the line that introduces it and the quotations that follow it ("The
            // Kremlin said in a statement," then "“Both sides …”", "“The chat …”").
            let introduction = opens_with_quote(text)
                .then(|| introduction_of(&ps, i, &article.body))
                .flatten();
            let spoken_by = |name: &[String], roles: &[Vec<String>]| {
                speaks(text, name, roles) || introduction.is_some_and(|t| speaks(t, name, roles))
            };
            let speaker = !q.speaker_words.is_empty()
                && p.reports_speech
                && spoken_by(&q.speaker_words, &roles);
            // "What did X say about Y" answered with what Y said.
            let other_speaker = !q.speaker_words.is_empty()
                && p.reports_speech
                && !speaker
                && others
                    .iter()
                    .any(|(n, roles)| spoken_by(std::slice::from_ref(n), roles));
            let features = [
                0.0,
                0.0,
                0.0,
                cover(&mut p.terms.iter()),
                cover(&mut context.into_iter()),
                article_cover,
                1.0 / (1.0 + rank as f32),
                f32::from(expects == Some(true)),
                f32::from(expects == Some(false)),
                f32::from(number_missing),
                f32::from(parsed.asks_for_speech && p.reports_speech),
                f32::from(speaker),
                f32::from(starts_with_pronoun(text)),
                f32::from(p.position == 0),
                f32::from(!p.finished),
                f32::from(other_speaker),
                unseen,
            ];
            candidates.push(Scored {
                article: index,
                passage: p.clone(),
                features,
                score: 0.0,
                leftover: None,
            });
        }
        articles.push(article);
    }

    // The encoder in use, if any (none when it failed on these sentences).
    let encoder = semantic.filter(|_| !candidates.is_empty()).and_then(|s| {
        match add_similarity(s, question, &articles, &mut candidates) {
            Ok(()) => Some(s),
            Err(e) => {
                tracing::warn!(error = %e, "sentence encoder failed; answering by words only");
                None
            }
        }
    });
    let model = match encoder {
        Some(_) => &weights::SEMANTIC,
        None => &weights::LEXICAL,
    };
    for c in &mut candidates {
        c.score = model.score(&c.features);
    }
    // The gate reads what the best sentences leave over (with the encoder only;
    // should encoding fail now, the gate reads nothing there and refuses sooner).
    if let Some(s) = encoder
        && let Err(e) = add_leftover(s, question, &articles, &mut candidates)
    {
        tracing::warn!(error = %e, "sentence encoder failed on the best sentences");
    }
    Ok(Reading {
        articles,
        candidates,
        model,
    })
}

/// Keeps the [`ENCODED`] best candidates by words and rank, and fills in their
/// similarity features: with the question, through their neighbours, and the best
/// in their article.
fn add_similarity(
    s: &Semantic,
    question: &str,
    articles: &[Article],
    candidates: &mut Vec<Scored>,
) -> Result<()> {
    let prescore = |c: &Scored| c.features[4] + 0.5 * c.features[3] + 0.3 * c.features[6];
    candidates.sort_by(|a, b| prescore(b).total_cmp(&prescore(a)));
    candidates.truncate(ENCODED);
    let texts: Vec<String> = candidates
        .iter()
        .map(|c| encoded_text(&articles[c.article], c.passage.span))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = s.vectors(&refs)?;
    let q = s.encoder().encode(&[question])?.pop().unwrap_or_default();
    let sims: Vec<f32> = vectors.iter().map(|v| v.cosine(&q)).collect();
    // For each candidate: the best similarity among its neighbours, and in its article.
    let around: Vec<(f32, f32)> = candidates
        .iter()
        .map(|c| {
            let mut context = 0.0f32;
            let mut best = 0.0f32;
            for (other, &sim) in candidates.iter().zip(&sims) {
                if other.article != c.article {
                    continue;
                }
                best = best.max(sim);
                if other.passage.position.abs_diff(c.passage.position) == 1 {
                    context = context.max(sim);
                }
            }
            (context, best)
        })
        .collect();
    for ((c, sim), (context, best)) in candidates.iter_mut().zip(sims).zip(around) {
        c.features[0] = sim;
        c.features[1] = context;
        c.features[2] = best;
    }
    Ok(())
}

/// Fills in, for the [`GATE_READS`] best candidates, how well what each says beyond
/// the question meets what the question asks beyond it.
fn add_leftover(
    s: &Semantic,
    question: &str,
    articles: &[Article],
    candidates: &mut [Scored],
) -> Result<()> {
    let mut best = best_first(candidates);
    best.truncate(GATE_READS);
    let texts: Vec<&str> = best
        .iter()
        .map(|&i| {
            let c = &candidates[i];
            c.passage.span.of(&articles[c.article].body)
        })
        .collect();
    let sims = leftover_similarity(s.encoder(), question, &texts)?;
    for (&i, sim) in best.iter().zip(sims) {
        candidates[i].leftover = Some(sim);
    }
    Ok(())
}

/// Indices of `candidates`, best score first.
fn best_first(candidates: &[Scored]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].score.total_cmp(&candidates[a].score));
    order
}

/// The text encoded for a candidate sentence: its headline, then the sentence (the
/// headline tells the encoder what "he" and "the firm" are about).
fn encoded_text(article: &Article, span: Span) -> String {
    format!("{}. {}", article.title.trim(), span.of(&article.body))
}

/// The texts the encoder is given for `article`'s candidate sentences (what
/// `newsdesk index --embed` caches ahead of questions).
///
/// Of a very long article only the lead: its other parts are read (and encoded)
/// only when a question's words lead there.
pub fn sentence_texts(article: &Article) -> Vec<String> {
    let (ps, _) = answer_passages(&mut analyzer(), &article.title, lead(&article.body));
    ps.iter()
        .filter(|p| !p.is_question)
        .map(|p| encoded_text(article, p.span))
        .collect()
}

/// Decides from a reading: the best sentences when the best is likely enough to
/// answer, otherwise "not in the archive" with the closest articles.
pub fn answer(reading: Reading, question: &str, max_sentences: usize) -> Answer {
    let model = reading.model;
    let scores: Vec<(f32, usize)> = best_first(&reading.candidates)
        .into_iter()
        .map(|i| (reading.candidates[i].score, i))
        .collect();
    // How well the best few speak to what the question asks: the best of the
    // GATE_READS best, never below 0 (as fitted; 0 when not measured).
    let leftover = scores
        .iter()
        .take(GATE_READS)
        .map(|&(_, i)| reading.candidates[i].leftover.unwrap_or(0.0))
        .fold(0.0, f32::max);
    let answers = match scores.first() {
        Some(&(best, i)) => model.answers(
            best,
            scores.get(1).map(|s| s.0),
            &reading.candidates[i].features,
            leftover,
        ),
        None => false,
    };
    if !answers {
        tracing::debug!(best = ?scores.first(), "no sentence likely enough to answer");
        return Answer {
            question: question.to_string(),
            found: false,
            answer: Vec::new(),
            sources: Vec::new(),
            see_also: reading
                .articles
                .iter()
                .take(SEE_ALSO)
                .map(ArticleRef::from)
                .collect(),
            quotes: Vec::new(),
        };
    }
    // Further sentences only when they are nearly as likely as the best one.
    let floor = scores[0].0 - model.margin;
    let mut analyzer = analyzer();
    let mut vocab = Vocabulary::default();
    let mut chosen = Vec::new();
    for c in reading.candidates.iter().filter(|c| c.score >= floor) {
        let a = &reading.articles[c.article];
        let terms = content_terms(&mut analyzer, c.passage.span.of(&a.body));
        chosen.push(Candidate {
            article: c.article,
            span: c.passage.span,
            position: c.passage.position,
            cover: c.features[3],
            // 1 for the best, ½ at the margin: select() keeps what scores at least
            // half the best, so the margin is exactly the fitted one.
            relevance: 1.0 - 0.5 * (scores[0].0 - c.score) / model.margin.max(f32::EPSILON),
            vector: vocab.vector(terms.iter().map(String::as_str), |_| 1.0),
        });
    }
    let (answer, sources) = select(&reading.articles, chosen, max_sentences, 0.0);
    Answer {
        question: question.to_string(),
        found: !answer.is_empty(),
        answer,
        sources,
        see_also: Vec::new(),
        quotes: Vec::new(),
    }
}

fn content_terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    tokenize(analyzer, text)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.term)
        .collect()
}

/// The line that introduces the quotation `ps[i]` ("X said in a statement,"): the
/// passage just before the run of standalone quotations `ps[i]` ends, if it ends
/// with a comma or a colon.
fn introduction_of<'a>(ps: &[Passage], i: usize, body: &'a str) -> Option<&'a str> {
    let mut j = i;
    while j > 0 && ps[j - 1].position + 1 == ps[j].position {
        let before = ps[j - 1].span.of(body);
        if !opens_with_quote(before) {
            return Some(before).filter(|t| t.trim_end().ends_with([',', ':']));
        }
        j -= 1;
    }
    None
}

/// Whether `text` starts with a quotation mark (a quotation standing alone).
fn opens_with_quote(text: &str) -> bool {
    text.trim_start().starts_with(['"', '“', '‘', '\''])
}

/// Verbs of saying that may come before the speaker ("…," said Mr Seagrave).
const SAID_AFTER: &[&str] = &["said", "says", "added", "warned", "insisted", "explained"];

/// Whether the person named `name` (or by one of `roles`, e.g. "the Russian
/// president") is the one speaking in `text`: named just before a verb of saying
/// ("Putin said", "the Russian president described"), just after one ("said Mr
/// Seagrave"), or after "according to".
fn speaks(text: &str, name: &[String], roles: &[Vec<String>]) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let name: Vec<String> = name
        .iter()
        .map(|w| w.to_lowercase())
        .filter(|w| !crate::text::stopwords::is_stop_word(w))
        .collect();
    // Where the speaker is mentioned: the end of their name or of a role phrase.
    let mut mentions: Vec<usize> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if name.last() == Some(w) {
            mentions.push(i);
        }
        for role in roles {
            let n = role.len();
            if n > 0 && i + 1 >= n && words[i + 1 - n..=i] == role[..] {
                mentions.push(i);
            }
        }
    }
    words.iter().enumerate().any(|(k, w)| {
        let before = REPORTING_WORDS.contains(&w.as_str())
            && w != "according"
            && mentions.iter().any(|&m| m < k && k - m <= 3);
        // "said Mr Seagrave"; not "believed Putin was" or "told Putin".
        let after =
            SAID_AFTER.contains(&w.as_str()) && mentions.iter().any(|&m| m > k && m - k <= 2);
        let according = w == "according" && mentions.iter().any(|&m| m > k && m - k <= 3);
        before || after || according
    })
}

/// Whether a sentence opens with a pronoun that refers back to an earlier one.
pub(crate) fn starts_with_pronoun(sentence: &str) -> bool {
    let first = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    DANGLING_PRONOUNS.contains(&first)
}

/// Sentence openers that need the previous sentence to be understood.
const DANGLING_PRONOUNS: &[&str] = &[
    "He", "She", "It", "They", "This", "These", "Those", "His", "Her", "Their", "Its",
];

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tomorrow",
    "week",
    "month",
    "year",
    "decade",
    "century",
    "weekend",
    "spring",
    "summer",
    "autumn",
    "winter",
    "christmas",
    "easter",
];
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "half",
    "third",
    "quarter",
    "percent",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "double",
    "twice",
    "treble",
    "triple",
];
const REASON_WORDS: &[&str] = &[
    "because",
    "after",
    "due",
    "since",
    "following",
    "amid",
    "over",
    "blamed",
    "reason",
    "so",
    "caused",
    "cause",
    "result",
    "thanks",
    "led",
    "response",
    "fears",
    "concern",
    "concerns",
    "following",
    "prompted",
    "as",
];
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "to", "near", "outside", "inside"];

/// Whether `text` holds the kind of fact the question expects.
fn has_answer_type(t: AnswerType, text: &str, q: &Question) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let is_new_name = |i: usize| {
        let w = words[i];
        w.chars().next().is_some_and(char::is_uppercase)
            && w.len() > 1
            && !q.words.contains(&lower[i])
            && !crate::story::dates::is_month_name(&lower[i])
            && !DAYS.contains(&lower[i].as_str())
            && !crate::text::stopwords::is_stop_word(&lower[i])
    };
    match t {
        AnswerType::Number => {
            text.chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '%' | '£' | '$' | '€'))
                || lower.iter().any(|w| NUMBER_WORDS.contains(&w.as_str()))
        }
        AnswerType::Date => lower.iter().any(|w| {
            crate::story::dates::is_month_name(w)
                || DAYS.contains(&w.as_str())
                || (w.len() == 4
                    && (w.starts_with("19") || w.starts_with("20"))
                    && w.chars().all(|c| c.is_ascii_digit()))
        }),
        AnswerType::Person => (1..words.len()).any(is_new_name),
        AnswerType::Place => (1..words.len())
            .any(|i| PLACE_PREPOSITIONS.contains(&lower[i - 1].as_str()) && is_new_name(i)),
        AnswerType::Reason => lower.iter().any(|w| REASON_WORDS.contains(&w.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Question {
        Question::parse(text)
    }

    #[test]
    fn a_standalone_quotation_is_spoken_by_whoever_introduces_it() {
        let body = "The Kremlin said in a statement,\n“Both sides showed a mood for work.”\n“The chat took place in a positive tone.”\nThe talks ended.\n“An unattributed line.”\n";
        let (ps, _) = answer_passages(&mut analyzer(), "Title", body);
        let texts: Vec<&str> = ps.iter().map(|p| p.span.of(body)).collect();
        let at = |t: &str| texts.iter().position(|x| x.starts_with(t)).unwrap();
        let intro = "The Kremlin said in a statement,";
        assert_eq!(introduction_of(&ps, at("“Both"), body), Some(intro));
        assert_eq!(
            introduction_of(&ps, at("“The chat"), body),
            Some(intro),
            "{texts:?}"
        );
        assert_eq!(introduction_of(&ps, at("“An unattributed"), body), None);
        assert!(speaks(intro, &["Kremlin".into()], &[]));
    }

    #[test]
    fn answer_types_are_found_in_sentences() {
        let how_many = q("How many subscribers did AOL lose?");
        assert!(has_answer_type(
            AnswerType::Number,
            "It lost 464,000 subscribers.",
            &how_many
        ));
        assert!(!has_answer_type(
            AnswerType::Number,
            "It lost subscribers.",
            &how_many
        ));
        let where_ = q("Which Vietnamese city hosted the APEC summit?");
        assert!(has_answer_type(
            AnswerType::Place,
            "The summit was held in Da Nang on Saturday.",
            &where_
        ));
        assert!(!has_answer_type(
            AnswerType::Place,
            "The summit was held in Vietnam.",
            &q("Where in Vietnam was it?")
        ));
        let who = q("Who did Trump meet at APEC?");
        assert!(has_answer_type(
            AnswerType::Person,
            "Trump met Russian President Vladimir Putin.",
            &who
        ));
        assert!(!has_answer_type(
            AnswerType::Person,
            "Trump met at the APEC summit.",
            &who
        ));
        let when = q("When was the summit?");
        assert!(has_answer_type(
            AnswerType::Date,
            "It was held in July 2018.",
            &when
        ));
    }

    #[test]
    fn openers_that_point_back() {
        assert!(starts_with_pronoun("He said it was fine."));
        assert!(!starts_with_pronoun("Helsinki hosted it."));
    }

    #[test]
    fn the_speaker_is_the_one_saying() {
        let putin = ["Putin".to_string()];
        let roles = [vec!["russian".to_string(), "president".to_string()]];
        let well_mannered = "Trump made a reference to a \"mutual good feeling\" with Putin; the Russian president described Trump as \"well-mannered\".";
        assert!(speaks(well_mannered, &putin, &roles));
        assert!(speaks("Putin said the talks went well.", &putin, &[]));
        assert!(speaks("\"It went well,\" said Putin.", &putin, &[]));
        assert!(speaks("According to Putin, it went well.", &putin, &[]));
        assert!(!speaks(
            "Trump said he believed Putin was \"very insulted\".",
            &putin,
            &roles
        ));
        // The other direction: what Trump said, when the question asks Putin's words.
        let trump = ["Trump".to_string()];
        let told = "\"He said he didn't meddle. I asked him again,\" Trump told reporters.";
        assert!(speaks(told, &trump, &[]));
        assert!(!speaks(told, &putin, &roles));
    }
}
