//! The demo's HTTP front: one axum fallback handler that records every request, routes
//! it, authenticates Azure DevOps calls, applies armed faults and adds the service's
//! usual headers. It must never panic, whatever arrives.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use chrono::Utc;
use tokio::sync::watch;

use super::RequestRecord;
use super::api::{Ctx, dispatch};
use super::data::Org;
use super::entra::{self, EntraCtx};
use super::fault::{self, Area, Before, FaultState};
use super::identity::{Auth, IdentityState};
use super::net::ConnHandle;
use super::routes::{self, Api, Route};
use super::wire::{Reply, Urls, guid, param, parse_pairs};

/// The request log keeps at most this many records (the oldest half goes first).
const LOG_CAP: usize = 200_000;

/// Request bodies larger than this are refused.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Everything the server and `DemoControl` share.
pub(crate) struct Shared {
    pub urls: Urls,
    pub tenant: String,
    pub process_id: String,
    pub org: Mutex<Org>,
    pub identity: Mutex<IdentityState>,
    pub faults: Mutex<FaultState>,
    pub log: Mutex<Vec<RequestRecord>>,
    pub stop: watch::Receiver<bool>,
}

/// Locks a mutex, ignoring poisoning (the data stays usable for a demo).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// What became of a request.
enum Outcome {
    Reply(Reply),
    Hang,
    Reset,
}

/// The parts of a request the pipeline looks at.
struct Incoming {
    method: String,
    raw_path: String,
    decoded_path: String,
    raw_query: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let kill = req
        .extensions()
        .get::<ConnectInfo<ConnHandle>>()
        .map(|c| Arc::clone(&c.0.kill));
    let method = req.method().as_str().to_owned();
    let raw_path = req.uri().path().to_owned();
    let raw_query = req.uri().query().unwrap_or("").to_owned();
    let headers = req.headers().clone();
    let body = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await;
    let segments = routes::segments(&raw_path);
    let incoming = Incoming {
        method,
        decoded_path: format!("/{}", segments.join("/")),
        query: parse_pairs(&raw_query),
        raw_path,
        raw_query,
        headers,
        body: body.as_ref().map(|b| b.to_vec()).unwrap_or_default(),
    };
    let route = routes::classify(&segments);
    let (outcome, user) = if body.is_err() {
        let reply = super::wire::bad_request(
            "VS403485: The request body is too large or could not be read.",
        );
        (Outcome::Reply(reply), None)
    } else {
        process(&shared, &incoming, &route)
    };
    let record = |status: u16| RequestRecord {
        method: incoming.method.clone(),
        path: incoming.raw_path.clone(),
        query: incoming.raw_query.clone(),
        status,
        authorized: user.is_some(),
    };
    match outcome {
        Outcome::Reply(reply) => {
            log(&shared, record(reply.status));
            finish(&shared, &incoming, &route, user, reply)
        }
        Outcome::Hang => {
            log(&shared, record(0));
            let mut stop = shared.stop.clone();
            let _ = stop.wait_for(|s| *s).await;
            finish(&shared, &incoming, &route, user, Reply::empty(503))
        }
        Outcome::Reset => {
            log(&shared, record(0));
            if let Some(kill) = kill {
                kill.store(true, Ordering::SeqCst);
            }
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            resp
        }
    }
}

fn log(shared: &Shared, record: RequestRecord) {
    let mut log = lock(&shared.log);
    if log.len() >= LOG_CAP {
        log.drain(..LOG_CAP / 2);
    }
    log.push(record);
}

/// Routes, authenticates and applies faults. Returns the signed-in person, if any.
fn process(shared: &Shared, req: &Incoming, route: &Route) -> (Outcome, Option<usize>) {
    let paths = [req.raw_path.as_str(), req.decoded_path.as_str()];
    if route.is_identity() {
        let fault = lock(&shared.faults).take(paths, Area::Identity);
        return (
            with_fault(fault, None, || identity_route(shared, req, route)),
            None,
        );
    }
    let header = req.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    let auth = lock(&shared.identity).authorize(header, Instant::now());
    let user = match auth {
        Auth::User(u) => u,
        other => return (Outcome::Reply(unauthorized(shared, other)), None),
    };
    let builds = matches!(
        route,
        Route::Ado {
            api: Api::Builds,
            ..
        }
    );
    let fault = lock(&shared.faults).take(paths, Area::Ado { builds });
    let token = param(&req.query, "continuationToken");
    let outcome = with_fault(fault, token, || ado_route(shared, req, route, user));
    (outcome, Some(user))
}

fn with_fault(
    fault: Option<fault::FaultKind>,
    request_token: Option<&str>,
    real: impl FnOnce() -> Reply,
) -> Outcome {
    let Some(kind) = fault else {
        return Outcome::Reply(real());
    };
    match fault::before(kind) {
        Before::Replace(reply) => Outcome::Reply(reply),
        Before::Hang => Outcome::Hang,
        Before::Reset => Outcome::Reset,
        Before::Rewrite(kind) => Outcome::Reply(fault::after(kind, real(), request_token)),
    }
}

