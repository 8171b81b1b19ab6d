//! The detail pane: every field of the selected work item, pull request or run, with the
//! description as readable text. Draws only; scrolls by `State::detail_scroll`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::my_work::type_short;
use super::pipelines::{run_duration, run_symbol};
use super::pull_requests::{my_review, role_label, short_branch, vote_label, vote_symbol};
use super::text;
use super::theme::Theme;
use crate::domain::{Identity, PipelineRun, Timestamp, WorkItem};
use crate::state::{PullRequestEntry, State, Tab};

/// Cells reserved for field labels.
const LABEL_WIDTH: usize = 11;

/// HTML as wrapped, inert text lines. Never fails: unreadable input gives a short note.
fn html_to_text(html: &str, width: usize) -> Vec<String> {
    let text = crate::azdo::convert::html_to_text(html, width.max(20));
    let mut lines: Vec<String> = text::sanitize_multiline(&text)
        .lines()
        .map(|l| text::truncate(l.trim_end(), width))
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Lines of the pane, each already fitted to the width.
struct Sheet {
    width: usize,
    theme: Theme,
    lines: Vec<Line<'static>>,
}

impl Sheet {
    fn heading(&mut self, s: &str, style: Style) {
        for l in text::wrap(&text::sanitize(s), self.width) {
            self.lines.push(Line::styled(l, style));
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn section(&mut self, name: &str) {
        self.blank();
        self.lines.push(Line::styled(
            text::truncate(&format!("── {name} ──"), self.width),
            self.theme.group(),
        ));
    }

    /// `Label      value`, continuation lines indented under the value.
    fn field(&mut self, label: &str, value: &str, style: Style) {
        let clean = text::sanitize(value);
        if clean.is_empty() {
            return;
        }
        let label_w = LABEL_WIDTH.min(self.width / 3);
        let value_w = self.width.saturating_sub(label_w).max(1);
        for (i, part) in text::wrap(&clean, value_w).into_iter().enumerate() {
            let head = if i == 0 {
                text::fit(label, label_w)
            } else {
                " ".repeat(label_w)
            };
            self.lines.push(Line::from(vec![
                Span::styled(head, self.theme.dim()),
                Span::styled(part, style),
            ]));
        }
    }

    fn text_block(&mut self, body: &str) {
        for l in text::wrap(&text::sanitize_multiline(body), self.width) {
            self.lines.push(Line::raw(l));
        }
    }
}

fn when(now: Timestamp, t: Option<Timestamp>, by: Option<&Identity>) -> String {
    let Some(t) = t else { return String::new() };
    let mut s = format!("{} ({} ago)", text::date_time(t), text::age(now, t));
    if let Some(p) = by {
        s.push_str(" by ");
        s.push_str(&p.display_name);
    }
    s
}

fn person(p: Option<&Identity>) -> String {
    p.map_or_else(|| "unassigned".into(), |p| p.display_name.clone())
}

fn work_item_sheet(sheet: &mut Sheet, w: &WorkItem, now: Timestamp) {
    let t = sheet.theme;
    let kind = text::sanitize(&w.work_item_type);
    sheet.lines.push(Line::from(vec![
        Span::styled(format!("#{} ", w.id), t.bold()),
        Span::styled(
            text::truncate(type_short(&kind), sheet.width.saturating_sub(8)),
            t.work_item_type(&w.work_item_type),
        ),
    ]));
    sheet.heading(&w.title, t.bold());
    sheet.blank();
    let state = match &w.reason {
        Some(r) if !r.is_empty() => format!("{} ({r})", w.state),
        _ => w.state.clone(),
    };
    sheet.field("State", &state, t.base());
    sheet.field("Assigned", &person(w.assigned_to.as_ref()), t.base());
    sheet.field("Area", w.area_path.as_deref().unwrap_or_default(), t.base());
    sheet.field(
        "Iteration",
        w.iteration_path.as_deref().unwrap_or_default(),
        t.base(),
    );
    sheet.field(
        "Priority",
        &w.priority.map(|p| format!("P{p}")).unwrap_or_default(),
        t.base(),
    );
    sheet.field(
        "Points",
        &w.story_points.map(|p| p.to_string()).unwrap_or_default(),
        t.base(),
    );
    sheet.field(
        "Remaining",
        &w.remaining_work
            .map(|h| format!("{h} h"))
            .unwrap_or_default(),
        t.base(),
    );
    sheet.field("Tags", &w.tags.join(", "), t.accent());
    sheet.field(
        "Created",
        &when(now, w.created_date, w.created_by.as_ref()),
        t.base(),
    );
    sheet.field(
        "Changed",
        &when(now, w.changed_date, w.changed_by.as_ref()),
        t.base(),
    );
    sheet.section("Description");
    let lines = match (&w.description, &w.description_html) {
        // Converted when the item arrived: only wrap it.
        (Some(plain), _) => text::wrap(&text::sanitize_multiline(plain), sheet.width),
        (None, Some(html)) => html_to_text(html, sheet.width),
        (None, None) => Vec::new(),
    };
    let mut lines: Vec<String> = lines;
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if lines.iter().all(|l| l.trim().is_empty()) {
        sheet.lines.push(Line::styled("No description.", t.dim()));
    } else {
        sheet.lines.extend(lines.into_iter().map(Line::raw));
    }
}

fn pull_request_sheet(sheet: &mut Sheet, entry: &PullRequestEntry, state: &State) {
    let t = sheet.theme;
    let pr = &entry.pr;
    let mut head = vec![Span::styled(format!("!{} ", pr.id), t.bold())];
    if pr.is_draft {
        head.push(Span::styled("[draft] ", t.dim()));
    }
    head.push(Span::styled(role_label(entry.role), t.accent()));
    sheet.lines.push(Line::from(head));
    sheet.heading(&pr.title, t.bold());
    sheet.blank();
    sheet.field("Repository", &pr.repository, t.base());
    let branches = match (&pr.source_branch, &pr.target_branch) {
        (Some(s), Some(d)) => format!("{} → {}", short_branch(s), short_branch(d)),
        (Some(s), None) => short_branch(s).to_owned(),
        _ => String::new(),
    };
    sheet.field("Branches", &branches, t.accent());
    sheet.field("Author", &person(pr.author.as_ref()), t.base());
    sheet.field("Status", &pr.status, t.base());
    sheet.field(
        "Merge",
        pr.merge_status.as_deref().unwrap_or_default(),
        t.base(),
    );
    sheet.field("Created", &when(state.now, pr.created, None), t.base());
    sheet.section("Reviewers");
    if pr.reviewers.is_empty() {
        sheet.lines.push(Line::styled("No reviewers.", t.dim()));
    }
    let mine = my_review(&pr.reviewers, state.me.as_ref());
    for r in &pr.reviewers {
        let mut spans = vec![
            Span::styled(format!("{} ", vote_symbol(r.vote)), t.vote(r.vote)),
            Span::raw(text::sanitize(&r.identity.display_name).into_owned()),
        ];
        let mut notes = vec![vote_label(r.vote)];
        if r.is_required {
            notes.push("required".into());
        }
        if mine.is_some_and(|m| std::ptr::eq(m, r)) {
            notes.push("you".into());
        }
        spans.push(Span::styled(format!(" ({})", notes.join(", ")), t.dim()));
        let line = Line::from(spans);
        sheet.lines.push(fit_line(line, sheet.width));
    }
    sheet.section("Description");
    match pr.description.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => sheet.text_block(d),
        None => sheet.lines.push(Line::styled("No description.", t.dim())),
    }
}

fn run_sheet(sheet: &mut Sheet, run: &PipelineRun, now: Timestamp) {
    let t = sheet.theme;
    let (symbol, word) = run_symbol(run.status, run.result);
    let status = format!("{symbol} {word}  ");
    let room = sheet.width.saturating_sub(text::width(&status));
    sheet.lines.push(Line::from(vec![
        Span::styled(status, t.run(run.status, run.result)),
        Span::styled(
            text::truncate(&text::sanitize(&run.definition), room),
            t.bold(),
        ),
    ]));
    sheet.blank();
    let number = run.build_number.clone().unwrap_or_default();
    sheet.field("Run", &format!("{number} (id {})", run.id), t.base());
    sheet.field("Pipeline", &run.definition, t.base());
    sheet.field(
        "Branch",
        run.branch.as_deref().map(short_branch).unwrap_or_default(),
        t.accent(),
    );
    sheet.field("Status", word, t.run(run.status, run.result));
    sheet.field("Requested", &person(run.requested_for.as_ref()), t.base());
    sheet.field(
        "Reason",
        run.reason.as_deref().unwrap_or_default(),
        t.base(),
    );
    sheet.field("Queued", &when(now, run.queue_time, None), t.base());
    sheet.field("Started", &when(now, run.start_time, None), t.base());
    sheet.field("Finished", &when(now, run.finish_time, None), t.base());
    let running = run.finish_time.is_none() && run.start_time.is_some();
    let duration = run_duration(run, now)
        .map(text::duration)
        .unwrap_or_default();
    sheet.field(
        "Duration",
        &if running {
            format!("{duration} so far")
        } else {
            duration
        },
        t.base(),
    );
    sheet.field(
        "Repository",
        run.repository.as_deref().unwrap_or_default(),
        t.base(),
    );
    let commit: String = run
        .source_version
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(10)
        .collect();
    sheet.field("Commit", &commit, t.dim());
}

/// A single styled line cut to `width` cells.
fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in line.spans {
        if left == 0 {
            break;
        }
        let w = text::width(&span.content);
        let content = if w > left {
            text::truncate(&span.content, left)
        } else {
            span.content.into_owned()
        };
        left = left.saturating_sub(w);
        spans.push(Span::styled(content, span.style));
    }
    Line::from(spans)
}

/// The lines the pane would show for the current tab's selection at `width` cells.
fn sheet_for(state: &State, width: usize, theme: Theme) -> Option<Vec<Line<'static>>> {
    let mut sheet = Sheet {
        width,
        theme,
        lines: Vec::new(),
    };
    match state.tab {
        Tab::MyWork => {
            let id = state.my_work_list.selected?;
            let item = state.my_work.data.as_ref()?.iter().find(|w| w.id == id)?;
            work_item_sheet(&mut sheet, item, state.now);
        }
        Tab::Sprint => work_item_sheet(&mut sheet, state.selected_board_item()?, state.now),
        Tab::PullRequests => {
            let id = state.pulls_list.selected?;
            let entry = state.pulls.data.as_ref()?.iter().find(|e| e.pr.id == id)?;
            pull_request_sheet(&mut sheet, entry, state);
        }
        Tab::Pipelines => {
            let id = state.pipelines_list.selected?;
            let run = state.pipelines.data.as_ref()?.iter().find(|r| r.id == id)?;
            run_sheet(&mut sheet, run, state.now);
        }
    }
    Some(sheet.lines)
}

