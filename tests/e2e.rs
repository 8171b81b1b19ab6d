//! End to end: the real client and fetcher against the embedded demo organization
//! over loopback. Board loading, the CAE claims-challenge loop, PAT failures.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly at the first surprise"
)]

#[path = "e2e/harness.rs"]
mod harness;

use adoboard::action::{Action, View};
use adoboard::secret::Secret;
use adoboard::state::{Modal, ReauthPhase, ReauthReason, SignInMethod, State, Tab};
use harness::{Harness, all_loaded};

fn reauth_phase(s: &State) -> Option<&ReauthPhase> {
    match &s.modal {
        Some(Modal::Reauth) => s.reauth().map(|r| &r.phase),
        _ => None,
    }
}

/// Snapshot the real post-challenge screen at both sizes. Times, ages, ports and ids
/// vary from run to run and are masked; everything else is as drawn.
fn snapshot_screen(name: &str, state: &State) {
    use ratatui::{Terminal, backend::TestBackend};
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = state.clone();
        s.size = (w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| adoboard::ui::render(&s, f)).unwrap();
        let screen = format!("{}", terminal.backend());
        assert_eq!(
            screen.matches("┌ Sign in again").count(),
            1,
            "exactly one modal:\n{screen}"
        );
        insta::with_settings!({
            filters => vec![
                (r"\d{1,2}:\d{2} UTC", "[hh:mm] UTC"),
                (r"\b\d+ (s|min|h|d)\b", "[age]"),
                (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[guid]"),
            ],
            snapshot_suffix => format!("{w}x{h}"),
        }, {
            insta::assert_snapshot!(name, screen);
        });
    }
}

fn count_reauth_required(actions: &[Action]) -> usize {
    actions
        .iter()
        .filter(|a| matches!(a, Action::ReauthRequired { .. }))
        .count()
}

#[tokio::test]
async fn demo_board_loads_every_view() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    let s = &h.state;
    assert!(
        s.me.as_ref().is_some_and(|m| !m.display_name.is_empty()),
        "signed-in identity known"
    );
    assert!(!s.my_work.data.as_ref().unwrap().is_empty());
    let sprint = s.sprint.data.as_ref().unwrap();
    assert!(
        sprint.columns.len() >= 3,
        "board columns: {:?}",
        sprint.columns
    );
    assert!(sprint.iteration.is_some());
    assert!(
        sprint.items.len() > 20,
        "sprint items: {}",
        sprint.items.len()
    );
    assert!(
        sprint
            .items
            .iter()
            .all(|w| sprint.column_of(w).is_some() || w.state == "Removed")
    );
    assert!(!s.pulls.data.as_ref().unwrap().is_empty());
    assert!(s.pipelines.data.as_ref().unwrap().len() >= 20);
    assert!(s.last_error.is_none(), "{:?}", s.last_error);
    assert!(s.my_work_list.selected.is_some(), "first row selected");
}

#[tokio::test]
async fn demo_changes_reach_the_board() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    let before = h.state.pipelines.data.clone();
    for _ in 0..6 {
        h.control().advance();
    }
    let generation = h.state.pipelines.generation;
    h.refresh(View::Pipelines);
    h.until("pipelines refreshed", |s| {
        s.pipelines.generation > generation && !s.pipelines.loading
    })
    .await;
    assert_ne!(h.state.pipelines.data, before, "runs moved on");
}

