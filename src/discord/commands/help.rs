//! `/help`.

use crate::discord::{Context, Error, convert};
use crate::render::discord as render;

/// What newsdesk does, with examples
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let message = render::help();
    if let poise::Context::Application(actx) = ctx {
        actx.interaction
            .create_response(
                ctx.http(),
                poise::serenity_prelude::CreateInteractionResponse::Message(convert::response(
                    &message, true,
                )),
            )
            .await?;
        actx.has_sent_initial_response
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
    Ok(())
}
