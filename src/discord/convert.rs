//! The rendered reply model as serenity builders. Every builder gets
//! `allowed_mentions` = none: quoted article text must never ping anyone.

use poise::serenity_prelude as serenity;
use serenity::{
    CreateActionRow, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption, EditInteractionResponse,
};

use super::no_mentions;
use crate::render::discord::{ButtonStyle, Embed, Message};

fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new().description(&e.description);
    if let Some(title) = &e.title {
        out = out.title(title);
    }
    if let Some(url) = &e.url {
        out = out.url(url);
    }
    for f in &e.fields {
        out = out.field(&f.name, &f.value, f.inline);
    }
    if let Some(footer) = &e.footer {
        out = out.footer(CreateEmbedFooter::new(footer));
    }
    if let Some(colour) = e.colour {
        out = out.colour(colour);
    }
    out
}

fn embeds(m: &Message) -> Vec<CreateEmbed> {
    m.embeds.iter().map(embed).collect()
}

fn components(m: &Message) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    if !m.buttons.is_empty() {
        rows.push(CreateActionRow::Buttons(
            m.buttons
                .iter()
                .map(|b| {
                    CreateButton::new(&b.custom_id)
                        .label(&b.label)
                        .style(match b.style {
                            ButtonStyle::Primary => serenity::ButtonStyle::Primary,
                            ButtonStyle::Secondary => serenity::ButtonStyle::Secondary,
                        })
                        .disabled(b.disabled)
                })
                .collect(),
        ));
    }
    if let Some(select) = &m.select {
        let options = select
            .options
            .iter()
            .map(|o| {
                let opt = CreateSelectMenuOption::new(&o.label, &o.value);
                match &o.description {
                    Some(d) => opt.description(d),
                    None => opt,
                }
            })
            .collect();
        rows.push(CreateActionRow::SelectMenu(
            CreateSelectMenu::new(&select.custom_id, CreateSelectMenuKind::String { options })
                .placeholder(&select.placeholder),
        ));
    }
    rows
}

/// Replaces an interaction's original (deferred) response.
pub fn edit(m: &Message) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .content(&m.content)
        .embeds(embeds(m))
        .components(components(m))
        .allowed_mentions(no_mentions())
}

/// An immediate interaction response.
pub fn response(m: &Message, ephemeral: bool) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(&m.content)
        .embeds(embeds(m))
        .components(components(m))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A follow-up message to an interaction.
pub fn followup(m: &Message, ephemeral: bool) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .content(&m.content)
        .embeds(embeds(m))
        .components(components(m))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A message posted in a channel.
pub fn message(m: &Message) -> CreateMessage {
    CreateMessage::new()
        .content(&m.content)
        .embeds(embeds(m))
        .components(components(m))
        .allowed_mentions(no_mentions())
}
