//! adoboard's own Entra sign-in (OAuth 2.0 device authorization grant, v2.0 endpoints)
//! with claims: a silent refresh-token grant first, the device code only if refused.
//! Every request declares the cp1 client capability. Tokens stay in memory.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    ClientId, DeviceAuthorizationUrl, RefreshToken, RequestTokenError, Scope,
    StandardDeviceAuthorizationResponse, TokenResponse, TokenUrl,
};

use super::cache::TokenCache;
use super::challenge::CLIENT_CAPABILITY;
use super::{ADO_SCOPE, AuthError, BoxFuture, TokenSource, first_line};
use crate::secret::Secret;
use crate::state::AuthKind;

/// The public client Azure DevOps' own samples use (Visual Studio).
pub const DEFAULT_CLIENT_ID: &str = "872cd9fa-d31f-45e0-9eab-6e460a02d1f1";
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
/// Work and school accounts; Azure DevOps orgs backed by Entra.
pub const DEFAULT_TENANT: &str = "organizations";
/// Used when the token response gives no lifetime.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodeConfig {
    /// `https://login.microsoftonline.com`, or the demo server.
    pub authority: String,
    pub tenant: String,
    pub client_id: String,
}

impl Default for DeviceCodeConfig {
    fn default() -> Self {
        DeviceCodeConfig {
            authority: DEFAULT_AUTHORITY.into(),
            tenant: DEFAULT_TENANT.into(),
            client_id: DEFAULT_CLIENT_ID.into(),
        }
    }
}

/// A device code the user must enter at the verification page.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in: Duration,
    details: StandardDeviceAuthorizationResponse,
}

pub struct DeviceCodeSource {
    config: DeviceCodeConfig,
    http: reqwest::Client,
    refresh_token: Mutex<Option<Secret>>,
    cache: TokenCache,
    refreshing: tokio::sync::Mutex<()>,
    resource_tenant: Mutex<Option<String>>,
}

impl DeviceCodeSource {
    /// `http` must not follow redirects (token endpoints never need it).
    pub fn new(
        config: DeviceCodeConfig,
        http: reqwest::Client,
        refresh_token: Option<Secret>,
    ) -> Self {
        DeviceCodeSource {
            config,
            http,
            refresh_token: Mutex::new(refresh_token),
            cache: TokenCache::default(),
            refreshing: tokio::sync::Mutex::new(()),
            resource_tenant: Mutex::new(None),
        }
    }

    fn endpoint(&self, leaf: &str) -> String {
        let tenant = self
            .resource_tenant
            .lock()
            .ok()
            .and_then(|t| t.clone())
            .unwrap_or_else(|| self.config.tenant.clone());
        format!(
            "{}/{tenant}/oauth2/v2.0/{leaf}",
            self.config.authority.trim_end_matches('/')
        )
    }

    /// The organization's own tenant, learnt from a challenge or `X-VSS-ResourceTenant`.
    /// Used instead of a multi-tenant default (`organizations`, `common`), so guest
    /// accounts get a token the organization accepts; an explicit tenant is kept.
    pub fn adopt_tenant(&self, tenant: &str) {
        let multi = matches!(self.config.tenant.as_str(), "organizations" | "common");
        if multi
            && !tenant.is_empty()
            && tenant
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
            && let Ok(mut slot) = self.resource_tenant.lock()
        {
            *slot = Some(tenant.to_owned());
        }
    }

    fn scopes() -> [Scope; 2] {
        [
            Scope::new(ADO_SCOPE.into()),
            Scope::new("offline_access".into()),
        ]
    }

    fn store(&self, token: &oauth2::basic::BasicTokenResponse) -> Secret {
        let header = Secret::new(format!("Bearer {}", token.access_token().secret()));
        // A hostile or broken endpoint must not overflow the clock.
        let lifetime = token
            .expires_in()
            .unwrap_or(DEFAULT_LIFETIME)
            .min(super::cache::MAX_LIFETIME);
        self.cache.put(header.clone(), Instant::now() + lifetime);
        if let Some(rt) = token.refresh_token()
            && let Ok(mut slot) = self.refresh_token.lock()
        {
            *slot = Some(Secret::new(rt.secret().clone()));
        }
        header
    }

    /// Silent refresh-token grant carrying `claims` (already merged with cp1).
    /// A refused grant (e.g. the session was revoked) means interaction is required.
    pub async fn refresh_with_claims(&self, claims: &str) -> Result<Secret, AuthError> {
        let rt = self.refresh_token.lock().ok().and_then(|s| s.clone());
        let Some(rt) = rt else {
            return Err(AuthError::InteractionRequired(
                "no refresh token yet".into(),
            ));
        };
        let token_url =
            TokenUrl::new(self.endpoint("token")).map_err(|e| AuthError::Service(e.to_string()))?;
        let client =
            BasicClient::new(ClientId::new(self.config.client_id.clone())).set_token_uri(token_url);
        let result = client
            .exchange_refresh_token(&RefreshToken::new(rt.expose().to_owned()))
            .add_scopes(Self::scopes())
            .add_extra_param("claims", claims)
            .request_async(&self.http)
            .await;
        match result {
            Ok(token) => Ok(self.store(&token)),
            Err(RequestTokenError::ServerResponse(e)) => {
                let description = e.error_description().cloned().unwrap_or_default();
                if needs_interaction(e.error()) {
                    if matches!(e.error(), BasicErrorResponseType::InvalidGrant)
                        && let Ok(mut slot) = self.refresh_token.lock()
                    {
                        *slot = None;
                    }
                    Err(AuthError::InteractionRequired(first_line(&description)))
                } else {
                    Err(AuthError::Service(format!(
                        "{}: {}",
                        e.error(),
                        first_line(&description)
                    )))
                }
            }
            Err(other) => Err(AuthError::Service(request_error(&other))),
        }
    }

