//! Unit tests of the challenge parser, classifier and merge.

use super::*;

fn map(json: &str) -> Map<String, Value> {
    match serde_json::from_str(json).unwrap() {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

fn claims(outcome: ClaimsOutcome) -> ClaimsChallenge {
    match outcome {
        ClaimsOutcome::Claims(c) => c,
        other => panic!("expected claims, got {other:?}"),
    }
}

#[test]
fn several_fields_parse_like_one_joined_field() {
    let bearer = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000001""#;
    let pop = r#"PoP realm="", nonce="a.b=c==""#;
    let basic = r#"Basic realm="https://tfs.app.visualstudio.com/""#;
    let separate = parse_challenges(&[pop, bearer, basic, "TFS-Federated"]);
    let joined = format!("{pop}, {bearer}, {basic}, TFS-Federated");
    assert_eq!(separate, parse_challenges(&[joined.as_str()]));
    assert_eq!(separate.len(), 4);
    assert_eq!(separate[0].param("nonce"), Some("a.b=c=="));
    assert_eq!(separate[1].params.len(), 3);
    assert!(separate[3].is_scheme("tfs-federated"));
    assert!(separate[3].params.is_empty());
}

#[test]
fn no_fields_or_empty_fields_give_nothing() {
    assert!(parse_challenges(&[]).is_empty());
    assert!(parse_challenges(&["", " , ,"]).is_empty());
    assert_eq!(parse_challenges(&["", "Bearer"]).len(), 1);
}

#[test]
fn quoted_strings_unescape_and_keep_commas_and_equals() {
    let ch = parse_challenges(&[r#"Bearer a="x, y=z", b="say \"hi\" \\ ok", c="it's: fine""#]);
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0].param("a"), Some("x, y=z"));
    assert_eq!(ch[0].param("b"), Some(r#"say "hi" \ ok"#));
    assert_eq!(ch[0].param("c"), Some("it's: fine"));
}

#[test]
fn unterminated_quote_runs_to_the_end() {
    let ch = parse_challenges(&[r#"Bearer a="open, Basic realm=x \"#]);
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0].param("a"), Some("open, Basic realm=x "));
}

#[test]
fn names_match_in_any_case() {
    let ch = parse_challenges(&[
        r#"BEARER AUTHORIZATION_URI="https://login.microsoftonline.com/TenantId/oauth2/authorize", ERROR="INSUFFICIENT_CLAIMS", CLAIMS="eyJhIjoxfQ""#,
    ]);
    assert!(ch[0].is_scheme("bearer"));
    assert_eq!(
        ch[0].param("authorization_uri"),
        Some("https://login.microsoftonline.com/TenantId/oauth2/authorize")
    );
    let c = claims(claims_challenge(&ch));
    assert_eq!(c.json, r#"{"a":1}"#);
    assert_eq!(c.tenant, None);
}

#[test]
fn bws_around_equals_and_space_separated_params() {
    let ch = parse_challenges(&["Bearer realm = \"r\"  error=x claims=ey== next=1"]);
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0].param("realm"), Some("r"));
    assert_eq!(ch[0].param("error"), Some("x"));
    assert_eq!(ch[0].param("claims"), Some("ey=="));
    assert_eq!(ch[0].param("next"), Some("1"));
}

#[test]
fn token68_is_recognised() {
    let ch = parse_challenges(&["Basic dXNlcjpwYXNz==, Negotiate abc/+_-.~ , Bearer"]);
    assert_eq!(ch.len(), 3);
    assert_eq!(ch[0].token68.as_deref(), Some("dXNlcjpwYXNz=="));
    assert!(ch[0].params.is_empty());
    assert_eq!(ch[1].token68.as_deref(), Some("abc/+_-.~"));
    assert_eq!(ch[2].token68, None);
}

#[test]
fn garbage_before_a_bearer_challenge_is_skipped() {
    let ch = parse_challenges(&[
        r#"Foo bar=can't parse this, error=my bad, Bearer claims="ey==", error="insufficient_claims""#,
    ]);
    let bearer: Vec<_> = ch.iter().filter(|c| c.is_scheme("Bearer")).collect();
    assert_eq!(bearer.len(), 1);
    assert_eq!(bearer[0].param("claims"), Some("ey=="));
    assert_eq!(
        claims_challenge(&ch),
        ClaimsOutcome::NotAnObject {
            raw: "ey==".to_owned(),
            decoded: "{".to_owned()
        }
    );
}

#[test]
fn non_ascii_input_is_handled() {
    let ch = parse_challenges(&["Bëarer réalm=\"ünï\", Bearer x=ä€, «", "\u{feff}Basic"]);
    assert!(
        ch.iter()
            .any(|c| c.is_scheme("Bearer") && c.param("x") == Some("ä€"))
    );
    assert!(ch.iter().any(|c| c.is_scheme("Basic")));
}

#[test]
fn url_safe_and_unpadded_claims_decode() {
    // {"access_token":{"n":"??>>"}} contains '+' and '/' in the standard alphabet.
    let standard = "eyJhY2Nlc3NfdG9rZW4iOnsibiI6Ij8/Pj4ifX0=";
    let url_safe = "eyJhY2Nlc3NfdG9rZW4iOnsibiI6Ij8_Pj4ifX0";
    for raw in [standard, url_safe] {
        let header = format!(r#"Bearer error="insufficient_claims", claims="{raw}""#);
        let c = claims(classify(&[header.as_str()]));
        assert_eq!(c.json, r#"{"access_token":{"n":"??>>"}}"#);
        assert_eq!(c.raw_b64, raw);
    }
}

#[test]
fn non_object_claims_never_panic() {
    for decoded in ["[1,2]", "\"s\"", "42", "null", "not json", ""] {
        use base64::engine::general_purpose::STANDARD;
        let raw = STANDARD.encode(decoded);
        let header = format!(r#"Bearer error="insufficient_claims", claims="{raw}""#);
        let outcome = classify(&[header.as_str()]);
        if decoded.is_empty() {
            assert_eq!(outcome, ClaimsOutcome::NoClaims);
        } else {
            assert_eq!(
                outcome,
                ClaimsOutcome::NotAnObject {
                    raw,
                    decoded: decoded.to_owned()
                }
            );
        }
    }
    // Valid base64 of bytes that are not UTF-8.
    assert_eq!(
        classify(&[r#"Bearer error=insufficient_claims, claims="//79""#]),
        ClaimsOutcome::Undecodable {
            raw: "//79".to_owned()
        }
    );
}

#[test]
fn first_matching_bearer_wins_and_carries_its_params() {
    let c = claims(classify(&[
        r#"Bearer error="invalid_token", claims="e30=""#,
        r#"Bearer realm="contoso.onmicrosoft.com", authorization_uri="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize", error_description="revoked", error="insufficient_claims", claims="eyJhIjoxfQ==""#,
        r#"Bearer error="insufficient_claims", claims="eyJiIjoyfQ==""#,
    ]));
    assert_eq!(c.json, r#"{"a":1}"#);
    assert_eq!(c.realm.as_deref(), Some("contoso.onmicrosoft.com"));
    assert_eq!(c.error_description.as_deref(), Some("revoked"));
    assert_eq!(
        c.tenant.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
}

#[test]
fn pop_with_insufficient_claims_is_not_cae() {
    let header = r#"PoP error="insufficient_claims", claims="eyJhIjoxfQ==""#;
    assert_eq!(classify(&[header]), ClaimsOutcome::NoClaims);
}

#[test]
fn tenants() {
    let t = tenant_from_authorization_uri;
    let guid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    assert_eq!(
        t(&format!("https://login.microsoftonline.com/{guid}")).as_deref(),
        Some(guid)
    );
    assert_eq!(
        t("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize").as_deref(),
        Some("contoso.onmicrosoft.com")
    );
    for none in [
        "https://login.microsoftonline.com/common/oauth2/authorize",
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/consumers",
        "https://login.microsoftonline.com/TenantId/oauth2/authorize",
        "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000",
        "https://login.windows.net/",
        "https://login.windows.net",
        "",
        "/",
        "https://x/.bad./",
    ] {
        assert_eq!(t(none), None, "{none}");
    }
}

#[test]
fn capability_constant_matches_builder() {
    assert_eq!(merge_with_capability(None), CLIENT_CAPABILITY);
    assert_eq!(merge_with_capability(Some(&Map::new())), CLIENT_CAPABILITY);
    let parsed: Value = serde_json::from_str(CLIENT_CAPABILITY).unwrap();
    assert!(parsed.is_object());
}

#[test]
fn merge_puts_capability_first_under_access_token() {
    let challenge = map(r#"{"access_token":{"nbf":{"essential":true, "value":"1701477303"}}}"#);
    assert_eq!(
        merge_with_capability(Some(&challenge)),
        r#"{"access_token":{"xms_cc":{"values":["cp1"]},"nbf":{"essential":true,"value":"1701477303"}}}"#
    );
    let acrs = map(r#"{"access_token":{"acrs":{"essential":true,"value":"c25"}}}"#);
    assert_eq!(
        merge_with_capability(Some(&acrs)),
        r#"{"access_token":{"xms_cc":{"values":["cp1"]},"acrs":{"essential":true,"value":"c25"}}}"#
    );
}

#[test]
fn merge_keeps_other_top_level_keys_after_access_token() {
    let challenge =
        map(r#"{"userinfo":{"email":null},"id_token":{"auth_time":{"essential":true}}}"#);
    let merged = merge_with_capability(Some(&challenge));
    assert!(merged.starts_with(r#"{"access_token":{"xms_cc":{"values":["cp1"]}},"#));
    assert!(merged.contains(r#""userinfo":{"email":null}"#));
    assert!(merged.contains(r#""id_token":{"auth_time":{"essential":true}}"#));
    let back: Value = serde_json::from_str(&merged).unwrap();
    assert_eq!(
        back["id_token"]["auth_time"]["essential"],
        Value::Bool(true)
    );
}

#[test]
fn merge_conflicts_go_to_the_challenge() {
    let challenge = map(r#"{"access_token":{"xms_cc":{"values":["cp2"],"x":1}}}"#);
    assert_eq!(
        merge_with_capability(Some(&challenge)),
        r#"{"access_token":{"xms_cc":{"values":["cp2"],"x":1}}}"#
    );
    let scalar = map(r#"{"access_token":"odd"}"#);
    assert_eq!(
        merge_with_capability(Some(&scalar)),
        r#"{"access_token":"odd"}"#
    );
    let escaped = map(r#"{"k\"ey":"v\\al\u0001"}"#);
    let merged = merge_with_capability(Some(&escaped));
    let back: Value = serde_json::from_str(&merged).unwrap();
    assert_eq!(back["k\"ey"], Value::from("v\\al\u{1}"));
}

fn challenge_with(json: &str) -> ClaimsChallenge {
    ClaimsChallenge {
        raw_b64: String::new(),
        json: json.to_owned(),
        value: map(json),
        authorization_uri: None,
        realm: None,
        error_description: None,
        tenant: None,
    }
}

#[test]
fn reasons() {
    let revoked = challenge_with(
        r#"{"access_token":{"nbf":{"essential":true,"value":"1726077595"},"xms_caeerror":{"value":"10012"}}}"#,
    );
    assert_eq!(
        revoked.reason(),
        Reason::SessionRevoked {
            at: Some(1_726_077_595)
        }
    );
    assert!(
        revoked
            .describe(|t| format!("<{t}>"))
            .contains("<1726077595>")
    );
    let numeric = challenge_with(r#"{"access_token":{"nbf":{"value":17}}}"#);
    assert_eq!(numeric.reason(), Reason::SessionRevoked { at: Some(17) });
    let bad = challenge_with(r#"{"access_token":{"nbf":{"value":"soon"}}}"#);
    assert_eq!(bad.reason(), Reason::SessionRevoked { at: None });
    let ip = challenge_with(
        r#"{"access_token":{"nbf":{"essential":true,"value":"1"},"xms_rp_ipaddr":{"value":"203.0.113.7"}}}"#,
    );
    assert_eq!(
        ip.reason(),
        Reason::IpPolicy {
            ip: Some("203.0.113.7".to_owned())
        }
    );
    assert!(ip.describe(|_| String::new()).contains("203.0.113.7"));
    let acrs = challenge_with(r#"{"access_token":{"acrs":{"essential":true,"value":"c1"}}}"#);
    assert_eq!(acrs.reason(), Reason::StrongerSignIn);
    for other in [
        r#"{"id_token":{"auth_time":{"essential":true}}}"#,
        r#"{"access_token":"x"}"#,
        r#"{"access_token":{"foo":"bar"}}"#,
        "{}",
    ] {
        let c = challenge_with(other);
        assert_eq!(c.reason(), Reason::Other, "{other}");
        assert!(!c.describe(|_| String::new()).is_empty());
    }
}
