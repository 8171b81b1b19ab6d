//! The fetcher under a challenge: single flight (one pause, one modal however many
//! requests fail), failed requests queued, a fresh token with the challenge's
//! claims, each queued request retried once, then resume.

use std::collections::BTreeSet;

use chrono::Utc;
use tokio::time::Instant;

use super::{Fetcher, Outcome, Pause};
use crate::action::{Action, View};
use crate::auth::challenge::{self, ClaimsChallenge, Reason};
use crate::auth::{AuthError, Credential, TokenSource};
use crate::azdo::Error;
use crate::secret::Secret;
use crate::state::{ReauthReason, SignInMethod};

impl Fetcher {
    /// A request was refused for want of a valid sign-in.
    pub(super) fn challenged(&mut self, view: View, retry: bool, error: &Error) {
        self.credential.source().invalidate();
        let (reason, claims, tenant) = describe(&self.credential, error);
        if let (Credential::DeviceCode(source), Some(tenant)) = (&self.credential, &tenant) {
            source.adopt_tenant(tenant);
        }
        let merged = challenge::merge_with_capability(claims.as_ref().map(|c| &c.value));
        if let Some(pause) = &mut self.pause {
            {
                pause.queued.insert(view);
                if claims.is_some() {
                    pause.claims = merged;
                }
                // A challenge on a retried request is shown once more, never looped on.
                if retry && pause.retrying {
                    pause.retrying = false;
                    let queued = pause.queued.len();
                    self.send(reauth_required(
                        &self.credential,
                        reason,
                        queued,
                        tenant,
                        claims.as_ref(),
                    ));
                } else {
                    let queued = pause.queued.len();
                    self.send(Action::RetriesQueued { queued });
                }
            }
        } else {
            tracing::info!(view = view.name(), "sign-in needed; refreshing paused");
            self.pause = Some(Pause {
                queued: BTreeSet::from([view]),
                claims: merged,
                retrying: false,
            });
            self.send(reauth_required(
                &self.credential,
                reason,
                1,
                tenant,
                claims.as_ref(),
            ));
        }
    }

    pub(super) fn sign_in(&mut self, method: SignInMethod) {
        let Some(pause) = &self.pause else { return };
        if let Some(old) = self.sign_in.take() {
            old.abort();
        }
        let claims = pause.claims.clone();
        let actions = self.actions.clone();
        self.sign_in_attempt += 1;
        let attempt = self.sign_in_attempt;
        let handle = match (&self.credential, method) {
            (Credential::DeviceCode(source), _) => {
                let source = source.clone();
                self.tasks.spawn(async move {
                    // Silent first: a refresh-token grant with the claims may be enough.
                    match source.refresh_with_claims(&claims).await {
                        Ok(_) => {
                            return Outcome::SignedIn {
                                attempt,
                                result: Ok(()),
                            };
                        }
                        Err(AuthError::InteractionRequired(_)) => {}
                        Err(e) => {
                            return Outcome::SignedIn {
                                attempt,
                                result: Err(e),
                            };
                        }
                    }
                    let code = match source.start(&claims).await {
                        Ok(code) => code,
                        Err(e) => {
                            return Outcome::SignedIn {
                                attempt,
                                result: Err(e),
                            };
                        }
                    };
                    let lifetime = code.expires_in.min(std::time::Duration::from_secs(3600));
                    let expires_at =
                        Utc::now() + chrono::TimeDelta::from_std(lifetime).unwrap_or_default();
                    let _ = actions.send(Action::DeviceCodeIssued {
                        user_code: code.user_code.clone(),
                        verification_uri: code.verification_uri.clone(),
                        expires_at,
                    });
                    Outcome::SignedIn {
                        attempt,
                        result: source.finish(&code, &claims).await.map(|_| ()),
                    }
                })
            }
            (Credential::AzureCli(source), _) => {
                // `az login --claims-challenge` already ran in the real terminal; take a
                // new token, bypassing the cache.
                let source = source.clone();
                self.tasks.spawn(async move {
                    source.invalidate();
                    Outcome::SignedIn {
                        attempt,
                        result: source.authorization().await.map(|_| ()),
                    }
                })
            }
            (Credential::Pat(_), _) => return,
        };
        self.sign_in = Some(handle);
    }

    pub(super) fn submit_pat(&mut self, pat: Secret) {
        if let Credential::Pat(source) = &self.credential {
            source.replace(pat);
            self.on_signed_in(Ok(()));
        }
    }

    pub(super) fn on_signed_in(&mut self, result: Result<(), AuthError>) {
        self.sign_in = None;
        let Some(pause) = &mut self.pause else { return };
        match result {
            Ok(()) => {
                tracing::info!(
                    queued = pause.queued.len(),
                    "signed in; retrying queued requests"
                );
                pause.retrying = true;
                let queued: Vec<View> = pause.queued.iter().copied().collect();
                self.epoch += 1;
                // The new sign-in may be another account: learn who again.
                self.me = None;
                self.send(Action::SignedIn);
                if queued.is_empty() {
                    self.resume();
                }
                for view in queued {
                    self.start(view, true);
                }
            }
            Err(e) => self.send(Action::SignInFailed {
                message: e.to_string(),
            }),
        }
    }

    /// A retried request finished without a new challenge; resume when all have.
    pub(super) fn retry_done(&mut self, view: View) {
        let Some(pause) = &mut self.pause else { return };
        if !pause.retrying {
            return;
        }
        pause.queued.remove(&view);
        if pause.queued.is_empty() {
            self.resume();
        }
    }

    fn resume(&mut self) {
        self.pause = None;
        self.schedule.resume(Instant::now());
        tracing::info!("refreshing resumed");
        self.send(Action::Resumed);
    }
}

fn method_of(credential: &Credential) -> SignInMethod {
    match credential {
        Credential::Pat(_) => SignInMethod::Pat,
        Credential::AzureCli(_) => SignInMethod::AzureCli,
        Credential::DeviceCode(_) => SignInMethod::DeviceCode,
    }
}

fn reauth_required(
    credential: &Credential,
    reason: ReauthReason,
    queued: usize,
    tenant: Option<String>,
    claims: Option<&ClaimsChallenge>,
) -> Action {
    Action::ReauthRequired {
        reason,
        method: method_of(credential),
        queued,
        tenant,
        claims: claims.map(|c| c.raw_b64.clone()),
    }
}

/// Why, in terms of [`ReauthReason`], plus the challenge and tenant if any.
fn describe(
    credential: &Credential,
    error: &Error,
) -> (ReauthReason, Option<ClaimsChallenge>, Option<String>) {
    match error {
        Error::Challenge { claims, tenant } => {
            let reason = match claims.reason() {
                Reason::SessionRevoked { at } => ReauthReason::SessionRevoked { at },
                Reason::IpPolicy { ip } => ReauthReason::IpPolicy { ip },
                Reason::StrongerSignIn => ReauthReason::StrongerSignIn,
                Reason::Other => ReauthReason::ClaimsChallenge,
            };
            (reason, Some((**claims).clone()), tenant.clone())
        }
        Error::Unauthorized {
            message, tenant, ..
        } => {
            if matches!(credential, Credential::Pat(_)) {
                (
                    ReauthReason::PatRejected {
                        message: Some(message.clone()),
                    },
                    None,
                    tenant.clone(),
                )
            } else {
                (ReauthReason::Unauthorized, None, tenant.clone())
            }
        }
        _ => (ReauthReason::Unauthorized, None, None),
    }
}