/// Where the pane's text goes inside the pane's `area`.
fn content_area(area: Rect) -> Rect {
    let inner = Block::bordered().inner(area);
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// The largest useful `detail_scroll` for the pane at `area`: beyond it nothing moves.
pub fn max_scroll(area: Rect, state: &State) -> u16 {
    let content = content_area(area);
    let width = usize::from(content.width.max(1));
    let lines = sheet_for(state, width, Theme::default()).map_or(0, |l| l.len());
    lines
        .saturating_sub(usize::from(content.height))
        .min(usize::from(u16::MAX)) as u16
}

pub fn render_detail(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let block = Block::bordered()
        .border_style(theme.border_focus())
        .title(Span::styled(" Detail ", theme.title()))
        .title_bottom(Line::from(Span::styled(" Esc close ", theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let content = content_area(area);
    let width = usize::from(content.width.max(1));
    let Some(lines) = sheet_for(state, width, theme) else {
        super::pane::render_centered_lines(
            frame,
            inner,
            vec![Line::styled("Nothing selected.", theme.dim())],
        );
        return;
    };
    let max_scroll = lines.len().saturating_sub(usize::from(content.height));
    let scroll = usize::from(state.detail_scroll).min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), content);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text_reads_markup_and_stays_inert() {
        let lines = html_to_text(
            "<p>Hello <b>world</b></p><ul><li>one</li><li>two\u{1b}[2J</li></ul>",
            40,
        );
        let all = lines.join("\n");
        assert!(all.contains("Hello"));
        assert!(all.contains("one"));
        assert!(!all.contains('\u{1b}'));
    }

    #[test]
    fn html_to_text_caps_input_and_fits_width() {
        let big = "<p>".to_owned() + &"word ".repeat(40_000) + "</p>";
        let lines = html_to_text(&big, 12);
        assert!(lines.iter().all(|l| text::width(l) <= 12));
        assert_eq!(
            lines.last().map(String::as_str),
            Some("… (descript…"),
            "the cut is said"
        );
    }
}
