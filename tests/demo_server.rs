//! End-to-end tests of the demo organization over real loopback HTTP with reqwest.
//! Time never synchronises anything here: tests steer the server through `DemoControl`.
#![expect(clippy::unwrap_used, reason = "a failing test should panic loudly")]

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

const MY_OPEN_WORK: &str = "SELECT [System.Id], [System.Title], [System.State] FROM WorkItems \
    WHERE [System.TeamProject] = @project AND [System.AssignedTo] = @Me \
    AND [System.State] NOT IN ('Closed', 'Removed') ORDER BY [System.ChangedDate] DESC";

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
        let mut demo = Self::bare(opts).await;
        let seed = demo.server.control().seed_refresh_token();
        let tokens = demo.refresh(&seed, Some(CP1)).await;
        assert_eq!(tokens.0, StatusCode::OK, "{}", tokens.1);
        tokens.1["access_token"]
            .as_str()
            .unwrap()
            .clone_into(&mut demo.bearer);
        demo
    }

    /// A running demo without a signed-in token.
    async fn bare(opts: DemoOptions) -> Self {
        let server = DemoServer::start(opts).await.unwrap();
        let http = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Self {
            server,
            http,
            bearer: String::new(),
        }
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

#[path = "demo_server/auth.rs"]
mod auth;
#[path = "demo_server/git_build.rs"]
mod git_build;
#[path = "demo_server/life.rs"]
mod life;
#[path = "demo_server/robustness.rs"]
mod robustness;
#[path = "demo_server/wit_work.rs"]
mod wit_work;

#[test]
fn handles_can_cross_threads() {
    fn send_sync<T: Send + Sync + Clone>() {}
    fn send<T: Send>() {}
    send_sync::<adoboard::demo::DemoControl>();
    send::<DemoServer>();
}
