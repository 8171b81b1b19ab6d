//! The help overlay: every key binding, from one table that the README and tests share.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Para, render_box};
use crate::ui::text;
use crate::ui::theme::Theme;

/// Every key binding as (keys, what they do), in the order help shows them.
pub const KEY_BINDINGS: &[(&str, &str)] = &[
    ("1-4", "switch to a view"),
    ("Tab / Shift-Tab", "next / previous view"),
    ("j k ↓ ↑", "move the selection"),
    ("h l ← →", "move between board columns"),
    ("g G Home End", "top / bottom"),
    ("PgDn / PgUp", "page down / up"),
    ("Enter", "open / close the detail pane"),
    ("J K Ctrl-d Ctrl-u", "scroll the detail pane"),
    ("Esc", "close the detail pane or dialog"),
    ("r", "refresh now"),
    ("o", "open in the browser"),
    ("a", "sign in again (when paused)"),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
    ("mouse wheel", "scroll"),
    ("click", "select; click again to open the detail"),
    (
        "votes",
        "✔ approved  ✓ suggestions  ◐ waiting  ✖ rejected  · none",
    ),
    ("Active 5/8", "board column: cards / work-in-progress limit"),
];

/// Extra bindings of the demo organization.
pub const DEMO_KEY_BINDINGS: &[(&str, &str)] = &[
    ("X", "revoke every session (demo)"),
    ("F", "next request meets a fault (demo)"),
    ("d", "approve the device code (demo, sign-in)"),
];

const HELP_MAX_WIDTH: u16 = 80;

pub fn render_help(frame: &mut Frame, area: Rect, theme: Theme, demo: bool) {
    let bindings: Vec<(&str, &str)> = KEY_BINDINGS
        .iter()
        .chain(if demo { DEMO_KEY_BINDINGS } else { &[] })
        .copied()
        .collect();
    let build = |width: usize| {
        let key_w = bindings
            .iter()
            .map(|(k, _)| text::width(k))
            .max()
            .unwrap_or(0)
            + 2;
        let key_w = key_w.min(width / 2);
        let lines = bindings
            .iter()
            .map(|(k, what)| {
                Line::from(vec![
                    Span::styled(text::fit(k, key_w), theme.key()),
                    Span::raw(text::truncate(what, width.saturating_sub(key_w))),
                ])
            })
            .collect();
        vec![Para::new(0, lines)]
    };
    render_box(
        frame,
        area,
        "Keys",
        " ? or Esc close ",
        HELP_MAX_WIDTH,
        build,
        theme,
    );
}
