//! Command-line flags. Every flag that names the organization also reads an
//! environment variable; anything unset falls back to the config file, then to the
//! az devops CLI defaults.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthChoice {
    /// A personal access token from AZURE_DEVOPS_EXT_PAT (or the config file).
    Pat,
    /// An Entra token from the Azure CLI (`az login`).
    AzureCli,
    /// adoboard's own Entra device-code sign-in.
    DeviceCode,
}

/// A calm, fast terminal work board for Azure DevOps.
#[derive(Debug, Clone, Parser)]
#[command(name = "adoboard", version, about)]
pub struct Cli {
    /// Run against the embedded demo organization on 127.0.0.1 (no account needed);
    /// organization, project, auth and config settings are not used.
    #[arg(long)]
    pub demo: bool,

    /// Organization name or URL (https://dev.azure.com/{org} or https://{org}.visualstudio.com).
    #[arg(long, env = "ADOBOARD_ORG")]
    pub org: Option<String>,

    /// Project name.
    #[arg(long, env = "ADOBOARD_PROJECT")]
    pub project: Option<String>,

    /// Team name (default: "{project} Team").
    #[arg(long, env = "ADOBOARD_TEAM")]
    pub team: Option<String>,

    /// How to sign in (default: PAT when AZURE_DEVOPS_EXT_PAT is set, else the Azure CLI).
    #[arg(long, value_enum, env = "ADOBOARD_AUTH")]
    pub auth: Option<AuthChoice>,

    /// Config file (default: the platform config dir, e.g. ~/.config/adoboard/config.toml).
    #[arg(long, env = "ADOBOARD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Seconds between background refreshes of each view (10 to 86400; default 60, demo 30).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(10..=86_400))]
    pub interval: Option<u64>,

    /// Demo only: revoke every session after this long (e.g. 90s, 2m; a bare number is
    /// seconds), as CAE would. The next refresh then meets the claims challenge.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "demo")]
    pub demo_revoke_after: Option<Duration>,

    /// Demo only: arm a random fault (5xx, HTML page, cut JSON, reset, 429, rate limit)
    /// this often, to watch the board ride it out.
    #[arg(long, value_name = "DURATION", value_parser = parse_period, requires = "demo")]
    pub demo_faults: Option<Duration>,
}

/// `90`, `90s`, `2m`, `1h`, `500ms`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a duration like 90s, 2m or 1h"))?;
    match unit.trim() {
        "" | "s" | "sec" | "secs" => Ok(Duration::from_secs(n)),
        "ms" => Ok(Duration::from_millis(n)),
        "m" | "min" | "mins" => Ok(Duration::from_secs(n * 60)),
        "h" => Ok(Duration::from_secs(n * 3600)),
        other => Err(format!(
            "unknown unit '{other}' in '{s}': use ms, s, m or h"
        )),
    }
}

/// A duration of at least a second, for things that repeat.
pub fn parse_period(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_secs(1) {
        return Err(format!("'{s}' is too short: use at least 1s"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_period("0").is_err());
        assert_eq!(parse_period("10s"), Ok(Duration::from_secs(10)));
    }

    #[test]
    fn cli_parses_demo_flags() {
        let cli =
            Cli::try_parse_from(["adoboard", "--demo", "--demo-revoke-after", "45s"]).unwrap();
        assert!(cli.demo);
        assert_eq!(cli.demo_revoke_after, Some(Duration::from_secs(45)));
        assert!(Cli::try_parse_from(["adoboard", "--demo-revoke-after", "45s"]).is_err());
    }

    #[test]
    fn interval_out_of_range_is_refused_with_a_message() {
        for bad in ["0", "9", "86401", "18446744073709551615"] {
            let err = Cli::try_parse_from(["adoboard", "--demo", "--interval", bad]).unwrap_err();
            assert!(err.to_string().contains("10..=86400"), "{bad}: {err}");
        }
        assert!(Cli::try_parse_from(["adoboard", "--demo", "--interval", "10"]).is_ok());
    }
}
