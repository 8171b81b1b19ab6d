//! Sign-in state of the demo: access/refresh tokens, device codes, PATs and the session
//! epoch that continuous access evaluation revokes. Decides who a request is; it never
//! formats HTTP answers (see `entra.rs` and `server.rs`).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;

use super::wire::random_string;

const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const PAT_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const USER_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
pub(crate) const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(3599);
pub(crate) const DEVICE_CODE_LIFETIME: Duration = Duration::from_secs(900);

/// How the demo answers requests authenticated with the PAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatFailure {
    /// The PAT works (unless revoked).
    #[default]
    None,
    /// Every PAT request gets a bare 401, as for a wrong PAT.
    Unauthorized401,
    /// Every PAT request gets 203 with an HTML sign-in page.
    SignInPage203,
}

/// One call to the token or device-code endpoint, for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequestRecord {
    /// `"devicecode"` or `"token"`.
    pub endpoint: String,
    /// The `grant_type` form field (empty for the device-code endpoint).
    pub grant_type: String,
    /// The raw `claims` form field, if sent.
    pub claims: Option<String>,
    /// Whether `claims` asked for the `cp1` client capability.
    pub cae_capable: bool,
    /// The `access_token.nbf.value` carried in `claims`, if any.
    pub nbf: Option<String>,
}

/// Who a request is, or why it is not anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    User(usize),
    /// A CAE-capable token issued before the last revocation at `nbf` (unix seconds).
    CaeChallenge {
        nbf: i64,
    },
    /// Missing, unknown, expired or non-CAE revoked credentials.
    Plain,
    PatRevoked,
    PatSignIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeState {
    Pending,
    Approved,
    Redeemed,
    Expired,
}

#[derive(Debug, Clone)]
struct DeviceCode {
    code: String,
    user_code: String,
    created: Instant,
    state: CodeState,
    cae_capable: bool,
}

#[derive(Debug, Clone)]
struct AccessToken {
    user: usize,
    epoch: u64,
    cae_capable: bool,
    expires: Instant,
}

#[derive(Debug, Clone)]
struct RefreshToken {
    user: usize,
    epoch: u64,
    issued_unix: i64,
}

/// Tokens handed out by a successful grant.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: String,
}

/// Why a grant failed, in Entra's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GrantError {
    Pending,
    Expired,
    UnknownDeviceCode,
    AlreadyRedeemed,
    UnknownRefreshToken,
    Revoked {
        issued_unix: i64,
        valid_from_unix: i64,
    },
}

/// A new device authorization.
#[derive(Debug, Clone)]
pub(crate) struct NewDeviceCode {
    pub device_code: String,
    pub user_code: String,
}

#[derive(Debug)]
pub(crate) struct IdentityState {
    me: usize,
    epoch: u64,
    revoked_at_unix: i64,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    device_codes: Vec<DeviceCode>,
    pub token_requests: Vec<TokenRequestRecord>,
    pat: String,
    pat_revoked: bool,
    pub pat_mode: PatFailure,
    seed_refresh: String,
    auto_approve_after: Option<Duration>,
}

/// Whether a `claims` JSON asks for `cp1`, and the `nbf` value it carries.
pub(crate) fn claims_info(claims: Option<&str>) -> (bool, Option<String>) {
    let Some(value) = claims.and_then(|c| serde_json::from_str::<Value>(c).ok()) else {
        return (false, None);
    };
    let access = value.get("access_token");
    let is_cp1 = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("cp1"));
    let cae = access.and_then(|a| a.get("xms_cc")).is_some_and(|cc| {
        cc.get("values")
            .and_then(Value::as_array)
            .is_some_and(|vs| vs.iter().any(is_cp1))
            || cc.get("value").is_some_and(is_cp1)
    });
    let nbf = access
        .and_then(|a| a.get("nbf"))
        .and_then(|n| n.get("value"))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    (cae, nbf)
}

impl IdentityState {
    pub fn new(me: usize, auto_approve_after: Option<Duration>, now_unix: i64) -> Self {
        let seed_refresh = random_string(96, TOKEN_ALPHABET);
        let mut refresh = HashMap::new();
        refresh.insert(
            seed_refresh.clone(),
            RefreshToken {
                user: me,
                epoch: 0,
                issued_unix: now_unix,
            },
        );
        Self {
            me,
            epoch: 0,
            revoked_at_unix: 0,
            access: HashMap::new(),
            refresh,
            device_codes: Vec::new(),
            token_requests: Vec::new(),
            pat: random_string(52, PAT_ALPHABET),
            pat_revoked: false,
            pat_mode: PatFailure::None,
            seed_refresh,
            auto_approve_after,
        }
    }

