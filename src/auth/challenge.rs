//! `WWW-Authenticate` parsing and Continuous Access Evaluation (CAE) claims challenges:
//! finding the claims a 401 asks for, merging them with adoboard's client capability,
//! and explaining in plain words why Azure DevOps asked.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// One challenge from a `WWW-Authenticate` header (RFC 9110 §11.6.1).
///
/// Parameter names keep the case they were sent in and values are unescaped
/// (quoted-pairs resolved, surrounding quotes removed). Look parameters up with
/// [`Challenge::param`], which ignores case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Challenge {
    /// The auth scheme as sent (`Bearer`, `PoP`, `Basic`, `TFS-Federated`, ...).
    pub scheme: String,
    /// `name=value` parameters in header order; a repeated name is kept twice.
    pub params: Vec<(String, String)>,
    /// The token68 form (`Basic dXNlcg==`), when the challenge used it.
    pub token68: Option<String>,
}

impl Challenge {
    /// The value of the first parameter called `name`, compared ASCII case-insensitively.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when this challenge's scheme is `scheme`, compared ASCII case-insensitively.
    pub fn is_scheme(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }
}

/// Parses every `WWW-Authenticate` field value of one response into challenges.
///
/// The fields are treated as one list joined with `", "`, so several fields and one
/// combined field give the same result. The parser is lenient and never panics:
/// scheme and parameter names may be in any case, values may be quoted (with
/// backslash escapes) or bare (ending at a comma or whitespace), parameters may be
/// separated by whitespace alone, schemes may stand alone (`TFS-Federated`) or carry
/// a token68. Text that fits no rule is skipped, and later challenges are still found.
/// Parameters that appear before any scheme are dropped.
pub fn parse_challenges(header_values: &[&str]) -> Vec<Challenge> {
    let joined = header_values.join(", ");
    let mut parser = Parser {
        chars: joined.chars().collect(),
        pos: 0,
    };
    parser.run()
}

/// A character-indexed cursor: indexing chars, not bytes, keeps non-ASCII input safe.
struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn run(&mut self) -> Vec<Challenge> {
        let mut out: Vec<Challenge> = Vec::new();
        loop {
            self.skip_while(|c| c == ',' || is_ws(c));
            let Some(c) = self.peek() else { break };
            if c == '"' {
                // A stray quoted string: consume it whole so its commas do not confuse us.
                let _ = self.quoted_string();
                continue;
            }
            if !is_tchar(c) {
                self.pos += 1;
                continue;
            }
            let name = self.take_while(is_tchar);
            if self.peek_past_ws() == Some('=') {
                self.skip_while(is_ws);
                self.pos += 1; // the '='
                self.skip_while(is_ws);
                let value = self.value();
                if let Some(current) = out.last_mut() {
                    current.params.push((name, value));
                }
                continue;
            }
            let mut challenge = Challenge {
                scheme: name,
                ..Challenge::default()
            };
            if self.peek().is_some_and(is_ws) {
                let save = self.pos;
                self.skip_while(is_ws);
                match self.token68() {
                    Some(t) => challenge.token68 = Some(t),
                    None => self.pos = save,
                }
            }
            out.push(challenge);
        }
        out
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// The first character at or after the cursor that is not whitespace, without moving.
    fn peek_past_ws(&self) -> Option<char> {
        self.chars
            .get(self.pos..)
            .and_then(|rest| rest.iter().copied().find(|&c| !is_ws(c)))
    }

    fn skip_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek().filter(|&c| keep(c)) {
            s.push(c);
            self.pos += 1;
        }
        s
    }

    /// A parameter value: a quoted-string, or everything up to a comma or whitespace.
    fn value(&mut self) -> String {
        if self.peek() == Some('"') {
            self.quoted_string()
        } else {
            self.take_while(|c| c != ',' && !is_ws(c))
        }
    }

    /// Consumes a quoted-string starting at `"` and returns its unescaped content.
    /// An unterminated string runs to the end of the input.
    fn quoted_string(&mut self) -> String {
        let mut s = String::new();
        self.pos += 1; // the opening quote
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '"' => break,
                '\\' => {
                    if let Some(escaped) = self.peek() {
                        s.push(escaped);
                        self.pos += 1;
                    }
                }
                _ => s.push(c),
            }
        }
        s
    }

    /// A token68 (`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`) that is
    /// followed only by optional whitespace and then a comma or the end. Consumes it
    /// and returns it on success; leaves the cursor where it was otherwise.
    fn token68(&mut self) -> Option<String> {
        let start = self.pos;
        let mut t = self.take_while(is_token68_char);
        if t.is_empty() {
            self.pos = start;
            return None;
        }
        t.push_str(&self.take_while(|c| c == '='));
        match self.peek_past_ws() {
            None | Some(',') => Some(t),
            Some(_) => {
                self.pos = start;
                None
            }
        }
    }
}

fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// RFC 9110 `tchar`.
fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_token68_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/".contains(c)
}

// ---------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------

