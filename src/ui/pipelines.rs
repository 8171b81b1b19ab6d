//! The "Pipelines" view: recent pipeline runs as table rows with status symbols.
//! Draws only; the order of rows comes from `State::pipeline_rows`.

use chrono::TimeDelta;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::pane::{self, Placeholder};
use super::pull_requests::short_branch;
use super::table::{Column, Piece, RowContext, TableRow, TableView};
use super::text;
use super::theme::Theme;
use crate::domain::{PipelineRun, RunResult, RunStatus, Timestamp};
use crate::state::State;

/// Symbol and word for a run's status or, once completed, its result.
pub fn run_symbol(status: RunStatus, result: Option<RunResult>) -> (&'static str, &'static str) {
    match (status, result) {
        (_, Some(RunResult::Succeeded)) => ("✔", "succeeded"),
        (_, Some(RunResult::Failed)) => ("✖", "failed"),
        (_, Some(RunResult::PartiallySucceeded)) => ("◑", "partial"),
        (_, Some(RunResult::Canceled)) => ("⊘", "canceled"),
        (_, Some(RunResult::Other)) => ("?", "finished"),
        (RunStatus::InProgress, None) => ("●", "running"),
        (RunStatus::Cancelling, None) => ("⊘", "cancelling"),
        (RunStatus::NotStarted, None) => ("◌", "queued"),
        (RunStatus::Postponed, None) => ("◌", "postponed"),
        (RunStatus::Completed | RunStatus::Other, None) => ("?", "unknown"),
    }
}

/// How long the run took, or has been running; `None` before it starts.
pub fn run_duration(run: &PipelineRun, now: Timestamp) -> Option<TimeDelta> {
    let start = run.start_time?;
    Some(run.finish_time.unwrap_or(now) - start)
}

impl TableRow for &PipelineRun {
    const COLUMNS: &'static [Column] = &[
        Column::fixed("Status", 11, 0),
        Column::flex("Pipeline", 20),
        Column::fixed("Run", 12, 4),
        Column::fixed("Branch", 18, 2),
        Column::right("Duration", 8, 1),
        Column::fixed("Requested for", 16, 3),
        Column::right("Age", 6, 0),
    ];

    fn id(&self) -> u32 {
        self.id
    }

    fn cells<'a>(&'a self, ctx: &RowContext<'_>) -> Vec<Vec<Piece<'a>>> {
        let theme = ctx.theme;
        let (symbol, word) = run_symbol(self.status, self.result);
        let style = theme.run(self.status, self.result);
        let branch = self
            .branch
            .as_deref()
            .map(|b| text::sanitize(short_branch(b)))
            .unwrap_or_default();
        let who = self
            .requested_for
            .as_ref()
            .map(|p| text::sanitize(&p.display_name))
            .unwrap_or_default();
        let number = self
            .build_number
            .as_deref()
            .map_or_else(|| self.id.to_string().into(), text::sanitize);
        vec![
            vec![(format!("{symbol} {word}").into(), style)],
            vec![(text::sanitize(&self.definition), theme.base())],
            vec![(number, theme.dim())],
            vec![(branch, theme.accent())],
            vec![(
                run_duration(self, ctx.now)
                    .map_or_else(|| "—".into(), text::duration)
                    .into(),
                theme.base(),
            )],
            vec![(who, theme.base())],
            vec![(
                self.queue_time
                    .map(|t| text::age(ctx.now, t))
                    .unwrap_or_default()
                    .into(),
                theme.dim(),
            )],
        ]
    }
}

pub fn table<'r>(state: &State, rows: &'r [&'r PipelineRun]) -> TableView<'r, &'r PipelineRun> {
    TableView {
        rows,
        selected: state.pipelines_list.selected,
        offset: state.pipelines_list.offset,
        group_label: |_, _| String::new(),
    }
}

pub fn render_pipelines(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let rows = state.pipeline_rows();
    let words = Placeholder {
        title: "Pipelines",
        what: "pipeline runs",
        empty: "No pipeline runs yet.",
    };
    let table = table(state, &rows);
    pane::render_list(frame, area, state, &state.pipelines, &words, &table, theme);
}
