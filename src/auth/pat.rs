//! Personal access tokens: sent as Basic base64(":" + pat). CAE does not apply; a
//! refused PAT is replaced by a new one the user types, kept in memory only.

use std::sync::Mutex;

use base64::Engine;

use super::{AuthError, BoxFuture, TokenSource};
use crate::secret::Secret;
use crate::state::AuthKind;

/// The environment variable the az devops CLI reads; adoboard reads the same.
pub const PAT_ENV: &str = "AZURE_DEVOPS_EXT_PAT";

pub struct PatSource {
    pat: Mutex<Secret>,
}

impl PatSource {
    pub fn new(pat: Secret) -> Self {
        PatSource {
            pat: Mutex::new(pat),
        }
    }

    /// Replace the PAT after the service refused the old one.
    pub fn replace(&self, pat: Secret) {
        if let Ok(mut slot) = self.pat.lock() {
            *slot = pat;
        }
    }
}

/// `Basic base64(":" + pat)`, as Azure DevOps expects.
pub fn basic_header(pat: &Secret) -> Secret {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!(":{}", pat.expose()));
    Secret::new(format!("Basic {encoded}"))
}

impl TokenSource for PatSource {
    fn kind(&self) -> AuthKind {
        AuthKind::Pat
    }

    fn authorization(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        let header = self
            .pat
            .lock()
            .map(|p| basic_header(&p))
            .map_err(|_| AuthError::Service("PAT store poisoned".into()));
        Box::pin(async move { header })
    }

    fn invalidate(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pat_header_is_basic_with_empty_user() {
        let h = basic_header(&Secret::new("abc"));
        // base64(":abc") = "OmFiYw=="
        assert_eq!(h.expose(), "Basic OmFiYw==");
    }
}
