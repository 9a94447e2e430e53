//! Time as the core sees it. Production uses the system clock; tests inject a
//! [`ManualClock`] to drive schedules across days, daylight-saving changes and
//! outages without waiting.

use std::sync::Mutex;

use jiff::Timestamp;
use tokio::sync::watch;

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// Now.
    fn now(&self) -> Timestamp;

    /// For clocks that jump (tests): a receiver that changes on every jump, so
    /// waiting code can re-check at once. `None` for the system clock.
    fn changes(&self) -> Option<watch::Receiver<Timestamp>> {
        None
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that moves only when told to.
pub struct ManualClock {
    now: Mutex<Timestamp>,
    tx: watch::Sender<Timestamp>,
}

impl ManualClock {
    /// A clock standing at `start`.
    pub fn new(start: Timestamp) -> ManualClock {
        let (tx, _) = watch::channel(start);
        ManualClock {
            now: Mutex::new(start),
            tx,
        }
    }

    /// Moves the clock to `t` (never backwards).
    pub fn set(&self, t: Timestamp) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        if t > *now {
            *now = t;
        }
        self.tx.send_replace(*now);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn changes(&self) -> Option<watch::Receiver<Timestamp>> {
        Some(self.tx.subscribe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_forward_only() {
        let t0: Timestamp = "2026-03-28T06:00:00Z".parse().unwrap();
        let clock = ManualClock::new(t0);
        let rx = clock.changes().unwrap();
        clock.set("2026-03-29T06:00:00Z".parse().unwrap());
        clock.set(t0);
        assert_eq!(clock.now().to_string(), "2026-03-29T06:00:00Z");
        assert_eq!(*rx.borrow(), clock.now());
    }
}