/// The heart: a revocation during a refresh with every view in flight gives exactly
/// one modal; device-code sign-in carries the claims; the queued requests succeed;
/// the board resumes where it was.
#[tokio::test]
async fn cae_challenge_pauses_once_and_resumes_in_place() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    // Put the board somewhere particular.
    h.apply(Action::SelectTab(Tab::PullRequests));
    h.apply(Action::SelectNext);
    h.apply(Action::ToggleDetail);
    h.apply(Action::SelectTab(Tab::MyWork));
    h.apply(Action::SelectLast);
    let place = (
        h.state.tab,
        h.state.my_work_list,
        h.state.pulls_list,
        h.state.detail_open,
        h.state.board.clone(),
    );

    h.control().reset_request_log();
    h.control().revoke_sessions();
    h.refresh_all();
    let mut seen = h
        .until("re-auth modal", |s| {
            reauth_phase(s).is_some() && !s.is_loading()
        })
        .await;
    seen.extend(
        h.until("all four refreshes queued", |s| {
            s.paused.as_ref().is_some_and(|p| p.queued == 4)
        })
        .await,
    );
    assert_eq!(
        count_reauth_required(&seen),
        1,
        "one prompt however many requests failed"
    );
    assert!(h.state.paused.is_some());
    let Some(r) = h.state.reauth() else {
        unreachable!()
    };
    assert!(
        matches!(r.reason, ReauthReason::SessionRevoked { at: Some(_) }),
        "{:?}",
        r.reason
    );
    assert_eq!(r.method, SignInMethod::DeviceCode);
    assert!(r.claims.is_some());
    assert_eq!(
        h.state.paused.as_ref().unwrap().queued,
        4,
        "every view in flight waits for a retry"
    );
    // Last data still on screen, exactly one modal over it.
    assert!(all_loaded(&h.state));
    snapshot_screen("cae_modal_over_board", &h.state);

    // Sign in: the silent refresh is refused (revoked), so a device code is issued.
    h.apply(Action::StartSignIn);
    h.until("device code", |s| {
        matches!(reauth_phase(s), Some(ReauthPhase::DeviceCode { .. }))
    })
    .await;
    let tokens = h.control().token_requests();
    let refresh = tokens
        .iter()
        .rev()
        .find(|t| t.grant_type == "refresh_token")
        .unwrap();
    assert!(
        refresh.cae_capable && refresh.nbf.is_some(),
        "silent refresh carried cp1 + the challenge: {refresh:?}"
    );
    let device = tokens
        .iter()
        .rev()
        .find(|t| t.endpoint == "devicecode")
        .unwrap();
    assert!(
        device.cae_capable && device.nbf.is_some(),
        "device code request carried the claims: {device:?}"
    );

    h.apply(Action::ApproveDemoSignIn);
    let seen = h
        .until("resumed", |s| {
            s.paused.is_none() && s.modal.is_none() && !s.is_loading()
        })
        .await;
    assert!(seen.iter().any(|a| matches!(a, Action::SignedIn)));
    assert_eq!(count_reauth_required(&seen), 0, "no second prompt");

    // Place untouched, every view fresh and error-free.
    assert_eq!(
        place,
        (
            h.state.tab,
            h.state.my_work_list,
            h.state.pulls_list,
            h.state.detail_open,
            h.state.board.clone()
        )
    );
    assert!(all_loaded(&h.state));
    for (name, err) in [
        ("my work", &h.state.my_work.error),
        ("sprint", &h.state.sprint.error),
        ("pulls", &h.state.pulls.error),
        ("pipelines", &h.state.pipelines.error),
    ] {
        assert!(err.is_none(), "{name}: {err:?}");
    }

    // Bounded: each view failed once at most, no request storm.
    let log = h.control().requests();
    let refused = log.iter().filter(|r| r.status == 401).count();
    assert!(
        (1..=4).contains(&refused),
        "401s during the challenge: {refused}"
    );
    assert!(
        log.len() < 80,
        "requests during the whole challenge: {}",
        log.len()
    );
}

#[tokio::test]
async fn second_challenge_after_reauth_prompts_again() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    for round in 0..2 {
        h.control().revoke_sessions();
        h.refresh_all();
        let seen = h.until("modal", |s| reauth_phase(s).is_some()).await;
        assert_eq!(count_reauth_required(&seen), 1, "round {round}");
        h.apply(Action::StartSignIn);
        h.until("device code", |s| {
            matches!(reauth_phase(s), Some(ReauthPhase::DeviceCode { .. }))
        })
        .await;
        h.apply(Action::ApproveDemoSignIn);
        h.until("resumed", |s| s.paused.is_none() && !s.is_loading())
            .await;
    }
    assert!(all_loaded(&h.state));
}

