//! Button and select-menu clicks. Everything a click needs is in its custom id
//! (see [`crate::render::discord::ids`]) or saved in SQLite under the key it carries,
//! so components keep working after the bot restarts.

use poise::serenity_prelude as serenity;
use serenity::{
    ComponentInteraction, ComponentInteractionDataKind, CreateInteractionResponse,
    CreateInteractionResponseMessage,
};

use super::commands::blocking;
use super::{Data, Error, convert};
use crate::render::discord as render;
use crate::store::SavedSearch;

/// What a custom id asks for.
#[derive(Debug, PartialEq, Eq)]
enum Action<'a> {
    Page {
        key: &'a str,
        page: usize,
    },
    Summarize,
    Sources {
        key: &'a str,
    },
    Vote {
        key: &'a str,
        up: bool,
    },
    More {
        since: jiff::Timestamp,
        until: jiff::Timestamp,
        told: usize,
    },
    QuotePage {
        key: &'a str,
        page: usize,
    },
    TimelinePage {
        key: &'a str,
        page: usize,
    },
}

fn parse(custom_id: &str) -> Option<Action<'_>> {
    let mut parts = custom_id.split(':');
    if parts.next()? != "nd" {
        return None;
    }
    let action = match (parts.next()?, parts.next(), parts.next()) {
        ("page", Some(key), Some(page)) => Action::Page {
            key,
            page: page.parse().ok().filter(|p| *p < 100)?,
        },
        ("ws", Some(key), Some(page)) => Action::QuotePage {
            key,
            page: page.parse().ok().filter(|p| *p < 100)?,
        },
        ("tl", Some(key), Some(page)) => Action::TimelinePage {
            key,
            page: page.parse().ok().filter(|p| *p < 100)?,
        },
        ("sum", None, None) => Action::Summarize,
        ("src", Some(key), None) => Action::Sources { key },
        ("vote", Some(key), Some("+1")) => Action::Vote { key, up: true },
        ("vote", Some(key), Some("-1")) => Action::Vote { key, up: false },
        ("more", Some(since), Some(until)) => Action::More {
            since: jiff::Timestamp::from_second(since.parse().ok()?).ok()?,
            until: jiff::Timestamp::from_second(until.parse().ok()?).ok()?,
            told: parts.next()?.parse().ok().filter(|n| *n < 10_000)?,
        },
        _ => return None,
    };
    parts.next().is_none().then_some(action)
}

/// Handles one click.
pub async fn handle(
    ctx: serenity::Context,
    data: Data,
    c: ComponentInteraction,
) -> Result<(), Error> {
    let http = &ctx.http;
    let Some(action) = parse(&c.data.custom_id) else {
        let msg = render::notice("This button is no longer supported.");
        c.create_response(
            http,
            CreateInteractionResponse::Message(convert::response(&msg, true)),
        )
        .await?;
        return Ok(());
    };
    match action {
        Action::Page { key, page } => {
            replace_page(
                http,
                &c,
                &data,
                key,
                page,
                "search",
                super::commands::search_page,
            )
            .await?;
        }
        Action::QuotePage { key, page } => {
            let quote_page = |d: &Data, saved: &SavedSearch, page| {
                super::commands::quote_page(d, &saved.query, page)
            };
            replace_page(http, &c, &data, key, page, "quote", quote_page).await?;
        }
        Action::TimelinePage { key, page } => {
            replace_page(
                http,
                &c,
                &data,
                key,
                page,
                "timeline",
                super::commands::story_page,
            )
            .await?;
        }
        Action::Summarize => {
            let ComponentInteractionDataKind::StringSelect { values } = &c.data.kind else {
                return Ok(());
            };
            let Some(id) = values.first().cloned() else {
                return Ok(());
            };
            c.create_response(
                http,
                CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new()),
            )
            .await?;
            let engine = data.engine.clone();
            let m = blocking(move || super::commands::summary_message(&engine, &id)).await;
            let m = m.unwrap_or_else(|e| {
                render::error(&format!("I could not summarise that article: {e}"))
            });
            c.edit_response(http, convert::edit(&m)).await?;
        }
        Action::Sources { key } => {
            c.create_response(
                http,
                CreateInteractionResponse::Defer(
                    CreateInteractionResponseMessage::new().ephemeral(true),
                ),
            )
            .await?;
            let key = key.to_string();
            let d = data.clone();
            let messages = blocking(move || match d.store.answer(&key)? {
                Some(saved) => {
                    let answer = d.engine.ask(&saved.question)?;
                    let context =
                        |id: &str, start, end| d.engine.in_context(id, start, end).ok().flatten();
                    Ok(render::sources(&answer, &context))
                }
                None => Ok(vec![render::notice(
                    "This answer is no longer available: please ask again.",
                )]),
            })
            .await?;
            send_deferred(http, &c, messages).await?;
        }
        Action::Vote { key, up } => {
            let key = key.to_string();
            let store = data.store.clone();
            let user = c.user.id.get();
            let known =
                blocking(move || store.record_feedback(&key, user, if up { 1 } else { -1 }))
                    .await?;
            let text = match (known, up) {
                (false, _) => "This answer is no longer available.",
                (true, true) => "Thanks: recorded 👍 for this answer.",
                (true, false) => "Thanks: recorded 👎 for this answer. It helps us improve.",
            };
            c.create_response(
                http,
                CreateInteractionResponse::Message(convert::response(&render::notice(text), true)),
            )
            .await?;
        }
        Action::More { since, until, told } => {
            c.create_response(
                http,
                CreateInteractionResponse::Defer(
                    CreateInteractionResponseMessage::new().ephemeral(true),
                ),
            )
            .await?;
            let engine = data.engine.clone();
            let messages = blocking(move || {
                // The same window in the same order, past the stories already told.
                let mut digest = engine.digest(since, until, told + render::MORE_STORIES)?;
                digest.stories.drain(..told.min(digest.stories.len()));
                Ok(render::digest(&digest, "More stories", told))
            })
            .await?;
            send_deferred(http, &c, messages).await?;
        }
    }
    Ok(())
}

