//! Token sources behind one trait: PAT, Azure CLI, and adoboard's own device-code
//! sign-in. Owns token caching; never logs or prints a token.

pub mod azure_cli;
pub mod cache;
pub mod challenge;
pub mod device_code;
pub mod pat;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::secret::Secret;
use crate::state::AuthKind;

/// Azure DevOps' resource id; tokens are requested for `{this}/.default`.
pub const ADO_RESOURCE: &str = "499b84ac-1321-427f-aa17-267ca6975798";
pub const ADO_SCOPE: &str = "499b84ac-1321-427f-aa17-267ca6975798/.default";

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why no token could be had. Messages are safe to show: they never hold a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// Only an interactive sign-in can help now (no refresh token, or it was refused).
    InteractionRequired(String),
    /// The Azure CLI is not installed or not on PATH.
    CliMissing,
    /// The Azure CLI is older than the version that understands claims.
    CliTooOld { version: String },
    /// The Azure CLI ran but failed, e.g. not logged in.
    Cli(String),
    /// The sign-in service could not be reached or answered oddly.
    Service(String),
    /// The user cancelled or the device code expired.
    Cancelled(String),
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthError::InteractionRequired(m) => write!(f, "sign-in required: {m}"),
            AuthError::CliMissing => f.write_str(
                "the Azure CLI (az) was not found on PATH; install it, or use a PAT via AZURE_DEVOPS_EXT_PAT",
            ),
            AuthError::CliTooOld { version } => write!(
                f,
                "the Azure CLI {version} cannot answer a claims challenge; version {} or later is needed (az upgrade)",
                azure_cli::MIN_CLAIMS_VERSION
            ),
            AuthError::Cli(m) => write!(f, "Azure CLI: {m}"),
            AuthError::Service(m) => write!(f, "sign-in service: {m}"),
            AuthError::Cancelled(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for AuthError {}

/// The first line of a message from a tool or service, at most 200 characters.
pub(crate) fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// Something that can authorise a request to Azure DevOps.
pub trait TokenSource: Send + Sync {
    fn kind(&self) -> AuthKind;

    /// The `Authorization` header value, from the cache while it is fresh.
    fn authorization(&self) -> BoxFuture<'_, Result<Secret, AuthError>>;

    /// Forget the cached token: the service refused it (a challenge or a 401).
    fn invalidate(&self);
}

/// The configured credential with its concrete type, for the parts of
/// re-authentication that differ between sources.
#[derive(Clone)]
pub enum Credential {
    Pat(Arc<pat::PatSource>),
    AzureCli(Arc<azure_cli::AzureCliSource>),
    DeviceCode(Arc<device_code::DeviceCodeSource>),
}

impl Credential {
    pub fn source(&self) -> Arc<dyn TokenSource> {
        match self {
            Credential::Pat(s) => s.clone(),
            Credential::AzureCli(s) => s.clone(),
            Credential::DeviceCode(s) => s.clone(),
        }
    }

    pub fn kind(&self) -> AuthKind {
        self.source().kind()
    }
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credential({})", self.kind().label())
    }
}
