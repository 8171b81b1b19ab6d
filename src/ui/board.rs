//! The sprint board: the team board's columns side by side with a card per work item.
//! Draws only the cards in view; the column of a card comes from `Sprint::column_of`.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::my_work::type_glyph;
use super::pane::{self, Placeholder};
use super::text;
use super::theme::Theme;
use crate::domain::{Sprint, WorkItem};
use crate::state::{BoardState, State};

/// Lines each card takes: title (two lines) and assignee.
pub const CARD_HEIGHT: u16 = 3;
/// Narrowest a column may get before the board shows a window of columns.
const MIN_COLUMN_WIDTH: u16 = 18;
/// Header line and the rule under it.
const HEADER_LINES: u16 = 2;

/// Where one visible board column is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSlot {
    /// Index into `sprint.columns`.
    pub index: usize,
    pub x: u16,
    pub width: u16,
    /// First card shown, after keeping the selected card in view.
    pub offset: usize,
}

/// The geometry of the board inside its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLayout {
    pub columns: Vec<ColumnSlot>,
    /// More columns exist to the left / right of the window.
    pub more_left: bool,
    pub more_right: bool,
    pub header_y: u16,
    /// The region the cards are drawn in, across all visible columns.
    pub cards: Rect,
}

impl BoardLayout {
    /// Cards that fit in one column.
    pub fn visible_cards(&self) -> usize {
        visible_cards(self.cards.height)
    }
}

fn visible_cards(height: u16) -> usize {
    usize::from((height / CARD_HEIGHT).max(u16::from(height > 0)))
}

/// Lays the board out in `inner` (the area inside the board's block).
pub fn board_layout(
    inner: Rect,
    sprint: &Sprint,
    board: &BoardState,
    selected: Option<&WorkItem>,
) -> BoardLayout {
    let n = sprint.columns.len();
    let fits = |w: u16| usize::from(((w + 1) / (MIN_COLUMN_WIDTH + 1)).max(1));
    let (mut start, mut shown, mut avail_x, mut avail_w) = (0, n, inner.x, inner.width);
    if n > fits(inner.width) {
        avail_x = inner.x + 1;
        avail_w = inner.width.saturating_sub(2);
        shown = fits(avail_w).min(n);
        let focus = board.column.min(n - 1);
        start = focus.saturating_sub((shown - 1) / 2).min(n - shown);
    }
    let cards = Rect {
        x: inner.x,
        y: inner.y + HEADER_LINES.min(inner.height),
        width: inner.width,
        height: inner.height.saturating_sub(HEADER_LINES),
    };
    let visible = visible_cards(cards.height);
    let selected_col = selected.and_then(|w| sprint.column_of(w));
    let mut columns = Vec::with_capacity(shown);
    if shown > 0 {
        let k = shown as u16;
        let total = avail_w.saturating_sub(k - 1);
        let (each, extra) = (total / k, total % k);
        let mut x = avail_x;
        for (slot, index) in (start..start + shown).enumerate() {
            let width = each + u16::from((slot as u16) < extra);
            let count = sprint.items_in(index).count();
            let mut offset = board
                .offsets
                .get(index)
                .copied()
                .unwrap_or(0)
                .min(count.saturating_sub(visible));
            if selected_col == Some(index)
                && let Some(sel) = selected
                && let Some(p) = sprint.items_in(index).position(|w| w.id == sel.id)
            {
                offset = offset.min(p).max((p + 1).saturating_sub(visible));
            }
            columns.push(ColumnSlot {
                index,
                x,
                width,
                offset,
            });
            x = x.saturating_add(width + 1);
        }
    }
    BoardLayout {
        columns,
        more_left: start > 0,
        more_right: start + shown < n,
        header_y: inner.y,
        cards,
    }
}

/// The id of the card drawn at (x, y), if any.
pub fn card_at(layout: &BoardLayout, sprint: &Sprint, x: u16, y: u16) -> Option<u32> {
    let slot = column_at(layout, x)?;
    if y < layout.cards.y || y >= layout.cards.bottom() {
        return None;
    }
    let n = usize::from((y - layout.cards.y) / CARD_HEIGHT) + slot.offset;
    sprint.items_in(slot.index).nth(n).map(|w| w.id)
}

/// The visible column drawn at x, if any.
pub fn column_at(layout: &BoardLayout, x: u16) -> Option<&ColumnSlot> {
    layout
        .columns
        .iter()
        .find(|c| x >= c.x && x < c.x + c.width)
}

/// `Sprint board · Sprint 42 · 23 Nov – 6 Dec 2026`, cut to `room` cells.
fn title_line(sprint: Option<&Sprint>, room: usize, theme: Theme) -> Line<'static> {
    let mut title = String::from(" Sprint board");
    if let Some(it) = sprint.and_then(|s| s.iteration.as_ref()) {
        title.push_str(" · ");
        title.push_str(&text::sanitize(&it.name));
        if let (Some(start), Some(finish)) = (it.start, it.finish) {
            let _ = write!(
                title,
                " · {} – {}",
                start.format("%-d %b"),
                text::date(finish)
            );
        }
    }
    title.push(' ');
    Line::from(Span::styled(text::truncate(&title, room), theme.title()))
}

