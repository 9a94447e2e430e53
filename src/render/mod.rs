//! Renderers: pure functions from the reply model to text.

pub mod terminal;
