//! The Azure DevOps REST client: base URL, api-version 7.1, Authorization header,
//! typed errors. The same code talks to dev.azure.com and to the demo organization;
//! only the base URL and the token source differ. Never logs a token.

pub mod convert;
pub mod date;
pub mod endpoints;
pub mod error;
pub mod model;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

pub use error::Error;

use crate::auth::TokenSource;
use crate::auth::challenge::{self, ClaimsOutcome};

pub const API_VERSION: &str = "7.1";
/// No request may hang the board longer than this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How much of an error body ends up in a message.
const MESSAGE_LIMIT: usize = 200;
/// The all-zero tenant marks orgs backed by personal accounts: it names no tenant.
const NO_TENANT: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// `https://dev.azure.com/{org}` (or `{org}.visualstudio.com`, or the demo server).
    pub org_url: String,
    pub project: String,
    pub team: String,
}

/// Rate-limit headers seen on the latest answer (see Azure DevOps' "Rate and usage limits").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateLimit {
    pub remaining: Option<f64>,
    pub limit: Option<f64>,
    /// Seconds this request was held by the service.
    pub delay: Option<f64>,
    pub retry_after: Option<u64>,
    pub resource: Option<String>,
}

impl RateLimit {
    fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let num = |name: &str| header_str(headers, name).and_then(|v| v.trim().parse::<f64>().ok());
        let r = RateLimit {
            remaining: num("x-ratelimit-remaining"),
            limit: num("x-ratelimit-limit"),
            delay: num("x-ratelimit-delay"),
            retry_after: header_str(headers, "retry-after").and_then(|v| v.trim().parse().ok()),
            resource: header_str(headers, "x-ratelimit-resource").map(|s| clip(s, 80)),
        };
        (r != RateLimit::default()).then_some(r)
    }

    /// The more cautious of two readings: least remaining, longest waits.
    fn merge(self, other: RateLimit) -> RateLimit {
        fn pick(a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> f64) -> Option<f64> {
            match (a, b) {
                (Some(a), Some(b)) => Some(f(a, b)),
                (a, b) => a.or(b),
            }
        }
        RateLimit {
            remaining: pick(self.remaining, other.remaining, f64::min),
            limit: self.limit.or(other.limit),
            delay: pick(self.delay, other.delay, f64::max),
            retry_after: self.retry_after.max(other.retry_after),
            resource: self.resource.or(other.resource),
        }
    }

    /// The service is close to delaying us: fewer than 10% of TSTUs left, or it
    /// already delayed this request, or asked to retry later.
    pub fn is_low(&self) -> bool {
        let low = match (self.remaining, self.limit) {
            (Some(rem), Some(limit)) if limit > 0.0 => rem / limit < 0.1,
            (Some(rem), None) => rem <= 0.0,
            _ => false,
        };
        low || self.delay.is_some_and(|d| d > 0.0) || self.retry_after.is_some()
    }
}

/// A successful answer's body and headers.
pub struct Answer {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub struct Client {
    http: reqwest::Client,
    config: ClientConfig,
    tokens: Arc<dyn TokenSource>,
    rate: Mutex<Option<RateLimit>>,
}

impl Client {
    pub fn new(http: reqwest::Client, config: ClientConfig, tokens: Arc<dyn TokenSource>) -> Self {
        Client {
            http,
            config,
            tokens,
            rate: Mutex::new(None),
        }
    }

    /// A reqwest client with the timeouts and TLS adoboard uses everywhere.
    pub fn http_client() -> Result<reqwest::Client, Error> {
        Self::http_client_with_timeout(REQUEST_TIMEOUT)
    }

