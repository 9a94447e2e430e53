//! `/article`.

use super::{autocomplete_article, blocking, edit_original};
use crate::discord::{Context, Error};
use crate::render::discord as render;

/// Lead sentences shown by /article.
const LEAD_SENTENCES: usize = 3;

/// Open one article: headline, link, metadata and its lead
#[poise::command(slash_command)]
pub async fn article(
    ctx: Context<'_>,
    #[description = "Start typing a headline"]
    #[autocomplete = "autocomplete_article"]
    article: String,
) -> Result<(), Error> {
    ctx.defer().await?;
    let engine = ctx.data().engine.clone();
    let message = blocking(move || {
        let view = engine.show(&article)?;
        let lead = engine.lead(&article, LEAD_SENTENCES)?;
        Ok(render::article(&view, &lead))
    })
    .await?;
    edit_original(ctx, &message).await
}