/// What a 401's challenges say about claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimsOutcome {
    /// No Bearer challenge with `error="insufficient_claims"` and a non-empty `claims`:
    /// an ordinary authorization failure.
    NoClaims,
    /// A usable CAE claims challenge.
    Claims(ClaimsChallenge),
    /// The `claims` value is not base64 (either alphabet) or does not decode to UTF-8.
    Undecodable { raw: String },
    /// The `claims` value decodes to text that is not a JSON object; `decoded` is that text.
    NotAnObject { raw: String, decoded: String },
}

/// A decoded CAE claims challenge from a Bearer `WWW-Authenticate` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsChallenge {
    /// The `claims` parameter exactly as sent (after quoted-string unescaping).
    pub raw_b64: String,
    /// The decoded claims request, verbatim (whitespace and key order as sent).
    pub json: String,
    /// `json` parsed; always a JSON object.
    pub value: Map<String, Value>,
    /// The challenge's `authorization_uri` parameter.
    pub authorization_uri: Option<String>,
    /// The challenge's `realm` parameter (may be empty when the common endpoint is meant).
    pub realm: Option<String>,
    /// The challenge's `error_description` parameter.
    pub error_description: Option<String>,
    /// The tenant named by `authorization_uri`; see [`tenant_from_authorization_uri`].
    pub tenant: Option<String>,
}

/// Picks the CAE challenge out of parsed challenges and decodes its claims.
///
/// The CAE challenge is the first `Bearer` challenge whose `error` is
/// `insufficient_claims` (case-insensitive) and whose `claims` is not blank. Other
/// challenges, including Bearer ones with `error="invalid_token"` and claims, are
/// ignored. The claims are base64 in the standard or URL-safe alphabet, padded or
/// not, and must decode to UTF-8 text that parses as a JSON object.
pub fn claims_challenge(challenges: &[Challenge]) -> ClaimsOutcome {
    let found = challenges.iter().find_map(|c| {
        let is_cae = c.is_scheme("Bearer")
            && c.param("error")
                .is_some_and(|e| e.eq_ignore_ascii_case("insufficient_claims"));
        let claims = c.param("claims").filter(|v| !v.trim().is_empty())?;
        is_cae.then_some((c, claims))
    });
    let Some((challenge, raw)) = found else {
        return ClaimsOutcome::NoClaims;
    };
    let raw = raw.to_owned();
    let Some(decoded) = decode_claims(&raw) else {
        return ClaimsOutcome::Undecodable { raw };
    };
    let Ok(Value::Object(value)) = serde_json::from_str::<Value>(&decoded) else {
        return ClaimsOutcome::NotAnObject { raw, decoded };
    };
    let authorization_uri = challenge.param("authorization_uri").map(str::to_owned);
    let tenant = authorization_uri
        .as_deref()
        .and_then(tenant_from_authorization_uri);
    ClaimsOutcome::Claims(ClaimsChallenge {
        raw_b64: raw,
        json: decoded,
        value,
        authorization_uri,
        realm: challenge.param("realm").map(str::to_owned),
        error_description: challenge.param("error_description").map(str::to_owned),
        tenant,
    })
}

/// [`parse_challenges`] then [`claims_challenge`]: every `WWW-Authenticate` field
/// value of a 401 in, the claims verdict out.
pub fn classify(header_values: &[&str]) -> ClaimsOutcome {
    claims_challenge(&parse_challenges(header_values))
}

/// Standard alphabet, padding optional, non-zero trailing bits tolerated (`ey==` → `{`).
const LENIENT_B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes base64 in either alphabet, padded or not, to UTF-8 text.
fn decode_claims(raw: &str) -> Option<String> {
    let normalised: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    let bytes = LENIENT_B64.decode(normalised).ok()?;
    String::from_utf8(bytes).ok()
}

/// The tenant an `authorization_uri` names: its first path segment when that is a
/// GUID or a domain (`contoso.onmicrosoft.com`).
///
/// Returns `None` for `common`, `organizations`, `consumers`, any other word, the
/// all-zero GUID (Azure DevOps' marker for organizations backed by personal Microsoft
/// accounts) and URIs without a path.
pub fn tenant_from_authorization_uri(uri: &str) -> Option<String> {
    let uri = uri.trim();
    let after_scheme = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let (_, path) = after_scheme.split_once('/')?;
    let segment = path.split(['/', '?', '#']).next()?;
    let is_nil_guid = segment.chars().all(|c| c == '0' || c == '-');
    if (is_guid(segment) && !is_nil_guid) || is_domain(segment) {
        Some(segment.to_owned())
    } else {
        None
    }
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_domain(s: &str) -> bool {
    let mut labels = 0;
    for label in s.split('.') {
        if label.is_empty()
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return false;
        }
        labels += 1;
    }
    labels >= 2
}

// ---------------------------------------------------------------------------
// Merging with the client capability
// ---------------------------------------------------------------------------

/// The OAuth `claims` request that declares adoboard can handle CAE claims challenges.
pub const CLIENT_CAPABILITY: &str = r#"{"access_token":{"xms_cc":{"values":["cp1"]}}}"#;

