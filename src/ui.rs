//! Drawing: [`render`] turns a borrowed [`State`] into one frame, and the layout helpers tell
//! update code what is where (rows in view, the row under a click). Never mutates State,
//! reads no clock or environment.
//!
//! ```text
//!  1 My work  2 Sprint board  3 Pull requests  4 Pipelines                      fabrikam / Web Portal
//! ┌ My work (8) ────────────────────────── ⠋ refreshing ┐┌ Detail ───────────────────────────────────┐
//! │ ID      Type  Title                     Pri Changed ││ #4211 Bug                                 │
//! │ ── Active (3) ──                                    ││ Checkout page loops back to the sign-in   │
//! │ #4211   Bug   Checkout page loops back… P1    4 min ││ screen after the session cookie expires   │
//! │ #4187   Story Export the sprint board … P2      3 h ││ on Safari                                 │
//! │ #4190   Task  Write migration for the … P2      1 d ││                                           │
//! │ ── New (3) ──                                       ││ State      Active (Investigating)         │
//! │ #4302   Task  Release notes for 2.4 — … P3      2 d ││ Assigned   Zoë Ångström                   │
//! │ #4305   Feat  Saved filters             P2      5 d ││ Area       Web Portal\Checkout            │
//! │ #4120   Epic  Accessibility pass over … P1      9 d ││ Iteration  Web Portal\Sprint 42           │
//! └ ⚠ showing data from 5 min ago · refresh failed … ───┘└──────────────────────────────── Esc close ┘
//!  updated 12 s ago · ⠋ loading               ⏸ paused: re-authentication needed (press a to sign in)
//! ```
//!
//! Tabs on the first line, the current view in the body (with the detail pane on the right
//! from 100 columns, below or over the list when narrower), the status bar on the last line,
//! and a modal, when one is open, over everything.

pub mod board;
pub mod detail;
pub mod modal;
pub mod my_work;
pub mod pane;
pub mod pipelines;
pub mod pull_requests;
pub mod status_bar;
pub mod table;
pub mod tabs;
pub mod text;
pub mod theme;

pub use modal::help::KEY_BINDINGS;
pub use theme::Theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Block;

use crate::state::{State, Tab};

/// Smallest terminal adoboard draws its screen in; below it, only a notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the detail pane sits beside the list.
const SIDE_DETAIL_MIN_WIDTH: u16 = 100;
/// Narrower screens split list and detail vertically from this body height, else the detail
/// covers the list.
const SPLIT_DETAIL_MIN_HEIGHT: u16 = 16;

const SPINNER_FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner glyph for tick `tick` (`State::spinner`).
pub fn spinner_frame(tick: usize) -> &'static str {
    SPINNER_FRAMES[tick % SPINNER_FRAMES.len()]
}

/// Where the parts of the screen go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    /// The current view's block; `None` while the detail pane covers it.
    pub view: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Rect,
}

/// The screen layout for a terminal of `size`, or `None` when it is too small to draw.
pub fn areas(size: Rect, state: &State) -> Option<Areas> {
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return None;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(size);
    let (view, detail) = if !state.detail_open {
        (Some(body), None)
    } else if body.width >= SIDE_DETAIL_MIN_WIDTH {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(body);
        (Some(list), Some(detail))
    } else if body.height >= SPLIT_DETAIL_MIN_HEIGHT {
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        (Some(list), Some(detail))
    } else {
        (None, Some(body))
    };
    Some(Areas {
        tabs,
        view,
        detail,
        status,
    })
}

fn size_rect(state: &State) -> Rect {
    Rect::new(0, 0, state.size.0, state.size.1)
}

/// Where the current tab's rows (or, on the board, cards) are drawn in a terminal of `size`:
/// inside the view's border and below its heading. Empty when the view is hidden.
pub fn list_area(size: Rect, state: &State) -> Rect {
    let Some(view) = areas(size, state).and_then(|a| a.view) else {
        return Rect::default();
    };
    let inner = Block::bordered().inner(view);
    match state.tab {
        Tab::Sprint => match &state.sprint.data {
            Some(sprint) => {
                board::board_layout(inner, sprint, &state.board, state.selected_board_item()).cards
            }
            None => Rect::default(),
        },
        _ => Rect {
            y: inner.y + 1.min(inner.height),
            height: inner.height.saturating_sub(1),
            ..inner
        },
    }
}

/// How many rows (or board cards per column) fit on one page in a terminal of `size`.
pub fn page_size(size: Rect, state: &State) -> usize {
    let area = list_area(size, state);
    match state.tab {
        Tab::Sprint => {
            usize::from(area.height / board::CARD_HEIGHT).max(usize::from(!area.is_empty()))
        }
        _ => usize::from(area.height),
    }
}

