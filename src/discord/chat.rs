//! Questions in chat: a message that mentions the bot, or a question in one of the
//! answer channels, is answered like `/ask`, in a thread started from that message
//! (or in the thread it came from). Follow-ups in the bot's thread are read with the
//! thread's first question as context.

use poise::serenity_prelude as serenity;
use serenity::{AutoArchiveDuration, ChannelId, ChannelType, CreateThread, Message, UserId};

use super::commands::{answer_message, blocking};
use super::{Data, Error, convert};
use crate::render::discord as render;

/// Words that open a question.
const QUESTION_WORDS: &[&str] = &[
    "who", "what", "when", "where", "why", "how", "which", "did", "does", "do", "is", "are", "was",
    "were", "can", "could", "has", "have", "will", "would", "should",
];

/// Whether a message reads like a question.
fn looks_like_question(text: &str) -> bool {
    let text = text.trim();
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    text.ends_with('?') || QUESTION_WORDS.contains(&first.as_str())
}

/// The text without mentions of the bot.
fn strip_mentions(text: &str, bot: UserId) -> String {
    text.replace(&format!("<@{bot}>"), " ")
        .replace(&format!("<@!{bot}>"), " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A follow-up this short is read together with the thread's first question.
const FOLLOW_UP_WORDS: usize = 3;

/// Handles one message.
pub async fn handle(
    ctx: serenity::Context,
    data: Data,
    bot: UserId,
    msg: Message,
) -> Result<(), Error> {
    if msg.author.bot || msg.author.id == bot {
        return Ok(());
    }
    let mentioned = msg.mentions.iter().any(|u| u.id == bot);
    let channel = msg.channel_id;
    let store = data.store.clone();
    let thread_question = blocking(move || store.thread_question(channel.get())).await?;
    let in_answer_channel = data.config.answer_channels.contains(&channel.get());
    let question = strip_mentions(&msg.content, bot);
    let wanted = mentioned
        || ((in_answer_channel || thread_question.is_some()) && looks_like_question(&question));
    if !wanted {
        return Ok(());
    }
    let http = &ctx.http;
    if question.is_empty() {
        let hint = render::notice(
            "Ask me a question about the archive, e.g. “@newsdesk What did Putin say about Trump at APEC?”",
        );
        channel
            .send_message(http, convert::message(&hint).reference_message(&msg))
            .await?;
        return Ok(());
    }
    if let Err(wait) = data.limiter.check(msg.author.id.get()) {
        data.metrics.rate_limited();
        let text = format!(
            "Slow down: you can ask again in {} seconds.",
            wait.as_secs().max(1)
        );
        channel
            .send_message(
                http,
                convert::message(&render::notice(&text)).reference_message(&msg),
            )
            .await?;
        return Ok(());
    }
    // A short follow-up ("and Syria?") borrows the thread's first question.
    let content_words = crate::index::query::parse(&mut crate::text::analyzer(), &question)
        .map(|p| p.terms.len())
        .unwrap_or(0);
    let effective = match &thread_question {
        Some(first) if content_words <= FOLLOW_UP_WORDS => format!("{question} {first}"),
        _ => question.clone(),
    };
    let d = data.clone();
    let (q, heading) = (effective.clone(), question.clone());
    let reply = blocking(move || answer_message(&d, &q, &heading)).await?;

    let target = if thread_question.is_some() || is_thread(http, channel).await {
        channel
    } else {
        let name = render::thread_name(&question);
        let thread = channel
            .create_thread_from_message(
                http,
                msg.id,
                CreateThread::new(name).auto_archive_duration(AutoArchiveDuration::OneDay),
            )
            .await?;
        let store = data.store.clone();
        let (id, first) = (thread.id.get(), question.clone());
        blocking(move || store.set_thread_question(id, &first)).await?;
        thread.id
    };
    target.send_message(http, convert::message(&reply)).await?;
    Ok(())
}

/// Whether a channel is a thread (one REST call; a failure counts as "no").
async fn is_thread(http: &serenity::Http, channel: ChannelId) -> bool {
    match channel.to_channel(http).await {
        Ok(serenity::Channel::Guild(c)) => matches!(
            c.kind,
            ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
        ),
        Ok(_) => false,
        Err(e) => {
            tracing::warn!(error = %e, channel = %channel, "could not look up channel");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_recognised() {
        assert!(looks_like_question("What did Putin say?"));
        assert!(looks_like_question("did trump meet putin"));
        assert!(looks_like_question("APEC summit?"));
        assert!(!looks_like_question("Good morning team"));
    }

    #[test]
    fn mentions_of_the_bot_are_removed() {
        let bot = UserId::new(42);
        assert_eq!(
            strip_mentions("<@42> What did <@!42> say?", bot),
            "What did say?"
        );
        assert_eq!(strip_mentions("<@43> hi", bot), "<@43> hi");
    }
}
