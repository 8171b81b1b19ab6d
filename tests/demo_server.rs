//! End-to-end tests of the demo organization over real loopback HTTP with reqwest.
//! Time never synchronises anything here: tests steer the server through `DemoControl`.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test should panic loudly"
)]

use std::collections::HashSet;
use std::time::Duration;

use adoboard::demo::{DemoOptions, DemoServer, Fault, FaultKind, PatFailure};
use base64::Engine as _;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

const PROJECT: &str = "Fabrikam%20Fiber";
const TEAM: &str = "Fabrikam%20Fiber%20Team";
const CP1: &str = r#"{"access_token":{"xms_cc":{"values":["cp1"]}}}"#;
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn project_path(rest: &str) -> String {
    format!("fabrikam/{PROJECT}/_apis/{rest}")
}

fn team_path(rest: &str) -> String {
    format!("fabrikam/{PROJECT}/{TEAM}/_apis/{rest}")
}

struct Demo {
    server: DemoServer,
    http: Client,
    bearer: String,
}

impl Demo {
    async fn start() -> Self {
        Self::with(DemoOptions {
            tick: None,
            ..DemoOptions::default()
        })
        .await
    }

    async fn with(opts: DemoOptions) -> Self {
        let server = DemoServer::start(opts).await.unwrap();
        let http = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let mut demo = Self {
            server,
            http,
            bearer: String::new(),
        };
        let seed = demo.server.control().seed_refresh_token();
        let tokens = demo.refresh(&seed, Some(CP1)).await;
        assert_eq!(tokens.0, StatusCode::OK, "{}", tokens.1);
        tokens.1["access_token"]
            .as_str()
            .unwrap()
            .clone_into(&mut demo.bearer);
        demo
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.server.base_url, path.trim_start_matches('/'))
    }

    async fn get_with(&self, path: &str, auth: &str) -> Response {
        self.http
            .get(self.url(path))
            .header("authorization", auth)
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, path: &str) -> Response {
        self.get_with(path, &format!("Bearer {}", self.bearer))
            .await
    }

    async fn get_json(&self, path: &str) -> Value {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), StatusCode::OK, "GET {path}");
        resp.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(&self.bearer)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn form(&self, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let url = self.url(&format!("{}/oauth2/v2.0/{endpoint}", self.server.tenant));
        let resp = self.http.post(url).form(form).send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn refresh(&self, refresh_token: &str, claims: Option<&str>) -> (StatusCode, Value) {
        let mut form = vec![
            ("grant_type", "refresh_token"),
            ("client_id", "adoboard"),
            ("refresh_token", refresh_token),
            (
                "scope",
                "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access",
            ),
        ];
        if let Some(c) = claims {
            form.push(("claims", c));
        }
        self.form("token", &form).await
    }

    async fn wiql(&self, query: &str, top: Option<u32>) -> Response {
        let mut path = team_path("wit/wiql?api-version=7.1");
        if let Some(t) = top {
            path = format!("{path}&$top={t}");
        }
        self.post(&path, &json!({ "query": query })).await
    }

    async fn batch(&self, body: &Value) -> Response {
        self.post(&project_path("wit/workitemsbatch?api-version=7.1"), body)
            .await
    }
}

const MY_OPEN_WORK: &str = "SELECT [System.Id], [System.Title], [System.State] FROM WorkItems \
    WHERE [System.TeamProject] = @project AND [System.AssignedTo] = @Me \
    AND [System.State] NOT IN ('Closed', 'Removed') ORDER BY [System.ChangedDate] DESC";

