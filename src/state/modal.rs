//! Modals drawn over the board. A modal takes keys first and draws last.

use crate::domain::Timestamp;
use crate::secret::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Help,
    /// The sign-in dialog; what it shows is `State::paused`'s `reauth`, the one copy.
    Reauth,
}

/// How the user signs in again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMethod {
    /// adoboard's own OAuth device-code sign-in, carrying the claims.
    DeviceCode,
    /// `az login --claims-challenge ...` with the terminal suspended.
    AzureCli,
    /// A new personal access token, typed into the modal.
    Pat,
}

impl SignInMethod {
    pub fn label(self) -> &'static str {
        match self {
            SignInMethod::DeviceCode => "device code sign-in",
            SignInMethod::AzureCli => "Azure CLI (az login)",
            SignInMethod::Pat => "personal access token",
        }
    }
}

/// Why the service wants a new sign-in, in terms a user understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReauthReason {
    /// CAE: sessions issued before `at` (Unix seconds) were revoked.
    SessionRevoked { at: Option<i64> },
    /// CAE: the network location changed or a location policy applies.
    IpPolicy { ip: Option<String> },
    /// CAE: a Conditional Access policy needs a stronger sign-in (e.g. MFA).
    StrongerSignIn,
    /// CAE challenge with claims we do not interpret further.
    ClaimsChallenge,
    /// The PAT was refused (expired or revoked); the server's message if any.
    PatRejected { message: Option<String> },
    /// The token was refused without a challenge (expired).
    Unauthorized,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReauthPhase {
    /// Explaining why and offering the keys; nothing running yet.
    Prompt,
    /// Trying a silent refresh or asking the identity endpoint for a code.
    Starting,
    /// Device code issued: the user signs in elsewhere while we poll.
    DeviceCode {
        user_code: String,
        verification_uri: String,
        expires_at: Timestamp,
    },
    /// The terminal is handed to `az login`.
    AzureCli,
    /// Typing a new PAT; drawn masked, kept in memory only.
    EnteringPat { input: Secret },
    /// A fresh token arrived; queued requests are being retried.
    Retrying,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReauthState {
    pub reason: ReauthReason,
    pub method: SignInMethod,
    pub phase: ReauthPhase,
    /// Sign-in attempts made for this challenge; bounded.
    pub attempts: u32,
    /// The last attempt's failure, shown in the modal.
    pub error: Option<String>,
    /// The organization's tenant, when the challenge or headers named it.
    pub tenant: Option<String>,
    /// Shown briefly after copying the device code.
    pub copied: bool,
    /// The challenge's claims (base64) for `az login --claims-challenge`; not a secret.
    pub claims: Option<String>,
}

impl ReauthState {
    /// Sign-in attempts for one challenge before the modal asks the user to check
    /// their account first; it shows "attempt 2 of 3".
    pub const MAX_ATTEMPTS: u32 = 3;
}