pub fn render_board(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let sprint = state.sprint.data.as_ref();
    let title = title_line(sprint, usize::from(area.width.saturating_sub(4)), theme);
    let inner = pane::render_block_with(frame, area, state, &state.sprint, title, theme);
    let no_columns = sprint.is_none_or(|s| s.columns.is_empty());
    let placeholder = Placeholder {
        title: "Sprint board",
        what: "the sprint board",
        empty: "This team's board has no columns.",
    };
    if pane::render_placeholder(
        frame,
        inner,
        state,
        &state.sprint,
        no_columns,
        &placeholder,
        theme,
    ) {
        return;
    }
    let Some(sprint) = sprint else { return };
    let layout = board_layout(inner, sprint, &state.board, state.selected_board_item());
    let buf = frame.buffer_mut();
    render_rules(buf, area, inner, &layout, theme);
    for slot in &layout.columns {
        render_column(buf, &layout, sprint, slot, state, theme);
    }
    if layout.more_left && inner.height > 0 {
        buf.set_stringn(inner.x, layout.header_y, "‹", 1, theme.accent());
    }
    if layout.more_right && inner.height > 0 {
        buf.set_stringn(inner.right() - 1, layout.header_y, "›", 1, theme.accent());
    }
}

/// The rule under the headers and the dividers between columns.
fn render_rules(buf: &mut Buffer, outer: Rect, inner: Rect, layout: &BoardLayout, theme: Theme) {
    let rule_y = layout.header_y + 1;
    if rule_y >= inner.bottom() {
        return;
    }
    for x in inner.x..inner.right() {
        buf.set_stringn(x, rule_y, "─", 1, theme.border());
    }
    buf.set_stringn(outer.x, rule_y, "├", 1, theme.border());
    buf.set_stringn(
        outer.right().saturating_sub(1),
        rule_y,
        "┤",
        1,
        theme.border(),
    );
    for pair in layout.columns.windows(2) {
        let x = pair[0].x + pair[0].width;
        for y in inner.y..inner.bottom() {
            let glyph = if y == rule_y { "┼" } else { "│" };
            buf.set_stringn(x, y, glyph, 1, theme.border());
        }
    }
}

fn render_column(
    buf: &mut Buffer,
    layout: &BoardLayout,
    sprint: &Sprint,
    slot: &ColumnSlot,
    state: &State,
    theme: Theme,
) {
    let Some(column) = sprint.columns.get(slot.index) else {
        return;
    };
    let width = usize::from(slot.width);
    let count = sprint.items_in(slot.index).count();
    let name = text::sanitize(&column.name);
    let limit = if column.item_limit > 0 {
        format!("{count}/{}", column.item_limit)
    } else {
        count.to_string()
    };
    let over = column.item_limit > 0 && count > column.item_limit as usize;
    let focused = slot.index == state.board.column;
    let head_style = if focused {
        theme.tab_active()
    } else {
        theme.bold()
    };
    let name = text::truncate(&name, width.saturating_sub(text::width(&limit) + 2));
    let header = Rect {
        x: slot.x,
        y: layout.header_y,
        width: slot.width,
        height: 1,
    };
    buf.set_style(header, head_style);
    let (x, _) = buf.set_stringn(
        slot.x,
        layout.header_y,
        format!(" {name} "),
        width,
        head_style,
    );
    let count_style = if over { theme.warning() } else { head_style };
    buf.set_stringn(
        x,
        layout.header_y,
        &limit,
        width.saturating_sub(usize::from(x - slot.x)),
        count_style,
    );
    let area = Rect {
        x: slot.x,
        width: slot.width,
        ..layout.cards
    };
    if count == 0 && area.height > 0 {
        buf.set_stringn(
            slot.x + 1,
            area.y,
            "no items",
            width.saturating_sub(1),
            theme.dim(),
        );
        return;
    }
    let visible = layout.visible_cards();
    for (n, item) in sprint
        .items_in(slot.index)
        .skip(slot.offset)
        .take(visible)
        .enumerate()
    {
        let y = area.y + n as u16 * CARD_HEIGHT;
        let card = Rect {
            x: slot.x,
            y,
            width: slot.width,
            height: CARD_HEIGHT,
        }
        .intersection(area);
        render_card(buf, card, item, theme);
        if state.board.selected == Some(item.id) {
            buf.set_style(card, theme.selected());
        }
    }
}

/// Draws a card's text one cell in from the column's left edge.
fn render_card(buf: &mut Buffer, card: Rect, item: &WorkItem, theme: Theme) {
    let card = Rect {
        x: card.x + 1,
        width: card.width.saturating_sub(1),
        ..card
    };
    if card.is_empty() {
        return;
    }
    let width = usize::from(card.width);
    let id = format!("#{} ", item.id);
    let glyph = type_glyph(&text::sanitize(&item.work_item_type));
    let (x, _) = buf.set_stringn(card.x, card.y, &id, width, theme.dim());
    let (x, _) = buf.set_stringn(
        x,
        card.y,
        &glyph,
        width.saturating_sub(usize::from(x - card.x)),
        theme.work_item_type(&item.work_item_type),
    );
    let used = usize::from(x - card.x) + 1;
    let title = text::sanitize(&item.title);
    let (first, rest) = text::split_line(&title, width.saturating_sub(used));
    buf.set_stringn(
        x + 1,
        card.y,
        text::truncate(first, width.saturating_sub(used)),
        width.saturating_sub(used),
        theme.base(),
    );
    if card.height > 1 {
        let line = text::truncate(rest, width.saturating_sub(2));
        buf.set_stringn(
            card.x + 2,
            card.y + 1,
            line,
            width.saturating_sub(2),
            theme.base(),
        );
    }
    if card.height > 2 {
        let (who, style) = match &item.assigned_to {
            Some(p) => (text::sanitize(&p.display_name), theme.dim()),
            None => (
                "unassigned".into(),
                theme.dim().add_modifier(ratatui::style::Modifier::ITALIC),
            ),
        };
        buf.set_stringn(
            card.x + 2,
            card.y + 2,
            text::truncate(&who, width.saturating_sub(2)),
            width.saturating_sub(2),
            style,
        );
    }
}
