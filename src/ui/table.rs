//! The one table the list views share: fits columns to the width, draws the heading, group
//! lines and only the rows in view. Knows nothing of work items, pull requests or runs.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text;
use super::theme::Theme;
use crate::domain::{Identity, Timestamp};

/// One column of a [`TableRow`] kind.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    /// Cells wanted; for a flexible column, the least it may shrink to before others drop.
    pub width: u16,
    /// Takes the width left over by the others.
    pub flex: bool,
    /// 0 is never dropped; when the area is narrow the highest number goes first.
    pub priority: u8,
    pub align_right: bool,
}

impl Column {
    pub const fn fixed(title: &'static str, width: u16, priority: u8) -> Column {
        Column {
            title,
            width,
            flex: false,
            priority,
            align_right: false,
        }
    }

    pub const fn right(title: &'static str, width: u16, priority: u8) -> Column {
        Column {
            title,
            width,
            flex: false,
            priority,
            align_right: true,
        }
    }

    pub const fn flex(title: &'static str, min: u16) -> Column {
        Column {
            title,
            width: min,
            flex: true,
            priority: 0,
            align_right: false,
        }
    }
}

/// One styled piece of a cell. Text must already be sanitized.
pub type Piece<'a> = (Cow<'a, str>, Style);

/// What rows may look at besides themselves.
#[derive(Debug, Clone, Copy)]
pub struct RowContext<'a> {
    pub now: Timestamp,
    pub theme: Theme,
    pub me: Option<&'a Identity>,
}

/// A kind of data shown as table rows; one implementation per view.
pub trait TableRow {
    const COLUMNS: &'static [Column];

    /// The id the row selects (work item, pull request or run id).
    fn id(&self) -> u32;

    /// One cell per entry of `COLUMNS`, each a few styled pieces. Only called for rows in view.
    fn cells<'a>(&'a self, ctx: &RowContext<'_>) -> Vec<Vec<Piece<'a>>>;

    /// The group the row belongs to; rows of one group must be adjacent.
    fn group(&self) -> Option<&str> {
        None
    }
}

/// One line of the table body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The heading of the group that the row at this index belongs to.
    Group(usize),
    Row(usize),
}

fn group_of<R: TableRow>(rows: &[R], i: usize) -> Option<&str> {
    rows.get(i).and_then(TableRow::group)
}

/// Body lines needed to show rows `from..=to` with a sticky group heading on top.
fn lines_needed<R: TableRow>(rows: &[R], from: usize, to: usize) -> usize {
    let grouped = group_of(rows, from).is_some();
    let mut n = to + 1 - from;
    if grouped {
        n += 1
            + (from + 1..=to)
                .filter(|&i| group_of(rows, i) != group_of(rows, i - 1))
                .count();
    }
    n
}

/// The first row to draw: the stored offset moved just enough that `selected` is in view
/// and the end of the list does not leave blank lines.
pub fn effective_offset<R: TableRow>(
    rows: &[R],
    selected: Option<usize>,
    offset: usize,
    height: usize,
) -> usize {
    if rows.is_empty() || height == 0 {
        return 0;
    }
    let last = rows.len() - 1;
    let mut off = offset.min(last);
    if let Some(sel) = selected.map(|s| s.min(last)) {
        if sel < off {
            off = sel;
        }
        off = off.max((sel + 1).saturating_sub(height));
        while off < sel && lines_needed(rows, off, sel) > height {
            off += 1;
        }
    }
    while off > 0 && lines_needed(rows, off - 1, last) <= height {
        off -= 1;
    }
    off
}

/// The body lines in view, top to bottom, at most `height` of them.
pub fn plan<R: TableRow>(
    rows: &[R],
    selected: Option<usize>,
    offset: usize,
    height: usize,
) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(height);
    if rows.is_empty() || height == 0 {
        return slots;
    }
    let off = effective_offset(rows, selected, offset, height);
    for i in off..rows.len() {
        let starts_group = i == off || group_of(rows, i) != group_of(rows, i - 1);
        if starts_group && group_of(rows, i).is_some() {
            if slots.len() + 1 >= height && i != off {
                break;
            }
            slots.push(Slot::Group(i));
        }
        if slots.len() >= height {
            break;
        }
        slots.push(Slot::Row(i));
        if slots.len() >= height {
            break;
        }
    }
    slots
}