    /// Ask for a device code; the user signs in elsewhere while [`Self::finish`] polls.
    pub async fn start(&self, claims: &str) -> Result<DeviceCode, AuthError> {
        let url = DeviceAuthorizationUrl::new(self.endpoint("devicecode"))
            .map_err(|e| AuthError::Service(e.to_string()))?;
        let client = BasicClient::new(ClientId::new(self.config.client_id.clone()))
            .set_device_authorization_url(url);
        let details: StandardDeviceAuthorizationResponse = client
            .exchange_device_code()
            .add_scopes(Self::scopes())
            .add_extra_param("claims", claims)
            .request_async(&self.http)
            .await
            .map_err(|e| AuthError::Service(request_error(&e)))?;
        Ok(DeviceCode {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            expires_in: details.expires_in(),
            details,
        })
    }

    /// Poll the token endpoint until the user finishes, the code expires or is declined.
    pub async fn finish(&self, code: &DeviceCode, claims: &str) -> Result<Secret, AuthError> {
        let token_url =
            TokenUrl::new(self.endpoint("token")).map_err(|e| AuthError::Service(e.to_string()))?;
        let client =
            BasicClient::new(ClientId::new(self.config.client_id.clone())).set_token_uri(token_url);
        let token = client
            .exchange_device_access_token(&code.details)
            .add_extra_param("claims", claims)
            .request_async(&self.http, tokio::time::sleep, None)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => {
                    AuthError::Cancelled(format!("sign-in did not finish: {}", r.error()))
                }
                other => AuthError::Service(request_error(&other)),
            })?;
        Ok(self.store(&token))
    }
}

impl TokenSource for DeviceCodeSource {
    fn kind(&self) -> AuthKind {
        AuthKind::DeviceCode
    }

    fn authorization(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            if let Some(cached) = self.cache.get(Instant::now()) {
                return Ok(cached);
            }
            // Single flight: requests that miss together share one refresh.
            let _guard = self.refreshing.lock().await;
            if let Some(cached) = self.cache.get(Instant::now()) {
                return Ok(cached);
            }
            self.refresh_with_claims(CLIENT_CAPABILITY).await
        })
    }

    fn invalidate(&self) {
        self.cache.clear();
    }
}

/// Errors after which only an interactive sign-in helps: a refused grant, and Entra's
/// own codes for MFA, Conditional Access or consent.
fn needs_interaction(error: &BasicErrorResponseType) -> bool {
    match error {
        BasicErrorResponseType::InvalidGrant => true,
        BasicErrorResponseType::Extension(code) => {
            matches!(
                code.as_str(),
                "interaction_required" | "login_required" | "consent_required"
            )
        }
        _ => false,
    }
}

/// Describe a transport or parse failure without echoing request bodies.
fn request_error<RE: std::error::Error + 'static, T: oauth2::ErrorResponse + 'static>(
    e: &RequestTokenError<RE, T>,
) -> String {
    match e {
        RequestTokenError::ServerResponse(r) => first_line(&r.to_string()),
        RequestTokenError::Request(r) => format!(
            "could not reach the sign-in service ({})",
            first_line(&r.to_string())
        ),
        RequestTokenError::Parse(_, _) => "the sign-in service sent an unreadable answer".into(),
        RequestTokenError::Other(m) => first_line(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(tenant: &str) -> DeviceCodeSource {
        let config = DeviceCodeConfig {
            tenant: tenant.into(),
            ..DeviceCodeConfig::default()
        };
        DeviceCodeSource::new(config, reqwest::Client::new(), None)
    }

    #[test]
    fn a_multi_tenant_default_adopts_the_organizations_tenant() {
        let s = source("organizations");
        s.adopt_tenant("contoso.onmicrosoft.com");
        assert_eq!(
            s.endpoint("token"),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
    }

    #[test]
    fn an_explicit_tenant_is_kept_and_odd_values_refused() {
        let s = source("fabrikam.onmicrosoft.com");
        s.adopt_tenant("contoso.onmicrosoft.com");
        assert!(s.endpoint("token").contains("/fabrikam.onmicrosoft.com/"));
        let s = source("common");
        s.adopt_tenant("../evil?x=");
        assert!(s.endpoint("token").contains("/common/"));
    }

    #[test]
    fn entra_interaction_codes_need_the_user() {
        for code in ["interaction_required", "login_required", "consent_required"] {
            assert!(
                needs_interaction(&BasicErrorResponseType::Extension(code.into())),
                "{code}"
            );
        }
        assert!(needs_interaction(&BasicErrorResponseType::InvalidGrant));
        assert!(!needs_interaction(&BasicErrorResponseType::InvalidClient));
    }
}
