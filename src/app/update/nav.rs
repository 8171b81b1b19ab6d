//! Moving around: tabs, rows, board columns, detail pane, mouse. Selections are ids,
//! so a refresh that reorders rows keeps the same item under the cursor.

use crate::action::{Action, View};
use crate::state::{State, Tab};

/// Where a view's selection sat before new data arrived.
pub(super) struct Anchor {
    index: Option<usize>,
}

/// Ids of the current rows of a list view in display order; for the board, the
/// cards of the selected column.
fn row_ids(state: &State, view: View) -> Vec<u32> {
    match view {
        View::MyWork => state.my_work_rows().iter().map(|w| w.id).collect(),
        View::PullRequests => state.pull_rows().iter().map(|p| p.pr.id).collect(),
        View::Pipelines => state.pipeline_rows().iter().map(|r| r.id).collect(),
        View::Sprint => match &state.sprint.data {
            Some(sprint) => sprint.items_in(state.board.column).map(|w| w.id).collect(),
            None => Vec::new(),
        },
    }
}

fn selected(state: &State, view: View) -> Option<u32> {
    match view {
        View::MyWork => state.my_work_list.selected,
        View::PullRequests => state.pulls_list.selected,
        View::Pipelines => state.pipelines_list.selected,
        View::Sprint => state.board.selected,
    }
}

fn set_selected(state: &mut State, view: View, id: Option<u32>) {
    match view {
        View::MyWork => state.my_work_list.selected = id,
        View::PullRequests => state.pulls_list.selected = id,
        View::Pipelines => state.pipelines_list.selected = id,
        View::Sprint => state.board.selected = id,
    }
}

fn offset_mut(state: &mut State, view: View) -> &mut usize {
    match view {
        View::MyWork => &mut state.my_work_list.offset,
        View::PullRequests => &mut state.pulls_list.offset,
        View::Pipelines => &mut state.pipelines_list.offset,
        View::Sprint => {
            let column = state.board.column;
            if state.board.offsets.len() <= column {
                state.board.offsets.resize(column + 1, 0);
            }
            &mut state.board.offsets[column]
        }
    }
}

pub(super) fn generation_and_loading(state: &mut State, view: View) -> (u64, &mut bool) {
    match view {
        View::MyWork => (state.my_work.generation, &mut state.my_work.loading),
        View::Sprint => (state.sprint.generation, &mut state.sprint.loading),
        View::PullRequests => (state.pulls.generation, &mut state.pulls.loading),
        View::Pipelines => (state.pipelines.generation, &mut state.pipelines.loading),
    }
}

pub(super) fn selection_anchor(state: &State, view: View) -> Anchor {
    let index =
        selected(state, view).and_then(|id| row_ids(state, view).iter().position(|&r| r == id));
    Anchor { index }
}

/// After new data: keep the selected id if it still exists, else take the row now at
/// the old position (clamped), else the first row.
pub(super) fn restore_selection(state: &mut State, view: View, anchor: &Anchor) {
    if view == View::Sprint {
        clamp_board_column(state);
    }
    let ids = row_ids(state, view);
    let current = selected(state, view);
    let keep = current.filter(|id| ids.contains(id));
    let chosen = keep.or_else(|| match anchor.index {
        Some(i) if !ids.is_empty() => Some(ids[i.min(ids.len() - 1)]),
        _ => ids.first().copied(),
    });
    set_selected(state, view, chosen);
    keep_view_in_view(state, view);
}

fn clamp_board_column(state: &mut State) {
    let columns = state.sprint.data.as_ref().map_or(0, |s| s.columns.len());
    if columns == 0 {
        state.board.column = 0;
    } else if state.board.column >= columns {
        state.board.column = columns - 1;
    }
    state.board.offsets.resize(columns.max(1), 0);
}

/// Rows a list (or board column, in cards) can show at the current size.
fn visible_rows(state: &State, view: View) -> usize {
    if View::of_tab(state.tab) == view {
        crate::ui::visible_rows(state).max(1)
    } else {
        // Not on screen: a rough page; render recomputes the offset when it shows.
        usize::from(state.size.1.saturating_sub(6)).max(1)
    }
}

fn keep_view_in_view(state: &mut State, view: View) {
    let ids = row_ids(state, view);
    let rows = visible_rows(state, view);
    let index = selected(state, view).and_then(|id| ids.iter().position(|&r| r == id));
    let len = ids.len();
    let offset = offset_mut(state, view);
    if let Some(i) = index {
        if i < *offset {
            *offset = i;
        } else if i >= *offset + rows {
            *offset = i + 1 - rows;
        }
    }
    let max_offset = len.saturating_sub(rows);
    if *offset > max_offset {
        *offset = max_offset;
    }
}

/// Keep the current view's selection visible, e.g. after a resize.
pub(super) fn keep_in_view(state: &mut State) {
    keep_view_in_view(state, View::of_tab(state.tab));
}

fn move_by(state: &mut State, delta: isize) {
    let view = View::of_tab(state.tab);
    let ids = row_ids(state, view);
    if ids.is_empty() {
        set_selected(state, view, None);
        return;
    }
    let current = selected(state, view).and_then(|id| ids.iter().position(|&r| r == id));
    let last = ids.len() - 1;
    let next = match current {
        None => 0,
        Some(i) => i.saturating_add_signed(delta).min(last),
    };
    set_selected(state, view, Some(ids[next]));
    state.detail_scroll = 0;
    keep_view_in_view(state, view);
}

