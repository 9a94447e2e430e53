//! When a subscription's digest is due. Times are wall-clock times in the
//! subscription's time zone (jiff's tz database), so daylight-saving changes move
//! the instant, not the local time; a local time that does not exist on a spring-
//! forward day runs at the first valid time after it, and one that happens twice
//! on a fall-back day runs at the first.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::{Error, Result};

/// A digest subscription as the scheduler sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    /// The channel the digest is posted in.
    pub channel_id: u64,
    /// Local time of the post.
    pub time: Time,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// Local date of the last digest posted (or skipped) for this subscription.
    pub last_date: Option<Date>,
    /// End of the window the last digest covered: the next one starts there.
    pub last_until: Option<Timestamp>,
}

/// What the scheduler should do about a subscription now.
#[derive(Debug, Clone, PartialEq)]
pub enum Due {
    /// Post the digest of local date `date`, covering `[since, until)`.
    Now {
        /// The local date this digest is for.
        date: Date,
        /// Start of the window: the previous digest's end, or 24 hours back.
        since: Timestamp,
        /// End of the window: now.
        until: Timestamp,
    },
    /// Nothing to do before `next`.
    Later {
        /// The next scheduled instant.
        next: Timestamp,
    },
}

/// Parses `HH:MM` (or `HH:MM:SS`).
pub fn parse_time(text: &str) -> Result<Time> {
    text.trim()
        .parse::<Time>()
        .map_err(|_| Error::BadTime(text.to_string()))
}

/// Looks up an IANA time zone.
pub fn time_zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name.trim()).map_err(|_| Error::UnknownTimeZone(name.to_string()))
}

/// The instant of `time` on local `date` in `tz`.
fn instant(date: Date, time: Time, tz: &TimeZone) -> Result<Timestamp> {
    let zoned = date.to_datetime(time).to_zoned(tz.clone()).map_err(|e| {
        Error::Internal(format!("cannot place {date} {time} in the time zone: {e}"))
    })?;
    Ok(zoned.timestamp())
}

/// The most recent scheduled occurrence at or before `now`: (local date, instant).
pub fn latest_occurrence(time: Time, tz: &TimeZone, now: Timestamp) -> Result<(Date, Timestamp)> {
    let today = now.to_zoned(tz.clone()).date();
    let at_today = instant(today, time, tz)?;
    if at_today <= now {
        return Ok((today, at_today));
    }
    let yesterday = today
        .yesterday()
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok((yesterday, instant(yesterday, time, tz)?))
}

/// Decides whether `sub` is due at `now`. A missed occurrence (the bot was down) is
/// caught up once if `now` is within `catch_up` of it; older occurrences are never
/// posted, so a long outage yields at most one digest.
pub fn due(sub: &Subscription, now: Timestamp, catch_up: SignedDuration) -> Result<Due> {
    let tz = time_zone(&sub.timezone)?;
    let (date, scheduled) = latest_occurrence(sub.time, &tz, now)?;
    let done = sub.last_date.is_some_and(|d| d >= date);
    if !done && now.duration_since(scheduled) <= catch_up {
        let since = sub
            .last_until
            .filter(|t| *t < now)
            .unwrap_or_else(|| now - SignedDuration::from_hours(24));
        return Ok(Due::Now {
            date,
            since,
            until: now,
        });
    }
    let tomorrow = date
        .tomorrow()
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Due::Later {
        next: instant(tomorrow, sub.time, &tz)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn sub(time: &str, last_date: Option<&str>) -> Subscription {
        Subscription {
            channel_id: 1,
            time: parse_time(time).unwrap(),
            timezone: "Europe/Berlin".into(),
            last_date: last_date.map(|d| d.parse().unwrap()),
            last_until: None,
        }
    }

    const SIX_HOURS: SignedDuration = SignedDuration::from_hours(6);

    #[test]
    fn due_once_per_local_day() {
        // 08:00 in Berlin is 07:00 UTC in winter.
        let s = sub("08:00", Some("2026-01-14"));
        assert_eq!(
            due(&s, ts("2026-01-15T06:59:00Z"), SIX_HOURS).unwrap(),
            Due::Later {
                next: ts("2026-01-15T07:00:00Z")
            }
        );
        let now = ts("2026-01-15T07:00:30Z");
        match due(&s, now, SIX_HOURS).unwrap() {
            Due::Now { date, until, .. } => {
                assert_eq!(date.to_string(), "2026-01-15");
                assert_eq!(until, now);
            }
            other => panic!("{other:?}"),
        }
        let posted = sub("08:00", Some("2026-01-15"));
        assert_eq!(
            due(&posted, ts("2026-01-15T12:00:00Z"), SIX_HOURS).unwrap(),
            Due::Later {
                next: ts("2026-01-16T07:00:00Z")
            }
        );
    }

    #[test]
    fn daylight_saving_moves_the_instant_not_the_local_time() {
        // Berlin springs forward on 2026-03-29: 08:00 is 06:00 UTC from then on.
        let s = sub("08:00", Some("2026-03-28"));
        assert_eq!(
            due(&s, ts("2026-03-29T05:00:00Z"), SIX_HOURS).unwrap(),
            Due::Later {
                next: ts("2026-03-29T06:00:00Z")
            }
        );
        // 02:30 does not exist that day: it runs at 03:30 CEST (01:30 UTC).
        let gap = sub("02:30", Some("2026-03-28"));
        assert_eq!(
            due(&gap, ts("2026-03-29T00:45:00Z"), SIX_HOURS).unwrap(),
            Due::Later {
                next: ts("2026-03-29T01:30:00Z")
            }
        );
        // On 2026-10-25 02:30 happens twice; the first (00:30 UTC) counts, once.
        let fold = sub("02:30", Some("2026-10-24"));
        assert!(matches!(
            due(&fold, ts("2026-10-25T00:31:00Z"), SIX_HOURS).unwrap(),
            Due::Now { .. }
        ));
        let done = sub("02:30", Some("2026-10-25"));
        assert!(matches!(
            due(&done, ts("2026-10-25T01:31:00Z"), SIX_HOURS).unwrap(),
            Due::Later { .. }
        ));
    }

    #[test]
    fn a_long_outage_yields_one_digest_or_none() {
        let s = sub("08:00", Some("2026-01-10"));
        // Back on the 15th at 10:00 local, 2 h after the slot: one catch-up digest.
        assert!(matches!(
            due(&s, ts("2026-01-15T09:00:00Z"), SIX_HOURS).unwrap(),
            Due::Now { .. }
        ));
        // Back at 20:00 local, 12 h after: nothing until tomorrow's slot.
        assert_eq!(
            due(&s, ts("2026-01-15T19:00:00Z"), SIX_HOURS).unwrap(),
            Due::Later {
                next: ts("2026-01-16T07:00:00Z")
            }
        );
    }

    #[test]
    fn bad_times_and_zones_are_user_errors() {
        assert!(parse_time("25:00").unwrap_err().is_user_error());
        assert!(time_zone("Mars/Olympus").unwrap_err().is_user_error());
    }
}
