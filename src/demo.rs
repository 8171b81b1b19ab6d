//! The embedded demo organization: a real loopback HTTP server that speaks Azure DevOps
//! REST and an Entra-like identity endpoint, so adoboard runs against it unchanged.
//! It owns its own data and never talks to the network beyond 127.0.0.1.

mod api;
mod api_build;
mod api_git;
mod api_wit;
mod api_work;
mod data;
mod entra;
pub mod fault;
mod identity;
mod life;
mod net;
mod routes;
mod seed;
mod server;
mod wiql;
mod wire;

use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr as _};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use fault::{Fault, FaultKind};
pub use identity::{PatFailure, TokenRequestRecord};

use data::Org;
use fault::FaultState;
use identity::IdentityState;
use net::{ConnHandle, KillableListener};
use server::{Shared, lock};
use wire::Urls;

/// How the demo organization behaves.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// How often the organization "lives" (builds move, items change state);
    /// `None` means only when [`DemoControl::advance`] is called.
    pub tick: Option<Duration>,
    /// Revoke all sessions (continuous access evaluation) once, this long after start.
    pub revoke_after: Option<Duration>,
    /// Device codes approve themselves this long after they were issued.
    pub auto_approve_after: Option<Duration>,
    /// Seed of the deterministic "life".
    pub seed: u64,
    /// Arm a random showcase fault this often (`--demo-faults`).
    pub chaos: Option<Duration>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            tick: Some(Duration::from_secs(20)),
            revoke_after: None,
            auto_approve_after: None,
            seed: 0,
            chaos: None,
        }
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    /// The path as sent (still percent-encoded), without the query.
    pub path: String,
    /// The raw query string, empty when there was none.
    pub query: String,
    /// The status sent; 0 when no answer was sent (`Hang`, `Reset`).
    pub status: u16,
    /// Whether the request carried valid Azure DevOps credentials.
    pub authorized: bool,
}

/// Handle for steering a running demo server from tests or the app.
#[derive(Clone)]
pub struct DemoControl {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for DemoControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoControl")
            .field("base_url", &self.shared.urls.base)
            .finish_non_exhaustive()
    }
}

impl DemoControl {
    /// Continuous access evaluation revokes every session now: tokens issued so far stop
    /// working (CAE-capable ones get a claims challenge) and their refresh tokens fail.
    pub fn revoke_sessions(&self) {
        lock(&self.shared.identity).revoke_sessions(Utc::now().timestamp());
    }

    /// How many times sessions were revoked so far.
    pub fn session_epoch(&self) -> u64 {
        lock(&self.shared.identity).epoch()
    }

    /// Approves every pending device code; returns how many were approved.
    pub fn approve_device_codes(&self) -> usize {
        lock(&self.shared.identity).approve_all(Instant::now())
    }

    /// Makes every pending device code expire now.
    pub fn expire_device_codes(&self) {
        lock(&self.shared.identity).expire_all();
    }

    pub fn pending_device_codes(&self) -> usize {
        lock(&self.shared.identity).pending_count(Instant::now())
    }

    /// One step of the organization's life.
    pub fn advance(&self) {
        lock(&self.shared.org).advance(Utc::now());
    }

    /// How many steps of life have happened (by tick or by [`DemoControl::advance`]).
    pub fn steps(&self) -> u64 {
        lock(&self.shared.org).step
    }

    /// Adds `n` generated work items assigned to the demo user (replacing earlier ones;
    /// at most a million), so clients can be tried against very large result sets.
    pub fn set_extra_items(&self, n: usize) {
        lock(&self.shared.org).set_extra_items(n, Utc::now());
    }

    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).inject(fault);
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// The request log, oldest first (the oldest half is dropped past 200,000 entries).
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.log).clone()
    }

    pub fn request_count(&self) -> usize {
        lock(&self.shared.log).len()
    }

    pub fn reset_request_log(&self) {
        lock(&self.shared.log).clear();
    }

    /// Every call to the device-code and token endpoints so far.
    pub fn token_requests(&self) -> Vec<TokenRequestRecord> {
        lock(&self.shared.identity).token_requests.clone()
    }

    /// A refresh token for the demo user issued at start, for a silent sign-in at launch.
    pub fn seed_refresh_token(&self) -> String {
        lock(&self.shared.identity).seed_refresh_token()
    }

    /// A valid personal access token of the demo user.
    pub fn pat(&self) -> String {
        lock(&self.shared.identity).pat()
    }

    /// From now on the PAT is answered with the "expired" 401.
    pub fn revoke_pat(&self) {
        lock(&self.shared.identity).revoke_pat();
    }

    /// A fresh valid PAT replaces the old one (which stays refused).
    pub fn rotate_pat(&self) -> String {
        lock(&self.shared.identity).rotate_pat()
    }

    /// Arm fault `n` of [`fault::SHOWCASE`] (cycling) for the next Azure DevOps
    /// request; returns what it does.
    pub fn inject_showcase(&self, n: usize) -> &'static str {
        let (kind, what) = fault::SHOWCASE[n % fault::SHOWCASE.len()];
        self.inject(Fault::once("", kind));
        what
    }

    pub fn set_pat_mode(&self, mode: PatFailure) {
        lock(&self.shared.identity).pat_mode = mode;
    }
}

