//! `/ask`.

use super::{blocking, edit_original, within_rate_limit};
use crate::discord::{Context, Data, Error};
use crate::render::discord::{self as render, Message};

/// Ask a question; the answer quotes the archive word for word, with sources
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, e.g. What did Putin say about Trump at APEC?"] question: String,
) -> Result<(), Error> {
    crate::index::query::parse(&mut crate::text::analyzer(), &question)?;
    if !within_rate_limit(ctx).await? {
        return Ok(());
    }
    ctx.defer().await?;
    let data = ctx.data().clone();
    let reply = blocking(move || answer_message(&data, &question, &question)).await?;
    edit_original(ctx, &reply).await
}

/// Answers `question` and renders it with its buttons. The answer is saved under a
/// key so "Show sources" and feedback work later (also after a restart). `heading`
/// is what the user typed (`question` may carry a thread's earlier context).
pub(crate) fn answer_message(data: &Data, question: &str, heading: &str) -> crate::Result<Message> {
    let answer = data.engine.ask(question)?;
    if !answer.found {
        return Ok(render::not_found(&answer));
    }
    // One source per article: the cited ids.
    let cited: Vec<String> = answer.sources.iter().map(|s| s.id.clone()).collect();
    let key = data.store.save_answer(question, &cited)?;
    Ok(render::answer(&answer, heading, Some(&key)))
}
