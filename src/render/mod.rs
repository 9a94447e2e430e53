//! Renderers: pure functions from the reply model to terminal text and to Discord
//! messages (as plain data).

pub mod discord;
pub mod terminal;
