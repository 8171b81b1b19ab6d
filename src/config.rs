//! The resolved configuration: flags over environment over config file over the
//! az devops CLI defaults. Bad input gets a message that says what to fix.

pub mod file;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::auth::device_code::DeviceCodeConfig;
use crate::cli::{AuthChoice, Cli};
use crate::fetcher::REFRESH_INTERVAL;
use crate::secret::Secret;
use file::ConfigFile;

/// Refresh intervals below this would only burn the rate limit.
pub const MIN_INTERVAL: Duration = Duration::from_secs(10);
/// A day; longer would make "live" meaningless.
pub const MAX_INTERVAL: Duration = Duration::from_secs(86_400);

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `https://dev.azure.com/{org}` or `https://{org}.visualstudio.com`.
    pub org_url: String,
    pub org: String,
    pub project: String,
    pub team: String,
    pub auth: AuthChoice,
    pub pat: Option<Secret>,
    pub interval: Duration,
    pub sign_in: DeviceCodeConfig,
    pub tenant: Option<String>,
    /// Things worth telling the user before the board starts.
    pub warnings: Vec<String>,
}

/// Everything read from the outside world, so resolution itself is pure.
#[derive(Debug, Default)]
pub struct Inputs {
    pub file: Option<(PathBuf, ConfigFile)>,
    /// The config file holding a PAT is readable by group or others.
    pub file_too_open: bool,
    pub az_defaults: (Option<String>, Option<String>),
    pub pat_env: Option<Secret>,
}

pub fn resolve(cli: &Cli, inputs: Inputs) -> Result<Config, String> {
    let file = inputs
        .file
        .as_ref()
        .map(|(_, f)| f.clone())
        .unwrap_or_default();
    let (az_org, az_project) = inputs.az_defaults;
    let org_input = cli.org.clone().or(file.organization.clone()).or(az_org).ok_or_else(|| {
        "no organization given: use --org <name>, ADOBOARD_ORG, `organization` in the config file, \
         or `az devops configure --defaults organization=https://dev.azure.com/<org>` \
         (or try the demo: adoboard --demo)"
            .to_owned()
    })?;
    let (org_url, org) = normalize_org(&org_input)?;
    let project = cli
        .project
        .clone()
        .or(file.project.clone())
        .or(az_project)
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| {
            "no project given: use --project, ADOBOARD_PROJECT, `project` in the config file, \
             or `az devops configure --defaults project=<name>`"
                .to_owned()
        })?;
    let team = cli
        .team
        .clone()
        .or(file.team.clone())
        .unwrap_or_else(|| format!("{project} Team"));
    let mut warnings = Vec::new();
    let pat = inputs
        .pat_env
        .filter(|p| !p.expose().trim().is_empty())
        .or_else(|| file.pat.clone());
    if file.pat.is_some() && inputs.file_too_open {
        let path = inputs
            .file
            .as_ref()
            .map_or_else(String::new, |(p, _)| p.display().to_string());
        warnings.push(format!(
            "{path} holds a PAT and other users can read it: run chmod 600 {path} (or use AZURE_DEVOPS_EXT_PAT)"
        ));
    }
    let auth = cli.auth.or(file.auth).unwrap_or(if pat.is_some() {
        AuthChoice::Pat
    } else {
        AuthChoice::AzureCli
    });
    if auth == AuthChoice::Pat && pat.is_none() {
        return Err("--auth pat needs a token: set AZURE_DEVOPS_EXT_PAT".into());
    }
    let interval = cli
        .interval
        .or(file.refresh_interval_secs)
        .map_or(REFRESH_INTERVAL, Duration::from_secs)
        .clamp(MIN_INTERVAL, MAX_INTERVAL);
    let section = file.sign_in.clone().unwrap_or_default();
    let mut sign_in = DeviceCodeConfig::default();
    if let Some(t) = &section.tenant {
        sign_in.tenant.clone_from(t);
    }
    if let Some(c) = section.client_id {
        sign_in.client_id = c;
    }
    if let Some(a) = section.authority {
        check_https(&a, "sign-in authority")?;
        a.trim_end_matches('/').clone_into(&mut sign_in.authority);
    }
    Ok(Config {
        org_url,
        org,
        project,
        team,
        auth,
        pat,
        interval,
        sign_in,
        tenant: section.tenant,
        warnings,
    })
}

/// Accept a bare name or an organization URL; return (URL, name).
pub fn normalize_org(input: &str) -> Result<(String, String), String> {
    let input = input.trim().trim_end_matches('/');
    if !input.contains("://") {
        if input.is_empty()
            || !input
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Err(format!("'{input}' is not an organization name or URL"));
        }
        return Ok((format!("https://dev.azure.com/{input}"), input.to_owned()));
    }
    let url = reqwest::Url::parse(input)
        .map_err(|e| format!("organization URL '{input}' is not valid: {e}"))?;
    check_https(input, "organization URL")?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let org = if let Some(org) = host.strip_suffix(".visualstudio.com") {
        org.to_owned()
    } else {
        url.path_segments().and_then(|mut s| s.find(|p| !p.is_empty()).map(str::to_owned)).ok_or_else(|| {
            format!("organization URL '{input}' names no organization (expected https://dev.azure.com/<org>)")
        })?
    };
    Ok((input.to_owned(), org))
}

/// https is required unless the host is loopback (the demo organization, tests).
pub fn check_https(url: &str, what: &str) -> Result<(), String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| format!("{what} '{url}' is not valid: {e}"))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(parsed.host_str().unwrap_or_default()) => Ok(()),
        _ => Err(format!(
            "{what} '{url}' must use https:// (plain http is allowed only for 127.0.0.1 or localhost), \
             so tokens never cross the network unencrypted"
        )),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
        || host == "[::1]"
}

