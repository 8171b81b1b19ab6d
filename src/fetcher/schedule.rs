//! When each view refreshes next: intervals with jitter, on-demand requests,
//! exponential backoff after failures, throttling and slow-down. Pure bookkeeping;
//! time comes in as arguments.

use std::time::Duration;

use tokio::time::Instant;

use super::FetcherConfig;
use crate::action::View;

/// How long the fetcher slows down after the service reports few TSTUs left
/// (its usage window is five minutes).
pub const SLOWDOWN: Duration = Duration::from_secs(300);
/// Interval multiplier while slowed down.
const SLOW_FACTOR: u32 = 4;

#[derive(Debug, Clone, Default)]
struct Slot {
    generation: u64,
    in_flight: bool,
    /// Refresh again as soon as the request in flight finishes.
    again: bool,
    due: Option<Instant>,
    failures: u32,
}

#[derive(Debug)]
pub struct Schedule {
    config: FetcherConfig,
    slots: [Slot; 4],
    throttle_until: Option<Instant>,
    slow_until: Option<Instant>,
}

fn index(view: View) -> usize {
    match view {
        View::MyWork => 0,
        View::Sprint => 1,
        View::PullRequests => 2,
        View::Pipelines => 3,
    }
}

/// Multiply by a random factor in [0.8, 1.2) so views and clients do not march in step.
fn jitter(d: Duration) -> Duration {
    d.mul_f64(0.8 + fastrand::f64() * 0.4)
}

impl Schedule {
    /// Every view is due at `now`.
    pub fn new(config: FetcherConfig, now: Instant) -> Self {
        let slot = Slot {
            due: Some(now),
            ..Slot::default()
        };
        Schedule {
            config,
            slots: std::array::from_fn(|_| slot.clone()),
            throttle_until: None,
            slow_until: None,
        }
    }

    fn slot(&mut self, view: View) -> &mut Slot {
        &mut self.slots[index(view)]
    }

    /// The next time something should start; None while paused or idle.
    pub fn next_wake(&self, paused: bool) -> Option<Instant> {
        if paused {
            return None;
        }
        let due = self
            .slots
            .iter()
            .filter(|s| !s.in_flight)
            .filter_map(|s| s.due)
            .min()?;
        Some(self.throttle_until.map_or(due, |t| t.max(due)))
    }

    /// Views due at `now`; they are no longer due once returned.
    pub fn take_due(&mut self, now: Instant) -> Vec<View> {
        if self.throttle_until.is_some_and(|t| now < t) {
            return Vec::new();
        }
        View::ALL
            .into_iter()
            .filter(|v| {
                let slot = &mut self.slots[index(*v)];
                let due = !slot.in_flight && slot.due.is_some_and(|d| d <= now);
                if due {
                    slot.due = None;
                }
                due
            })
            .collect()
    }

    /// A 429's hold is in force at `now`.
    pub fn throttled(&self, now: Instant) -> bool {
        self.throttle_until.is_some_and(|t| now < t)
    }

    /// True once, when a throttle period has just passed.
    pub fn throttle_ended(&mut self, now: Instant) -> bool {
        if self.throttle_until.is_some_and(|t| now >= t) {
            self.throttle_until = None;
            return true;
        }
        false
    }

    /// A request for `view` starts; returns its generation.
    pub fn begin(&mut self, view: View) -> u64 {
        let slot = self.slot(view);
        slot.generation += 1;
        slot.in_flight = true;
        slot.generation
    }

    /// Refresh `view` now, or right after the request in flight.
    pub fn request(&mut self, view: View, now: Instant) {
        let slot = self.slot(view);
        if slot.in_flight {
            slot.again = true;
        } else {
            slot.due = Some(now);
        }
    }

    pub fn succeeded(&mut self, view: View, now: Instant) {
        let interval = if self.slowed() {
            self.config.interval * SLOW_FACTOR
        } else {
            self.config.interval
        };
        let slot = self.slot(view);
        slot.in_flight = false;
        slot.failures = 0;
        slot.due = Some(if std::mem::take(&mut slot.again) {
            now
        } else {
            now + jitter(interval)
        });
    }

    /// Exponential backoff with jitter: base, 2×base, 4×base, ... up to the maximum.
    pub fn failed(&mut self, view: View, now: Instant) {
        let (base, max) = (self.config.backoff_base, self.config.backoff_max);
        let slot = self.slot(view);
        slot.in_flight = false;
        slot.again = false;
        slot.failures = slot.failures.saturating_add(1);
        let exp = base.saturating_mul(1u32 << (slot.failures - 1).min(16));
        slot.due = Some(now + jitter(exp.min(max)));
    }

