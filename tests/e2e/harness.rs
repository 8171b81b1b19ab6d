//! Drives the real fetcher and client against the embedded demo organization over
//! loopback, applying every Action to a State with `update` and carrying out the
//! Effects the way App does. Waits on messages, never on sleeps.

#![allow(
    dead_code,
    reason = "shared by several test binaries; each uses part of it"
)]

use std::sync::Arc;
use std::time::Duration;

use adoboard::action::{Action, Effect, View};
use adoboard::app::update;
use adoboard::auth::Credential;
use adoboard::auth::pat::PatSource;
use adoboard::azdo::{Client, ClientConfig};
use adoboard::demo::{DemoControl, DemoOptions, DemoServer};
use adoboard::fetcher::{self, Command, FetcherConfig};
use adoboard::launch::{self, Parts};
use adoboard::secret::Secret;
use adoboard::state::{AuthKind, State};
use chrono::Utc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// A safety net for a broken test, not a synchronisation: tests wait on Actions.
const PATIENCE: Duration = Duration::from_secs(40);

pub struct Harness {
    pub server: DemoServer,
    pub state: State,
    pub actions: UnboundedReceiver<Action>,
    pub commands: UnboundedSender<Command>,
    /// Every Action seen so far, in order.
    pub seen: Vec<Action>,
    _fetcher: tokio::task::JoinHandle<()>,
}

pub fn quiet_demo() -> DemoOptions {
    DemoOptions {
        tick: None,
        ..DemoOptions::default()
    }
}

/// Fetcher settings for tests: no periodic refresh during a test, fast backoff.
pub fn test_fetcher() -> FetcherConfig {
    FetcherConfig {
        interval: Duration::from_secs(3600),
        backoff_base: Duration::from_millis(40),
        backoff_max: Duration::from_millis(400),
    }
}

impl Harness {
    /// Demo server + device-code credential (signed in silently at start).
    pub async fn start() -> Harness {
        let server = DemoServer::start(quiet_demo()).await.unwrap();
        let parts = launch::demo_parts_with(&server, None, Duration::from_secs(2)).unwrap();
        Harness::with_parts(server, parts)
    }

    /// Demo server + a PAT credential.
    pub async fn start_with_pat() -> Harness {
        let server = DemoServer::start(quiet_demo()).await.unwrap();
        let http = Client::http_client_with_timeout(Duration::from_secs(2)).unwrap();
        let credential = Credential::Pat(Arc::new(PatSource::new(Secret::new(
            server.control().pat(),
        ))));
        let config = ClientConfig {
            org_url: server.org_url(),
            project: server.project.clone(),
            team: server.team.clone(),
        };
        let client = Client::new(http, config, credential.source());
        let context = launch::demo_context(&server, AuthKind::Pat);
        let parts = Parts {
            context,
            client: Arc::new(client),
            credential,
            interval: Duration::from_secs(3600),
        };
        Harness::with_parts(server, parts)
    }

    fn with_parts(server: DemoServer, parts: Parts) -> Harness {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let (commands, handle) = fetcher::spawn(parts.client, parts.credential, test_fetcher(), tx);
        let mut state = State::new(parts.context, Utc::now());
        state.size = (120, 40);
        Harness {
            server,
            state,
            actions: rx,
            commands,
            seen: Vec::new(),
            _fetcher: handle,
        }
    }

    pub fn control(&self) -> DemoControl {
        self.server.control()
    }

    /// Apply Actions until `done` holds for the State; returns the Actions seen meanwhile.
    pub async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) -> Vec<Action> {
        let mut seen = Vec::new();
        let result = tokio::time::timeout(PATIENCE, async {
            while !done(&self.state) {
                let action = self.actions.recv().await.expect("fetcher stopped");
                seen.push(action.clone());
                self.apply(action);
            }
        })
        .await;
        assert!(
            result.is_ok(),
            "timed out waiting for: {what}; saw {:#?}",
            brief(&seen)
        );
        seen
    }

    /// Apply one Action (as from a key) and carry out its Effects.
    pub fn apply(&mut self, action: Action) {
        self.seen.push(action.clone());
        for effect in update(&mut self.state, action) {
            self.execute(effect);
        }
    }

    fn execute(&mut self, effect: Effect) {
        let command = match effect {
            Effect::Refresh(view) => Command::Refresh(view),
            Effect::SignIn(method) => Command::SignIn(method),
            Effect::SubmitPat(pat) => Command::SubmitPat(pat),
            Effect::CancelSignIn => Command::CancelSignIn,
            Effect::ApproveDemoSignIn => {
                self.control().approve_device_codes();
                return;
            }
            Effect::DemoRevoke => {
                self.control().revoke_sessions();
                Command::RefreshAll
            }
            Effect::DemoFault => {
                self.control().inject_showcase(0);
                Command::Refresh(View::of_tab(self.state.tab))
            }
            Effect::Quit | Effect::OpenUrl(_) | Effect::Copy(_) => return,
        };
        self.commands.send(command).unwrap();
    }

    pub fn refresh_all(&self) {
        self.commands.send(Command::RefreshAll).unwrap();
    }

    pub fn refresh(&self, view: View) {
        self.commands.send(Command::Refresh(view)).unwrap();
    }

    /// Every view has data and nothing is loading.
    pub async fn until_loaded(&mut self) {
        self.until("every view loaded", all_loaded).await;
    }
}

pub fn all_loaded(s: &State) -> bool {
    s.my_work.data.is_some()
        && s.sprint.data.is_some()
        && s.pulls.data.is_some()
        && s.pipelines.data.is_some()
        && !s.is_loading()
}

/// Action names only, so a timeout message stays readable.
fn brief(actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .map(|a| {
            let s = format!("{a:?}");
            s.chars().take(160).collect()
        })
        .collect()
}