/// The minified claims JSON to send with a token request: [`CLIENT_CAPABILITY`]
/// deep-merged with the challenge's claims.
///
/// Objects merge recursively; on any other conflict the challenge's value wins. Keys
/// already in the capability keep their place (so `access_token` is always first and
/// `xms_cc` leads inside it); keys only in the challenge follow in the order the map
/// yields them. This crate builds `serde_json` without `preserve_order`, so that order
/// is alphabetical rather than the order sent. `None` or an empty map gives the
/// capability alone.
pub fn merge_with_capability(challenge: Option<&Map<String, Value>>) -> String {
    let mut merged = capability_node();
    if let (Some(challenge), Node::Object(entries)) = (challenge, &mut merged) {
        merge_into(entries, challenge);
    }
    let mut out = String::new();
    merged.write(&mut out);
    out
}

/// A JSON value whose objects keep an explicit key order.
enum Node {
    Object(Vec<(String, Node)>),
    Leaf(Value),
}

impl Node {
    fn from_value(value: &Value) -> Node {
        match value {
            Value::Object(map) => Node::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::from_value(v)))
                    .collect(),
            ),
            other => Node::Leaf(other.clone()),
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Leaf(value) => out.push_str(&value.to_string()),
            Node::Object(entries) => {
                out.push('{');
                for (i, (key, node)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(':');
                    node.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// [`CLIENT_CAPABILITY`] as a [`Node`]; a unit test keeps the two in step.
fn capability_node() -> Node {
    let values = Node::Leaf(Value::Array(vec![Value::from("cp1")]));
    let xms_cc = Node::Object(vec![("values".to_owned(), values)]);
    let access_token = Node::Object(vec![("xms_cc".to_owned(), xms_cc)]);
    Node::Object(vec![("access_token".to_owned(), access_token)])
}

fn merge_into(entries: &mut Vec<(String, Node)>, overlay: &Map<String, Value>) {
    for (key, value) in overlay {
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, existing)) => match (existing, value) {
                (Node::Object(inner), Value::Object(overlay_inner)) => {
                    merge_into(inner, overlay_inner);
                }
                (existing, value) => *existing = Node::from_value(value),
            },
            None => entries.push((key.clone(), Node::from_value(value))),
        }
    }
}

// ---------------------------------------------------------------------------
// Explanation
// ---------------------------------------------------------------------------

/// Why Azure DevOps challenged, read from the claims under `access_token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// `nbf` is requested: tokens issued before `at` (Unix seconds) were revoked, for
    /// example after a password change or an admin revoking sessions.
    SessionRevoked { at: Option<i64> },
    /// `xms_rp_ipaddr` is present: a location policy rejected the address Azure DevOps
    /// saw (`ip`).
    IpPolicy { ip: Option<String> },
    /// `acrs` is requested: a Conditional Access policy wants a stronger sign-in (MFA).
    StrongerSignIn,
    /// Any other claims request.
    Other,
}

impl ClaimsChallenge {
    /// Classifies the challenge. Checked in order: `xms_rp_ipaddr` (IP policy), `acrs`
    /// (stronger sign-in), `nbf` (session revoked); anything else is [`Reason::Other`].
    pub fn reason(&self) -> Reason {
        let Some(Value::Object(access)) = self.value.get("access_token") else {
            return Reason::Other;
        };
        let inner_value = |claim: &str| access.get(claim).and_then(|c| c.get("value"));
        if access.contains_key("xms_rp_ipaddr") {
            let ip = inner_value("xms_rp_ipaddr")
                .and_then(Value::as_str)
                .map(str::to_owned);
            return Reason::IpPolicy { ip };
        }
        if access.contains_key("acrs") {
            return Reason::StrongerSignIn;
        }
        if access.contains_key("nbf") {
            let at = inner_value("nbf").and_then(|v| match v {
                Value::String(s) => s.trim().parse::<i64>().ok(),
                other => other.as_i64(),
            });
            return Reason::SessionRevoked { at };
        }
        Reason::Other
    }

    /// One sentence for the sign-in prompt. `at_fmt` renders Unix seconds (the caller
    /// owns time zones and formats, keeping this pure).
    pub fn describe(&self, at_fmt: impl Fn(i64) -> String) -> String {
        match self.reason() {
            Reason::SessionRevoked { at: Some(at) } => format!(
                "Your Azure DevOps session was revoked at {}; sign in again to continue.",
                at_fmt(at)
            ),
            Reason::SessionRevoked { at: None } => {
                "Your Azure DevOps session was revoked; sign in again to continue.".to_owned()
            }
            Reason::IpPolicy { ip: Some(ip) } => format!(
                "Azure DevOps saw your request from {ip}, which a location policy does not \
                 allow for this sign-in; sign in again from this network to continue."
            ),
            Reason::IpPolicy { ip: None } => "Your network location changed and a location \
                 policy requires you to sign in again."
                .to_owned(),
            Reason::StrongerSignIn => "A Conditional Access policy requires a stronger sign-in \
                 (such as multi-factor authentication) for Azure DevOps."
                .to_owned(),
            Reason::Other => {
                "Azure DevOps asked for additional sign-in claims; sign in again to continue."
                    .to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests;
