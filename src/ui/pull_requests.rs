//! The "Pull requests" view: pull requests I review or wrote, as table rows with votes.
//! Draws only; the order of rows comes from `State::pull_rows`.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::pane::{self, Placeholder};
use super::table::{Column, Piece, RowContext, TableRow, TableView};
use super::text;
use super::theme::Theme;
use crate::domain::{Identity, PullRequestRole, Reviewer, Vote};
use crate::state::{PullRequestEntry, State};

/// A vote as one cell: ✔ approved, ✓ with suggestions, · none, ◐ waiting, ✖ rejected.
pub fn vote_symbol(vote: Vote) -> &'static str {
    match vote {
        Vote::Approved => "✔",
        Vote::ApprovedWithSuggestions => "✓",
        Vote::NoVote => "·",
        Vote::WaitingForAuthor => "◐",
        Vote::Rejected => "✖",
        Vote::Other(_) => "?",
    }
}

pub fn vote_label(vote: Vote) -> String {
    match vote {
        Vote::Approved => "approved".into(),
        Vote::ApprovedWithSuggestions => "approved with suggestions".into(),
        Vote::NoVote => "no vote".into(),
        Vote::WaitingForAuthor => "waiting for author".into(),
        Vote::Rejected => "rejected".into(),
        Vote::Other(v) => format!("vote {v}"),
    }
}

pub fn role_label(role: PullRequestRole) -> &'static str {
    match role {
        PullRequestRole::Author => "mine",
        PullRequestRole::Reviewer => "reviewing",
    }
}

/// My entry among the reviewers, if I am one.
pub fn my_review<'a>(reviewers: &'a [Reviewer], me: Option<&Identity>) -> Option<&'a Reviewer> {
    let me = me?;
    reviewers.iter().find(|r| r.identity.same_person(me))
}

/// `refs/heads/main` → `main`.
pub fn short_branch(name: &str) -> &str {
    name.strip_prefix("refs/heads/").unwrap_or(name)
}

impl TableRow for &PullRequestEntry {
    const COLUMNS: &'static [Column] = &[
        Column::fixed("ID", 6, 4),
        Column::flex("Title", 24),
        Column::fixed("Repository", 14, 3),
        Column::fixed("Author", 14, 2),
        Column::fixed("Me", 2, 0),
        Column::fixed("Votes", 7, 1),
        Column::fixed("Role", 9, 5),
        Column::right("Age", 6, 0),
    ];

    fn id(&self) -> u32 {
        self.pr.id
    }

    fn cells<'a>(&'a self, ctx: &RowContext<'_>) -> Vec<Vec<Piece<'a>>> {
        let theme = ctx.theme;
        let pr = &self.pr;
        let mut title = Vec::with_capacity(2);
        if pr.is_draft {
            title.push(("[draft] ".into(), theme.dim()));
        }
        title.push((text::sanitize(&pr.title), theme.base()));
        let mine = my_review(&pr.reviewers, ctx.me);
        let my_vote = match (self.role, mine) {
            (_, Some(r)) => (vote_symbol(r.vote).into(), theme.vote(r.vote)),
            (PullRequestRole::Author, None) => ("".into(), theme.dim()),
            (PullRequestRole::Reviewer, None) => (vote_symbol(Vote::NoVote).into(), theme.dim()),
        };
        let others = pr
            .reviewers
            .iter()
            .filter(|r| mine.is_none_or(|m| !std::ptr::eq(*r, m)))
            .map(|r| (vote_symbol(r.vote).into(), theme.vote(r.vote)))
            .collect();
        let author = pr
            .author
            .as_ref()
            .map_or_else(|| "—".into(), |a| text::sanitize(&a.display_name));
        let role_style = if self.role == PullRequestRole::Reviewer {
            theme.accent()
        } else {
            theme.dim()
        };
        vec![
            vec![(format!("!{}", pr.id).into(), theme.dim())],
            title,
            vec![(text::sanitize(&pr.repository), theme.dim())],
            vec![(author, theme.base())],
            vec![my_vote],
            others,
            vec![(role_label(self.role).into(), role_style)],
            vec![(
                pr.created
                    .map(|t| text::age(ctx.now, t))
                    .unwrap_or_default()
                    .into(),
                theme.dim(),
            )],
        ]
    }
}

pub fn table<'r>(
    state: &State,
    rows: &'r [&'r PullRequestEntry],
) -> TableView<'r, &'r PullRequestEntry> {
    TableView {
        rows,
        selected: state.pulls_list.selected,
        offset: state.pulls_list.offset,
        group_label: |_, _| String::new(),
    }
}

pub fn render_pull_requests(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let rows = state.pull_rows();
    let words = Placeholder {
        title: "Pull requests",
        what: "pull requests",
        empty: "No pull requests wait on you, and you have none open.",
    };
    let table = table(state, &rows);
    pane::render_list(frame, area, state, &state.pulls, &words, &table, theme);
}
