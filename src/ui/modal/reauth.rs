//! The "Sign in again" modal: why the service wants a new sign-in, that nothing is lost,
//! and the current step. Never shows a typed token, only one dot per character.

use std::fmt::Write as _;

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Para, render_box};
use crate::domain::Timestamp;
use crate::state::{ReauthPhase, ReauthReason, ReauthState, SignInMethod, State};
use crate::ui::spinner_frame;
use crate::ui::text;
use crate::ui::theme::Theme;

const REAUTH_MAX_WIDTH: u16 = 76;
const MASK_DOT: char = '•';

/// When a session was revoked, in words: `14:02 UTC`, or `14:02 UTC on 2 Dec 2026` when
/// that was not today.
fn revoked_at(at: i64, now: Timestamp) -> Option<String> {
    let t = DateTime::from_timestamp(at, 0)?;
    let mut s = format!("{} UTC", t.format("%H:%M"));
    if t.date_naive() != now.date_naive() {
        let _ = write!(s, " on {}", text::date(t));
    }
    Some(s)
}

/// The reason for the sign-in, in plain words.
pub fn reason_text(reason: &ReauthReason, now: Timestamp) -> String {
    match reason {
        ReauthReason::SessionRevoked { at } => {
            let when = at
                .and_then(|at| revoked_at(at, now))
                .map(|w| format!(" at {w}"))
                .unwrap_or_default();
            format!(
                "Your Azure DevOps session was revoked{when} (for example after a password reset or an admin \
                 sign-out). Sign in again to continue."
            )
        }
        ReauthReason::IpPolicy { ip } => {
            let seen = ip
                .as_deref()
                .map(|ip| format!(" (seen as {})", text::sanitize(ip)))
                .unwrap_or_default();
            format!(
                "Your network location changed{seen} and a policy requires you to sign in again."
            )
        }
        ReauthReason::StrongerSignIn => {
            "A Conditional Access policy requires a stronger sign-in (for example MFA).".to_owned()
        }
        ReauthReason::ClaimsChallenge => {
            "Azure DevOps needs a fresh sign-in before it continues (an access policy changed or \
             your session was re-checked)."
                .to_owned()
        }
        ReauthReason::PatRejected { message } => {
            let mut s =
                "Your personal access token was refused: it expired or was revoked.".to_owned();
            if let Some(m) = message.as_deref().filter(|m| !m.trim().is_empty()) {
                let _ = write!(s, " The server said: “{}”", text::sanitize(m.trim()));
            }
            s
        }
        ReauthReason::Unauthorized => "Your sign-in expired. Sign in again to continue.".to_owned(),
    }
}

/// `14:32` until `expires_at`, or `expired`.
fn countdown(now: Timestamp, expires_at: Timestamp) -> String {
    let secs = (expires_at - now).num_seconds();
    if secs <= 0 {
        return "the code expired".to_owned();
    }
    format!("expires in {}:{:02}", secs / 60, secs % 60)
}

/// Key hints, one per line: `Enter  sign in`.
fn keys(items: &[(&str, &str)], width: usize, theme: Theme) -> Vec<Line<'static>> {
    let key_w = items.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0) + 2;
    items
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(text::fit(k, key_w.min(width)), theme.key()),
                Span::raw(text::truncate(what, width.saturating_sub(key_w))),
            ])
        })
        .collect()
}

/// Key hints packed onto as few lines as fit: `y copy code · o open the page · …`.
fn keys_flow(items: &[(&str, &str)], width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (k, what) in items {
        let item_w = text::width(k) + 1 + text::width(what);
        if used > 0 && used + 3 + item_w > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
            used += 3;
        }
        spans.push(Span::styled((*k).to_owned(), theme.key()));
        spans.push(Span::raw(format!(
            " {}",
            text::truncate(what, width.saturating_sub(text::width(k) + 1))
        )));
        used += item_w;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

fn line(s: &str, width: usize, style: Style) -> Line<'static> {
    Line::styled(text::truncate(s, width), style)
}

/// The masked PAT field: a dot per character typed, never the characters.
fn masked_field(len: usize, width: usize, theme: Theme) -> Line<'static> {
    let inner = width.clamp(3, 48) - 2;
    let shown = len.min(inner.saturating_sub(1));
    let mut dots = String::new();
    if shown < len {
        dots.push('…');
        dots.extend(std::iter::repeat_n(MASK_DOT, shown.saturating_sub(1)));
    } else {
        dots.extend(std::iter::repeat_n(MASK_DOT, shown));
    }
    Line::from(vec![
        Span::styled("[", theme.dim()),
        Span::styled(text::fit(&format!("{dots}▏"), inner), theme.bold()),
        Span::styled("]", theme.dim()),
    ])
}