/// A running demo server. Dropping it (or calling [`DemoServer::shutdown`]) stops it.
#[derive(Debug)]
pub struct DemoServer {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub org: String,
    pub project: String,
    pub team: String,
    pub tenant: String,
    control: DemoControl,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl DemoServer {
    /// Binds a free loopback port and starts serving. Must run inside a tokio runtime.
    pub async fn start(opts: DemoOptions) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .wrap_err("binding the demo server to 127.0.0.1")?;
        let addr = listener
            .local_addr()
            .wrap_err("reading the demo server address")?;
        let base_url = format!("http://{addr}");
        let now = Utc::now();
        let org = Org::load(now, opts.seed).wrap_err("loading the demo organization")?;
        let identity = IdentityState::new(org.me, opts.auto_approve_after, now.timestamp());
        let (stop, stop_rx) = watch::channel(false);
        let (org_name, project, team, tenant) = (
            org.name.clone(),
            org.project_name.clone(),
            org.team_name.clone(),
            org.tenant.clone(),
        );
        let shared = Arc::new(Shared {
            urls: Urls {
                base: base_url.clone(),
                org: org_name.clone(),
            },
            tenant: tenant.clone(),
            process_id: wire::guid(),
            org: Mutex::new(org),
            identity: Mutex::new(identity),
            faults: Mutex::new(FaultState::default()),
            log: Mutex::new(Vec::new()),
            stop: stop_rx.clone(),
        });
        let control = DemoControl {
            shared: Arc::clone(&shared),
        };

        let app = server::router(shared).into_make_service_with_connect_info::<ConnHandle>();
        let mut signal = stop_rx;
        let serve =
            axum::serve(KillableListener(listener), app).with_graceful_shutdown(async move {
                let _ = signal.wait_for(|s| *s).await;
            });
        let mut tasks = vec![tokio::spawn(async move {
            if let Err(e) = serve.await {
                tracing::warn!("demo server stopped: {e}");
            }
        })];
        let tick = opts.tick.map(|t| t.max(Duration::from_millis(10)));
        if let Some((every, first)) =
            tick.and_then(|t| Some((t, tokio::time::Instant::now().checked_add(t)?)))
        {
            let life = control.clone();
            tasks.push(tokio::spawn(async move {
                let mut interval = tokio::time::interval_at(first, every);
                loop {
                    interval.tick().await;
                    life.advance();
                }
            }));
        }
        if let Some(after) = opts.revoke_after {
            let revoker = control.clone();
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep(after).await;
                revoker.revoke_sessions();
            }));
        }
        if let Some(every) = opts.chaos.map(|c| c.max(Duration::from_secs(1))) {
            let chaos = control.clone();
            tasks.push(tokio::spawn(async move {
                let mut rng = fastrand::Rng::with_seed(opts.seed);
                // Hangs are left out: a 30 s stall every few seconds is not a demo.
                let calm = fault::SHOWCASE.len() - 1;
                loop {
                    tokio::time::sleep(every).await;
                    let what = chaos.inject_showcase(rng.usize(..calm));
                    tracing::info!("demo chaos: armed {what}");
                }
            }));
        }
        tracing::info!("demo organization {org_name} serving at {base_url}");
        Ok(Self {
            base_url,
            org: org_name,
            project,
            team,
            tenant,
            control,
            stop,
            tasks,
        })
    }

    /// `{base_url}/{org}`: what adoboard uses as the organization URL.
    pub fn org_url(&self) -> String {
        format!("{}/{}", self.base_url, self.org)
    }

    /// The identity authority; token endpoints are `{authority}/{tenant}/oauth2/v2.0/...`.
    pub fn authority(&self) -> String {
        self.base_url.clone()
    }

    pub fn control(&self) -> DemoControl {
        self.control.clone()
    }

    /// Stops serving: no new connections, held requests are released, life stops.
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}