/// The largest `detail_scroll` that still moves the detail pane in a terminal of `size`;
/// 0 when the pane is closed. Converts the description, so call it on scroll keys only.
pub fn detail_max_scroll(size: Rect, state: &State) -> u16 {
    areas(size, state)
        .and_then(|a| a.detail)
        .map_or(0, |d| detail::max_scroll(d, state))
}

/// The id of the item drawn at cell (x, y) of the current tab, for mouse clicks: a work
/// item, pull request or run row, or a board card. Uses `state.size` as the terminal size
/// and the same scrolling as [`render`], so it hits what is on screen.
pub fn row_at(state: &State, x: u16, y: u16) -> Option<u32> {
    let size = size_rect(state);
    if state.modal.is_some() {
        return None;
    }
    let area = list_area(size, state);
    if x < area.x || x >= area.right() || y < area.y || y >= area.bottom() {
        return None;
    }
    let line = y - area.y;
    match state.tab {
        Tab::MyWork => {
            let rows = state.my_work_rows();
            my_work::table(state, &rows).id_at_line(area.height, line)
        }
        Tab::PullRequests => {
            let rows = state.pull_rows();
            pull_requests::table(state, &rows).id_at_line(area.height, line)
        }
        Tab::Pipelines => {
            let rows = state.pipeline_rows();
            pipelines::table(state, &rows).id_at_line(area.height, line)
        }
        Tab::Sprint => {
            let sprint = state.sprint.data.as_ref()?;
            let view = areas(size, state)?.view?;
            let layout = board::board_layout(
                Block::bordered().inner(view),
                sprint,
                &state.board,
                state.selected_board_item(),
            );
            board::card_at(&layout, sprint, x, y)
        }
    }
}

/// The tab whose label is drawn at (x, y), for clicks on the tab line.
pub fn tab_at(state: &State, x: u16, y: u16) -> Option<Tab> {
    if state.modal.is_some() {
        return None;
    }
    let tabs = areas(size_rect(state), state)?.tabs;
    if y != tabs.y {
        return None;
    }
    tabs::tab_at(state, tabs, x)
}

/// Whether (x, y) falls inside the open detail pane.
pub fn detail_contains(state: &State, x: u16, y: u16) -> bool {
    areas(size_rect(state), state)
        .and_then(|a| a.detail)
        .is_some_and(|d| x >= d.x && x < d.right() && y >= d.y && y < d.bottom())
}

/// Rows (or cards per board column) visible for the current tab at the current size.
pub fn visible_rows(state: &State) -> usize {
    page_size(size_rect(state), state)
}

/// The index (into `sprint.columns`) of the board column drawn at (x, y), header included.
pub fn board_column_at(state: &State, x: u16, y: u16) -> Option<usize> {
    if state.tab != Tab::Sprint || state.modal.is_some() {
        return None;
    }
    let sprint = state.sprint.data.as_ref()?;
    let view = areas(size_rect(state), state)?.view?;
    let inner = Block::bordered().inner(view);
    if y < inner.y || y >= inner.bottom() {
        return None;
    }
    let layout = board::board_layout(inner, sprint, &state.board, state.selected_board_item());
    board::column_at(&layout, x).map(|c| c.index)
}

/// Draws the whole screen for `state`.
pub fn render(state: &State, frame: &mut Frame) {
    let theme = Theme {
        color: !state.no_color,
    };
    let size = frame.area();
    let Some(areas) = areas(size, state) else {
        render_too_small(frame, size, theme);
        return;
    };
    tabs::render_tabs(frame, areas.tabs, state, theme);
    if let Some(view) = areas.view {
        match state.tab {
            Tab::MyWork => my_work::render_my_work(frame, view, state, theme),
            Tab::Sprint => board::render_board(frame, view, state, theme),
            Tab::PullRequests => pull_requests::render_pull_requests(frame, view, state, theme),
            Tab::Pipelines => pipelines::render_pipelines(frame, view, state, theme),
        }
    }
    if let Some(detail) = areas.detail {
        detail::render_detail(frame, detail, state, theme);
    }
    status_bar::render_status_bar(frame, areas.status, state, theme);
    // Modals cover the body only, so the tabs and the status bar (with its paused marker)
    // stay in view.
    let body = Rect {
        y: areas.tabs.bottom(),
        height: areas.status.y - areas.tabs.bottom(),
        ..size
    };
    modal::render_modal(frame, body, state, theme);
}

fn render_too_small(frame: &mut Frame, size: Rect, theme: Theme) {
    let msg = format!(
        "Terminal too small — need at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{})",
        size.width, size.height
    );
    let lines = text::wrap(&msg, usize::from(size.width))
        .into_iter()
        .map(|l| Line::styled(l, theme.warning()))
        .collect();
    pane::render_centered_lines(frame, size, lines);
}