#[tokio::test]
async fn cancelled_sign_in_stays_paused_and_resumes_later() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.control().revoke_sessions();
    h.refresh_all();
    h.until("modal", |s| reauth_phase(s).is_some()).await;
    h.apply(Action::StartSignIn);
    h.until("device code", |s| {
        matches!(reauth_phase(s), Some(ReauthPhase::DeviceCode { .. }))
    })
    .await;
    h.apply(Action::Back);
    assert!(h.state.modal.is_none());
    assert!(h.state.paused.is_some(), "Esc leaves the board paused");
    // Browsing still works while paused.
    h.apply(Action::SelectTab(Tab::Pipelines));
    h.apply(Action::SelectNext);
    assert!(h.state.pipelines_list.selected.is_some());
    // Later: `a` and sign in again.
    h.apply(Action::Reauthenticate);
    assert!(matches!(reauth_phase(&h.state), Some(ReauthPhase::Prompt)));
    h.apply(Action::StartSignIn);
    h.until("new device code", |s| {
        matches!(reauth_phase(s), Some(ReauthPhase::DeviceCode { .. }))
    })
    .await;
    h.apply(Action::ApproveDemoSignIn);
    h.until("resumed", |s| s.paused.is_none() && !s.is_loading())
        .await;
    assert_eq!(h.state.tab, Tab::Pipelines);
}

#[tokio::test]
async fn revoked_pat_asks_for_a_new_one() {
    let mut h = Harness::start_with_pat().await;
    h.until_loaded().await;
    h.control().revoke_pat();
    h.refresh(View::MyWork);
    let seen = h.until("PAT modal", |s| reauth_phase(s).is_some()).await;
    assert_eq!(count_reauth_required(&seen), 1);
    let Some(r) = h.state.reauth() else {
        unreachable!()
    };
    assert_eq!(r.method, SignInMethod::Pat);
    let ReauthReason::PatRejected { message } = &r.reason else {
        panic!("{:?}", r.reason)
    };
    assert!(
        message.as_deref().unwrap().contains("expired"),
        "{message:?}"
    );
    h.apply(Action::StartSignIn);
    assert!(matches!(
        reauth_phase(&h.state),
        Some(ReauthPhase::EnteringPat { .. })
    ));
    let fresh = h.control().rotate_pat();
    for c in fresh.chars() {
        h.apply(Action::PatInput(Secret::new(c)));
    }
    h.apply(Action::PatSubmit);
    h.until("resumed with the new PAT", |s| {
        s.paused.is_none() && !s.is_loading()
    })
    .await;
    assert!(h.state.my_work.error.is_none());
}

#[tokio::test]
async fn pat_sign_in_page_203_is_treated_as_refused() {
    let mut h = Harness::start_with_pat().await;
    h.until_loaded().await;
    h.control()
        .set_pat_mode(adoboard::demo::PatFailure::SignInPage203);
    h.refresh(View::Pipelines);
    h.until("PAT modal", |s| reauth_phase(s).is_some()).await;
    let Some(r) = h.state.reauth() else {
        unreachable!()
    };
    assert!(matches!(r.reason, ReauthReason::PatRejected { .. }));
    assert!(h.state.pipelines.data.is_some(), "last data kept");
}

/// Tokens are cached until shortly before expiry; a challenge invalidates the cache,
/// and the fresh token request carries the challenge's claims.
#[tokio::test]
async fn token_cache_serves_until_invalidated() {
    use adoboard::launch;

    let server = adoboard::demo::DemoServer::start(harness::quiet_demo())
        .await
        .unwrap();
    let parts = launch::demo_parts_for(&server, None).unwrap();
    let source = parts.credential.source();
    let count = || {
        server
            .control()
            .token_requests()
            .iter()
            .filter(|t| t.endpoint == "token")
            .count()
    };
    let first = source.authorization().await.unwrap();
    let second = source.authorization().await.unwrap();
    assert_eq!(first, second);
    assert_eq!(count(), 1, "second call served from the cache");
    source.invalidate();
    let third = source.authorization().await.unwrap();
    assert_eq!(count(), 2, "invalidated: a new token was requested");
    assert_ne!(first, third);
    assert!(
        server
            .control()
            .token_requests()
            .iter()
            .all(|t| t.cae_capable),
        "every request declares cp1"
    );
}
