//! The top line: the four views with their number keys, the current one highlighted, and
//! `org / project` on the right. Draws only.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::text;
use super::theme::Theme;
use crate::state::{State, Tab};

fn short_title(tab: Tab) -> &'static str {
    match tab {
        Tab::MyWork => "Work",
        Tab::Sprint => "Board",
        Tab::PullRequests => "PRs",
        Tab::Pipelines => "Runs",
    }
}

/// Tab labels for the width: full titles, short ones, or numbers with only the current titled.
fn labels(current: Tab, width: usize) -> Vec<(Tab, String)> {
    let variants: [fn(Tab, Tab) -> String; 3] = [
        |t, _| format!(" {} {} ", t.index() + 1, t.title()),
        |t, _| format!(" {} {} ", t.index() + 1, short_title(t)),
        |t, c| {
            if t == c {
                format!(" {} {} ", t.index() + 1, t.title())
            } else {
                format!(" {} ", t.index() + 1)
            }
        },
    ];
    let mut last = Vec::new();
    for make in variants {
        last = Tab::ALL.iter().map(|&t| (t, make(t, current))).collect();
        let w: usize = last.iter().map(|(_, l)| text::width(l)).sum();
        if w <= width {
            break;
        }
    }
    last
}

pub fn render_tabs(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let tabs = labels(state.tab, width);
    let buf = frame.buffer_mut();
    let mut x = area.x;
    for (tab, label) in &tabs {
        let room = usize::from(area.right().saturating_sub(x));
        if room == 0 {
            break;
        }
        let style = if *tab == state.tab {
            theme.tab_active()
        } else {
            theme.base()
        };
        let (nx, _) = buf.set_stringn(x, area.y, label, room, style);
        if *tab != state.tab {
            let digit = format!("{}", tab.index() + 1);
            buf.set_stringn(
                x + 1,
                area.y,
                digit,
                room.saturating_sub(1),
                theme.tab_key(),
            );
        }
        x = nx;
    }
    let used = usize::from(x.saturating_sub(area.x));
    let place = format!(
        "{} / {} ",
        text::sanitize(&state.context.org),
        text::sanitize(&state.context.project)
    );
    let room = width.saturating_sub(used + 1);
    if room >= 8 {
        let place = text::truncate(&place, room);
        let place_w = text::width(&place);
        buf.set_stringn(
            area.right() - place_w as u16,
            area.y,
            place,
            place_w,
            theme.dim(),
        );
    }
}

/// The tab whose label is drawn at column `x` of the tab line `area`.
pub fn tab_at(state: &State, area: Rect, x: u16) -> Option<Tab> {
    let mut left = area.x;
    for (tab, label) in labels(state.tab, usize::from(area.width)) {
        let right = left.saturating_add(text::width(&label) as u16);
        if (left..right).contains(&x) {
            return Some(tab);
        }
        left = right;
    }
    None
}
