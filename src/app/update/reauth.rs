//! The re-authentication flow as State: pause on a challenge, one modal however many
//! requests failed, bounded attempts, dismiss and reopen, resume.

use crate::action::{Action, Effect};
use crate::secret::Secret;
use crate::state::{Modal, Paused, ReauthPhase, ReauthState, SignInMethod, State};

/// Sign-in attempts per challenge before the modal refuses to start another.
pub const MAX_SIGN_IN_ATTEMPTS: u32 = ReauthState::MAX_ATTEMPTS;

pub(super) fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::ReauthRequired {
            reason,
            method,
            queued,
            tenant,
            claims,
        } => {
            let since = state.paused.as_ref().map_or(state.now, |p| p.since);
            let reauth = match state.paused.take() {
                // Already signing in: a challenge on the retried request is shown, not looped on.
                Some(Paused { reauth: mut r, .. }) => {
                    if r.phase == ReauthPhase::Retrying {
                        r.error =
                            Some("The service refused the new sign-in too. Sign in again.".into());
                    }
                    r.reason = reason;
                    r.method = method;
                    r.phase = ReauthPhase::Prompt;
                    r.tenant = tenant.or(r.tenant);
                    r.claims = claims;
                    r
                }
                _ => ReauthState {
                    reason,
                    method,
                    phase: ReauthPhase::Prompt,
                    attempts: 0,
                    error: None,
                    tenant,
                    copied: false,
                    claims,
                },
            };
            state.paused = Some(Paused {
                since,
                queued,
                reauth,
            });
            state.modal = Some(Modal::Reauth);
            mark_not_loading(state);
            Vec::new()
        }
        Action::Reauthenticate => reopen(state),
        Action::StartSignIn => with_modal(state, start),
        Action::CopyDeviceCode => with_modal(state, |r| match &r.phase {
            ReauthPhase::DeviceCode { user_code, .. } => {
                r.copied = true;
                vec![Effect::Copy(user_code.clone())]
            }
            _ => Vec::new(),
        }),
        Action::OpenVerificationPage => with_modal(state, |r| match &r.phase {
            ReauthPhase::DeviceCode {
                verification_uri, ..
            } => vec![Effect::OpenUrl(verification_uri.clone())],
            _ => Vec::new(),
        }),
        Action::ApproveDemoSignIn => {
            let demo = state.context.demo;
            with_modal(state, |r| match r.phase {
                ReauthPhase::DeviceCode { .. } if demo => vec![Effect::ApproveDemoSignIn],
                _ => Vec::new(),
            })
        }
        Action::PatInput(text) => with_modal(state, |r| {
            if let ReauthPhase::EnteringPat { input } = &mut r.phase {
                text.expose()
                    .chars()
                    .filter(|c| !c.is_control())
                    .for_each(|c| input.push(c));
            }
            Vec::new()
        }),
        Action::PatBackspace => with_modal(state, |r| {
            if let ReauthPhase::EnteringPat { input } = &mut r.phase {
                input.pop();
            }
            Vec::new()
        }),
        Action::PatSubmit => with_modal(state, |r| {
            let ReauthPhase::EnteringPat { input } = &r.phase else {
                return Vec::new();
            };
            let pat = Secret::new(input.expose().trim());
            if pat.is_empty() {
                r.error = Some("Type or paste the new token first.".into());
                return Vec::new();
            }
            r.attempts += 1;
            r.error = None;
            r.phase = ReauthPhase::Starting;
            vec![Effect::SubmitPat(pat)]
        }),
        Action::DeviceCodeIssued {
            user_code,
            verification_uri,
            expires_at,
        } => with_modal(state, |r| {
            r.phase = ReauthPhase::DeviceCode {
                user_code,
                verification_uri,
                expires_at,
            };
            r.copied = false;
            Vec::new()
        }),
        Action::SignInFailed { message } => {
            // Also while the modal is dismissed: `a` then shows why.
            if let Some(p) = &mut state.paused {
                p.reauth.phase = ReauthPhase::Prompt;
                p.reauth.error = Some(message);
            }
            Vec::new()
        }
        Action::RetriesQueued { queued } => {
            if let Some(p) = &mut state.paused {
                p.queued = queued;
            }
            Vec::new()
        }
        Action::SignedIn => with_modal(state, |r| {
            r.phase = ReauthPhase::Retrying;
            r.error = None;
            Vec::new()
        }),
        Action::Resumed => {
            state.paused = None;
            if matches!(state.modal, Some(Modal::Reauth)) {
                state.modal = None;
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Begin the attempt the modal proposes, unless attempts are used up.
fn start(r: &mut ReauthState) -> Vec<Effect> {
    if !matches!(r.phase, ReauthPhase::Prompt) {
        return Vec::new();
    }
    if r.attempts >= MAX_SIGN_IN_ATTEMPTS {
        r.error = Some(format!(
            "{MAX_SIGN_IN_ATTEMPTS} sign-in attempts failed. Check your account, then press Enter to try once more."
        ));
        r.attempts = 0;
        return Vec::new();
    }
    r.error = None;
    if r.method == SignInMethod::Pat {
        r.phase = ReauthPhase::EnteringPat {
            input: Secret::default(),
        };
        return Vec::new();
    }
    r.attempts += 1;
    r.phase = if r.method == SignInMethod::AzureCli {
        ReauthPhase::AzureCli
    } else {
        ReauthPhase::Starting
    };
    vec![Effect::SignIn(r.method)]
}

/// Run `f` on the sign-in the open modal shows.
fn with_modal(state: &mut State, f: impl FnOnce(&mut ReauthState) -> Vec<Effect>) -> Vec<Effect> {
    match (&state.modal, &mut state.paused) {
        (Some(Modal::Reauth), Some(p)) => f(&mut p.reauth),
        _ => Vec::new(),
    }
}

/// `a` (or `r` while paused): show the dismissed modal again.
pub(super) fn reopen(state: &mut State) -> Vec<Effect> {
    if state.modal.is_none() && state.paused.is_some() {
        // `dismiss` already put the parked sign-in back at its prompt.
        state.modal = Some(Modal::Reauth);
    }
    Vec::new()
}

/// Esc on the modal: the board stays paused; any sign-in in progress stops.
pub(super) fn dismiss(state: &mut State) -> Vec<Effect> {
    let Some(p) = &mut state.paused else {
        return Vec::new();
    };
    let was_running = matches!(
        p.reauth.phase,
        ReauthPhase::Starting | ReauthPhase::DeviceCode { .. }
    );
    p.reauth.phase = ReauthPhase::Prompt;
    if was_running {
        vec![Effect::CancelSignIn]
    } else {
        Vec::new()
    }
}

fn mark_not_loading(state: &mut State) {
    state.my_work.loading = false;
    state.sprint.loading = false;
    state.pulls.loading = false;
    state.pipelines.loading = false;
}