fn phase_paras(r: &ReauthState, state: &State, width: usize, theme: Theme) -> Vec<Para> {
    let spin = spinner_frame(state.spinner);
    let mut out = Vec::new();
    match &r.phase {
        ReauthPhase::Prompt => {
            let enter = match r.method {
                SignInMethod::DeviceCode => "sign in",
                SignInMethod::AzureCli => "run az login here (the board comes back after)",
                SignInMethod::Pat => "type a new token",
            };
            if r.method == SignInMethod::AzureCli {
                let command = format!(
                    "az {}",
                    crate::auth::azure_cli::login_args(r.claims.as_deref(), r.tenant.as_deref())
                        .join(" ")
                );
                out.push(Para::wrapped(
                    1,
                    &text::sanitize(&command),
                    width,
                    theme.dim(),
                ));
            }
            let mut items = vec![("Enter", enter)];
            items.push(("Esc", "later (board stays paused, press a to sign in)"));
            items.push(("q", "quit"));
            out.push(Para::new(1, keys(&items, width, theme)));
        }
        ReauthPhase::Starting => {
            out.push(Para::new(
                1,
                vec![line(
                    &format!("{spin} Contacting the sign-in service…"),
                    width,
                    theme.accent(),
                )],
            ));
        }
        ReauthPhase::DeviceCode {
            user_code,
            verification_uri,
            expires_at,
        } => {
            let uri = text::sanitize(verification_uri);
            let code = text::sanitize(user_code);
            out.push(Para::wrapped(
                1,
                &format!("Open {uri} and enter the code"),
                width,
                theme.bold(),
            ));
            out.push(Para::gap());
            let big = format!("   {code}   ");
            let pad = width.saturating_sub(text::width(&big)) / 2;
            out.push(Para::new(
                0,
                vec![Line::from(vec![
                    Span::raw(" ".repeat(pad)),
                    Span::styled(text::truncate(&big, width), theme.selected()),
                ])],
            ));
            out.push(Para::gap());
            let wait = format!(
                "{spin} waiting for you to finish signing in… · {}",
                countdown(state.now, *expires_at)
            );
            out.push(Para::wrapped(2, &wait, width, theme.accent()));
            let copy = if r.copied {
                "copy code (copied)"
            } else {
                "copy code"
            };
            let mut items = vec![("y", copy), ("o", "open the page")];
            if state.context.demo {
                items.push(("d", "approve now (demo)"));
            }
            items.push(("Esc", "later (board stays paused, press a to sign in)"));
            items.push(("q", "quit"));
            out.push(Para::gap());
            out.push(Para::new(3, keys_flow(&items, width, theme)));
        }
        ReauthPhase::AzureCli => {
            out.push(Para::wrapped(
                1,
                "The terminal is handed to az login; finish signing in there and adoboard resumes.",
                width,
                theme.accent(),
            ));
        }
        ReauthPhase::EnteringPat { input } => {
            out.push(Para::wrapped(
                2,
                "Type or paste a new personal access token:",
                width,
                theme.base(),
            ));
            out.push(Para::new(0, vec![masked_field(input.len(), width, theme)]));
            out.push(Para::gap());
            out.push(Para::new(
                3,
                keys(&[("Enter", "save"), ("Esc", "cancel")], width, theme),
            ));
        }
        ReauthPhase::Retrying => {
            out.push(Para::new(
                0,
                vec![line(
                    &format!("{spin} Signed in. Retrying what failed…"),
                    width,
                    theme.ok(),
                )],
            ));
        }
    }
    out
}

fn reauth_paras(r: &ReauthState, state: &State, width: usize, theme: Theme) -> Vec<Para> {
    let reason_priority = match r.phase {
        ReauthPhase::Prompt | ReauthPhase::Starting | ReauthPhase::AzureCli => 0,
        _ => 2,
    };
    let mut paras = vec![Para::wrapped(
        reason_priority,
        &reason_text(&r.reason, state.now),
        width,
        theme.bold(),
    )];
    paras.push(Para::gap());
    let waiting = match state.paused.as_ref().map(|p| p.queued) {
        Some(1) => " 1 refresh waits to be retried.".to_owned(),
        Some(n) if n > 1 => format!(" {n} refreshes wait to be retried."),
        _ => String::new(),
    };
    paras.push(Para::wrapped(
        4,
        &format!(
            "The board is paused. Nothing is lost: your data, selection and place stay as they are.{waiting}"
        ),
        width,
        theme.base(),
    ));
    let mut how = format!("Sign-in method: {}", r.method.label());
    if let Some(tenant) = &r.tenant {
        let _ = write!(how, " · tenant {}", text::sanitize(tenant));
    }
    paras.push(Para::wrapped(5, &how, width, theme.dim()));
    if let Some(err) = &r.error {
        paras.push(Para::gap());
        paras.push(Para::wrapped(
            1,
            &format!("✖ {}", text::sanitize(err)),
            width,
            theme.error(),
        ));
    }
    if r.attempts > 1 {
        let attempt = format!(
            "attempt {} of {}",
            r.attempts,
            ReauthState::MAX_ATTEMPTS.max(r.attempts)
        );
        paras.push(Para::new(2, vec![line(&attempt, width, theme.warning())]));
    }
    paras.push(Para::gap());
    paras.extend(phase_paras(r, state, width, theme));
    paras
}

pub fn render_reauth(frame: &mut Frame, area: Rect, state: &State, r: &ReauthState, theme: Theme) {
    render_box(
        frame,
        area,
        "Sign in again",
        " adoboard is paused ",
        REAUTH_MAX_WIDTH,
        |width| reauth_paras(r, state, width, theme),
        theme,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn reason_text_names_the_revocation_time() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 14, 5, 0).unwrap();
        let same_day = Utc
            .with_ymd_and_hms(2026, 12, 3, 14, 2, 0)
            .unwrap()
            .timestamp();
        let s = reason_text(&ReauthReason::SessionRevoked { at: Some(same_day) }, now);
        assert!(s.contains("revoked at 14:02 UTC (for example"), "{s}");
        let day_before = Utc
            .with_ymd_and_hms(2026, 12, 2, 9, 30, 0)
            .unwrap()
            .timestamp();
        let s = reason_text(
            &ReauthReason::SessionRevoked {
                at: Some(day_before),
            },
            now,
        );
        assert!(s.contains("at 09:30 UTC on 2 Dec 2026"), "{s}");
    }

    #[test]
    fn masked_field_shows_dots_only() {
        let l = masked_field(5, 40, Theme::default());
        let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(s.matches(MASK_DOT).count(), 5);
        let l = masked_field(500, 20, Theme::default());
        assert!(l.width() <= 20);
    }
}
