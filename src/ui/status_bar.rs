//! The one-line status bar: where we are, who is signed in, how fresh the data is, and the
//! alerts (paused, throttled, offline, last error). Draws only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text;
use super::theme::Theme;
use crate::state::{Connection, State};

/// How long "reconnected" stays on screen after an outage.
const RECONNECTED_SHOWN_SECS: i64 = 10;
/// Longest error message shown in the bar, in cells.
const ERROR_MAX_CELLS: usize = 60;
const SEPARATOR: &str = " · ";

pub const PAUSED_MARKER: &str = "⏸ paused: re-authentication needed (press a to sign in)";

struct Segment {
    text: String,
    style: Style,
    /// Lower is more important; the highest goes first when space runs out.
    priority: u8,
    /// May be cut short (with `…`) rather than dropped.
    shrinkable: bool,
}

fn seg(text: String, style: Style, priority: u8) -> Segment {
    Segment {
        text,
        style,
        priority,
        shrinkable: false,
    }
}

/// Narrowest a shrinkable segment gets before it is dropped instead.
const SHRINK_MIN_CELLS: usize = 24;
/// Segments less important than this go before a shrinkable one is cut.
const SHRINK_AFTER_PRIORITY: u8 = 3;

fn left_segments(state: &State, theme: Theme) -> Vec<Segment> {
    let ctx = &state.context;
    let mut out = Vec::new();
    let place = format!(
        "{}/{}",
        text::sanitize(&ctx.org),
        text::sanitize(&ctx.project)
    );
    out.push(seg(place, theme.accent(), 2));
    if let Some(me) = &state.me {
        out.push(seg(
            text::sanitize(&me.display_name).into_owned(),
            theme.base(),
            4,
        ));
    }
    let auth = if ctx.demo {
        format!("{} (demo)", ctx.auth.label())
    } else {
        ctx.auth.label().to_owned()
    };
    out.push(seg(auth, theme.dim(), 5));
    if let Some(at) = state.current_updated_at() {
        out.push(seg(
            format!("updated {} ago", text::age(state.now, at)),
            theme.dim(),
            1,
        ));
    }
    if state.is_loading() {
        out.push(seg(
            format!("{} loading", super::spinner_frame(state.spinner)),
            theme.accent(),
            0,
        ));
    }
    if let Some(err) = &state.last_error {
        let msg = text::truncate(&text::sanitize(&err.message), ERROR_MAX_CELLS);
        let mut error = seg(
            format!("⚠ {} ago: {msg}", text::age(state.now, err.at)),
            theme.error(),
            3,
        );
        error.shrinkable = true;
        out.push(error);
    }
    out
}

fn alert_segments(state: &State, theme: Theme) -> Vec<Segment> {
    let mut out = Vec::new();
    if state.paused.is_some() {
        out.push(seg(PAUSED_MARKER.to_owned(), theme.warning(), 0));
    }
    if let Some(n) = &state.notice {
        let style = if n.warning {
            theme.warning()
        } else {
            theme.accent()
        };
        let mut notice = seg(text::sanitize(&n.text).into_owned(), style, 1);
        notice.shrinkable = true;
        out.push(notice);
    }
    if let Some(t) = &state.throttle {
        out.push(seg(
            format!("throttled until {}", text::clock(t.until)),
            theme.warning(),
            0,
        ));
        let mut why = seg(text::sanitize(&t.message).into_owned(), theme.warning(), 2);
        why.shrinkable = true;
        out.push(why);
    }
    match &state.connection {
        Connection::Offline { since, .. } => {
            out.push(seg(
                format!("offline since {}", text::clock(*since)),
                theme.error(),
                0,
            ));
        }
        Connection::Reconnected { at }
            if (state.now - *at).num_seconds() < RECONNECTED_SHOWN_SECS =>
        {
            out.push(seg("reconnected".to_owned(), theme.ok(), 1));
        }
        _ => {}
    }
    out
}

fn joined_width(segs: &[Segment]) -> usize {
    let sep = text::width(SEPARATOR) * segs.len().saturating_sub(1);
    segs.iter().map(|s| text::width(&s.text)).sum::<usize>() + sep
}

/// Removes the least important segment; the later one of equals goes first.
fn drop_least(segs: &mut Vec<Segment>) {
    if let Some(pos) = segs
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (s.priority, *i))
        .map(|(i, _)| i)
    {
        segs.remove(pos);
    }
}

/// Width of both sides with the gap between them.
fn total_width(left: &[Segment], alerts: &[Segment]) -> usize {
    let gap = if left.is_empty() || alerts.is_empty() {
        0
    } else {
        3
    };
    joined_width(left) + joined_width(alerts) + gap
}

/// Make both sides fit `width`, treating them as one pool ranked by priority: minor
/// segments go first; a long shrinkable one (an error, a reason, a notice) is cut
/// with `…` rather than dropped while it keeps a readable width.
fn fit(left: &mut Vec<Segment>, alerts: &mut Vec<Segment>, width: usize) {
    while total_width(left, alerts) > width {
        let over = total_width(left, alerts) - width;
        let least = left
            .iter()
            .chain(alerts.iter())
            .map(|s| s.priority)
            .max()
            .unwrap_or(0);
        let shrink = left
            .iter_mut()
            .chain(alerts.iter_mut())
            .filter(|s| s.shrinkable && text::width(&s.text) >= SHRINK_MIN_CELLS + over)
            .max_by_key(|s| text::width(&s.text));
        match shrink {
            // Cut a long message before losing anything more important than minor detail.
            Some(s) if least <= SHRINK_AFTER_PRIORITY || s.priority >= least => {
                s.text = text::truncate(&s.text, text::width(&s.text) - over);
            }
            _ => {
                // Drop the least important segment, from whichever side holds it.
                let in_left = left.iter().any(|s| s.priority == least);
                if in_left {
                    drop_least(left);
                } else if alerts.len() > 1 {
                    drop_least(alerts);
                } else {
                    // The one remaining alert stays; drawing cuts it to the width.
                    left.clear();
                    return;
                }
            }
        }
    }
}

fn render_segments(
    frame: &mut Frame,
    x: u16,
    y: u16,
    max: usize,
    segs: &[Segment],
    theme: Theme,
) -> u16 {
    let buf = frame.buffer_mut();
    let mut x = x;
    let mut left = max;
    for (i, s) in segs.iter().enumerate() {
        if i > 0 {
            let (nx, _) = buf.set_stringn(x, y, SEPARATOR, left, theme.dim());
            left = left.saturating_sub(usize::from(nx - x));
            x = nx;
        }
        let t = text::truncate(&s.text, left);
        let (nx, _) = buf.set_stringn(x, y, &t, left, s.style);
        left = left.saturating_sub(usize::from(nx - x));
        x = nx;
    }
    x
}

pub fn render_status_bar(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width.saturating_sub(2));
    let mut left = left_segments(state, theme);
    let mut alerts = alert_segments(state, theme);
    fit(&mut left, &mut alerts, width);
    render_segments(frame, area.x + 1, area.y, width, &left, theme);
    let alerts_w = joined_width(&alerts).min(width);
    let x = area.x + 1 + (width - alerts_w) as u16;
    render_segments(frame, x, area.y, alerts_w, &alerts, theme);
}
