//! `/timeline`.

use super::{blocking, date_window, edit_original};
use crate::discord::{Context, Data, Error};
use crate::render::discord::Message;
use crate::render::discord::story::timeline_page;
use crate::store::SavedSearch;

/// How a story unfolded: dated, cited sentences from the archive in date order
#[poise::command(slash_command)]
pub async fn timeline(
    ctx: Context<'_>,
    #[description = "The story, e.g. Trump Putin meetings"] topic: String,
    #[description = "Only events on or after this date (YYYY-MM-DD)"] since: Option<String>,
    #[description = "Only events on or before this date (YYYY-MM-DD)"] until: Option<String>,
) -> Result<(), Error> {
    let (since, until) = date_window(since.as_deref(), until.as_deref())?;
    let saved = SavedSearch {
        since,
        until,
        outlet: None,
        query: topic,
    };
    // Mistakes are answered at once (ephemeral), before the public "thinking…".
    crate::index::query::parse(&mut crate::text::analyzer(), &saved.query)?;
    ctx.defer().await?;
    let data = ctx.data().clone();
    let page = blocking(move || story_page(&data, &saved, 0)).await?;
    edit_original(ctx, &page).await
}

/// Page `page` of a timeline, saving the request so the pager keeps working.
pub(crate) fn story_page(data: &Data, saved: &SavedSearch, page: usize) -> crate::Result<Message> {
    let key = data.store.save_search(saved)?;
    let timeline = data
        .engine
        .timeline(&saved.query, saved.since, saved.until)?;
    Ok(timeline_page(&timeline, &key, page))
}