#[tokio::test]
async fn connection_data_names_the_demo_user_with_ado_headers() {
    let demo = Demo::start().await;
    let resp = demo
        .get("fabrikam/_apis/connectionData?api-version=7.1")
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let h = resp.headers().clone();
    assert_eq!(
        h["content-type"],
        "application/json; charset=utf-8; api-version=7.1"
    );
    for name in [
        "activityid",
        "x-vss-e2eid",
        "x-tfs-session",
        "x-vss-userdata",
    ] {
        assert!(h.contains_key(name), "missing {name}");
    }
    let body: Value = resp.json().await.unwrap();
    let user = &body["authenticatedUser"];
    assert_eq!(user["providerDisplayName"], "Dana Whitfield");
    assert_eq!(
        user["properties"]["Account"]["$value"],
        "dana.whitfield@fabrikam.example"
    );
    assert_eq!(user["id"], body["authorizedUser"]["id"]);
    assert_eq!(
        demo.server.org_url(),
        format!("{}/fabrikam", demo.server.base_url)
    );
}

#[tokio::test]
async fn wiql_me_finds_the_demo_users_open_items_newest_first() {
    let demo = Demo::start().await;
    let body: Value = demo.wiql(MY_OPEN_WORK, None).await.json().await.unwrap();
    assert_eq!(body["queryType"], "flat");
    assert_eq!(body["queryResultType"], "workItem");
    assert_eq!(body["columns"][1]["referenceName"], "System.Title");
    assert_eq!(body["sortColumns"][0]["descending"], true);
    let ids: Vec<u64> = body["workItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_u64().unwrap())
        .collect();
    assert!(ids.len() >= 10, "only {} items", ids.len());
    let batch: Value = demo
        .batch(&json!({ "ids": ids, "fields": ["System.AssignedTo", "System.State", "System.ChangedDate"] }))
        .await
        .json()
        .await
        .unwrap();
    let items = batch["value"].as_array().unwrap();
    let mut last = String::from("9999");
    for item in items {
        let f = &item["fields"];
        assert_eq!(f["System.AssignedTo"]["displayName"], "Dana Whitfield");
        let state = f["System.State"].as_str().unwrap();
        assert!(state != "Closed" && state != "Removed");
        let changed = f["System.ChangedDate"].as_str().unwrap().to_owned();
        assert!(changed <= last, "not sorted by ChangedDate desc");
        assert_eq!(changed.len(), "2026-01-01T00:00:00.0000000Z".len());
        last = changed;
    }
    let top: Value = demo.wiql(MY_OPEN_WORK, Some(3)).await.json().await.unwrap();
    assert_eq!(top["workItems"].as_array().unwrap().len(), 3);

    let sprint = "SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = 'Fabrikam Fiber\\Sprint 42'";
    let current =
        "SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = @CurrentIteration";
    let a: Value = demo.wiql(sprint, None).await.json().await.unwrap();
    let b: Value = demo.wiql(current, None).await.json().await.unwrap();
    assert_eq!(a["workItems"], b["workItems"]);
    assert!(a["workItems"].as_array().unwrap().len() > 60);
}

#[tokio::test]
async fn batch_honours_fields_error_policy_and_the_200_limit() {
    let demo = Demo::start().await;
    let resp = demo
        .batch(&json!({ "ids": [1001, 1020], "fields": ["System.Id", "system.title"] }))
        .await;
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["count"], 2);
    let fields = body["value"][0]["fields"].as_object().unwrap();
    let keys: HashSet<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(keys, HashSet::from(["System.Id", "System.Title"]));
    assert!(
        body["value"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/_apis/wit/workItems/1001")
    );

    let all: Value = demo
        .batch(&json!({ "ids": [1050] }))
        .await
        .json()
        .await
        .unwrap();
    let f = &all["value"][0]["fields"];
    assert!(f["System.CreatedBy"]["_links"]["avatar"]["href"].is_string());
    assert!(
        f["System.CreatedBy"]["descriptor"]
            .as_str()
            .unwrap()
            .starts_with("aad.")
    );
    assert_eq!(f["System.TeamProject"], "Fabrikam Fiber");

    let ids: Vec<u32> = (1001..1202).collect();
    let resp = demo.batch(&json!({ "ids": ids })).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(
        err["message"],
        "VS403474: You requested 201 work items which exceeds the limit of 200"
    );

    let omit: Value = demo
        .batch(&json!({ "ids": [1001, 999_999], "errorPolicy": "omit" }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(omit["count"], 2);
    assert!(omit["value"][1].is_null());
    let fail = demo
        .batch(&json!({ "ids": [1001, 999_999], "errorPolicy": "fail" }))
        .await;
    assert_eq!(fail.status(), StatusCode::NOT_FOUND);
    let err: Value = fail.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("TF401232"));
}

#[tokio::test]
async fn current_iteration_and_its_work_items() {
    let demo = Demo::start().await;
    let body = demo
        .get_json(&team_path(
            "work/teamsettings/iterations?$timeframe=current&api-version=7.1",
        ))
        .await;
    assert_eq!(body["count"], 1);
    let it = &body["value"][0];
    assert_eq!(it["name"], "Sprint 42");
    assert_eq!(it["path"], "Fabrikam Fiber\\Sprint 42");
    assert_eq!(it["attributes"]["timeFrame"], "current");
    let start = it["attributes"]["startDate"].as_str().unwrap();
    assert!(start.ends_with("T00:00:00Z"), "{start}");
    let all = demo
        .get_json(&team_path("work/teamsettings/iterations"))
        .await;
    assert_eq!(all["count"], 5);

    let id = it["id"].as_str().unwrap();
    let rel = demo
        .get_json(&team_path(&format!(
            "work/teamsettings/iterations/{id}/workitems"
        )))
        .await;
    let rows = rel["workItemRelations"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["rel"].is_null() && r["source"].is_null())
    );
    let child = rows
        .iter()
        .find(|r| r["rel"] == "System.LinkTypes.Hierarchy-Forward")
        .expect("a parent/child row");
    assert!(child["source"]["id"].is_u64());
    assert!(
        rel["_links"]["iteration"]["href"]
            .as_str()
            .unwrap()
            .contains(id)
    );
    let missing = demo
        .get(&team_path("work/teamsettings/iterations/nope/workitems"))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn boards_list_and_board_columns_match_item_states() {
    let demo = Demo::start().await;
    let list = demo.get_json(&team_path("work/boards")).await;
    let names: Vec<&str> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Epics", "Features", "Stories"]);
    let by_name = demo.get_json(&team_path("work/boards/stories")).await;
    let id = by_name["id"].as_str().unwrap();
    let board = demo
        .get_json(&team_path(&format!("work/boards/{id}")))
        .await;
    let columns = board["columns"].as_array().unwrap();
    let col_names: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(col_names, ["New", "Active", "Resolved", "Closed"]);
    assert_eq!(columns[0]["columnType"], "incoming");
    assert!(columns[0].get("isSplit").is_none() && columns[0].get("description").is_none());
    assert_eq!(columns[1]["isSplit"], false);
    assert_eq!(columns[3]["columnType"], "outgoing");
    assert_eq!(columns[1]["stateMappings"]["User Story"], "Active");
    assert_eq!(columns[1]["stateMappings"]["Task"], "Active");
    assert_eq!(
        board["rows"][0]["id"],
        "00000000-0000-0000-0000-000000000000"
    );
    assert!(board["rows"][0]["name"].is_null());
    let column_field = "WEF_6CB513B6E70E43499D9FC94E5BBFB784_Kanban.Column";
    assert_eq!(
        board["fields"]["columnField"]["referenceName"],
        column_field
    );

    let ids: Vec<u32> = (1015..1100).collect();
    let body: Value = demo
        .batch(
            &json!({ "ids": ids, "fields": ["System.State", "System.WorkItemType", column_field] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut checked = 0;
    for item in body["value"].as_array().unwrap() {
        let f = &item["fields"];
        if f["System.WorkItemType"] == "User Story" && f["System.State"] != "Removed" {
            assert_eq!(f[column_field], f["System.State"]);
            checked += 1;
        }
    }
    assert!(checked > 10);
}

#[tokio::test]
async fn repositories_pull_request_paging_and_the_disabled_repo() {
    let demo = Demo::start().await;
    let repos = demo.get_json(&project_path("git/repositories")).await;
    assert_eq!(repos["count"], 4);
    let list = repos["value"].as_array().unwrap();
    let disabled = list.iter().find(|r| r["isDisabled"] == true).unwrap();
    let web = list.iter().find(|r| r["name"] == "fabrikam-web").unwrap();
    assert!(
        web["remoteUrl"]
            .as_str()
            .unwrap()
            .contains("Fabrikam%20Fiber/_git/")
    );

    let mut seen = Vec::new();
    for repo in list.iter().filter(|r| r["isDisabled"] == false) {
        let id = repo["id"].as_str().unwrap();
        let mut skip = 0;
        loop {
            let page = demo
                .get_json(&project_path(&format!(
                    "git/repositories/{id}/pullrequests?searchCriteria.status=active&$top=2&$skip={skip}"
                )))
                .await;
            let prs = page["value"].as_array().unwrap().clone();
            for pr in &prs {
                assert_eq!(pr["status"], "active");
                assert_eq!(pr["repository"]["id"], repo["id"]);
                seen.push(pr["pullRequestId"].as_u64().unwrap());
            }
            if prs.len() < 2 {
                break;
            }
            skip += 2;
        }
    }
    let unique: HashSet<u64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "paging repeated a PR");
    assert!(seen.len() >= 10);

    let all = demo.get_json(&project_path("git/pullrequests")).await;
    let prs = all["value"].as_array().unwrap();
    let votes: HashSet<i64> = prs
        .iter()
        .flat_map(|p| p["reviewers"].as_array().unwrap().iter())
        .map(|r| r["vote"].as_i64().unwrap())
        .collect();
    assert_eq!(votes, HashSet::from([10, 5, 0, -5, -10]));
    assert!(prs.iter().any(|p| p["isDraft"] == true));
    assert!(
        prs.iter()
            .any(|p| p["createdBy"]["displayName"] == "Dana Whitfield")
    );
    assert!(prs.iter().any(|p| {
        p["reviewers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["displayName"] == "Dana Whitfield")
    }));

    let id = disabled["id"].as_str().unwrap();
    let resp = demo
        .get(&project_path(&format!(
            "git/repositories/{id}/pullrequests"
        )))
        .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let err: Value = resp.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("TF401019"));
    assert_eq!(err["typeKey"], "GitRepositoryNotFoundException");
    let unknown = demo
        .get(&project_path(
            "git/repositories/00000000-1111-2222-3333-444444444444/pullrequests",
        ))
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn builds_page_with_continuation_tokens() {
    let demo = Demo::start().await;
    let mut token: Option<String> = None;
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let mut path =
            project_path("build/builds?$top=7&queryOrder=queueTimeDescending&api-version=7.1");
        if let Some(t) = &token {
            path = format!("{path}&continuationToken={t}");
        }
        let resp = demo.get(&path).await;
        assert_eq!(resp.status(), StatusCode::OK);
        token = resp
            .headers()
            .get("x-ms-continuationtoken")
            .map(|v| v.to_str().unwrap().to_owned());
        let body: Value = resp.json().await.unwrap();
        for b in body["value"].as_array().unwrap() {
            ids.push(b["id"].as_u64().unwrap());
            match b["status"].as_str().unwrap() {
                "completed" => {
                    assert!(b["result"].is_string() && b["finishTime"].is_string());
                }
                "notStarted" => {
                    assert!(b.get("startTime").is_none() && b.get("result").is_none());
                }
                _ => assert!(b.get("result").is_none() && b.get("finishTime").is_none()),
            }
            assert!(b["requestedFor"]["displayName"].is_string());
            assert!(
                b["_links"]["web"]["href"]
                    .as_str()
                    .unwrap()
                    .contains("_build/results?buildId=")
            );
        }
        pages += 1;
        if token.is_none() {
            break;
        }
        assert!(pages < 10, "paging never ends");
    }
    assert_eq!(pages, 5);
    assert_eq!(ids.len(), 30);
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    let bad = demo
        .get(&project_path("build/builds?continuationToken=garbage"))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

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

#[tokio::test]
async fn unknown_project_and_org_answer_tf200016() {
    let demo = Demo::start().await;
    let resp = demo.get("fabrikam/Nope%20Project/_apis/build/builds").await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(
        err,
        json!({
            "$id": "1",
            "innerException": null,
            "message": "TF200016: The following project does not exist: Nope Project. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.",
            "typeName": "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
            "typeKey": "ProjectDoesNotExistWithNameException",
            "errorCode": 0,
            "eventId": 3000
        })
    );
    let other_org = demo
        .get("contoso/Fabrikam%20Fiber/_apis/build/builds")
        .await;
    assert_eq!(other_org.status(), StatusCode::NOT_FOUND);
    let case = demo
        .get("FABRIKAM/fabrikam%20fiber/_apis/Build/Builds?$top=1")
        .await;
    assert_eq!(case.status(), StatusCode::OK);
}

/// The `ChangedDate` of the most recently changed item in the current sprint.
async fn top_changed(demo: &Demo, query: &str) -> String {
    let top: Value = demo.wiql(query, Some(1)).await.json().await.unwrap();
    let id = top["workItems"][0]["id"].as_u64().unwrap();
    let item: Value = demo
        .batch(&json!({ "ids": [id], "fields": ["System.ChangedDate"] }))
        .await
        .json()
        .await
        .unwrap();
    item["value"][0]["fields"]["System.ChangedDate"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn advance_moves_builds_and_work_items() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    let builds_path = project_path("build/builds");
    let snapshot = |v: &Value| -> Vec<(u64, String)> {
        v["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["id"].as_u64().unwrap(),
                    b["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let query = "SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = @CurrentIteration ORDER BY [System.ChangedDate] DESC";
    let before_builds = snapshot(&demo.get_json(&builds_path).await);
    let before_changed = top_changed(&demo, query).await;
    control.advance();
    let after_builds = snapshot(&demo.get_json(&builds_path).await);
    let after_changed = top_changed(&demo, query).await;
    assert_ne!(before_builds, after_builds);
    assert!(
        after_changed > before_changed,
        "{after_changed} <= {before_changed}"
    );

    for _ in 0..8 {
        control.advance();
    }
    let prs = demo
        .get_json(&project_path("git/pullrequests?searchCriteria.status=all"))
        .await;
    assert!(prs["count"].as_u64().unwrap() > 14, "new PRs appear");
}

#[tokio::test]
async fn life_is_deterministic_for_a_seed() {
    async fn statuses(seed: u64) -> Vec<(u64, String, Option<String>)> {
        let demo = Demo::with(DemoOptions {
            tick: None,
            seed,
            ..DemoOptions::default()
        })
        .await;
        for _ in 0..6 {
            demo.server.control().advance();
        }
        let body = demo.get_json(&project_path("build/builds")).await;
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["id"].as_u64().unwrap(),
                    b["status"].as_str().unwrap().to_owned(),
                    b["result"].as_str().map(str::to_owned),
                )
            })
            .collect()
    }
    assert_eq!(statuses(5).await, statuses(5).await);
}

#[tokio::test]
async fn extra_items_trip_the_wiql_size_limit() {
    let demo = Demo::start().await;
    demo.server.control().set_extra_items(25_001);
    let resp = demo.wiql(MY_OPEN_WORK, None).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let err: Value = resp.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("VS402337"));
    let top: Value = demo
        .wiql(MY_OPEN_WORK, Some(50))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(top["workItems"].as_array().unwrap().len(), 50);
    demo.server.control().set_extra_items(0);
    assert_eq!(demo.wiql(MY_OPEN_WORK, None).await.status(), StatusCode::OK);
}

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
        String::new(),
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
