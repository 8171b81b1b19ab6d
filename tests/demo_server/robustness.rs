//! Garbage input, fault injection and shutdown.

use super::*;

#[tokio::test]
async fn garbage_never_brings_the_server_down() {
    let demo = Demo::start().await;
    let wiql = team_path("wit/wiql");
    let bad_json = demo
        .http
        .post(demo.url(&wiql))
        .bearer_auth(&demo.bearer)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        demo.post(&wiql, &json!({ "query": "nonsense" }))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        demo.post(&wiql, &json!([1, 2])).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        demo.batch(&json!({ "ids": ["x"] })).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        demo.batch(&json!({ "ids": [] })).await.status(),
        StatusCode::BAD_REQUEST
    );
    let huge = demo
        .batch(
            &json!({ "ids": [18_446_744_073_709_551_615_u64, -1, 1e300], "errorPolicy": "omit" }),
        )
        .await;
    assert_eq!(huge.status(), StatusCode::OK);
    for path in [
        project_path("build/builds?$top=99999999999999999999999999"),
        project_path("build/builds?$top=-5"),
        project_path("git/pullrequests?$skip=18446744073709551615&$top=18446744073709551615"),
        project_path("git/pullrequests?searchCriteria.status=sideways"),
        "fabrikam/%ff%fe/_apis/build/builds".to_owned(),
        "%%%/_apis/../../etc/passwd".to_owned(),
        format!("fabrikam/{}/_apis/wit/wiql", "x".repeat(5000)),
        "fabrikam/_apis/wit/workitems?ids=1,2,nope".to_owned(),
        "fabrikam/_apis/wit/wiql".to_owned(),
        "_apis".to_owned(),
    ] {
        let status = demo.get(&path).await.status();
        assert!(!status.is_server_error(), "{path} -> {status}");
    }
    let (status, _) = demo
        .form("token", &[("grant_type", "bogus"), ("client_id", "x")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = demo.form("token", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let resp = demo
        .http
        .post(demo.url("wrong-tenant/oauth2/v2.0/token"))
        .body("%%%&&==")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let home = demo.http.get(demo.url("")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    // Still alive and well.
    assert_eq!(
        demo.get("fabrikam/_apis/connectionData").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn faults_bend_answers_in_every_documented_way() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    let path = project_path("build/builds?$top=2");

    control.inject(Fault::once("build/builds", FaultKind::Status(503)));
    let resp = demo.get(&path).await;
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let err: Value = resp.json().await.unwrap();
    assert!(err["message"].is_string() && err["typeKey"].is_string());
    assert_eq!(
        demo.get(&path).await.status(),
        StatusCode::OK,
        "fault used up"
    );

    control.inject(Fault::once("", FaultKind::HtmlErrorPage(500)));
    let resp = demo.get(&path).await;
    assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    control.inject(Fault::once("", FaultKind::PlainText(404)));
    let resp = demo.get(&path).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );

    control.inject(Fault::once("", FaultKind::Truncated));
    let resp = demo.get(&path).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&resp.bytes().await.unwrap()).is_err());

    control.inject(Fault::once("", FaultKind::Malformed));
    let resp = demo.get(&path).await;
    assert!(serde_json::from_slice::<Value>(&resp.bytes().await.unwrap()).is_err());

    control.inject(Fault::once("", FaultKind::Bom));
    let bytes = demo.get(&path).await.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(serde_json::from_slice::<Value>(&bytes[3..]).is_ok());

    control.inject(Fault::once("", FaultKind::SignInPage203));
    assert_eq!(
        demo.get(&path).await.status(),
        StatusCode::NON_AUTHORITATIVE_INFORMATION
    );

    control.inject(Fault::once(
        "",
        FaultKind::TooManyRequests {
            retry_after_secs: 7,
        },
    ));
    let resp = demo.get(&path).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let h = resp.headers().clone();
    assert_eq!(h["retry-after"], "7");
    assert_eq!(h["x-ratelimit-remaining"], "0");
    for name in [
        "x-ratelimit-resource",
        "x-ratelimit-delay",
        "x-ratelimit-limit",
        "x-ratelimit-reset",
    ] {
        assert!(h.contains_key(name), "missing {name}");
    }
    let err: Value = resp.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("TF400733"));

    control.inject(Fault::once("", FaultKind::RateLimitLow { remaining: 3 }));
    let resp = demo.get(&path).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["x-ratelimit-remaining"], "3");
    assert_eq!(resp.headers()["x-ratelimit-limit"], "200");
    assert_eq!(resp.headers()["x-ratelimit-delay"], "1.5");

    control.inject(Fault::once("", FaultKind::Reset));
    let err = demo
        .http
        .get(demo.url(&path))
        .bearer_auth(&demo.bearer)
        .send()
        .await;
    assert!(err.is_err(), "reset must not produce a response");

    control.inject(Fault::once("", FaultKind::Hang));
    let hung = demo
        .http
        .get(demo.url(&path))
        .bearer_auth(&demo.bearer)
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(hung.unwrap_err().is_timeout());

    control.inject(Fault::times(
        "build/builds",
        FaultKind::RepeatContinuationToken,
        u32::MAX,
    ));
    let first = demo.get(&path).await;
    let token = first.headers()["x-ms-continuationtoken"]
        .to_str()
        .unwrap()
        .to_owned();
    for _ in 0..3 {
        let next = demo.get(&format!("{path}&continuationToken={token}")).await;
        assert_eq!(
            next.headers()["x-ms-continuationtoken"].to_str().unwrap(),
            token
        );
    }
    control.clear_faults();
    let next = demo.get(&format!("{path}&continuationToken={token}")).await;
    assert_ne!(
        next.headers()["x-ms-continuationtoken"].to_str().unwrap(),
        token
    );

    // Identity paths only match explicit substrings, and faults wait for valid credentials.
    control.inject(Fault::once("", FaultKind::Status(500)));
    let (status, _) = demo.refresh(&control.seed_refresh_token(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        demo.http
            .get(demo.url(&path))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        demo.get(&path).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    control.inject(Fault::once("oauth2/v2.0/token", FaultKind::Status(503)));
    let (status, _) = demo.refresh(&control.seed_refresh_token(), None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);

    let log = control.requests();
    assert!(
        log.iter().any(|r| r.status == 0),
        "hang and reset are logged"
    );
    assert_eq!(control.request_count(), log.len());
}

#[tokio::test]
async fn shutdown_releases_hung_requests() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    control.inject(Fault::once("", FaultKind::Hang));
    let url = demo.url("fabrikam/_apis/connectionData");
    let request = demo.http.get(url).bearer_auth(&demo.bearer).send();
    let pending = tokio::spawn(request);
    while !control.requests().iter().any(|r| r.status == 0) {
        tokio::task::yield_now().await;
    }
    demo.server.shutdown();
    let resp = pending.await.unwrap();
    assert!(resp.is_err() || resp.unwrap().status() == StatusCode::SERVICE_UNAVAILABLE);
}