    /// As [`Client::http_client`], with another per-request timeout (tests use short ones).
    pub fn http_client_with_timeout(timeout: Duration) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("adoboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Network(clip(&e.to_string(), MESSAGE_LIMIT)))
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    pub fn tokens(&self) -> &Arc<dyn TokenSource> {
        &self.tokens
    }

    /// The rate-limit headers of the latest answer, once.
    pub fn take_rate_limit(&self) -> Option<RateLimit> {
        self.rate.lock().ok().and_then(|mut r| r.take())
    }

    /// `{org_url}/{segments...}?api-version=7.1&{query}` with each segment encoded.
    pub fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, Error> {
        let mut url = Url::parse(&self.config.org_url).map_err(|e| Error::Request {
            status: 0,
            message: format!("bad organization URL: {e}"),
        })?;
        {
            let mut path = url.path_segments_mut().map_err(|()| Error::Request {
                status: 0,
                message: "bad organization URL".into(),
            })?;
            path.pop_if_empty();
            for s in segments {
                path.push(s);
            }
        }
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("api-version", API_VERSION);
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// Send one request and classify the answer. Only 2xx (other than 203) is Ok.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
    ) -> Result<Answer, Error> {
        let auth = self.tokens.authorization().await.map_err(Error::Auth)?;
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(reqwest::header::AUTHORIZATION, sensitive_header(&auth)?)
            .header(reqwest::header::ACCEPT, "application/json")
            // Ask for a 401 rather than a redirect to a sign-in page when refused.
            .header("X-TFS-FedAuthRedirect", "Suppress");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| network_error(&e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| network_error(&e))?
            .to_vec();
        tracing::debug!(%method, path = url.path(), status = status.as_u16(), activity = header_str(&headers, "activityid"), "azdo");
        if let Some(rate) = RateLimit::from_headers(&headers)
            && let Ok(mut slot) = self.rate.lock()
        {
            // Requests run in parallel: keep the most cautious reading until taken.
            *slot = Some(match slot.take() {
                Some(seen) => seen.merge(rate),
                None => rate,
            });
        }
        classify(status, &headers, &body)?;
        Ok(Answer { headers, body })
    }

    pub async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<(T, HeaderMap), Error> {
        let answer = self.send(Method::GET, url, None).await?;
        Ok((decode(&answer.body, &answer.headers)?, answer.headers))
    }

    pub async fn post<T: DeserializeOwned>(
        &self,
        url: Url,
        body: serde_json::Value,
    ) -> Result<T, Error> {
        let answer = self.send(Method::POST, url, Some(body)).await?;
        decode(&answer.body, &answer.headers)
    }
}

/// The Authorization value marked sensitive, so HTTP-layer Debug output redacts it.
fn sensitive_header(auth: &crate::secret::Secret) -> Result<reqwest::header::HeaderValue, Error> {
    let mut value = reqwest::header::HeaderValue::from_str(auth.expose()).map_err(|_| {
        Error::Auth(crate::auth::AuthError::Service(
            "the credential holds characters a header cannot carry".into(),
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Turn a non-success answer into a typed error.
fn classify(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
    if status == StatusCode::NON_AUTHORITATIVE_INFORMATION {
        return Err(Error::Unauthorized {
            message: "the service answered with a sign-in page (203): the credential was refused"
                .into(),
            tenant: resource_tenant(headers),
            sign_in_page: true,
        });
    }
    if status.is_success() {
        return Ok(());
    }
    if status.is_redirection() {
        // Redirects are not followed; the service only sends them to a sign-in page.
        return Err(Error::Unauthorized {
            message: format!(
                "the service redirected to a sign-in page ({}): the credential was refused",
                status.as_u16()
            ),
            tenant: resource_tenant(headers),
            sign_in_page: true,
        });
    }
    let message = error_message(status, headers, body);
    match status {
        StatusCode::UNAUTHORIZED => {
            let values: Vec<&str> = headers
                .get_all(WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            let tenant = resource_tenant(headers);
            match challenge::classify(&values) {
                ClaimsOutcome::Claims(claims) => {
                    let tenant = tenant.or_else(|| claims.tenant.clone());
                    Err(Error::Challenge {
                        claims: Box::new(claims),
                        tenant,
                    })
                }
                ClaimsOutcome::Undecodable { .. } | ClaimsOutcome::NotAnObject { .. } => {
                    Err(Error::Unauthorized {
                        message:
                            "sign-in refused, and the service's claims challenge could not be read"
                                .into(),
                        tenant,
                        sign_in_page: false,
                    })
                }
                ClaimsOutcome::NoClaims => Err(Error::Unauthorized {
                    message,
                    tenant,
                    sign_in_page: false,
                }),
            }
        }
        StatusCode::NOT_FOUND => Err(Error::NotFound { message }),
        StatusCode::TOO_MANY_REQUESTS => {
            let secs = header_str(headers, "retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(60);
            Err(Error::Throttled {
                retry_after: Duration::from_secs(secs.clamp(1, 3600)),
                message,
            })
        }
        s if s.is_server_error() => Err(Error::Server {
            status: s.as_u16(),
            message,
        }),
        s => Err(Error::Request {
            status: s.as_u16(),
            message,
        }),
    }
}

/// JSON body with a UTF-8 byte-order mark tolerated.
pub fn decode<T: DeserializeOwned>(body: &[u8], headers: &HeaderMap) -> Result<T, Error> {
    let body = model::strip_bom(body);
    serde_json::from_slice(body).map_err(|e| {
        let what = if is_html(headers, body) {
            "an HTML page instead of JSON".to_owned()
        } else if body.is_empty() {
            "an empty body".to_owned()
        } else if e.is_eof() {
            "JSON cut short".to_owned()
        } else {
            format!("JSON not as expected ({e})")
        };
        Error::Decode(clip(&what, MESSAGE_LIMIT))
    })
}

fn is_html(headers: &HeaderMap, body: &[u8]) -> bool {
    header_str(headers, "content-type").is_some_and(|c| c.contains("html"))
        || body
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take(1)
            .any(|&b| b == b'<')
}

/// A one-line message for an error answer: Azure DevOps' JSON `message` (with its
/// TF/VS code), else the first line of a text body, else the status.
fn error_message(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> String {
    let stripped = model::strip_bom(body);
    if let Ok(err) = serde_json::from_slice::<model::AdoErrorBody>(stripped)
        && let Some(m) = err.message.as_deref().filter(|m| !m.trim().is_empty())
    {
        return clip(m, MESSAGE_LIMIT);
    }
    if let Some(m) = header_str(headers, "x-tfs-serviceerror") {
        let decoded = convert::decode_percent(m, true);
        if !decoded.trim().is_empty() {
            return clip(&decoded, MESSAGE_LIMIT);
        }
    }
    let reason = status.canonical_reason().unwrap_or("error");
    if is_html(headers, stripped) {
        return format!("{} {reason} (an HTML error page)", status.as_u16());
    }
    let text = String::from_utf8_lossy(stripped);
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) => clip(
            &format!("{} {reason}: {line}", status.as_u16()),
            MESSAGE_LIMIT,
        ),
        None => format!("{} {reason}", status.as_u16()),
    }
}

fn resource_tenant(headers: &HeaderMap) -> Option<String> {
    header_str(headers, "x-vss-resourcetenant")
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != NO_TENANT)
        .map(str::to_owned)
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn network_error(e: &reqwest::Error) -> Error {
    let what = if e.is_timeout() {
        format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())
    } else if e.is_connect() {
        // The cause sits a few levels down (reqwest -> hyper-util -> resolver).
        let mut detail = String::new();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            detail.push_str(&cause.to_string().to_ascii_lowercase());
            detail.push(' ');
            source = cause.source();
        }
        if detail.contains("dns") || detail.contains("resolve") || detail.contains("lookup") {
            "could not resolve the host name".to_owned()
        } else {
            "could not connect (refused or unreachable)".to_owned()
        }
    } else if e.is_body() || e.is_decode() {
        "the connection dropped mid-answer".to_owned()
    } else {
        "the connection failed or was reset".to_owned()
    };
    Error::Network(what)
}

/// One line, at most `limit` chars, control characters removed.
pub fn clip(s: &str, limit: usize) -> String {
    let line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > limit {
        let mut cut: String = line.chars().take(limit.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_handles_service_error_header() {
        assert_eq!(
            convert::decode_percent("Access%20Denied%3A%20expired", true),
            "Access Denied: expired"
        );
        assert_eq!(convert::decode_percent("100%", true), "100%");
        assert_eq!(convert::decode_percent("%zz", true), "%zz");
    }

    #[test]
    fn clip_is_one_line_and_bounded() {
        assert_eq!(clip("a\nb\x1b[2J", 100), "a b [2J");
        assert_eq!(clip(&"x".repeat(300), 10).chars().count(), 10);
    }

    #[test]
    fn rate_limit_readings_merge_cautiously() {
        let a = RateLimit {
            remaining: Some(50.0),
            limit: Some(200.0),
            retry_after: Some(5),
            ..RateLimit::default()
        };
        let b = RateLimit {
            remaining: Some(4.0),
            delay: Some(1.5),
            ..RateLimit::default()
        };
        let m = a.merge(b);
        assert_eq!(m.remaining, Some(4.0));
        assert_eq!(m.limit, Some(200.0));
        assert_eq!(m.delay, Some(1.5));
        assert_eq!(m.retry_after, Some(5));
    }

    #[test]
    fn redirects_mean_a_refused_credential() {
        let err = classify(StatusCode::FOUND, &HeaderMap::new(), b"").unwrap_err();
        assert!(
            matches!(
                err,
                Error::Unauthorized {
                    sign_in_page: true,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn rate_limit_low_when_under_ten_percent() {
        let r = RateLimit {
            remaining: Some(5.0),
            limit: Some(200.0),
            ..RateLimit::default()
        };
        assert!(r.is_low());
        let r = RateLimit {
            remaining: Some(150.0),
            limit: Some(200.0),
            ..RateLimit::default()
        };
        assert!(!r.is_low());
    }
}
