//! Small building blocks of the Azure DevOps wire format shared by every demo route:
//! dates, GUIDs, identity references, error bodies and the `Reply` type.
//! Pure formatting only: no state, no I/O.

use std::fmt::Write as _;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::data::Person;

/// `application/json` as Azure DevOps labels it, including the served api-version.
pub(crate) const ADO_JSON: &str = "application/json; charset=utf-8; api-version=7.1";
/// Entra answers without an api-version.
pub(crate) const ENTRA_JSON: &str = "application/json; charset=utf-8";
pub(crate) const HTML: &str = "text/html; charset=utf-8";
pub(crate) const TEXT: &str = "text/plain; charset=utf-8";

/// An HTTP answer before it becomes an axum response, so faults can rewrite it.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, value: &Value) -> Self {
        Self::with_type(status, ADO_JSON, value.to_string().into_bytes())
    }

    pub fn entra(status: u16, value: &Value) -> Self {
        Self::with_type(status, ENTRA_JSON, value.to_string().into_bytes())
    }

    pub fn html(status: u16, body: &str) -> Self {
        Self::with_type(status, HTML, body.as_bytes().to_vec())
    }

    pub fn text(status: u16, body: &str) -> Self {
        Self::with_type(status, TEXT, body.as_bytes().to_vec())
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn with_type(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            content_type: Some(content_type),
            headers: Vec::new(),
            body,
        }
    }

    /// An Azure DevOps error body (`$id`, `innerException`, `message`, `typeName`, ...),
    /// with the message also URL-encoded in `X-TFS-ServiceError` as the service does.
    pub fn ado_error(status: u16, message: &str, type_name: &str, type_key: &str) -> Self {
        let body = json!({
            "$id": "1",
            "innerException": null,
            "message": message,
            "typeName": type_name,
            "typeKey": type_key,
            "errorCode": 0,
            "eventId": 3000
        });
        Self::json(status, &body).header("x-tfs-serviceerror", url_encode(message))
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn set_header(&mut self, name: &'static str, value: String) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name, value));
    }
}

/// The common "bad request" shape for malformed input.
pub(crate) fn bad_request(message: &str) -> Reply {
    Reply::ado_error(
        400,
        message,
        "Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common",
        "VssServiceException",
    )
}

/// 404 for an organization or project that does not exist, exactly as the service words it.
pub(crate) fn project_not_found(name: &str) -> Reply {
    Reply::ado_error(
        404,
        &format!(
            "TF200016: The following project does not exist: {name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server."
        ),
        "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
        "ProjectDoesNotExistWithNameException",
    )
}

/// A date as Azure DevOps writes it: seven fractional digits and `Z`.
pub(crate) fn ado_date(at: DateTime<Utc>) -> String {
    format!(
        "{}.{:07}Z",
        at.format("%Y-%m-%dT%H:%M:%S"),
        at.timestamp_subsec_nanos() / 100
    )
}

/// A date-only value at midnight UTC, as iterations carry them.
pub(crate) fn midnight(at: DateTime<Utc>) -> String {
    format!("{}T00:00:00Z", at.format("%Y-%m-%d"))
}

/// A random version-4 GUID in the usual lowercase hyphenated form.
pub(crate) fn guid() -> String {
    guid_from(&mut fastrand::Rng::new())
}

/// A version-4 GUID drawn from `rng` (deterministic when the rng is seeded).
pub(crate) fn guid_from(rng: &mut fastrand::Rng) -> String {
    let mut b = [0u8; 16];
    for x in &mut b {
        *x = rng.u8(..);
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut h = String::with_capacity(32);
    for x in b {
        let _ = write!(h, "{x:02x}");
    }
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A random string from `alphabet`, for opaque tokens and codes.
pub(crate) fn random_string(len: usize, alphabet: &[u8]) -> String {
    let mut rng = fastrand::Rng::new();
    (0..len)
        .map(|_| char::from(alphabet[rng.usize(..alphabet.len())]))
        .collect()
}

/// Percent-encodes everything except unreserved characters (RFC 3986).
pub(crate) fn url_encode(s: &str) -> String {
    crate::azdo::convert::encode_path_segment(s)
}

/// Encodes a name for use inside a URL path (spaces become `%20`).
pub(crate) fn path_encode(s: &str) -> String {
    url_encode(s)
}

/// Decodes `%XX` escapes (and `+` as space when `plus_is_space`); invalid escapes stay as they are.
pub(crate) fn url_decode(s: &str, plus_is_space: bool) -> String {
    crate::azdo::convert::decode_percent(s, plus_is_space)
}

/// Parses `a=1&b=2` (query strings and form bodies) into decoded pairs, keeping order.
pub(crate) fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (url_decode(k, true), url_decode(v, true))
        })
        .collect()
}

/// Case-insensitive lookup of the first value for `name`.
pub(crate) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The `aad.` subject descriptor for an identity id.
pub(crate) fn descriptor(id: &str) -> String {
    format!(
        "aad.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id.as_bytes())
    )
}

/// URLs of the running demo organization.
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    pub base: String,
    pub org: String,
}

impl Urls {
    pub fn org_url(&self) -> String {
        format!("{}/{}", self.base, self.org)
    }

    /// A modern identity reference: displayName, url, `_links.avatar`, id, uniqueName,
    /// imageUrl, descriptor.
    pub fn identity_ref(&self, p: &Person) -> Value {
        let avatar = format!(
            "{}/_apis/GraphProfile/MemberAvatars/{}",
            self.org_url(),
            p.descriptor
        );
        json!({
            "displayName": p.display_name,
            "url": format!("{}/_apis/Identities/{}", self.org_url(), p.id),
            "_links": { "avatar": { "href": avatar } },
            "id": p.id,
            "uniqueName": p.unique_name,
            "imageUrl": avatar,
            "descriptor": p.descriptor
        })
    }

    /// The build service identity that changes builds on its own.
    pub fn service_identity(&self) -> Value {
        let id = "00000002-0000-8888-8000-000000000000";
        let descriptor = descriptor(id);
        let avatar = format!(
            "{}/_apis/GraphProfile/MemberAvatars/{descriptor}",
            self.org_url()
        );
        json!({
            "displayName": "Microsoft.VisualStudio.Services.TFS",
            "url": format!("{}/_apis/Identities/{id}", self.org_url()),
            "_links": { "avatar": { "href": avatar } },
            "id": id,
            "uniqueName": format!("{id}@{id}"),
            "imageUrl": avatar,
            "descriptor": descriptor
        })
    }
}
