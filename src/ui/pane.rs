//! The frame every view sits in: bordered block with title and count, a refresh marker, the
//! kept-data warning on the bottom edge, and the loading / empty / failed placeholders.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::table::{RowContext, TableRow, TableView};
use super::text;
use super::theme::Theme;
use crate::state::{FetchErrorKind, Loadable, State};

/// Words for a view's placeholders.
pub struct Placeholder {
    /// The view's title, for the block.
    pub title: &'static str,
    /// What is being loaded, e.g. "your work items".
    pub what: &'static str,
    /// Shown when the data loaded and is empty.
    pub empty: &'static str,
}

pub fn kind_label(kind: FetchErrorKind) -> &'static str {
    match kind {
        FetchErrorKind::Network => "network error",
        FetchErrorKind::Server => "server error",
        FetchErrorKind::Decode => "unexpected response",
        FetchErrorKind::NotFound => "not found",
        FetchErrorKind::Auth => "sign-in needed",
        FetchErrorKind::Throttled => "throttled",
        FetchErrorKind::Request => "request refused",
    }
}

/// Draws the bordered block of a view and returns the area inside it.
/// One list view: its framed block, a placeholder while loading, empty or failed,
/// else the table. Shared by My work, Pull requests and Pipelines.
pub fn render_list<T, R: TableRow>(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    load: &Loadable<Vec<T>>,
    words: &Placeholder,
    table: &TableView<'_, R>,
    theme: Theme,
) {
    let count = load.data.as_ref().map(Vec::len);
    let inner = render_view_frame(frame, area, state, load, words.title, count, theme);
    if render_placeholder(
        frame,
        inner,
        state,
        load,
        table.rows.is_empty(),
        words,
        theme,
    ) {
        return;
    }
    let ctx = RowContext {
        now: state.now,
        theme,
        me: state.me.as_ref(),
    };
    table.render_table(frame.buffer_mut(), inner, &ctx);
}

pub fn render_view_frame<T>(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    load: &Loadable<T>,
    title: &str,
    count: Option<usize>,
    theme: Theme,
) -> Rect {
    let mut head = format!(" {title}");
    if let Some(n) = count {
        let _ = write!(head, " ({n})");
    }
    head.push(' ');
    render_block_with(
        frame,
        area,
        state,
        load,
        Line::from(Span::styled(head, theme.title())),
        theme,
    )
}

/// Like [`render_view_frame`] with a ready-made title line (already sanitized).
pub fn render_block_with<T>(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    load: &Loadable<T>,
    title: Line<'_>,
    theme: Theme,
) -> Rect {
    let room = usize::from(area.width.saturating_sub(4));
    let mut block = Block::bordered().border_style(theme.border()).title(title);
    if load.loading && load.data.is_some() {
        let refreshing = format!(" {} refreshing ", super::spinner_frame(state.spinner));
        block = block.title(Line::from(Span::styled(refreshing, theme.dim())).right_aligned());
    }
    if let (Some(err), Some(_)) = (&load.error, &load.data) {
        let mut msg = String::from(" ⚠ ");
        if let Some(at) = load.updated_at {
            let _ = write!(msg, "showing data from {} ago · ", text::age(state.now, at));
        }
        let _ = write!(
            msg,
            "refresh failed {} ago: {} ",
            text::age(state.now, err.at),
            text::sanitize(&err.message)
        );
        block = block.title_bottom(Span::styled(text::truncate(&msg, room), theme.warning()));
    } else if let Some(notice) = &load.notice {
        let msg = format!(" {} ", text::sanitize(notice));
        block = block.title_bottom(Span::styled(text::truncate(&msg, room), theme.dim()));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Draws the loading, failed or empty placeholder when there are no rows to show, and
/// returns whether it drew one.
pub fn render_placeholder<T>(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    load: &Loadable<T>,
    no_rows: bool,
    words: &Placeholder,
    theme: Theme,
) -> bool {
    let width = usize::from(area.width);
    let mut lines: Vec<Line<'_>> = Vec::new();
    match (&load.data, &load.error) {
        (None, Some(err)) => {
            lines.push(Line::styled(
                text::truncate(&format!("✖ Could not load {}", words.what), width),
                theme.error(),
            ));
            for l in text::wrap(&text::sanitize(&err.message), width) {
                lines.push(Line::raw(l));
            }
            let hint = format!(
                "{} · {} ago · press r to retry",
                kind_label(err.kind),
                text::age(state.now, err.at)
            );
            lines.push(Line::styled(text::truncate(&hint, width), theme.dim()));
        }
        (None, None) if state.paused.is_some() && !load.loading => {
            let msg = format!("⏸ {} load once you sign in again (press a)", words.what);
            for l in text::wrap(&msg, width) {
                lines.push(Line::styled(l, theme.warning()));
            }
        }
        (None, None) => {
            let msg = format!(
                "{} Loading {}…",
                super::spinner_frame(state.spinner),
                words.what
            );
            lines.push(Line::styled(text::truncate(&msg, width), theme.dim()));
        }
        (Some(_), _) if no_rows => {
            for l in text::wrap(words.empty, width) {
                lines.push(Line::styled(l, theme.dim()));
            }
        }
        (Some(_), _) => return false,
    }
    render_centered_lines(frame, area, lines);
    true
}

/// Draws `lines` centred both ways in `area`, dropping lines that do not fit.
pub fn render_centered_lines(frame: &mut Frame, area: Rect, mut lines: Vec<Line<'_>>) {
    if area.is_empty() {
        return;
    }
    lines.truncate(usize::from(area.height));
    let h = lines.len() as u16;
    let y = area.y + (area.height - h) / 2;
    let para = Paragraph::new(lines).centered();
    frame.render_widget(
        para,
        Rect {
            y,
            height: h,
            ..area
        },
    );
}
