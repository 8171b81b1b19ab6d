//! Secrets never leak: tokens and PATs stay out of logs (at trace level), Actions,
//! State and error messages, through a full challenge and re-authentication.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly at the first surprise"
)]

#[path = "e2e/harness.rs"]
mod harness;

use std::io::Write;
use std::sync::{Arc, Mutex};

use adoboard::action::{Action, View};
use adoboard::secret::Secret;
use adoboard::state::ReauthPhase;
use harness::Harness;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

fn assert_absent(haystack: &str, secret: &str, what: &str) {
    assert!(secret.len() > 8, "a real secret to look for");
    assert!(!haystack.contains(secret), "{what} leaked a secret");
}

#[tokio::test]
async fn refresh_token_never_reaches_logs_actions_or_state() {
    let (log, _guard) = capture();
    let mut h = Harness::start().await;
    let refresh_token = h.control().seed_refresh_token();
    h.until_loaded().await;
    h.control().revoke_sessions();
    h.refresh_all();
    h.until("modal", |s| s.modal.is_some()).await;
    h.apply(Action::StartSignIn);
    h.until("code", |s| {
        s.reauth()
            .is_some_and(|r| matches!(r.phase, ReauthPhase::DeviceCode { .. }))
    })
    .await;
    h.apply(Action::ApproveDemoSignIn);
    h.until("resumed", |s| s.paused.is_none() && !s.is_loading())
        .await;

    let logged = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
    assert!(
        logged.contains("sign-in needed"),
        "the log did capture the flow"
    );
    assert_absent(&logged, &refresh_token, "the log");
    assert!(
        !logged.contains("Bearer "),
        "no Authorization value in the log"
    );
    assert_absent(&format!("{:?}", h.seen), &refresh_token, "the Actions");
    assert_absent(&format!("{:?}", h.state), &refresh_token, "State");
}

#[tokio::test]
async fn pat_never_reaches_logs_actions_state_or_errors() {
    let (log, _guard) = capture();
    let mut h = Harness::start_with_pat().await;
    let pat = h.control().pat();
    h.until_loaded().await;
    h.control().revoke_pat();
    h.refresh(View::MyWork);
    h.until("modal", |s| s.modal.is_some()).await;
    h.apply(Action::StartSignIn);
    let fresh = h.control().rotate_pat();
    for c in fresh.chars() {
        h.apply(Action::PatInput(Secret::new(c)));
    }
    h.apply(Action::PatSubmit);
    h.until("resumed", |s| s.paused.is_none() && !s.is_loading())
        .await;

    let logged = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
    for secret in [&pat, &fresh] {
        assert_absent(&logged, secret, "the log");
        assert_absent(&format!("{:?}", h.seen), secret, "the Actions");
        assert_absent(&format!("{:?}", h.state), secret, "State");
    }
    assert!(
        !logged.contains("Basic "),
        "no Authorization value in the log"
    );
}
