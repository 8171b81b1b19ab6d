//! Fault injection for robustness tests: which faults are armed, which request they hit,
//! and how each one bends or replaces an answer. Faults never touch the organization data.

use chrono::Utc;
use serde_json::json;

use super::wire::Reply;

/// A fault armed on the demo server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Substring of the request path, compared case-insensitively with both the raw and
    /// the percent-decoded path; `""` matches every Azure DevOps route (but not the
    /// identity endpoints, which need an explicit substring such as `"oauth2"`).
    pub path_contains: String,
    pub kind: FaultKind,
    /// How many matching requests it affects.
    pub times: u32,
}

impl Fault {
    /// A fault that hits the next matching request once.
    pub fn once(path_contains: impl Into<String>, kind: FaultKind) -> Self {
        Self {
            path_contains: path_contains.into(),
            kind,
            times: 1,
        }
    }

    /// A fault that hits the next `times` matching requests.
    pub fn times(path_contains: impl Into<String>, kind: FaultKind, times: u32) -> Self {
        Self {
            path_contains: path_contains.into(),
            kind,
            times,
        }
    }
}

/// What a fault does to the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// That status with an Azure DevOps error JSON body.
    Status(u16),
    /// That status with an HTML error page.
    HtmlErrorPage(u16),
    /// That status with a `text/plain` body.
    PlainText(u16),
    /// 200 with the real JSON cut in half.
    Truncated,
    /// 200 with a body that is not JSON at all.
    Malformed,
    /// The real JSON prefixed with a UTF-8 byte order mark.
    Bom,
    /// 203 with an HTML sign-in page, as for a PAT the service no longer accepts.
    SignInPage203,
    /// 429 with `Retry-After`, `X-RateLimit-*` headers and a TF400733 body.
    TooManyRequests { retry_after_secs: u64 },
    /// The real answer with `X-RateLimit-Remaining` low (throttling is near).
    RateLimitLow { remaining: u32 },
    /// Never answer; the request is held until the client gives up or the server stops.
    Hang,
    /// Drop the connection without an answer (TCP reset).
    Reset,
    /// The builds list sends the same continuation token forever.
    RepeatContinuationToken,
}

/// Faults worth watching on the live demo board, in the order the `F` key cycles
/// through them, each with a short description.
pub const SHOWCASE: &[(FaultKind, &str)] = &[
    (
        FaultKind::Status(500),
        "a 500 with an Azure DevOps error body",
    ),
    (FaultKind::Status(503), "a 503: collection stopped"),
    (FaultKind::HtmlErrorPage(502), "a 502 HTML error page"),
    (FaultKind::PlainText(500), "a text/plain 500"),
    (FaultKind::Truncated, "JSON cut in half"),
    (FaultKind::Malformed, "a body that is not JSON"),
    (FaultKind::Bom, "JSON behind a byte-order mark (tolerated)"),
    (FaultKind::Reset, "a connection reset"),
    (
        FaultKind::TooManyRequests {
            retry_after_secs: 20,
        },
        "a 429 with Retry-After: 20",
    ),
    (
        FaultKind::RateLimitLow { remaining: 4 },
        "X-RateLimit-Remaining: 4 of 200",
    ),
    (
        FaultKind::Hang,
        "a request that never answers (times out after 30 s)",
    ),
];

/// Where a request is going, for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    Ado { builds: bool },
    Identity,
}

#[derive(Debug, Default)]
pub(crate) struct FaultState {
    armed: Vec<Fault>,
}

impl FaultState {
    pub fn inject(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.armed.push(fault);
        }
    }

    pub fn clear(&mut self) {
        self.armed.clear();
    }

    /// Takes one use of the first armed fault that matches this request.
    pub fn take(&mut self, paths: [&str; 2], area: Area) -> Option<FaultKind> {
        let index = self.armed.iter().position(|f| {
            let needle = f.path_contains.to_ascii_lowercase();
            let path_matches = paths
                .iter()
                .any(|p| p.to_ascii_lowercase().contains(&needle));
            match area {
                Area::Identity => !needle.is_empty() && path_matches,
                Area::Ado { builds } => {
                    path_matches && (builds || f.kind != FaultKind::RepeatContinuationToken)
                }
            }
        })?;
        let fault = &mut self.armed[index];
        let kind = fault.kind;
        fault.times -= 1;
        if fault.times == 0 {
            self.armed.remove(index);
        }
        Some(kind)
    }
}

/// What to do with a request a fault hit, before the real handler runs.
#[derive(Debug)]
pub(crate) enum Before {
    /// Answer with this instead of the real answer.
    Replace(Reply),
    Hang,
    Reset,
    /// Run the real handler, then rewrite its answer.
    Rewrite(FaultKind),
}

