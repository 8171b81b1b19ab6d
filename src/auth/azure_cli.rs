//! Entra tokens from the Azure CLI (via azure_identity), and the `az login
//! --claims-challenge` command that answers a CAE challenge. Never logs a token.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use azure_core::credentials::TokenCredential;
use azure_identity::{AzureCliCredential, AzureCliCredentialOptions};

use super::cache::TokenCache;
use super::{ADO_SCOPE, AuthError, BoxFuture, TokenSource, first_line};
use crate::secret::Secret;
use crate::state::AuthKind;

/// The first Azure CLI release whose `az login` takes `--claims-challenge`.
pub const MIN_CLAIMS_VERSION: &str = "2.76.0";

pub struct AzureCliSource {
    tenant: Option<String>,
    cache: TokenCache,
    fetching: tokio::sync::Mutex<()>,
}

impl AzureCliSource {
    pub fn new(tenant: Option<String>) -> Self {
        AzureCliSource {
            tenant,
            cache: TokenCache::default(),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    async fn fetch(&self) -> Result<Secret, AuthError> {
        let options = AzureCliCredentialOptions {
            tenant_id: self.tenant.clone(),
            ..Default::default()
        };
        let credential = AzureCliCredential::new(Some(options))
            .map_err(|e| AuthError::Cli(first_line(&e.to_string())))?;
        let token = credential
            .get_token(&[ADO_SCOPE], None)
            .await
            .map_err(|e| classify_cli_error(&e.to_string()))?;
        let header = Secret::new(format!("Bearer {}", token.token.secret()));
        let now_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let left = u64::try_from(token.expires_on.unix_timestamp())
            .unwrap_or(0)
            .saturating_sub(now_unix);
        let lifetime = Duration::from_secs(left).min(super::cache::MAX_LIFETIME);
        self.cache.put(header.clone(), Instant::now() + lifetime);
        Ok(header)
    }
}

impl TokenSource for AzureCliSource {
    fn kind(&self) -> AuthKind {
        AuthKind::AzureCli
    }

    fn authorization(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            if let Some(cached) = self.cache.get(Instant::now()) {
                return Ok(cached);
            }
            // Single flight: one `az account get-access-token` for all who missed.
            let _guard = self.fetching.lock().await;
            if let Some(cached) = self.cache.get(Instant::now()) {
                return Ok(cached);
            }
            self.fetch().await
        })
    }

    fn invalidate(&self) {
        self.cache.clear();
    }
}

fn classify_cli_error(message: &str) -> AuthError {
    let lower = message.to_ascii_lowercase();
    if [
        "az: not found",
        "command not found",
        "not found on path",
        "wasn't found on path",
        "no such file",
    ]
    .iter()
    .any(|m| lower.contains(m))
    {
        AuthError::CliMissing
    } else if lower.contains("az login") {
        AuthError::InteractionRequired("the Azure CLI is not signed in; run az login".into())
    } else {
        AuthError::Cli(first_line(message))
    }
}

/// Parse `"2.76.0"`-style versions for comparison.
pub fn parse_version(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.trim().split('.').map(|p| {
        p.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    });
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let patch = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((major, minor, patch))
}

/// Whether an `az version` answer can run `az login --claims-challenge`.
pub fn supports_claims(version: &str) -> bool {
    match (parse_version(version), parse_version(MIN_CLAIMS_VERSION)) {
        (Some(have), Some(need)) => have >= need,
        _ => false,
    }
}

/// Ask `program version -o json` for the CLI version; `program` is `az` outside tests.
pub async fn cli_version(program: &str) -> Result<String, AuthError> {
    let output = tokio::process::Command::new(program)
        .args(["version", "-o", "json"])
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                AuthError::CliMissing
            } else {
                AuthError::Cli(e.to_string())
            }
        })?;
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|_| AuthError::Cli("could not read the output of az version".into()))?;
    json.get("azure-cli")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| AuthError::Cli("az version did not report azure-cli".into()))
}

/// Check the CLI can answer a claims challenge: present and recent enough.
pub async fn check_cli(program: &str) -> Result<String, AuthError> {
    let version = cli_version(program).await?;
    if supports_claims(&version) {
        Ok(version)
    } else {
        Err(AuthError::CliTooOld { version })
    }
}

/// The arguments of `az login` that answer a challenge for Azure DevOps.
pub fn login_args(claims_b64: Option<&str>, tenant: Option<&str>) -> Vec<String> {
    let mut args = vec!["login".to_owned()];
    if let Some(claims) = claims_b64 {
        args.extend(["--claims-challenge".to_owned(), claims.to_owned()]);
    }
    args.extend(["--scope".to_owned(), ADO_SCOPE.to_owned()]);
    if let Some(tenant) = tenant {
        args.extend(["--tenant".to_owned(), tenant.to_owned()]);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_against_minimum() {
        assert!(supports_claims("2.76.0"));
        assert!(supports_claims("2.80.1"));
        assert!(supports_claims("3.0.0"));
        assert!(!supports_claims("2.75.9"));
        assert!(!supports_claims("garbage"));
    }

    #[test]
    fn login_args_carry_claims_scope_and_tenant() {
        let args = login_args(Some("eyJ9"), Some("contoso.onmicrosoft.com"));
        assert_eq!(
            args,
            [
                "login",
                "--claims-challenge",
                "eyJ9",
                "--scope",
                "499b84ac-1321-427f-aa17-267ca6975798/.default",
                "--tenant",
                "contoso.onmicrosoft.com"
            ]
        );
    }

    #[tokio::test]
    async fn missing_cli_is_reported_clearly() {
        let err = check_cli("adoboard-no-such-az-binary").await.unwrap_err();
        assert_eq!(err, AuthError::CliMissing);
        assert!(err.to_string().contains("not found"));
    }
}

#[cfg(test)]
#[cfg(unix)]
mod fake_cli_tests {
    use super::*;

    /// A stand-in `az` that reports `version` the way the real one does.
    fn fake_az(version: &str) -> (tempdir::Dir, String) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempdir::Dir::new();
        let path = dir.path().join("az");
        let script = format!(
            "#!/bin/sh\necho '{{\"azure-cli\": \"{version}\", \"azure-cli-core\": \"{version}\"}}'\n"
        );
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        let program = path.to_string_lossy().into_owned();
        (dir, program)
    }

    mod tempdir {
        /// A directory removed on drop.
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                let path = std::env::temp_dir().join(format!("adoboard-az-{}", fastrand::u64(..)));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[tokio::test]
    async fn old_cli_is_reported_as_too_old() {
        let (_dir, az) = fake_az("2.70.0");
        let err = check_cli(&az).await.unwrap_err();
        assert_eq!(
            err,
            AuthError::CliTooOld {
                version: "2.70.0".into()
            }
        );
        assert!(err.to_string().contains("2.76.0"), "{err}");
    }

    #[tokio::test]
    async fn recent_cli_is_accepted() {
        let (_dir, az) = fake_az("2.79.0");
        assert_eq!(check_cli(&az).await.unwrap(), "2.79.0");
    }
}
