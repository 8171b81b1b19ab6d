//! The raw TOML config file: every field optional, unknown keys refused so a typo
//! is reported instead of silently ignored.

use serde::Deserialize;

use crate::cli::AuthChoice;
use crate::secret::Secret;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Organization name or URL.
    pub organization: Option<String>,
    pub project: Option<String>,
    pub team: Option<String>,
    pub auth: Option<AuthChoice>,
    /// Seconds between refreshes of each view.
    pub refresh_interval_secs: Option<u64>,
    /// A personal access token. Prefer AZURE_DEVOPS_EXT_PAT; if set here, keep the
    /// file readable only by you.
    pub pat: Option<Secret>,
    pub sign_in: Option<SignInSection>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInSection {
    /// Entra tenant (GUID or domain) for device-code and Azure CLI sign-in.
    pub tenant: Option<String>,
    /// Public client id for device-code sign-in.
    pub client_id: Option<String>,
    /// Entra authority, e.g. https://login.microsoftonline.com.
    pub authority: Option<String>,
}

/// Parse config text; the error names the line and the problem.
/// The message names the line but never quotes it: the line may hold a PAT.
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let message = redact_quoted(e.message());
        match line {
            Some(line) => format!("line {line}: {message}"),
            None => message,
        }
    })
}

/// Replace what the parser quotes from the file (`invalid type: string "…"`) with `…`:
/// a PAT pasted under the wrong key must not be echoed.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            out.push_str(if inside { "\"" } else { "\"…" });
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// The `[defaults]` of the az devops CLI (`az devops configure --defaults`), an INI
/// file with `organization` and `project`.
pub fn parse_az_defaults(text: &str) -> (Option<String>, Option<String>) {
    let mut in_defaults = false;
    let (mut org, mut project) = (None, None);
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_defaults = line.eq_ignore_ascii_case("[defaults]");
            continue;
        }
        if !in_defaults || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.trim().to_ascii_lowercase().as_str() {
                "organization" => org = Some(value.to_owned()),
                "project" => project = Some(value.to_owned()),
                _ => {}
            }
        }
    }
    (org, project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_parses_every_key() {
        let cfg = parse(
            r#"
organization = "contoso"
project = "Fabrikam"
team = "Fabrikam Team"
auth = "device-code"
refresh_interval_secs = 45
[sign_in]
tenant = "contoso.onmicrosoft.com"
"#,
        )
        .unwrap();
        assert_eq!(cfg.organization.as_deref(), Some("contoso"));
        assert_eq!(cfg.auth, Some(AuthChoice::DeviceCode));
        assert_eq!(cfg.refresh_interval_secs, Some(45));
        assert_eq!(
            cfg.sign_in.unwrap().tenant.as_deref(),
            Some("contoso.onmicrosoft.com")
        );
    }

    #[test]
    fn config_file_rejects_unknown_keys_with_a_message() {
        let err = parse("orgnization = \"x\"").unwrap_err();
        assert!(err.contains("orgnization"), "{err}");
    }

    #[test]
    fn parse_errors_never_quote_the_line() {
        for text in [
            "pat = abcdSECRET123\n",
            "pta = \"abcdSECRET123\"\n",
            "pat = \"abcdSECRET123\n",
            "refresh_interval_secs = \"abcdSECRET123\"\n",
            "organization = 12\nproject = [\"abcdSECRET123\"]\n",
        ] {
            let err = parse(text).unwrap_err();
            assert!(!err.contains("abcdSECRET123"), "{err}");
            assert!(err.starts_with("line 1"), "{err}");
        }
    }

    #[test]
    fn az_defaults_are_read() {
        let (org, project) = parse_az_defaults(
            "[defaults]\norganization = https://dev.azure.com/contoso/\nproject = Fabrikam Fiber\n[other]\nproject = no\n",
        );
        assert_eq!(org.as_deref(), Some("https://dev.azure.com/contoso/"));
        assert_eq!(project.as_deref(), Some("Fabrikam Fiber"));
    }

    #[test]
    fn shipped_example_config_parses() {
        let text = include_str!("../../assets/config.example.toml");
        let cfg = parse(text).unwrap();
        assert!(cfg.organization.is_some());
        assert_eq!(cfg.pat, None, "the example must not suggest storing a PAT");
    }
}
