//! Entra-like sign-in, continuous access evaluation and personal access tokens.

use super::*;

#[tokio::test]
async fn device_code_flow_then_refresh_token_grant() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    let (status, code) = demo
        .form(
            "devicecode",
            &[
                ("client_id", "adoboard"),
                (
                    "scope",
                    "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access",
                ),
                ("claims", CP1),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(code["user_code"].as_str().unwrap().len(), 9);
    assert_eq!(
        code["verification_uri"],
        format!("{}/devicelogin", demo.server.base_url)
    );
    assert_eq!(code["interval"], 1);
    assert!(code["message"].as_str().unwrap().starts_with("To sign in"));
    assert_eq!(control.pending_device_codes(), 1);
    let device_code = code["device_code"].as_str().unwrap();
    let poll = [
        ("grant_type", DEVICE_GRANT),
        ("client_id", "adoboard"),
        ("device_code", device_code),
    ];

    let (status, pending) = demo.form("token", &poll).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(pending["error"], "authorization_pending");
    assert_eq!(pending["error_codes"], json!([70016]));
    assert!(
        pending["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS70016")
    );

    assert_eq!(control.approve_device_codes(), 1);
    let (status, tokens) = demo.form("token", &poll).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(
        tokens["scope"],
        "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation"
    );
    assert_eq!(tokens["expires_in"], 3599);
    let access = tokens["access_token"].as_str().unwrap();
    let resp = demo
        .get_with("fabrikam/_apis/connectionData", &format!("Bearer {access}"))
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let (status, again) = demo.form("token", &poll).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(again["error"], "invalid_grant");

    let (status, refreshed) = demo
        .refresh(tokens["refresh_token"].as_str().unwrap(), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(refreshed["access_token"], tokens["access_token"]);

    // A person can approve in the browser page, and unapproved codes expire.
    let (_, second) = demo.form("devicecode", &[("client_id", "adoboard")]).await;
    let user_code = second["user_code"].as_str().unwrap().to_lowercase();
    let page = demo
        .http
        .get(demo.url(&format!("devicelogin?code={user_code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Dana Whitfield"));
    assert_eq!(control.pending_device_codes(), 0);
    let (_, third) = demo.form("devicecode", &[("client_id", "adoboard")]).await;
    control.expire_device_codes();
    let (status, expired) = demo
        .form(
            "token",
            &[
                ("grant_type", DEVICE_GRANT),
                ("client_id", "adoboard"),
                ("device_code", third["device_code"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(expired["error"], "expired_token");

    let records = control.token_requests();
    let first_code = records.iter().find(|r| r.endpoint == "devicecode").unwrap();
    assert!(first_code.cae_capable);
    assert!(records.iter().any(|r| r.grant_type == DEVICE_GRANT));
}

#[tokio::test]
async fn device_codes_can_approve_themselves() {
    let demo = Demo::with(DemoOptions {
        tick: None,
        auto_approve_after: Some(Duration::ZERO),
        ..DemoOptions::default()
    })
    .await;
    let (_, code) = demo.form("devicecode", &[("client_id", "adoboard")]).await;
    let (status, _) = demo
        .form(
            "token",
            &[
                ("grant_type", DEVICE_GRANT),
                ("client_id", "adoboard"),
                ("device_code", code["device_code"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

fn claims_of(challenge: &str) -> Value {
    let start = challenge.find("claims=\"").unwrap() + "claims=\"".len();
    let end = start + challenge[start..].find('"').unwrap();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(&challenge[start..end])
        .unwrap();
    serde_json::from_slice(&raw).unwrap()
}

#[tokio::test]
async fn revocation_challenges_cae_tokens_and_blocks_old_refresh_tokens() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    let seed = control.seed_refresh_token();
    let (_, plain) = demo.refresh(&seed, None).await;
    let plain = format!("Bearer {}", plain["access_token"].as_str().unwrap());
    let cae = format!("Bearer {}", demo.bearer);
    let path = project_path("build/builds?$top=1");
    assert_eq!(demo.get_with(&path, &plain).await.status(), StatusCode::OK);

    control.revoke_sessions();
    control.reset_request_log();
    let resp = demo.get_with(&path, &cae).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let h = resp.headers().clone();
    assert_eq!(resp.bytes().await.unwrap().len(), 0);
    let challenge = h["www-authenticate"].to_str().unwrap();
    let base = &demo.server.base_url;
    let tenant = &demo.server.tenant;
    let claims = claims_of(challenge);
    let nbf = claims["access_token"]["nbf"]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(claims["access_token"]["nbf"]["essential"], true);
    assert!(nbf.parse::<i64>().unwrap() > 1_600_000_000);
    assert_eq!(claims["access_token"]["xms_caeerror"]["value"], "10012");
    let encoded = base64::engine::general_purpose::STANDARD.encode(
        format!(r#"{{"access_token":{{"nbf":{{"essential":true,"value":"{nbf}"}},"xms_caeerror":{{"value":"10012"}}}}}}"#),
    );
    assert_eq!(
        challenge,
        format!(
            "Bearer realm=\"\", authorization_uri=\"{base}/{tenant}/oauth2/authorize\", error=\"insufficient_claims\", claims=\"{encoded}\", Basic realm=\"{base}/\", TFS-Federated"
        )
    );
    assert_eq!(h["x-vss-resourcetenant"], tenant.as_str());
    assert!(h.contains_key("x-tfs-fedauthrealm") && h.contains_key("activityid"));

    let resp = demo.get_with(&path, &plain).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        resp.headers()["www-authenticate"],
        format!("Bearer authorization_uri={base}/{tenant}, Basic realm=\"{base}/\", TFS-Federated")
            .as_str()
    );
    let missing = demo.http.get(demo.url(&path)).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);

    let merged = format!(
        r#"{{"access_token":{{"xms_cc":{{"values":["cp1"]}},"nbf":{{"essential":true,"value":"{nbf}"}}}}}}"#
    );
    let (status, err) = demo.refresh(&seed, Some(&merged)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"], "invalid_grant");
    assert_eq!(err["error_codes"], json!([50173]));
    assert_eq!(err["suberror"], "bad_token");
    assert!(
        err["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS50173: The provided grant has expired due to it being revoked")
    );
    let last = control.token_requests().pop().unwrap();
    assert!(last.cae_capable);
    assert_eq!(last.nbf.as_deref(), Some(nbf.as_str()));

    // A fresh sign-in after the revocation works again.
    let (_, code) = demo
        .form(
            "devicecode",
            &[("client_id", "adoboard"), ("claims", &merged)],
        )
        .await;
    control.approve_device_codes();
    let (_, tokens) = demo
        .form(
            "token",
            &[
                ("grant_type", DEVICE_GRANT),
                ("client_id", "adoboard"),
                ("device_code", code["device_code"].as_str().unwrap()),
            ],
        )
        .await;
    let fresh = format!("Bearer {}", tokens["access_token"].as_str().unwrap());
    assert_eq!(demo.get_with(&path, &fresh).await.status(), StatusCode::OK);
    assert_eq!(control.session_epoch(), 1);

    let log = control.requests();
    assert_eq!(log.iter().filter(|r| r.status == 401).count(), 3);
    assert!(
        log.iter()
            .filter(|r| r.status == 401)
            .all(|r| !r.authorized)
    );
    assert!(log.last().unwrap().authorized);
    assert!(log.iter().any(|r| r.path.ends_with("/oauth2/v2.0/token")));
}

fn basic(pat: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(":{pat}"))
    )
}

#[tokio::test]
async fn personal_access_tokens_work_expire_and_can_get_sign_in_pages() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    let path = "fabrikam/_apis/connectionData";
    let pat = control.pat();
    assert_eq!(
        demo.get_with(path, &basic(&pat)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        demo.get_with(path, &basic("wrong")).await.status(),
        StatusCode::UNAUTHORIZED
    );

    control.set_pat_mode(PatFailure::SignInPage203);
    let resp = demo.get_with(path, &basic(&pat)).await;
    assert_eq!(resp.status(), StatusCode::NON_AUTHORITATIVE_INFORMATION);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    control.set_pat_mode(PatFailure::Unauthorized401);
    assert_eq!(
        demo.get_with(path, &basic(&pat)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    control.set_pat_mode(PatFailure::None);

    control.revoke_pat();
    let resp = demo.get_with(path, &basic(&pat)).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(
        resp.headers()["x-tfs-serviceerror"]
            .to_str()
            .unwrap()
            .starts_with("Access%20Denied")
    );
    let err: Value = resp.json().await.unwrap();
    assert_eq!(
        err["message"],
        "Access Denied: The Personal Access Token used has expired."
    );
    assert_eq!(err["typeKey"], "AccessCheckException");
}