    pub fn failures(&self, view: View) -> u32 {
        self.slots[index(view)].failures
    }

    /// The request ended in a way that waits for something else (a sign-in).
    pub fn finished(&mut self, view: View) {
        let slot = self.slot(view);
        slot.in_flight = false;
        slot.again = false;
        slot.due = None;
    }

    /// A 429 on `view`: nothing starts before `until`.
    pub fn throttle(&mut self, view: View, until: Instant) {
        self.throttle_all(until);
        let slot = self.slot(view);
        slot.in_flight = false;
        slot.due = Some(until);
    }

    pub fn throttle_all(&mut self, until: Instant) {
        self.throttle_until = Some(self.throttle_until.map_or(until, |t| t.max(until)));
    }

    /// Refresh less often for a while; returns when the slow-down ends.
    pub fn slow_down(&mut self, now: Instant) -> Instant {
        let until = now + SLOWDOWN;
        self.slow_until = Some(until);
        until
    }

    pub fn slowed(&self) -> bool {
        self.slow_until.is_some()
    }

    /// End the slow-down if it ran out by `now` (or unconditionally with `force`);
    /// true when it did end.
    pub fn end_slowdown(&mut self, now: Instant, force: bool) -> bool {
        if self.slow_until.is_some_and(|t| force || now >= t) {
            self.slow_until = None;
            return true;
        }
        false
    }

    /// After a pause, views left without a next time are due now. Views that just
    /// retried keep the interval their success set; views that fell due during the
    /// pause start at once anyway.
    pub fn resume(&mut self, now: Instant) {
        for slot in &mut self.slots {
            if !slot.in_flight && slot.due.is_none() {
                slot.due = Some(now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> FetcherConfig {
        FetcherConfig {
            interval: Duration::from_secs(60),
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
        }
    }

    #[test]
    fn schedule_starts_every_view_once() {
        let t0 = Instant::now();
        let mut s = Schedule::new(config(), t0);
        assert_eq!(s.take_due(t0).len(), 4);
        assert!(s.take_due(t0).is_empty());
    }

    #[test]
    fn schedule_request_while_in_flight_runs_again_after() {
        let t0 = Instant::now();
        let mut s = Schedule::new(config(), t0);
        s.take_due(t0);
        s.begin(View::MyWork);
        s.request(View::MyWork, t0);
        assert!(
            !s.take_due(t0).contains(&View::MyWork),
            "never two requests in flight for one view"
        );
        s.succeeded(View::MyWork, t0);
        assert_eq!(s.take_due(t0), vec![View::MyWork]);
    }

    #[test]
    fn schedule_backoff_grows_and_is_capped() {
        let t0 = Instant::now();
        let mut s = Schedule::new(config(), t0);
        s.take_due(t0);
        let mut last = Duration::ZERO;
        for n in 1..=12 {
            s.begin(View::Sprint);
            s.failed(View::Sprint, t0);
            let due = s.slots[1].due.unwrap() - t0;
            assert!(
                due <= Duration::from_secs(360),
                "capped at max + jitter, got {due:?}"
            );
            if n <= 5 {
                assert!(
                    due.as_secs_f64() > last.as_secs_f64() * 1.3,
                    "grows: {due:?} after {last:?}"
                );
            }
            last = due;
        }
        assert_eq!(s.failures(View::Sprint), 12);
    }

    #[test]
    fn schedule_throttle_holds_everything_until_then() {
        let t0 = Instant::now();
        let mut s = Schedule::new(config(), t0);
        s.throttle_all(t0 + Duration::from_secs(30));
        assert!(s.take_due(t0).is_empty());
        assert_eq!(s.next_wake(false), Some(t0 + Duration::from_secs(30)));
        assert!(s.throttle_ended(t0 + Duration::from_secs(30)));
        assert_eq!(s.take_due(t0 + Duration::from_secs(30)).len(), 4);
    }

    #[test]
    fn schedule_resume_does_not_refetch_what_just_succeeded() {
        let t0 = Instant::now();
        let mut s = Schedule::new(config(), t0);
        s.take_due(t0);
        for view in View::ALL {
            s.begin(view);
        }
        s.finished(View::MyWork);
        s.succeeded(View::Sprint, t0);
        s.succeeded(View::PullRequests, t0);
        s.succeeded(View::Pipelines, t0);
        s.resume(t0);
        assert_eq!(
            s.take_due(t0),
            vec![View::MyWork],
            "only the view left without a time"
        );
    }

    #[test]
    fn schedule_paused_never_wakes() {
        let s = Schedule::new(config(), Instant::now());
        assert_eq!(s.next_wake(true), None);
    }
}