/// A pager click: acknowledged at once, then the message is replaced by page
/// `page` of the request saved under `key`, as `build` makes it, or, when the
/// request is gone, an ephemeral note asks to run the `what` again.
async fn replace_page(
    http: &serenity::Http,
    c: &ComponentInteraction,
    data: &Data,
    key: &str,
    page: usize,
    what: &str,
    build: fn(&Data, &SavedSearch, usize) -> crate::Result<render::Message>,
) -> Result<(), Error> {
    c.create_response(http, CreateInteractionResponse::Acknowledge)
        .await?;
    let (key, d) = (key.to_string(), data.clone());
    let message = blocking(move || {
        d.store
            .search(&key)?
            .map(|saved| build(&d, &saved, page))
            .transpose()
    })
    .await?;
    match message {
        Some(m) => {
            c.edit_response(http, convert::edit(&m)).await?;
        }
        None => {
            let m = render::notice(&format!(
                "This {what} is no longer available: please run it again."
            ));
            c.create_followup(http, convert::followup(&m, true)).await?;
        }
    }
    Ok(())
}

/// Sends the reply to a click deferred as ephemeral: the first message replaces
/// "thinking…", the others follow it.
async fn send_deferred(
    http: &serenity::Http,
    c: &ComponentInteraction,
    messages: Vec<render::Message>,
) -> Result<(), Error> {
    let mut messages = messages.into_iter();
    if let Some(first) = messages.next() {
        c.edit_response(http, convert::edit(&first)).await?;
    }
    for m in messages {
        c.create_followup(http, convert::followup(&m, true)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::discord::ids;

    #[test]
    fn custom_ids_round_trip() {
        assert_eq!(
            parse(&ids::page("abc", 3)),
            Some(Action::Page {
                key: "abc",
                page: 3
            })
        );
        assert_eq!(parse(ids::SUMMARIZE), Some(Action::Summarize));
        assert_eq!(
            parse(&ids::sources("k")),
            Some(Action::Sources { key: "k" })
        );
        assert_eq!(
            parse(&ids::vote("k", false)),
            Some(Action::Vote {
                key: "k",
                up: false
            })
        );
        let (since, until) = (
            jiff::Timestamp::from_second(1_700_000_000).unwrap(),
            jiff::Timestamp::from_second(1_700_086_400).unwrap(),
        );
        assert_eq!(
            parse(&ids::more(since, until, 10)),
            Some(Action::More {
                since,
                until,
                told: 10
            })
        );
        assert_eq!(
            parse(&render::story::ids::quote_page("k", 2)),
            Some(Action::QuotePage { key: "k", page: 2 })
        );
        assert_eq!(
            parse(&render::story::ids::timeline_page("k", 0)),
            Some(Action::TimelinePage { key: "k", page: 0 })
        );
        for bad in [
            "nd:ws:k",
            "nd:tl:k:x",
            "nd:tl:k:1:2",
            "nd:more:1:x",
            "nd:more:1:2",
            "nd:more:1:2:x",
            "",
            "nd",
            "nd:page:k",
            "nd:page:k:x",
            "nd:page:k:1:2",
            "other:sum",
            "nd:vote:k:0",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
