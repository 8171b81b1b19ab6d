//! The "My work" view: my work items as table rows grouped by state.
//! Draws only; the order of rows comes from `State::my_work_rows`.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::pane::{self, Placeholder};
use super::table::{Column, Piece, RowContext, TableRow, TableView};
use super::text;
use super::theme::Theme;
use crate::domain::WorkItem;
use crate::state::State;

/// Short name of a work item type for narrow cells.
pub fn type_short(kind: &str) -> &str {
    match kind.to_ascii_lowercase().as_str() {
        "user story" => "Story",
        "product backlog item" => "PBI",
        "feature" => "Feat",
        "requirement" => "Req",
        "impediment" => "Imped",
        _ => kind,
    }
}

/// One-cell mark of a work item type for cards: its initial, coloured by the theme.
pub fn type_glyph(kind: &str) -> String {
    match kind.to_ascii_lowercase().as_str() {
        "product backlog item" => "P".to_owned(),
        "user story" => "S".to_owned(),
        _ => kind
            .chars()
            .find(char::is_ascii_alphanumeric)
            .map_or_else(|| "•".to_owned(), |c| c.to_ascii_uppercase().to_string()),
    }
}

impl TableRow for &WorkItem {
    const COLUMNS: &'static [Column] = &[
        Column::fixed("ID", 7, 0),
        Column::fixed("Type", 5, 0),
        Column::flex("Title", 24),
        Column::fixed("Pri", 3, 2),
        Column::right("Changed", 7, 1),
        Column::fixed("Tags", 18, 3),
    ];

    fn id(&self) -> u32 {
        self.id
    }

    fn cells<'a>(&'a self, ctx: &RowContext<'_>) -> Vec<Vec<Piece<'a>>> {
        let theme = ctx.theme;
        let kind = text::sanitize(&self.work_item_type);
        let short = text::truncate(type_short(&kind), 5);
        let tags = self
            .tags
            .iter()
            .map(|t| text::sanitize(t))
            .collect::<Vec<_>>()
            .join(", ");
        vec![
            vec![(format!("#{}", self.id).into(), theme.dim())],
            vec![(short.into(), theme.work_item_type(&self.work_item_type))],
            vec![(text::sanitize(&self.title), theme.base())],
            vec![(
                self.priority
                    .map(|p| format!("P{p}"))
                    .unwrap_or_default()
                    .into(),
                theme.base(),
            )],
            vec![(
                self.changed_date
                    .map(|t| text::age(ctx.now, t))
                    .unwrap_or_default()
                    .into(),
                theme.dim(),
            )],
            vec![(tags.into(), theme.dim())],
        ]
    }

    fn group(&self) -> Option<&str> {
        Some(&self.state)
    }
}

fn group_label(state: &str, count: usize) -> String {
    let name = if state.is_empty() {
        "(no state)".into()
    } else {
        text::sanitize(state)
    };
    format!("── {name} ({count}) ──")
}

/// The table over `rows` with the selection and stored scroll of "My work".
pub fn table<'r>(state: &State, rows: &'r [&'r WorkItem]) -> TableView<'r, &'r WorkItem> {
    TableView {
        rows,
        selected: state.my_work_list.selected,
        offset: state.my_work_list.offset,
        group_label,
    }
}

pub fn render_my_work(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let rows = state.my_work_rows();
    let words = Placeholder {
        title: "My work",
        what: "your work items",
        empty: "Nothing is assigned to you right now.",
    };
    let table = table(state, &rows);
    pane::render_list(frame, area, state, &state.my_work, &words, &table, theme);
}
