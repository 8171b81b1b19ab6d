//! Data that arrives from the network: last good value, loading flag, error with its age.
//! A failure never discards the last good data.

use crate::domain::Timestamp;

/// What kind of failure, so the UI can word it and the fetcher can decide to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchErrorKind {
    /// Connection refused/reset, DNS, timeout.
    Network,
    /// 5xx or an unexpected status.
    Server,
    /// The body could not be read as the expected JSON.
    Decode,
    /// 404: a project, team or repository is gone.
    NotFound,
    /// 401/203 that needs a new sign-in.
    Auth,
    /// 429 or rate limiting.
    Throttled,
    /// Other 4xx, e.g. a query over the service's limits.
    Request,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub kind: FetchErrorKind,
    /// One line, safe to show: never contains a token.
    pub message: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Loadable<T> {
    /// Last good data; kept through errors and refreshes.
    pub data: Option<T>,
    pub loading: bool,
    pub updated_at: Option<Timestamp>,
    pub error: Option<FetchError>,
    /// Generation of the newest reply applied; older replies are dropped.
    pub generation: u64,
    /// A non-error remark about the data, e.g. "showing the first 20,000 items".
    pub notice: Option<String>,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Loadable {
            data: None,
            loading: false,
            updated_at: None,
            error: None,
            generation: 0,
            notice: None,
        }
    }
}

impl<T> Loadable<T> {
    /// Apply a successful reply unless it is older than what we have. Returns whether
    /// it was applied.
    pub fn succeed(
        &mut self,
        generation: u64,
        data: T,
        at: Timestamp,
        notice: Option<String>,
    ) -> bool {
        if generation < self.generation {
            return false;
        }
        self.generation = generation;
        self.data = Some(data);
        self.loading = false;
        self.updated_at = Some(at);
        self.error = None;
        self.notice = notice;
        true
    }

    /// Record a failure unless it is older than what we have; keeps the data.
    pub fn fail(&mut self, generation: u64, error: FetchError) -> bool {
        if generation < self.generation {
            return false;
        }
        self.generation = generation;
        self.loading = false;
        self.error = Some(error);
        true
    }

    /// Nothing has ever loaded and nothing failed yet.
    pub fn is_initial(&self) -> bool {
        self.data.is_none() && self.error.is_none()
    }
}
