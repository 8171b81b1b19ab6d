//! Robustness end to end: every fault the demo organization can inject, over loopback.
//! Each shows a clear error, keeps the last good data, and recovers by itself.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly at the first surprise"
)]

#[path = "e2e/harness.rs"]
mod harness;

use adoboard::action::{Action, View};
use adoboard::demo::{Fault, FaultKind};
use adoboard::state::{Connection, FetchErrorKind, State};
use harness::Harness;

/// Inject `kind` into the next my-work query, refresh, and check the failure is
/// reported as `expect`, the data survives, and the next automatic retry recovers.
async fn fault_then_recover(kind: FaultKind, expect: FetchErrorKind, message_has: &str) {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    let before = h.state.my_work.data.clone().unwrap();
    h.control().inject(Fault::once("wiql", kind));
    h.refresh(View::MyWork);
    let seen = h
        .until("failure shown", |s| s.my_work.error.is_some())
        .await;
    let error = h.state.my_work.error.clone().unwrap();
    assert_eq!(error.kind, expect, "{kind:?}: {error:?}");
    assert!(
        error
            .message
            .to_lowercase()
            .contains(&message_has.to_lowercase()),
        "{kind:?}: message {:?} lacks {message_has:?}",
        error.message
    );
    assert_eq!(
        h.state.my_work.data.as_ref(),
        Some(&before),
        "last good data kept"
    );
    assert!(h.state.last_error.is_some(), "status bar has the error");
    assert!(
        !seen
            .iter()
            .any(|a| matches!(a, Action::ReauthRequired { .. })),
        "no sign-in prompt for {kind:?}"
    );
    // Backoff retries by itself; no key press needed.
    h.until("recovered", |s| {
        s.my_work.error.is_none() && !s.my_work.loading
    })
    .await;
    assert_eq!(
        h.state.my_work.data.as_ref().map(Vec::len),
        Some(before.len())
    );
    if expect == FetchErrorKind::Network {
        assert!(
            matches!(h.state.connection, Connection::Reconnected { .. }),
            "{:?}",
            h.state.connection
        );
    }
}

#[tokio::test]
async fn server_error_with_ado_body() {
    fault_then_recover(FaultKind::Status(500), FetchErrorKind::Server, "TF400898").await;
}

#[tokio::test]
async fn service_unavailable() {
    fault_then_recover(FaultKind::Status(503), FetchErrorKind::Server, "TF24668").await;
}

#[tokio::test]
async fn html_error_page() {
    fault_then_recover(
        FaultKind::HtmlErrorPage(502),
        FetchErrorKind::Server,
        "HTML",
    )
    .await;
}

#[tokio::test]
async fn plain_text_error() {
    fault_then_recover(FaultKind::PlainText(500), FetchErrorKind::Server, "500").await;
}

#[tokio::test]
async fn truncated_json() {
    fault_then_recover(FaultKind::Truncated, FetchErrorKind::Decode, "cut short").await;
}

#[tokio::test]
async fn malformed_json() {
    fault_then_recover(FaultKind::Malformed, FetchErrorKind::Decode, "unreadable").await;
}

#[tokio::test]
async fn connection_reset() {
    fault_then_recover(FaultKind::Reset, FetchErrorKind::Network, "network").await;
}

#[tokio::test]
async fn request_that_never_answers_times_out() {
    fault_then_recover(FaultKind::Hang, FetchErrorKind::Network, "no answer").await;
}

#[tokio::test]
async fn project_gone_404_shows_the_service_message() {
    fault_then_recover(
        FaultKind::Status(404),
        FetchErrorKind::NotFound,
        "not found",
    )
    .await;
}

#[tokio::test]
async fn byte_order_mark_is_tolerated() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.control().inject(Fault::once("wiql", FaultKind::Bom));
    let generation = h.state.my_work.generation;
    h.refresh(View::MyWork);
    h.until("reloaded", |s| {
        s.my_work.generation > generation && !s.my_work.loading
    })
    .await;
    assert!(
        h.state.my_work.error.is_none(),
        "{:?}",
        h.state.my_work.error
    );
}

#[tokio::test]
async fn connection_refused_keeps_data_and_says_offline() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    let before = h.state.pipelines.data.clone();
    h.server.shutdown();
    h.refresh(View::Pipelines);
    h.until("offline", |s| {
        matches!(s.connection, Connection::Offline { .. })
    })
    .await;
    let err = h.state.pipelines.error.clone().unwrap();
    assert_eq!(err.kind, FetchErrorKind::Network);
    assert_eq!(h.state.pipelines.data, before);
}

#[tokio::test]
async fn one_unavailable_repository_does_not_blank_the_others() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.control()
        .inject(Fault::once("pullrequests", FaultKind::Status(404)));
    let generation = h.state.pulls.generation;
    h.refresh(View::PullRequests);
    h.until("reloaded", |s| {
        s.pulls.generation > generation && !s.pulls.loading
    })
    .await;
    assert!(h.state.pulls.error.is_none(), "{:?}", h.state.pulls.error);
    assert!(
        !h.state.pulls.data.as_ref().unwrap().is_empty(),
        "other repositories' PRs stay"
    );
    assert!(
        h.state
            .pulls
            .notice
            .as_deref()
            .unwrap()
            .starts_with("unavailable:"),
        "{:?}",
        h.state.pulls.notice
    );
}

