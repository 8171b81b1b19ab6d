//! Typed client errors, so a claims challenge, a refused PAT, a 404, a 429 and a
//! network failure each lead to a different Action. Messages never hold a token.

use std::time::Duration;

use crate::auth::AuthError;
use crate::auth::challenge::ClaimsChallenge;
use crate::state::FetchErrorKind;

#[derive(Debug, Clone)]
pub enum Error {
    /// 401 with a CAE claims challenge: sign in again with these claims.
    Challenge {
        claims: Box<ClaimsChallenge>,
        tenant: Option<String>,
    },
    /// 401 without usable claims, or a 203 sign-in page: the credential was refused.
    Unauthorized {
        message: String,
        tenant: Option<String>,
        sign_in_page: bool,
    },
    /// No token could be had at all.
    Auth(AuthError),
    /// 404 (project, team or repository gone).
    NotFound { message: String },
    /// 429: stop until `retry_after` has passed.
    Throttled {
        retry_after: Duration,
        message: String,
    },
    /// 5xx.
    Server { status: u16, message: String },
    /// Other 4xx, e.g. a query over a service limit.
    Request { status: u16, message: String },
    /// Connection refused or reset, DNS failure, timeout.
    Network(String),
    /// The body was not the JSON we expected (truncated, HTML, ...).
    Decode(String),
}

impl Error {
    pub fn kind(&self) -> FetchErrorKind {
        match self {
            Error::Challenge { .. } | Error::Unauthorized { .. } | Error::Auth(_) => {
                FetchErrorKind::Auth
            }
            Error::NotFound { .. } => FetchErrorKind::NotFound,
            Error::Throttled { .. } => FetchErrorKind::Throttled,
            Error::Server { .. } => FetchErrorKind::Server,
            Error::Request { .. } => FetchErrorKind::Request,
            Error::Network(_) => FetchErrorKind::Network,
            Error::Decode(_) => FetchErrorKind::Decode,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Challenge { .. } => {
                f.write_str("the service asked for a fresh sign-in (claims challenge)")
            }
            Error::Unauthorized { message, .. } => f.write_str(message),
            Error::Auth(e) => write!(f, "{e}"),
            Error::NotFound { message } => write!(f, "not found: {message}"),
            Error::Throttled {
                retry_after,
                message,
            } => {
                write!(f, "throttled for {} s: {message}", retry_after.as_secs())
            }
            Error::Server { status, message } => write!(f, "server error {status}: {message}"),
            Error::Request { status, message } => {
                write!(f, "request refused ({status}): {message}")
            }
            Error::Network(m) => write!(f, "network: {m}"),
            Error::Decode(m) => write!(f, "unreadable answer: {m}"),
        }
    }
}

impl std::error::Error for Error {}
