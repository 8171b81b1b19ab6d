//! The background fetcher: owns the client and the credential, refreshes each view
//! on its interval and on demand, one request in flight per view, and pauses
//! everything on a claims challenge. It talks to the app only through Actions.

mod reauth;
mod schedule;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::{AbortHandle, JoinSet};
use tokio::time::Instant;

use crate::action::{Action, View, ViewData};
use crate::auth::{AuthError, Credential};
use crate::azdo::{Client, Error};
use crate::domain::Identity;
use crate::secret::Secret;
use crate::state::{FetchError, SignInMethod};

pub use schedule::Schedule;

/// Default time between refreshes of one view.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(60);

/// What the app asks of the fetcher.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Refresh(View),
    RefreshAll,
    /// Sign in again with this method (for the Azure CLI: `az login` already ran).
    SignIn(SignInMethod),
    SubmitPat(Secret),
    CancelSignIn,
}

#[derive(Debug, Clone)]
pub struct FetcherConfig {
    pub interval: Duration,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
}

impl FetcherConfig {
    /// Keep every period within [10 ms, 1 day] so scheduling arithmetic never overflows
    /// and a zero interval cannot spin.
    pub fn sane(self) -> Self {
        let clamp = |d: Duration| d.clamp(Duration::from_millis(10), Duration::from_secs(86_400));
        FetcherConfig {
            interval: clamp(self.interval),
            backoff_base: clamp(self.backoff_base),
            backoff_max: clamp(self.backoff_max),
        }
    }
}

impl Default for FetcherConfig {
    fn default() -> Self {
        FetcherConfig {
            interval: REFRESH_INTERVAL,
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
        }
    }
}

/// A finished background job.
#[expect(
    clippy::large_enum_variant,
    reason = "short-lived, one per finished job"
)]
enum Outcome {
    Fetched {
        view: View,
        generation: u64,
        retry: bool,
        /// The credential epoch the request was sent with.
        epoch: u64,
        me: Option<Identity>,
        result: Result<(ViewData, Option<String>), Error>,
    },
    /// A sign-in attempt ended; `attempt` tells a superseded one from the current.
    SignedIn {
        attempt: u64,
        result: Result<(), AuthError>,
    },
}

/// Start the fetcher task. Dropping the command sender stops it.
pub fn spawn(
    client: Arc<Client>,
    credential: Credential,
    config: FetcherConfig,
    actions: UnboundedSender<Action>,
) -> (UnboundedSender<Command>, tokio::task::JoinHandle<()>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let config = config.sane();
    let fetcher = Fetcher {
        client,
        credential,
        actions,
        commands: rx,
        schedule: Schedule::new(config, Instant::now()),
        me: None,
        tasks: JoinSet::new(),
        pause: None,
        sign_in: None,
        refreshed_once: BTreeSet::new(),
        epoch: 0,
        sign_in_attempt: 0,
    };
    let handle = tokio::spawn(fetcher.run());
    (tx, handle)
}

/// Refreshing is paused for a sign-in.
struct Pause {
    /// Views whose request failed and waits for a retry.
    queued: BTreeSet<View>,
    /// The merged claims to ask for (cp1 + the challenge).
    claims: String,
    /// Retries after a fresh token are in flight.
    retrying: bool,
}

struct Fetcher {
    client: Arc<Client>,
    credential: Credential,
    actions: UnboundedSender<Action>,
    commands: UnboundedReceiver<Command>,
    schedule: Schedule,
    me: Option<Identity>,
    tasks: JoinSet<Outcome>,
    pause: Option<Pause>,
    sign_in: Option<AbortHandle>,
    /// Views that already retried once with a fresh token after a plain 401.
    refreshed_once: BTreeSet<View>,
    /// Goes up with every successful sign-in, so answers to requests sent with an
    /// older credential can be told apart.
    epoch: u64,
    /// The sign-in attempt whose result counts.
    sign_in_attempt: u64,
}

