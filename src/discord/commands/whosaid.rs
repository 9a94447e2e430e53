//! `/whosaid`.

use super::{blocking, edit_original};
use crate::discord::{Context, Data, Error};
use crate::render::discord::Message;
use crate::render::discord::story::whosaid_page;
use crate::store::SavedSearch;

/// Find every article that carries a quote, the first report first, and who says it
#[poise::command(slash_command)]
pub async fn whosaid(
    ctx: Context<'_>,
    #[description = "The quote, with or without quotation marks; … stands for dropped words"]
    quote: String,
) -> Result<(), Error> {
    if crate::story::quotes::Pattern::parse(&quote).is_none() {
        return Err(crate::Error::NoSearchableWords(quote).into());
    }
    ctx.defer().await?;
    let data = ctx.data().clone();
    let page = blocking(move || quote_page(&data, &quote, 0)).await?;
    edit_original(ctx, &page).await
}

/// Page `page` of where a quote appears, saving the quote so the pager keeps working.
pub(crate) fn quote_page(data: &Data, quote: &str, page: usize) -> crate::Result<Message> {
    let key = data.store.save_search(&SavedSearch {
        query: quote.to_string(),
        outlet: None,
        since: None,
        until: None,
    })?;
    let report = data.engine.whosaid(quote)?;
    Ok(whosaid_page(&report, &key, page))
}
