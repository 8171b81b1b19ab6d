//! Wiring: from a resolved configuration (or the demo organization) to a running
//! fetcher and an App ready to draw. Shared by main and the end-to-end tests.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use color_eyre::eyre::{Result, eyre};

use crate::action::Action;
use crate::app::App;
use crate::auth::device_code::{DeviceCodeConfig, DeviceCodeSource};
use crate::auth::{Credential, azure_cli::AzureCliSource, pat::PatSource};
use crate::azdo::{Client, ClientConfig};
use crate::cli::{AuthChoice, Cli};
use crate::config::Config;
use crate::demo::{DemoControl, DemoOptions, DemoServer};
use crate::fetcher::{self, FetcherConfig};
use crate::secret::Secret;
use crate::state::{AuthKind, Context, State};

/// How long a demo device code waits before approving itself.
pub const DEMO_AUTO_APPROVE: Duration = Duration::from_secs(20);
/// How often the demo organization changes.
pub const DEMO_TICK: Duration = Duration::from_secs(15);

/// The pieces a board needs, before the terminal is touched.
pub struct Parts {
    pub context: Context,
    pub client: Arc<Client>,
    pub credential: Credential,
    pub interval: Duration,
}

/// Build the client and credential for a real organization.
pub fn real_parts(config: &Config) -> Result<Parts> {
    let http = Client::http_client().map_err(|e| eyre!("{e}"))?;
    let (credential, kind) = match config.auth {
        AuthChoice::Pat => {
            let pat = config
                .pat
                .clone()
                .ok_or_else(|| eyre!("no PAT: set AZURE_DEVOPS_EXT_PAT"))?;
            (
                Credential::Pat(Arc::new(PatSource::new(pat))),
                AuthKind::Pat,
            )
        }
        AuthChoice::AzureCli => (
            Credential::AzureCli(Arc::new(AzureCliSource::new(config.tenant.clone()))),
            AuthKind::AzureCli,
        ),
        AuthChoice::DeviceCode => (
            Credential::DeviceCode(Arc::new(DeviceCodeSource::new(
                config.sign_in.clone(),
                http.clone(),
                None,
            ))),
            AuthKind::DeviceCode,
        ),
    };
    let client = Client::new(
        http,
        ClientConfig {
            org_url: config.org_url.clone(),
            project: config.project.clone(),
            team: config.team.clone(),
        },
        credential.source(),
    );
    let context = Context {
        org: config.org.clone(),
        project: config.project.clone(),
        team: config.team.clone(),
        org_url: config.org_url.clone(),
        auth: kind,
        demo: false,
    };
    Ok(Parts {
        context,
        client: Arc::new(client),
        credential,
        interval: config.interval,
    })
}

/// Start the demo organization and build a client signed in to it by device code
/// (silently, with the refresh token the demo hands out at start).
pub async fn demo_parts(cli: &Cli) -> Result<(Parts, DemoServer)> {
    let options = DemoOptions {
        tick: Some(DEMO_TICK),
        revoke_after: cli.demo_revoke_after,
        auto_approve_after: Some(DEMO_AUTO_APPROVE),
        chaos: cli.demo_faults,
        ..DemoOptions::default()
    };
    let server = DemoServer::start(options).await?;
    let parts = demo_parts_for(&server, cli.interval.map(Duration::from_secs))?;
    Ok((parts, server))
}

/// A client for an already running demo server (tests use this too).
pub fn demo_parts_for(server: &DemoServer, interval: Option<Duration>) -> Result<Parts> {
    demo_parts_with(server, interval, crate::azdo::REQUEST_TIMEOUT)
}

/// As [`demo_parts_for`], with another request timeout.
pub fn demo_parts_with(
    server: &DemoServer,
    interval: Option<Duration>,
    timeout: Duration,
) -> Result<Parts> {
    let http = Client::http_client_with_timeout(timeout).map_err(|e| eyre!("{e}"))?;
    let sign_in = DeviceCodeConfig {
        authority: server.authority(),
        tenant: server.tenant.clone(),
        ..DeviceCodeConfig::default()
    };
    let refresh = Secret::new(server.control().seed_refresh_token());
    let source = Arc::new(DeviceCodeSource::new(sign_in, http.clone(), Some(refresh)));
    let credential = Credential::DeviceCode(source);
    let config = ClientConfig {
        org_url: server.org_url(),
        project: server.project.clone(),
        team: server.team.clone(),
    };
    let client = Client::new(http, config, credential.source());
    let context = demo_context(server, AuthKind::DeviceCode);
    Ok(Parts {
        context,
        client: Arc::new(client),
        credential,
        interval: interval.unwrap_or(Duration::from_secs(30)),
    })
}

/// Where the board points when it runs on the demo organization.
pub fn demo_context(server: &DemoServer, auth: AuthKind) -> Context {
    Context {
        org: server.org.clone(),
        project: server.project.clone(),
        team: server.team.clone(),
        org_url: server.org_url(),
        auth,
        demo: true,
    }
}

/// Start the fetcher and assemble the App.
pub fn app(parts: Parts, demo: Option<DemoControl>) -> App {
    let (actions_tx, actions_rx) = tokio::sync::mpsc::unbounded_channel::<Action>();
    let config = FetcherConfig {
        interval: parts.interval,
        ..FetcherConfig::default()
    };
    let (commands, handle) = fetcher::spawn(parts.client, parts.credential, config, actions_tx);
    let mut state = State::new(parts.context, Utc::now());
    state.no_color =
        !crate::ui::Theme::from_no_color_env(std::env::var("NO_COLOR").ok().as_deref()).color;
    App {
        state,
        commands,
        actions: actions_rx,
        fetcher: handle,
        demo,
        az: "az".into(),
        next_fault: 0,
    }
}
