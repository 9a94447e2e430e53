//! `/search`.

use poise::serenity_prelude as serenity;

use super::{blocking, date_window, edit_original};
use crate::SearchRequest;
use crate::discord::{Context, Data, Error};
use crate::engine::MAX_LIMIT;
use crate::render::discord::{self as render, Message, PAGE_SIZE};
use crate::store::SavedSearch;

/// Search the news archive ("quotes" make phrases)
#[poise::command(slash_command)]
pub async fn search(
    ctx: Context<'_>,
    #[description = "What to search for; \"quotes\" make phrases"] query: String,
    #[description = "Only articles from this outlet"]
    #[autocomplete = "autocomplete_outlet"]
    outlet: Option<String>,
    #[description = "Published on or after this date (YYYY-MM-DD)"] since: Option<String>,
    #[description = "Published on or before this date (YYYY-MM-DD)"] until: Option<String>,
) -> Result<(), Error> {
    let (since, until) = date_window(since.as_deref(), until.as_deref())?;
    let saved = SavedSearch {
        since,
        until,
        outlet: outlet.filter(|o| !o.trim().is_empty()),
        query,
    };
    // Mistakes are answered at once (ephemeral), before the public "thinking…".
    crate::index::query::parse(&mut crate::text::analyzer(), &saved.query)?;
    ctx.defer().await?;
    let data = ctx.data().clone();
    let page = blocking(move || search_page(&data, &saved, 0)).await?;
    edit_original(ctx, &page).await
}

/// Renders page `page` of a search, saving the search so its buttons keep working.
pub(crate) fn search_page(data: &Data, saved: &SavedSearch, page: usize) -> crate::Result<Message> {
    let key = data.store.save_search(saved)?;
    let limit = ((page + 1) * PAGE_SIZE + 1).min(MAX_LIMIT);
    let results = data.engine.search(&SearchRequest {
        query: saved.query.clone(),
        outlet: saved.outlet.clone(),
        since: saved.since,
        until: saved.until,
        limit: Some(limit),
    })?;
    Ok(render::search_page(&results, &key, page))
}

/// Outlets in the archive that contain what is typed.
async fn autocomplete_outlet(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let engine = ctx.data().engine.clone();
    let outlets = blocking(move || engine.outlets())
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "outlet autocomplete failed");
            Vec::new()
        });
    let typed = partial.trim().to_lowercase();
    let choices = outlets
        .into_iter()
        .filter(|o| o.to_lowercase().contains(&typed) && render::len(o) <= 100)
        .take(25)
        .map(|o| serenity::AutocompleteChoice::new(o.clone(), o))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
