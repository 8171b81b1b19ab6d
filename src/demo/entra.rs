//! Entra-shaped identity endpoints of the demo: device code, token (device code and
//! refresh token grants), the `/devicelogin` page and a stub authorize page. Formats
//! answers only; token state lives in `identity.rs`.

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::identity::{GrantError, IdentityState, Issued, TokenRequestRecord, claims_info};
use super::wire::{Reply, guid, param};

const ADO_SCOPE: &str = "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation";

/// Inputs every identity handler needs.
pub(crate) struct EntraCtx<'a> {
    pub base_url: &'a str,
    pub tenant: &'a str,
    pub form: &'a [(String, String)],
    pub now: Instant,
    pub now_utc: DateTime<Utc>,
}

fn tenant_ok(ctx: &EntraCtx<'_>, tenant: &str) -> bool {
    tenant.eq_ignore_ascii_case(ctx.tenant)
        || tenant.eq_ignore_ascii_case("organizations")
        || tenant.eq_ignore_ascii_case("common")
}

/// An Entra error body (`error`, `error_description`, `error_codes`, trace ids, ...).
fn entra_error(ctx: &EntraCtx<'_>, status: u16, error: &str, code: u32, text: &str) -> Reply {
    let trace = guid();
    let correlation = guid();
    let stamp = ctx.now_utc.format("%Y-%m-%d %H:%M:%SZ").to_string();
    let mut body = json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {text} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {stamp}"),
        "error_codes": [code],
        "timestamp": stamp,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": format!("{}/error?code={code}", ctx.base_url)
    });
    if code == 50173
        && let Some(obj) = body.as_object_mut()
    {
        obj.insert("suberror".into(), json!("bad_token"));
    }
    Reply::entra(status, &body)
}

fn missing(ctx: &EntraCtx<'_>, name: &str) -> Reply {
    entra_error(
        ctx,
        400,
        "invalid_request",
        900_144,
        &format!("The request body must contain the following parameter: '{name}'."),
    )
}

fn unknown_tenant(ctx: &EntraCtx<'_>, tenant: &str) -> Reply {
    entra_error(
        ctx,
        400,
        "invalid_request",
        90002,
        &format!(
            "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
        ),
    )
}

/// Log a devicecode/token request for tests, then check what both endpoints need:
/// a known tenant and a client id. Returns the request's `claims`, or the error answer.
fn admit<'a>(
    state: &mut IdentityState,
    ctx: &EntraCtx<'a>,
    tenant: &str,
    endpoint: &str,
    grant_type: &str,
) -> Result<Option<&'a str>, Reply> {
    let claims = param(ctx.form, "claims");
    let (cae_capable, nbf) = claims_info(claims);
    state.token_requests.push(TokenRequestRecord {
        endpoint: endpoint.into(),
        grant_type: grant_type.to_owned(),
        claims: claims.map(str::to_owned),
        cae_capable,
        nbf,
    });
    if !tenant_ok(ctx, tenant) {
        return Err(unknown_tenant(ctx, tenant));
    }
    if param(ctx.form, "client_id").is_none_or(str::is_empty) {
        return Err(missing(ctx, "client_id"));
    }
    Ok(claims)
}

pub(crate) fn device_code(state: &mut IdentityState, ctx: &EntraCtx<'_>, tenant: &str) -> Reply {
    let claims = match admit(state, ctx, tenant, "devicecode", "") {
        Ok(claims) => claims,
        Err(reply) => return reply,
    };
    let code = state.new_device_code(claims, ctx.now);
    let uri = format!("{}/devicelogin", ctx.base_url);
    Reply::entra(
        200,
        &json!({
            "user_code": code.user_code,
            "device_code": code.device_code,
            "verification_uri": uri,
            "expires_in": 900,
            "interval": 1,
            "message": format!("To sign in, use a web browser to open the page {uri} and enter the code {} to authenticate.", code.user_code)
        }),
    )
}

fn tokens(issued: &Issued) -> Reply {
    Reply::entra(
        200,
        &json!({
            "token_type": "Bearer",
            "scope": ADO_SCOPE,
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": issued.access_token,
            "refresh_token": issued.refresh_token
        }),
    )
    .header("cache-control", "no-store, no-cache")
}

