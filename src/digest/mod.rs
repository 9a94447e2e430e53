//! Digests: what came into the archive (first indexed) or was published in a time
//! window, grouped into stories, each told in one or two cited verbatim sentences;
//! and the schedule that decides when a subscription's digest is due.

pub(crate) mod compose;
pub mod schedule;

pub use schedule::{Due, Subscription, due};