pub(crate) fn before(kind: FaultKind) -> Before {
    match kind {
        FaultKind::Status(status) => Before::Replace(status_reply(status)),
        FaultKind::HtmlErrorPage(status) => Before::Replace(Reply::html(
            sane_status(status),
            &format!(
                "<!DOCTYPE html>\n<html><head><title>Azure DevOps Services | Error {status}</title></head>\
                 <body><h1>We're sorry, something went wrong ({status})</h1>\
                 <p>Please try again in a few minutes.</p></body></html>"
            ),
        )),
        FaultKind::PlainText(status) => Before::Replace(Reply::text(
            sane_status(status),
            &format!("The service returned status {status}. Please try again later."),
        )),
        FaultKind::Malformed => {
            let mut r = Reply::json(200, &json!({}));
            r.body = b"{\"count\": 3, \"value\": [ {\"id\": 1,, ]<html>".to_vec();
            Before::Replace(r)
        }
        FaultKind::SignInPage203 => Before::Replace(sign_in_page()),
        FaultKind::TooManyRequests { retry_after_secs } => {
            Before::Replace(too_many_requests(retry_after_secs))
        }
        FaultKind::Hang => Before::Hang,
        FaultKind::Reset => Before::Reset,
        FaultKind::Truncated
        | FaultKind::Bom
        | FaultKind::RateLimitLow { .. }
        | FaultKind::RepeatContinuationToken => Before::Rewrite(kind),
    }
}

/// Rewrites a real answer for the faults that need one.
pub(crate) fn after(kind: FaultKind, mut reply: Reply, request_token: Option<&str>) -> Reply {
    match kind {
        FaultKind::Truncated => {
            let half = reply.body.len() / 2;
            reply.body.truncate(half);
            reply.status = 200;
        }
        FaultKind::Bom => {
            let mut body = vec![0xEF, 0xBB, 0xBF];
            body.append(&mut reply.body);
            reply.body = body;
        }
        FaultKind::RateLimitLow { remaining } => {
            let reset = Utc::now().timestamp() + 300;
            reply = reply
                .header("x-ratelimit-resource", "ATCommandService")
                .header("x-ratelimit-delay", "1.5")
                .header("x-ratelimit-limit", "200")
                .header("x-ratelimit-remaining", remaining.to_string())
                .header("x-ratelimit-reset", reset.to_string());
        }
        FaultKind::RepeatContinuationToken => {
            let token = request_token
                .map(str::to_owned)
                .or_else(|| {
                    reply
                        .header_value("x-ms-continuationtoken")
                        .map(str::to_owned)
                })
                // A valid token that points back at the newest build: the next
                // page starts over, as a buggy service might.
                .unwrap_or_else(|| format!("{}_{}", i64::MAX, u32::MAX));
            reply.set_header("x-ms-continuationtoken", token);
        }
        _ => {}
    }
    reply
}

fn sane_status(status: u16) -> u16 {
    if (100..=999).contains(&status) {
        status
    } else {
        500
    }
}

fn status_reply(status: u16) -> Reply {
    let status = sane_status(status);
    let (message, type_name, type_key) = match status {
        401 => (
            "TF400813: The user is not authorized to access this resource.".to_owned(),
            "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server",
            "UnauthorizedRequestException",
        ),
        404 => (
            "VS800075: The resource you are looking for was not found.".to_owned(),
            "Microsoft.VisualStudio.Services.WebApi.VssResourceNotFoundException, Microsoft.VisualStudio.Services.WebApi",
            "VssResourceNotFoundException",
        ),
        503 => (
            "TF24668: The following team project collection is stopped: fabrikam. Start the collection and then try again.".to_owned(),
            "Microsoft.TeamFoundation.Framework.Server.HostShutdownException, Microsoft.TeamFoundation.Framework.Server",
            "HostShutdownException",
        ),
        _ => (
            format!(
                "TF400898: An Internal Error Occurred. Activity Id: {}. Status {status}.",
                super::wire::guid()
            ),
            "Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common",
            "VssServiceException",
        ),
    };
    Reply::ado_error(status, &message, type_name, type_key)
}

/// The HTML sign-in page Azure DevOps serves with 203 when it does not accept credentials.
pub(crate) fn sign_in_page() -> Reply {
    Reply::html(
        203,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Azure DevOps Services | Sign In</title></head>\
         <body><div id=\"signin\"><h1>Sign in to your account</h1>\
         <form method=\"post\" action=\"/_signin\"><input type=\"email\" name=\"loginfmt\">\
         <button type=\"submit\">Next</button></form></div></body></html>",
    )
}

fn too_many_requests(retry_after_secs: u64) -> Reply {
    let reset = Utc::now()
        .timestamp()
        .saturating_add(i64::try_from(retry_after_secs).unwrap_or(i64::MAX / 2));
    Reply::ado_error(
        429,
        "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'ATCommandService' in namespace 'User'.",
        "Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server",
        "RequestBlockedException",
    )
    .header("retry-after", retry_after_secs.to_string())
    .header("x-ratelimit-resource", "ATCommandService")
    .header("x-ratelimit-delay", "0.000")
    .header("x-ratelimit-limit", "200")
    .header("x-ratelimit-remaining", "0")
    .header("x-ratelimit-reset", reset.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_count_down_and_respect_areas() {
        let mut s = FaultState::default();
        s.inject(Fault::times("", FaultKind::Status(500), 2));
        s.inject(Fault::once("oauth2", FaultKind::Malformed));
        assert_eq!(
            s.take(["/oauth2/v2.0/token", ""], Area::Identity),
            Some(FaultKind::Malformed)
        );
        assert_eq!(s.take(["/oauth2/v2.0/token", ""], Area::Identity), None);
        let ado = Area::Ado { builds: false };
        assert_eq!(s.take(["/x", ""], ado), Some(FaultKind::Status(500)));
        assert_eq!(s.take(["/x", ""], ado), Some(FaultKind::Status(500)));
        assert_eq!(s.take(["/x", ""], ado), None);
    }
}