fn move_to(state: &mut State, last: bool) {
    let view = View::of_tab(state.tab);
    let ids = row_ids(state, view);
    let id = if last { ids.last() } else { ids.first() };
    set_selected(state, view, id.copied());
    state.detail_scroll = 0;
    keep_view_in_view(state, view);
}

fn move_column(state: &mut State, delta: isize) {
    if state.tab != Tab::Sprint {
        return;
    }
    let columns = state.sprint.data.as_ref().map_or(0, |s| s.columns.len());
    if columns == 0 {
        return;
    }
    let next = state
        .board
        .column
        .saturating_add_signed(delta)
        .min(columns - 1);
    if next == state.board.column {
        return;
    }
    // Keep the card's position within the column where possible.
    let anchor = selection_anchor(state, View::Sprint);
    state.board.column = next;
    state.board.selected = None;
    restore_selection(state, View::Sprint, &anchor);
    state.detail_scroll = 0;
}

fn page(state: &State) -> isize {
    isize::try_from(visible_rows(state, View::of_tab(state.tab)))
        .unwrap_or(10)
        .max(1)
}

pub(super) fn update(state: &mut State, action: &Action) {
    match action {
        Action::SelectTab(tab) => switch_tab(state, *tab),
        Action::NextTab => switch_tab(state, state.tab.next()),
        Action::PrevTab => switch_tab(state, state.tab.prev()),
        Action::SelectNext => move_by(state, 1),
        Action::SelectPrev => move_by(state, -1),
        Action::SelectFirst => move_to(state, false),
        Action::SelectLast => move_to(state, true),
        Action::PageDown => move_by(state, page(state)),
        Action::PageUp => move_by(state, -page(state)),
        Action::ColumnLeft => move_column(state, -1),
        Action::ColumnRight => move_column(state, 1),
        Action::ToggleDetail => {
            state.detail_open = !state.detail_open;
            state.detail_scroll = 0;
            keep_in_view(state);
        }
        Action::Scroll { down, column, row } => {
            let down = *down;
            if state.detail_open && crate::ui::detail_contains(state, *column, *row) {
                scroll_detail(state, down, DETAIL_STEP);
            } else {
                move_by(state, if down { 1 } else { -1 });
            }
        }
        Action::Click { column, row } => click(state, *column, *row),
        Action::ScrollDetail { down, half_page } if state.detail_open => {
            let step = if *half_page {
                half_detail(state)
            } else {
                DETAIL_STEP
            };
            scroll_detail(state, *down, step);
        }
        _ => {}
    }
}

/// Lines the detail pane moves per scroll step.
const DETAIL_STEP: u16 = 3;

/// Scroll the detail pane, never past its end.
fn scroll_detail(state: &mut State, down: bool, step: u16) {
    let max = crate::ui::detail_max_scroll(screen(state), state);
    state.detail_scroll = if down {
        state.detail_scroll.saturating_add(step).min(max)
    } else {
        state.detail_scroll.saturating_sub(step)
    };
}

/// Half the detail pane's height, at least one step.
fn half_detail(state: &State) -> u16 {
    crate::ui::areas(screen(state), state)
        .and_then(|a| a.detail)
        .map_or(DETAIL_STEP, |d| (d.height / 2).max(DETAIL_STEP))
}

fn screen(state: &State) -> ratatui::layout::Rect {
    ratatui::layout::Rect::new(0, 0, state.size.0, state.size.1)
}

fn switch_tab(state: &mut State, tab: Tab) {
    if state.tab == tab {
        return;
    }
    state.tab = tab;
    state.detail_scroll = 0;
    let view = View::of_tab(tab);
    if selected(state, view).is_none() {
        restore_selection(state, view, &Anchor { index: None });
    }
}

fn click(state: &mut State, column: u16, row: u16) {
    if let Some(tab) = crate::ui::tab_at(state, column, row) {
        switch_tab(state, tab);
        return;
    }
    if state.tab == Tab::Sprint
        && let Some(col) = crate::ui::board_column_at(state, column, row)
        && col != state.board.column
    {
        state.board.column = col;
        state.board.selected = None;
        restore_selection(state, View::Sprint, &Anchor { index: None });
    }
    if let Some(id) = crate::ui::row_at(state, column, row) {
        let view = View::of_tab(state.tab);
        if selected(state, view) == Some(id) {
            state.detail_open = true;
        }
        set_selected(state, view, Some(id));
        state.detail_scroll = 0;
        keep_view_in_view(state, view);
    }
}

/// The browser URL of the selected item of the current tab.
pub(super) fn selected_url(state: &State) -> Option<String> {
    let view = View::of_tab(state.tab);
    let id = selected(state, view)?;
    match view {
        View::MyWork => state
            .my_work
            .data
            .as_ref()?
            .iter()
            .find(|w| w.id == id)?
            .web_url
            .clone(),
        View::Sprint => state.selected_board_item()?.web_url.clone(),
        View::PullRequests => state
            .pulls
            .data
            .as_ref()?
            .iter()
            .find(|p| p.pr.id == id)?
            .pr
            .web_url
            .clone(),
        View::Pipelines => state
            .pipelines
            .data
            .as_ref()?
            .iter()
            .find(|r| r.id == id)?
            .web_url
            .clone(),
    }
}