/// The config file path: `--config`, else the platform config dir.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "adoboard").map(|d| d.config_dir().join("config.toml"))
}

/// Where logs go: the platform state dir (e.g. ~/.local/state/adoboard), else the cache dir.
pub fn log_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "adoboard")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.cache_dir())
            .to_path_buf(),
    )
}

/// The az devops CLI's defaults file (`$AZURE_CONFIG_DIR/azuredevops/config`).
fn az_defaults_path() -> Option<PathBuf> {
    let base = std::env::var_os("AZURE_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join(".azure")))?;
    Some(base.join("azuredevops").join("config"))
}

/// Read everything `resolve` needs from disk and the environment.
pub fn load(cli: &Cli) -> Result<Config, String> {
    let explicit = cli.config.is_some();
    let path = cli.config.clone().or_else(default_config_path);
    let mut inputs = Inputs {
        pat_env: std::env::var(crate::auth::pat::PAT_ENV)
            .ok()
            .map(Secret::new),
        ..Inputs::default()
    };
    if let Some(path) = path {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let parsed = file::parse(&text)
                    .map_err(|e| format!("config file {}: {e}", path.display()))?;
                inputs.file_too_open = parsed.pat.is_some() && readable_by_others(&path);
                inputs.file = Some((path, parsed));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {}
            Err(e) => return Err(format!("config file {}: {e}", path.display())),
        }
    }
    if let Some(text) = az_defaults_path().and_then(|p| std::fs::read_to_string(p).ok()) {
        inputs.az_defaults = file::parse_az_defaults(&text);
    }
    resolve(cli, inputs)
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("adoboard").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn org_names_and_urls_normalize() {
        assert_eq!(
            normalize_org("contoso").unwrap(),
            ("https://dev.azure.com/contoso".into(), "contoso".into())
        );
        assert_eq!(
            normalize_org("https://dev.azure.com/contoso/").unwrap(),
            ("https://dev.azure.com/contoso".into(), "contoso".into())
        );
        assert_eq!(
            normalize_org("https://contoso.visualstudio.com").unwrap().1,
            "contoso"
        );
        assert!(normalize_org("http://127.0.0.1:8080/fabrikam").is_ok());
    }

    #[test]
    fn plain_http_is_refused_unless_loopback() {
        let err = normalize_org("http://dev.azure.com/contoso").unwrap_err();
        assert!(err.contains("https"), "{err}");
        assert!(normalize_org("http://localhost:1234/x").is_ok());
        assert!(normalize_org("bad name!").is_err());
    }

    #[test]
    fn flags_beat_file_beats_az_defaults() {
        let file = ConfigFile {
            organization: Some("fileorg".into()),
            project: Some("FileProj".into()),
            ..Default::default()
        };
        let inputs = Inputs {
            file: Some((PathBuf::from("c.toml"), file)),
            az_defaults: (Some("azorg".into()), Some("AzProj".into())),
            ..Inputs::default()
        };
        let cfg = resolve(&cli(&["--org", "flagorg"]), inputs).unwrap();
        assert_eq!(cfg.org, "flagorg");
        assert_eq!(cfg.project, "FileProj");
        assert_eq!(cfg.team, "FileProj Team");
        assert_eq!(cfg.auth, AuthChoice::AzureCli);
    }

    #[test]
    fn az_defaults_fill_gaps_and_pat_env_selects_pat() {
        let inputs = Inputs {
            az_defaults: (
                Some("https://dev.azure.com/azorg/".into()),
                Some("AzProj".into()),
            ),
            pat_env: Some(Secret::new("secret-pat")),
            ..Inputs::default()
        };
        let cfg = resolve(&cli(&[]), inputs).unwrap();
        assert_eq!(cfg.org, "azorg");
        assert_eq!(cfg.auth, AuthChoice::Pat);
        assert!(
            !format!("{cfg:?}").contains("secret-pat"),
            "a PAT never shows in Debug"
        );
    }

    #[test]
    fn missing_org_says_how_to_fix() {
        let err = resolve(&cli(&[]), Inputs::default()).unwrap_err();
        assert!(err.contains("--org") && err.contains("--demo"), "{err}");
    }

    #[test]
    fn pat_in_open_file_warns() {
        let file = ConfigFile {
            organization: Some("o".into()),
            project: Some("p".into()),
            pat: Some(Secret::new("x")),
            ..Default::default()
        };
        let inputs = Inputs {
            file: Some((PathBuf::from("/tmp/c.toml"), file)),
            file_too_open: true,
            ..Inputs::default()
        };
        let cfg = resolve(&cli(&[]), inputs).unwrap();
        assert_eq!(cfg.warnings.len(), 1);
        assert!(cfg.warnings[0].contains("chmod 600"));
        assert!(!cfg.warnings[0].contains('x') || !cfg.warnings[0].contains(" x "));
    }

    #[test]
    fn interval_from_the_file_is_kept_in_range() {
        for (secs, expected) in [
            (0, MIN_INTERVAL),
            (u64::MAX, MAX_INTERVAL),
            (45, Duration::from_secs(45)),
        ] {
            let file = ConfigFile {
                organization: Some("o".into()),
                project: Some("p".into()),
                refresh_interval_secs: Some(secs),
                ..Default::default()
            };
            let inputs = Inputs {
                file: Some((PathBuf::from("c.toml"), file)),
                ..Inputs::default()
            };
            assert_eq!(resolve(&cli(&[]), inputs).unwrap().interval, expected);
        }
    }
}