/// Kept columns, in order, with their widths for `width` cells.
pub fn fit_columns(columns: &[Column], width: u16) -> Vec<(usize, u16)> {
    let mut kept: Vec<usize> = (0..columns.len()).collect();
    let need = |kept: &[usize]| -> u32 {
        kept.iter()
            .map(|&i| u32::from(columns[i].width))
            .sum::<u32>()
            + kept.len().saturating_sub(1) as u32
    };
    while need(&kept) > u32::from(width) {
        let droppable = kept
            .iter()
            .enumerate()
            .filter(|&(_, &c)| columns[c].priority > 0)
            .max_by_key(|&(pos, &c)| (columns[c].priority, pos));
        match droppable {
            Some((pos, _)) => {
                kept.remove(pos);
            }
            None => break,
        }
    }
    let fixed: u32 = kept
        .iter()
        .filter(|&&i| !columns[i].flex)
        .map(|&i| u32::from(columns[i].width))
        .sum::<u32>()
        + kept.len().saturating_sub(1) as u32;
    let flex_count = kept.iter().filter(|&&i| columns[i].flex).count() as u32;
    let spare = u32::from(width).saturating_sub(fixed);
    let mut flex_seen = 0;
    kept.iter()
        .map(|&i| {
            let w = if columns[i].flex {
                flex_seen += 1;
                let share = spare / flex_count.max(1);
                let extra = if flex_seen == flex_count {
                    spare % flex_count.max(1)
                } else {
                    0
                };
                (share + extra) as u16
            } else {
                columns[i].width
            };
            (i, w)
        })
        .collect()
}

/// Writes styled pieces into `width` cells at (x, y), cutting with `…` when they overflow.
pub fn render_pieces(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    pieces: &[Piece<'_>],
    align_right: bool,
) {
    let total: usize = pieces.iter().map(|(s, _)| text::width(s)).sum();
    let width_us = usize::from(width);
    let mut cx = x;
    if align_right && total < width_us {
        cx += (width_us - total) as u16;
    }
    let room = width_us.min(usize::from(buf.area.right().saturating_sub(cx)));
    if room == 0 {
        return;
    }
    let overflow = total > room;
    let mut budget = if overflow { room - 1 } else { room };
    for (s, style) in pieces {
        let (head, hw) = text::take_width(s, budget);
        buf.set_stringn(cx, y, head, hw, *style);
        cx += hw as u16;
        budget -= hw;
        if head.len() < s.len() {
            break;
        }
    }
    if overflow {
        let style = pieces.last().map(|(_, s)| *s).unwrap_or_default();
        buf.set_stringn(cx, y, text::ELLIPSIS, 1, style);
    }
}

/// Everything the table needs for one frame.
pub struct TableView<'r, R> {
    pub rows: &'r [R],
    /// Id of the selected row.
    pub selected: Option<u32>,
    /// Stored first visible row; adjusted to keep the selection in view.
    pub offset: usize,
    /// Heading text of a group given its name and row count.
    pub group_label: fn(&str, usize) -> String,
}