fn grant_error(ctx: &EntraCtx<'_>, e: &GrantError) -> Reply {
    match e {
        GrantError::Pending => entra_error(
            ctx,
            400,
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        ),
        GrantError::Expired => entra_error(
            ctx,
            400,
            "expired_token",
            70020,
            "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
        ),
        GrantError::UnknownDeviceCode => entra_error(
            ctx,
            400,
            "invalid_grant",
            70000,
            "The provided value for the input parameter 'device_code' is not valid.",
        ),
        GrantError::AlreadyRedeemed => entra_error(
            ctx,
            400,
            "invalid_grant",
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ),
        GrantError::UnknownRefreshToken => entra_error(
            ctx,
            400,
            "invalid_grant",
            9_002_313,
            "Invalid request. Request is malformed or invalid.",
        ),
        GrantError::Revoked {
            issued_unix,
            valid_from_unix,
        } => {
            let fmt = |s: i64| {
                DateTime::from_timestamp(s, 0)
                    .map(|d| d.format("%m/%d/%Y %H:%M:%S").to_string())
                    .unwrap_or_default()
            };
            entra_error(
                ctx,
                400,
                "invalid_grant",
                50173,
                &format!(
                    "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{}'.",
                    fmt(*issued_unix),
                    fmt(*valid_from_unix)
                ),
            )
        }
    }
}

pub(crate) fn token(state: &mut IdentityState, ctx: &EntraCtx<'_>, tenant: &str) -> Reply {
    let grant_type = param(ctx.form, "grant_type").unwrap_or("");
    let claims = match admit(state, ctx, tenant, "token", grant_type) {
        Ok(claims) => claims,
        Err(reply) => return reply,
    };
    let now_unix = ctx.now_utc.timestamp();
    let result = match grant_type {
        "urn:ietf:params:oauth:grant-type:device_code" | "device_code" => {
            let Some(code) = param(ctx.form, "device_code").filter(|c| !c.is_empty()) else {
                return missing(ctx, "device_code");
            };
            state.redeem_device_code(code, claims, ctx.now, now_unix)
        }
        "refresh_token" => {
            let Some(rt) = param(ctx.form, "refresh_token").filter(|c| !c.is_empty()) else {
                return missing(ctx, "refresh_token");
            };
            state.redeem_refresh_token(rt, claims, ctx.now, now_unix)
        }
        "" => return missing(ctx, "grant_type"),
        other => {
            return entra_error(
                ctx,
                400,
                "unsupported_grant_type",
                70003,
                &format!("The app requested an unsupported grant type '{other}'."),
            );
        }
    };
    match result {
        Ok(issued) => tokens(&issued),
        Err(e) => grant_error(ctx, &e),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:32em;margin:4em auto}}input{{font-size:1.4em;letter-spacing:.2em}}</style>\
         </head><body><h1>{title}</h1>{body}</body></html>"
    )
}

/// `GET /devicelogin[?code=XXXX-XXXX]`: the page a person uses to approve a device code.
pub(crate) fn device_login(
    state: &mut IdentityState,
    query: &[(String, String)],
    me: &str,
    now: Instant,
) -> Reply {
    let form = "<form method=\"get\" action=\"/devicelogin\"><p>Enter the code shown in adoboard:</p>\
                <p><input name=\"code\" autofocus autocomplete=\"off\"></p><p><button type=\"submit\">Sign in</button></p></form>";
    match param(query, "code")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => Reply::html(200, &page("adoboard demo sign-in", form)),
        Some(code) if state.approve_user_code(code, now) => Reply::html(
            200,
            &page(
                "You are signed in",
                &format!(
                    "<p>You have signed in to the adoboard demo organization as <b>{}</b>. You can close this window.</p>",
                    html_escape(me)
                ),
            ),
        ),
        Some(code) => Reply::html(
            400,
            &page(
                "Code not recognised",
                &format!(
                    "<p>The code <b>{}</b> is not waiting for sign-in (it may have expired or been used).</p>{form}",
                    html_escape(code)
                ),
            ),
        ),
    }
}

/// `GET /`: what a person sees when opening the demo server in a browser.
pub(crate) fn home(org_url: &str) -> Reply {
    let org_url = html_escape(org_url);
    Reply::html(
        200,
        &page(
            "adoboard demo organization",
            &format!(
                "<p>This server plays the Azure DevOps organization <code>{org_url}</code> for adoboard.</p>\
                 <p>To approve a sign-in, open <a href=\"/devicelogin\">/devicelogin</a> and enter the code adoboard shows.</p>"
            ),
        ),
    )
}

/// `GET /{tenant}/oauth2/authorize`: interactive sign-in is not part of the demo.
pub(crate) fn authorize() -> Reply {
    Reply::html(
        200,
        &page(
            "adoboard demo",
            "<p>Interactive sign-in is not available in the demo. Use the device code flow: adoboard shows a code to enter at <code>/devicelogin</code>.</p>",
        ),
    )
}