    pub fn seed_refresh_token(&self) -> String {
        self.seed_refresh.clone()
    }

    pub fn pat(&self) -> String {
        self.pat.clone()
    }

    pub fn revoke_pat(&mut self) {
        self.pat_revoked = true;
    }

    /// Issue a new PAT (the old one stays invalid) and clear any failure mode,
    /// as a user creating a fresh token in the web UI would.
    pub fn rotate_pat(&mut self) -> String {
        self.pat = random_string(52, PAT_ALPHABET);
        self.pat_revoked = false;
        self.pat_mode = PatFailure::None;
        self.pat.clone()
    }

    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// CAE revocation: every token issued before now stops working.
    pub fn revoke_sessions(&mut self, now_unix: i64) {
        self.epoch += 1;
        self.revoked_at_unix = now_unix;
    }

    /// Decides who the `Authorization` header belongs to.
    pub fn authorize(&mut self, header: Option<&str>, now: Instant) -> Auth {
        let Some(header) = header.map(str::trim) else {
            return Auth::Plain;
        };
        let (scheme, credential) = header.split_once(' ').unwrap_or((header, ""));
        let credential = credential.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            let Some(token) = self.access.get(credential) else {
                return Auth::Plain;
            };
            if token.expires <= now {
                return Auth::Plain;
            }
            if token.epoch < self.epoch {
                return if token.cae_capable {
                    Auth::CaeChallenge {
                        nbf: self.revoked_at_unix,
                    }
                } else {
                    Auth::Plain
                };
            }
            return Auth::User(token.user);
        }
        if scheme.eq_ignore_ascii_case("basic") {
            let engine = base64::engine::GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                base64::engine::GeneralPurposeConfig::new()
                    .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
            );
            let Some(decoded) = engine
                .decode(credential)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            else {
                return Auth::Plain;
            };
            let Some((_, pat)) = decoded.split_once(':') else {
                return Auth::Plain;
            };
            if pat != self.pat {
                return Auth::Plain;
            }
            return match self.pat_mode {
                PatFailure::Unauthorized401 => Auth::Plain,
                PatFailure::SignInPage203 => Auth::PatSignIn,
                PatFailure::None if self.pat_revoked => Auth::PatRevoked,
                PatFailure::None => Auth::User(self.me),
            };
        }
        Auth::Plain
    }

    fn issue(&mut self, user: usize, cae_capable: bool, now: Instant, now_unix: i64) -> Issued {
        let access_token = random_string(120, TOKEN_ALPHABET);
        let refresh_token = random_string(96, TOKEN_ALPHABET);
        self.access.insert(
            access_token.clone(),
            AccessToken {
                user,
                epoch: self.epoch,
                cae_capable,
                expires: now + ACCESS_TOKEN_LIFETIME,
            },
        );
        self.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                user,
                epoch: self.epoch,
                issued_unix: now_unix,
            },
        );
        Issued {
            access_token,
            refresh_token,
        }
    }

    fn refresh_code_states(&mut self, now: Instant) {
        let auto = self.auto_approve_after;
        for code in &mut self.device_codes {
            if code.state != CodeState::Pending {
                continue;
            }
            let age = now.saturating_duration_since(code.created);
            if auto.is_some_and(|after| age >= after && after < DEVICE_CODE_LIFETIME) {
                code.state = CodeState::Approved;
            } else if age >= DEVICE_CODE_LIFETIME {
                code.state = CodeState::Expired;
            }
        }
    }

    pub fn new_device_code(&mut self, claims: Option<&str>, now: Instant) -> NewDeviceCode {
        let (cae_capable, _) = claims_info(claims);
        let user_code = format!(
            "{}-{}",
            random_string(4, USER_CODE_ALPHABET),
            random_string(4, USER_CODE_ALPHABET)
        );
        let device_code = random_string(64, TOKEN_ALPHABET);
        self.device_codes.push(DeviceCode {
            code: device_code.clone(),
            user_code: user_code.clone(),
            created: now,
            state: CodeState::Pending,
            cae_capable,
        });
        NewDeviceCode {
            device_code,
            user_code,
        }
    }

    pub fn redeem_device_code(
        &mut self,
        device_code: &str,
        claims: Option<&str>,
        now: Instant,
        now_unix: i64,
    ) -> Result<Issued, GrantError> {
        self.refresh_code_states(now);
        let (cae_from_claims, _) = claims_info(claims);
        let Some(code) = self.device_codes.iter_mut().find(|c| c.code == device_code) else {
            return Err(GrantError::UnknownDeviceCode);
        };
        match code.state {
            CodeState::Pending => Err(GrantError::Pending),
            CodeState::Expired => Err(GrantError::Expired),
            CodeState::Redeemed => Err(GrantError::AlreadyRedeemed),
            CodeState::Approved => {
                code.state = CodeState::Redeemed;
                let cae = code.cae_capable || cae_from_claims;
                let me = self.me;
                Ok(self.issue(me, cae, now, now_unix))
            }
        }
    }

    pub fn redeem_refresh_token(
        &mut self,
        refresh_token: &str,
        claims: Option<&str>,
        now: Instant,
        now_unix: i64,
    ) -> Result<Issued, GrantError> {
        let Some(rt) = self.refresh.get(refresh_token).cloned() else {
            return Err(GrantError::UnknownRefreshToken);
        };
        if rt.epoch < self.epoch {
            return Err(GrantError::Revoked {
                issued_unix: rt.issued_unix,
                valid_from_unix: self.revoked_at_unix,
            });
        }
        let (cae, _) = claims_info(claims);
        Ok(self.issue(rt.user, cae, now, now_unix))
    }

    /// Approves every pending device code; returns how many.
    pub fn approve_all(&mut self, now: Instant) -> usize {
        self.refresh_code_states(now);
        let mut n = 0;
        for code in &mut self.device_codes {
            if code.state == CodeState::Pending {
                code.state = CodeState::Approved;
                n += 1;
            }
        }
        n
    }

    /// Approves the pending code a person typed (case and dashes ignored).
    pub fn approve_user_code(&mut self, user_code: &str, now: Instant) -> bool {
        self.refresh_code_states(now);
        let wanted: String = user_code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        for code in &mut self.device_codes {
            let have: String = code
                .user_code
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            if code.state == CodeState::Pending && have == wanted {
                code.state = CodeState::Approved;
                return true;
            }
        }
        false
    }

    /// Makes every pending device code expire now.
    pub fn expire_all(&mut self) {
        for code in &mut self.device_codes {
            if code.state == CodeState::Pending {
                code.state = CodeState::Expired;
            }
        }
    }

    pub fn pending_count(&mut self, now: Instant) -> usize {
        self.refresh_code_states(now);
        self.device_codes
            .iter()
            .filter(|c| c.state == CodeState::Pending)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_info_reads_cp1_and_nbf() {
        assert_eq!(
            claims_info(Some(
                r#"{"access_token":{"xms_cc":{"values":["CP1"]},"nbf":{"essential":true,"value":"1700000000"}}}"#
            )),
            (true, Some("1700000000".to_owned()))
        );
        assert_eq!(claims_info(Some("not json")), (false, None));
        assert_eq!(claims_info(None), (false, None));
    }

    #[test]
    fn revocation_uses_the_epoch() {
        let now = Instant::now();
        let mut s = IdentityState::new(0, None, 1_700_000_000);
        let seed = s.seed_refresh_token();
        let cae = s
            .redeem_refresh_token(
                &seed,
                Some(r#"{"access_token":{"xms_cc":{"values":["cp1"]}}}"#),
                now,
                1,
            )
            .unwrap();
        let plain = s.redeem_refresh_token(&seed, None, now, 1).unwrap();
        let bearer = |t: &str| format!("Bearer {t}");
        assert_eq!(
            s.authorize(Some(&bearer(&cae.access_token)), now),
            Auth::User(0)
        );
        s.revoke_sessions(1_700_000_100);
        assert_eq!(
            s.authorize(Some(&bearer(&cae.access_token)), now),
            Auth::CaeChallenge { nbf: 1_700_000_100 }
        );
        assert_eq!(
            s.authorize(Some(&bearer(&plain.access_token)), now),
            Auth::Plain
        );
        assert!(matches!(
            s.redeem_refresh_token(&seed, None, now, 1),
            Err(GrantError::Revoked { .. })
        ));
    }
}