#[tokio::test]
async fn too_many_requests_stops_until_retry_after() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.control().inject(Fault::once(
        "builds",
        FaultKind::TooManyRequests {
            retry_after_secs: 1,
        },
    ));
    h.control().reset_request_log();
    h.refresh(View::Pipelines);
    h.until("throttled", |s| {
        s.throttle.is_some() && s.pipelines.error.is_some()
    })
    .await;
    assert_eq!(
        h.state.pipelines.error.as_ref().unwrap().kind,
        FetchErrorKind::Throttled
    );
    assert!(
        h.state.throttle.as_ref().unwrap().until > h.state.pipelines.error.as_ref().unwrap().at
    );
    // A refresh asked for while throttled waits for Retry-After.
    h.refresh(View::MyWork);
    let seen = h
        .until("throttle over and reloaded", |s: &State| {
            s.throttle.is_none() && s.pipelines.error.is_none() && !s.is_loading()
        })
        .await;
    assert!(seen.iter().any(|a| matches!(a, Action::ThrottleEnded)));
    let builds = h
        .control()
        .requests()
        .iter()
        .filter(|r| r.path.contains("builds"))
        .count();
    assert_eq!(
        builds, 2,
        "one refused, one after Retry-After: no hammering"
    );
}

#[tokio::test]
async fn low_rate_limit_slows_down_visibly() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.control().inject(Fault::once(
        "builds",
        FaultKind::RateLimitLow { remaining: 3 },
    ));
    h.refresh(View::Pipelines);
    h.until("slowed", |s| s.throttle.is_some()).await;
    let t = h.state.throttle.clone().unwrap();
    assert!(t.message.contains("rate limit"), "{}", t.message);
    assert!(
        h.state.pipelines.error.is_none(),
        "a delayed answer is still an answer"
    );
}

#[tokio::test]
async fn repeated_continuation_token_stops_paging() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.control().inject(Fault::times(
        "builds",
        FaultKind::RepeatContinuationToken,
        5,
    ));
    let generation = h.state.pipelines.generation;
    h.refresh(View::Pipelines);
    h.until("reloaded", |s| {
        s.pipelines.generation > generation && !s.pipelines.loading
    })
    .await;
    assert!(
        h.state
            .pipelines
            .notice
            .as_deref()
            .unwrap_or_default()
            .contains("repeated"),
        "{:?} {:#?}",
        h.state.pipelines,
        h.control()
            .requests()
            .iter()
            .filter(|r| r.path.contains("builds"))
            .collect::<Vec<_>>()
    );
    assert!(h.state.pipelines.error.is_none());
}

#[tokio::test]
async fn wiql_limit_is_respected_and_explained() {
    let mut h = Harness::start().await;
    h.control().set_extra_items(30_000);
    h.until_loaded().await;
    let items = h.state.my_work.data.as_ref().unwrap();
    assert_eq!(
        items.len(),
        20_000,
        "capped at the service limit, never refused"
    );
    assert!(
        h.state.my_work.notice.as_deref().unwrap().contains("20000"),
        "{:?}",
        h.state.my_work.notice
    );
    // Every batch stayed within 200 ids: the server refuses larger ones with 400.
    assert!(h.control().requests().iter().all(|r| r.status != 400));
}

#[tokio::test]
async fn dns_failure_is_named_as_such() {
    use std::sync::Arc;
    use std::time::Duration;

    use adoboard::auth::TokenSource;
    use adoboard::auth::pat::PatSource;
    use adoboard::azdo::{Client, ClientConfig, Error};
    use adoboard::secret::Secret;

    let tokens: Arc<dyn TokenSource> = Arc::new(PatSource::new(Secret::new("unused-pat-value")));
    let http = Client::http_client_with_timeout(Duration::from_secs(5)).unwrap();
    let config = ClientConfig {
        org_url: "http://no-such-host.invalid/fabrikam".into(),
        project: "p".into(),
        team: "t".into(),
    };
    let client = Client::new(http, config, tokens);
    let err = client.connection_data().await.unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    assert!(err.to_string().contains("resolve"), "{err}");
}

#[tokio::test]
async fn demo_fault_key_shows_a_failure_and_recovers() {
    let mut h = Harness::start().await;
    h.until_loaded().await;
    h.apply(Action::DemoFault);
    h.until("failure shown", |s| s.my_work.error.is_some())
        .await;
    assert!(
        h.state
            .my_work
            .error
            .as_ref()
            .unwrap()
            .message
            .contains("TF400898")
    );
    h.until("recovered", |s| {
        s.my_work.error.is_none() && !s.my_work.loading
    })
    .await;
}