impl<R: TableRow> TableView<'_, R> {
    pub fn selected_index(&self) -> Option<usize> {
        let id = self.selected?;
        self.rows.iter().position(|r| r.id() == id)
    }

    /// The id of the row drawn on body line `line` (0 = first line under the heading).
    pub fn id_at_line(&self, body_height: u16, line: u16) -> Option<u32> {
        let slots = plan(
            self.rows,
            self.selected_index(),
            self.offset,
            usize::from(body_height),
        );
        match slots.get(usize::from(line))? {
            Slot::Row(i) => self.rows.get(*i).map(TableRow::id),
            Slot::Group(_) => None,
        }
    }

    /// Draws the heading on the first line of `area` and the rows in view below it.
    pub fn render_table(&self, buf: &mut Buffer, area: Rect, ctx: &RowContext<'_>) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let theme = ctx.theme;
        // One cell of padding each side; the selection still spans the full width.
        let padded = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(2),
            ..area
        };
        let cols = fit_columns(R::COLUMNS, padded.width);
        let mut x = padded.x;
        for &(i, w) in &cols {
            let c = &R::COLUMNS[i];
            let title = if c.align_right {
                text::fit_right(c.title, usize::from(w))
            } else {
                text::fit(c.title, usize::from(w))
            };
            let w = w.min(padded.right().saturating_sub(x));
            buf.set_stringn(x, area.y, title, usize::from(w), theme.header());
            x = x.saturating_add(w + 1);
        }
        let body = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let selected = self.selected_index();
        let slots = plan(self.rows, selected, self.offset, usize::from(body.height));
        for (line, slot) in slots.iter().enumerate() {
            let y = body.y + line as u16;
            match *slot {
                Slot::Group(i) => self.render_group_line(
                    buf,
                    Rect {
                        y,
                        height: 1,
                        ..padded
                    },
                    i,
                    theme,
                ),
                Slot::Row(i) => {
                    let row = &self.rows[i];
                    let cells = row.cells(ctx);
                    let mut x = padded.x;
                    for &(c, w) in &cols {
                        if let Some(pieces) = cells.get(c) {
                            let w = w.min(padded.right().saturating_sub(x));
                            render_pieces(buf, x, y, w, pieces, R::COLUMNS[c].align_right);
                        }
                        x = x.saturating_add(w + 1);
                    }
                    if Some(i) == selected {
                        buf.set_style(
                            Rect {
                                y,
                                height: 1,
                                ..body
                            },
                            theme.selected(),
                        );
                    }
                }
            }
        }
    }

    fn render_group_line(&self, buf: &mut Buffer, line: Rect, first: usize, theme: Theme) {
        let Some(name) = group_of(self.rows, first) else {
            return;
        };
        let mut start = first;
        while start > 0 && group_of(self.rows, start - 1) == Some(name) {
            start -= 1;
        }
        let count = self.rows[start..]
            .iter()
            .take_while(|r| r.group() == Some(name))
            .count();
        let label = text::truncate(&(self.group_label)(name, count), usize::from(line.width));
        buf.set_stringn(
            line.x,
            line.y,
            label,
            usize::from(line.width),
            theme.group(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(u32, &'static str);

    impl TableRow for Item {
        const COLUMNS: &'static [Column] = &[Column::fixed("Id", 4, 0), Column::flex("Title", 5)];
        fn id(&self) -> u32 {
            self.0
        }
        fn cells<'a>(&'a self, _: &RowContext<'_>) -> Vec<Vec<Piece<'a>>> {
            vec![
                vec![(self.0.to_string().into(), Style::new())],
                vec![(self.1.into(), Style::new())],
            ]
        }
        fn group(&self) -> Option<&str> {
            Some(self.1)
        }
    }

    fn items() -> Vec<Item> {
        let mut v: Vec<Item> = (0..5).map(|i| Item(i, "a")).collect();
        v.extend((5..10).map(|i| Item(i, "b")));
        v
    }

    #[test]
    fn plan_puts_a_sticky_group_heading_on_top() {
        let rows = items();
        let slots = plan(&rows, Some(0), 0, 4);
        assert_eq!(
            slots,
            [Slot::Group(0), Slot::Row(0), Slot::Row(1), Slot::Row(2)]
        );
        let slots = plan(&rows, Some(6), 0, 4);
        assert_eq!(
            slots,
            [Slot::Group(5), Slot::Row(5), Slot::Row(6), Slot::Row(7)]
        );
        let slots = plan(&rows, Some(9), 0, 4);
        assert_eq!(slots.last(), Some(&Slot::Row(9)));
        let slots = plan(&rows, Some(4), 0, 6);
        assert_eq!(
            slots,
            [
                Slot::Group(0),
                Slot::Row(0),
                Slot::Row(1),
                Slot::Row(2),
                Slot::Row(3),
                Slot::Row(4)
            ]
        );
    }

    #[test]
    fn plan_keeps_selection_visible_at_scale() {
        let rows: Vec<Item> = (0..20_000)
            .map(|i| Item(i, if i < 10_000 { "a" } else { "b" }))
            .collect();
        let slots = plan(&rows, Some(19_999), 0, 10);
        assert_eq!(slots.len(), 10);
        assert_eq!(slots.last(), Some(&Slot::Row(19_999)));
        assert!(plan(&rows, None, 0, 0).is_empty());
    }

    #[test]
    fn fit_columns_drops_by_priority_and_gives_flex_the_rest() {
        let cols = [
            Column::fixed("a", 5, 0),
            Column::flex("t", 10),
            Column::fixed("b", 8, 2),
            Column::fixed("c", 8, 1),
        ];
        assert_eq!(fit_columns(&cols, 40), [(0, 5), (1, 16), (2, 8), (3, 8)]);
        assert_eq!(fit_columns(&cols, 26), [(0, 5), (1, 11), (3, 8)]);
        assert_eq!(fit_columns(&cols, 3), [(0, 5), (1, 0)]);
    }

    #[test]
    fn render_pieces_cuts_with_ellipsis() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        render_pieces(
            &mut buf,
            0,
            0,
            6,
            &[("ab".into(), Style::new()), ("cdefgh".into(), Style::new())],
            false,
        );
        assert_eq!(buf, Buffer::with_lines(["abcde…"]));
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        render_pieces(&mut buf, 0, 0, 6, &[("7".into(), Style::new())], true);
        assert_eq!(buf, Buffer::with_lines(["     7"]));
    }
}