impl Fetcher {
    async fn run(mut self) {
        loop {
            // While paused (also while retrying: retries start directly, not from the
            // schedule) nothing is due, so the loop sleeps instead of spinning.
            let paused = self.pause.is_some();
            let wake = self.schedule.next_wake(paused);
            tokio::select! {
                command = self.commands.recv() => match command {
                    Some(command) => self.on_command(command),
                    None => break,
                },
                Some(joined) = self.tasks.join_next() => match joined {
                    Ok(outcome) => self.on_outcome(outcome),
                    // A panic in a job must end the app, not leave it half-dead.
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Err(_) => {}
                },
                () = sleep_until(wake) => {}
            }
            self.start_due();
        }
        self.tasks.abort_all();
    }

    fn send(&self, action: Action) {
        // The app is gone when this fails; the loop ends when commands close.
        let _ = self.actions.send(action);
    }

    fn on_command(&mut self, command: Command) {
        match command {
            Command::Refresh(view) => self.schedule.request(view, Instant::now()),
            Command::RefreshAll => View::ALL
                .iter()
                .for_each(|v| self.schedule.request(*v, Instant::now())),
            Command::SignIn(method) => self.sign_in(method),
            Command::SubmitPat(pat) => self.submit_pat(pat),
            Command::CancelSignIn => {
                // A result already on its way no longer counts.
                self.sign_in_attempt += 1;
                if let Some(handle) = self.sign_in.take() {
                    handle.abort();
                }
            }
        }
    }

    /// Start every view that is due, unless paused or throttled.
    fn start_due(&mut self) {
        if self.pause.is_some() {
            return;
        }
        let now = Instant::now();
        if self.schedule.throttle_ended(now) {
            self.send(Action::ThrottleEnded);
        }
        for view in self.schedule.take_due(now) {
            self.start(view, false);
        }
    }

    fn start(&mut self, view: View, retry: bool) {
        let generation = self.schedule.begin(view);
        self.send(Action::FetchStarted { view, generation });
        let client = self.client.clone();
        let me = self.me.clone();
        let epoch = self.epoch;
        self.tasks.spawn(async move {
            let (me, result) = fetch(&client, view, me).await;
            Outcome::Fetched {
                view,
                generation,
                retry,
                epoch,
                me,
                result,
            }
        });
    }