fn ado_route(shared: &Shared, req: &Incoming, route: &Route, user: usize) -> Reply {
    let Route::Ado {
        org,
        project,
        team,
        api,
    } = route
    else {
        return Reply::text(
            404,
            &format!(
                "The controller for path '{}' was not found or does not implement IController.",
                req.decoded_path
            ),
        );
    };
    let ctx = Ctx {
        urls: &shared.urls,
        query: &req.query,
        body: &req.body,
        user,
        now: Utc::now(),
    };
    let data = lock(&shared.org);
    dispatch(
        &data,
        &ctx,
        &req.method,
        (org, project.as_deref(), team.as_deref()),
        api,
    )
}

fn identity_route(shared: &Shared, req: &Incoming, route: &Route) -> Reply {
    let form = parse_pairs(&String::from_utf8_lossy(&req.body));
    let ctx = EntraCtx {
        base_url: &shared.urls.base,
        tenant: &shared.tenant,
        form: &form,
        now: Instant::now(),
        now_utc: Utc::now(),
    };
    let post_only = |f: &dyn Fn() -> Reply| {
        if req.method.eq_ignore_ascii_case("POST") {
            f()
        } else {
            Reply::entra(
                405,
                &serde_json::json!({ "error": "invalid_request", "error_description": "AADSTS900561: The endpoint only accepts POST requests." }),
            )
        }
    };
    match route {
        Route::DeviceCode { tenant } => {
            post_only(&|| entra::device_code(&mut lock(&shared.identity), &ctx, tenant))
        }
        Route::Token { tenant } => {
            post_only(&|| entra::token(&mut lock(&shared.identity), &ctx, tenant))
        }
        Route::DeviceLogin => {
            let me = {
                let org = lock(&shared.org);
                org.people
                    .get(org.me)
                    .map(|p| p.display_name.clone())
                    .unwrap_or_default()
            };
            entra::device_login(&mut lock(&shared.identity), &req.query, &me, ctx.now)
        }
        Route::Home => entra::home(&shared.urls.org_url()),
        _ => entra::authorize(),
    }
}

/// The 401/203 answers for requests that are nobody.
fn unauthorized(shared: &Shared, auth: Auth) -> Reply {
    let base = &shared.urls.base;
    let tenant = &shared.tenant;
    let plain =
        format!("Bearer authorization_uri={base}/{tenant}, Basic realm=\"{base}/\", TFS-Federated");
    let with_realm = |r: Reply, challenge: String| {
        r.header("www-authenticate", challenge)
            .header("x-tfs-fedauthrealm", format!("{base}/"))
            .header("x-tfs-fedauthissuer", format!("{}/", shared.urls.org_url()))
            .header("x-vss-resourcetenant", tenant.clone())
    };
    match auth {
        Auth::CaeChallenge { nbf } => {
            let claims = format!(
                "{{\"access_token\":{{\"nbf\":{{\"essential\":true,\"value\":\"{nbf}\"}},\"xms_caeerror\":{{\"value\":\"10012\"}}}}}}"
            );
            let encoded = base64::engine::general_purpose::STANDARD.encode(claims);
            let challenge = format!(
                "Bearer realm=\"\", authorization_uri=\"{base}/{tenant}/oauth2/authorize\", error=\"insufficient_claims\", claims=\"{encoded}\", Basic realm=\"{base}/\", TFS-Federated"
            );
            with_realm(Reply::empty(401), challenge)
        }
        Auth::PatRevoked => with_realm(
            Reply::ado_error(
                401,
                "Access Denied: The Personal Access Token used has expired.",
                "Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi",
                "AccessCheckException",
            ),
            plain,
        ),
        Auth::PatSignIn => fault::sign_in_page(),
        Auth::Plain | Auth::User(_) => with_realm(Reply::empty(401), plain),
    }
}

/// Turns a `Reply` into a response with the service's usual headers.
fn finish(
    shared: &Shared,
    req: &Incoming,
    route: &Route,
    user: Option<usize>,
    reply: Reply,
) -> Response {
    let has_cache_control = reply.header_value("cache-control").is_some();
    let mut resp = Response::new(Body::from(reply.body));
    *resp.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    let mut put = |name: &str, value: &str| {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            h.append(n, v);
        }
    };
    if let Some(ct) = reply.content_type {
        put(CONTENT_TYPE.as_str(), ct);
    }
    for (name, value) in &reply.headers {
        put(name, value);
    }
    let activity = guid();
    if route.is_identity() {
        put("x-ms-request-id", &activity);
    } else {
        let session = req
            .headers
            .get("x-tfs-session")
            .and_then(|v| v.to_str().ok())
            .map_or_else(guid, str::to_owned);
        put("activityid", &activity);
        put("x-vss-e2eid", &activity);
        put("x-tfs-session", &session);
        put("x-tfs-processid", &shared.process_id);
        if !has_cache_control {
            put("cache-control", "no-cache");
        }
        if let Some(u) = user {
            let org = lock(&shared.org);
            if let Some(p) = org.people.get(u) {
                put("x-vss-userdata", &format!("{}:{}", p.id, p.unique_name));
            }
        }
    }
    resp
}
