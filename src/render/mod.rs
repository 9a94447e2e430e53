//! Renderers: pure functions from the reply model to terminal text and to Discord
//! messages (as plain data).

pub mod discord;
pub mod terminal;

use crate::reply::{Event, Precision};

/// An event's date as people write it, at its precision: "2015", "Feb 2022", "week
/// of 17 Jul 2017", "28 Jan 2017".
pub fn event_date(e: &Event) -> String {
    let day = |s: &str| s.parse::<jiff::civil::Date>().ok();
    match e.precision {
        Precision::Year => e.date.clone(),
        Precision::Month => day(&format!("{}-01", e.date))
            .map_or_else(|| e.date.clone(), |d| d.strftime("%b %Y").to_string()),
        Precision::Week => day(&e.date).map_or_else(
            || e.date.clone(),
            |d| format!("week of {}", discord::human_date(d)),
        ),
        Precision::Day => day(&e.date).map_or_else(|| e.date.clone(), discord::human_date),
    }
}