    fn on_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Fetched {
                view,
                generation,
                retry,
                epoch,
                me,
                result,
            } => {
                if let Some(me) = me
                    && self.me.as_ref() != Some(&me)
                {
                    self.me = Some(me.clone());
                    self.send(Action::MeLoaded(me));
                }
                // Refused with a credential that a sign-in has since replaced: the
                // answer says nothing about the new one, so ask again with it.
                if epoch < self.epoch && result.as_ref().is_err_and(is_auth_failure) {
                    self.schedule.finished(view);
                    self.start(view, retry || self.pause.is_some());
                    return;
                }
                self.on_fetched(view, generation, retry, result);
            }
            Outcome::SignedIn { attempt, result } => {
                if attempt == self.sign_in_attempt {
                    self.on_signed_in(result);
                }
            }
        }
    }

    fn on_fetched(
        &mut self,
        view: View,
        generation: u64,
        retry: bool,
        result: Result<(ViewData, Option<String>), Error>,
    ) {
        let now = Instant::now();
        self.note_rate_limit(now);
        match result {
            Ok((data, notice)) => {
                self.refreshed_once.remove(&view);
                self.schedule.succeeded(view, now);
                self.send(Action::Loaded {
                    generation,
                    at: Utc::now(),
                    data,
                    notice,
                });
                self.retry_done(view);
            }
            Err(error) => self.on_failed(view, generation, retry, &error, now),
        }
    }

    fn on_failed(&mut self, view: View, generation: u64, retry: bool, error: &Error, now: Instant) {
        match error {
            // A plain 401 on an Entra token usually means it expired: take a fresh one
            // and try once more before asking the user.
            Error::Unauthorized {
                sign_in_page: false,
                ..
            } if !matches!(self.credential, Credential::Pat(_))
                && self.pause.is_none()
                && self.refreshed_once.insert(view) =>
            {
                self.credential.source().invalidate();
                self.schedule.finished(view);
                self.schedule.request(view, now);
            }
            Error::Challenge { .. }
            | Error::Unauthorized { .. }
            | Error::Auth(AuthError::InteractionRequired(_)) => {
                self.schedule.finished(view);
                self.challenged(view, retry, error);
            }
            Error::Throttled {
                retry_after,
                message,
            } => {
                self.schedule.throttle(view, now + *retry_after);
                self.send(Action::Throttled {
                    until: Utc::now()
                        + chrono::TimeDelta::from_std(*retry_after).unwrap_or_default(),
                    message: message.clone(),
                });
                self.fail(view, generation, error);
                self.retry_done(view);
            }
            _ => {
                self.schedule.failed(view, now);
                self.fail(view, generation, error);
                self.retry_done(view);
            }
        }
    }

    fn fail(&self, view: View, generation: u64, error: &Error) {
        let error = FetchError {
            kind: error.kind(),
            message: error.to_string(),
            at: Utc::now(),
        };
        self.send(Action::FetchFailed {
            view,
            generation,
            error,
        });
    }

    /// Slow down while the service says we are close to its rate limit.
    fn note_rate_limit(&mut self, now: Instant) {
        let Some(rate) = self.client.take_rate_limit() else {
            if self.schedule.end_slowdown(now, false) && !self.schedule.throttled(now) {
                self.send(Action::ThrottleEnded);
            }
            return;
        };
        if let Some(secs) = rate.retry_after.filter(|s| *s > 0) {
            let wait = Duration::from_secs(secs.min(3600));
            self.schedule.throttle_all(now + wait);
            self.send(Action::Throttled {
                until: Utc::now() + chrono::TimeDelta::from_std(wait).unwrap_or_default(),
                message: "the service asked to wait (Retry-After)".into(),
            });
        } else if rate.is_low() {
            let until = self.schedule.slow_down(now);
            let left = match (rate.remaining, rate.limit) {
                (Some(r), Some(l)) => format!(" ({r:.0} of {l:.0} left)"),
                _ => String::new(),
            };
            self.send(Action::Throttled {
                until: Utc::now() + chrono::TimeDelta::from_std(until - now).unwrap_or_default(),
                message: format!("near the rate limit{left}: refreshing less often"),
            });
        } else if self.schedule.end_slowdown(now, true) && !self.schedule.throttled(now) {
            // A 429's hold still stands; only its own end clears the status.
            self.send(Action::ThrottleEnded);
        }
    }
}

fn is_auth_failure(error: &Error) -> bool {
    matches!(
        error,
        Error::Challenge { .. }
            | Error::Unauthorized { .. }
            | Error::Auth(AuthError::InteractionRequired(_))
    )
}

async fn sleep_until(wake: Option<Instant>) {
    match wake {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Fetch one view; learns who "me" is on the way when pull requests need it.
async fn fetch(
    client: &Client,
    view: View,
    me: Option<Identity>,
) -> (Option<Identity>, Result<(ViewData, Option<String>), Error>) {
    match view {
        View::MyWork => (
            None,
            client
                .my_work()
                .await
                .map(|(items, n)| (ViewData::MyWork(items), n)),
        ),
        View::Sprint => (
            None,
            client.sprint().await.map(|s| (ViewData::Sprint(s), None)),
        ),
        View::Pipelines => (
            None,
            client
                .pipeline_runs()
                .await
                .map(|(runs, n)| (ViewData::Pipelines(runs), n)),
        ),
        View::PullRequests => {
            let me = match me {
                Some(me) => me,
                None => match client.connection_data().await {
                    Ok(m) => m.identity,
                    Err(e) => return (None, Err(e)),
                },
            };
            let result = client
                .pull_requests(&me)
                .await
                .map(|(prs, n)| (ViewData::PullRequests(prs), n));
            (Some(me), result)
        }
    }
}
