//! The single source of truth the main task owns. Only `app::update` mutates it;
//! `ui` borrows it to draw. Nothing here does IO or reads the clock.

pub mod loadable;
pub mod modal;
pub mod view;

pub use loadable::{FetchError, FetchErrorKind, Loadable};
pub use modal::{Modal, ReauthPhase, ReauthReason, ReauthState, SignInMethod};
pub use view::{BoardState, ListState, Tab};

use std::cmp::Ordering;

use crate::domain::{
    Identity, PipelineRun, PullRequest, PullRequestRole, Sprint, Timestamp, WorkItem,
};

/// How requests are authorised; shown in the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthKind {
    /// Personal access token (`AZURE_DEVOPS_EXT_PAT`).
    Pat,
    /// Entra token from the Azure CLI.
    #[default]
    AzureCli,
    /// Entra token from adoboard's own device-code sign-in.
    DeviceCode,
}

impl AuthKind {
    pub fn label(self) -> &'static str {
        match self {
            AuthKind::Pat => "PAT",
            AuthKind::AzureCli => "Azure CLI",
            AuthKind::DeviceCode => "Entra device code",
        }
    }
}

/// Where the board points; fixed for the life of the app.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    pub org: String,
    pub project: String,
    pub team: String,
    /// `https://dev.azure.com/{org}` or the demo server's equivalent.
    pub org_url: String,
    pub auth: AuthKind,
    pub demo: bool,
}

/// A pull request and why it is on my list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequestEntry {
    pub pr: PullRequest,
    pub role: PullRequestRole,
}

/// Refreshing is paused until the user signs in again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paused {
    pub since: Timestamp,
    /// Requests waiting to be retried once a fresh token arrives.
    pub queued: usize,
    /// The sign-in in progress or dismissed; `a` reopens it.
    pub reauth: ReauthState,
}

/// The service asked us to slow down or stop until a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttle {
    pub until: Timestamp,
    pub message: String,
}

/// A short message for the status bar, e.g. that a browser could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub at: Timestamp,
    /// Warnings (e.g. an unsafe config file) stay longer and draw in warning colour.
    pub warning: bool,
}

/// Connectivity as the fetcher last saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Connection {
    #[default]
    Online,
    /// Requests fail at the network level; last good data stays on screen.
    /// Why is in `last_error`, which the status bar shows beside this.
    Offline { since: Timestamp },
    /// Recovered from an outage at this time; shown briefly.
    Reconnected { at: Timestamp },
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub context: Context,
    pub me: Option<Identity>,
    /// The latest clock tick; every age on screen is measured against it.
    pub now: Timestamp,
    /// Terminal size in cells, from the last resize.
    pub size: (u16, u16),
    pub tab: Tab,
    pub my_work: Loadable<Vec<WorkItem>>,
    pub my_work_list: ListState,
    pub sprint: Loadable<Sprint>,
    pub board: BoardState,
    pub pulls: Loadable<Vec<PullRequestEntry>>,
    pub pulls_list: ListState,
    pub pipelines: Loadable<Vec<PipelineRun>>,
    pub pipelines_list: ListState,
    /// The detail pane for the selected item of the current tab is open.
    pub detail_open: bool,
    pub detail_scroll: u16,
    pub modal: Option<Modal>,
    pub paused: Option<Paused>,
    pub throttle: Option<Throttle>,
    pub connection: Connection,
    /// Advances on each tick while something loads; drives the spinner.
    pub spinner: usize,
    /// The most recent error from any view, for the status bar.
    pub last_error: Option<FetchError>,
    pub should_quit: bool,
    /// A passing message for the status bar; cleared by the clock.
    pub notice: Option<Notice>,
    /// Draw without colours (the `NO_COLOR` convention); selection stays visible by reversal.
    pub no_color: bool,
}

impl State {
    pub fn new(context: Context, now: Timestamp) -> Self {
        State {
            context,
            me: None,
            now,
            size: (80, 24),
            tab: Tab::MyWork,
            my_work: Loadable::default(),
            my_work_list: ListState::default(),
            sprint: Loadable::default(),
            board: BoardState::default(),
            pulls: Loadable::default(),
            pulls_list: ListState::default(),
            pipelines: Loadable::default(),
            pipelines_list: ListState::default(),
            detail_open: false,
            detail_scroll: 0,
            modal: None,
            paused: None,
            throttle: None,
            connection: Connection::Online,
            spinner: 0,
            last_error: None,
            should_quit: false,
            no_color: false,
            notice: None,
        }
    }

    /// True while any view has a request in flight.
    pub fn is_loading(&self) -> bool {
        self.my_work.loading || self.sprint.loading || self.pulls.loading || self.pipelines.loading
    }

    /// `updated_at` of the current tab's data.
    pub fn current_updated_at(&self) -> Option<Timestamp> {
        match self.tab {
            Tab::MyWork => self.my_work.updated_at,
            Tab::Sprint => self.sprint.updated_at,
            Tab::PullRequests => self.pulls.updated_at,
            Tab::Pipelines => self.pipelines.updated_at,
        }
    }

    /// My work items in display order: grouped by state (see [`state_rank`]), then most
    /// recently changed first, then by id so the order is stable. Data is sorted once
    /// when it arrives ([`sort_rows`]), so this is a linear check, not a sort.
    pub fn my_work_rows(&self) -> Vec<&WorkItem> {
        ordered(
            self.my_work.data.as_deref().unwrap_or_default(),
            my_work_order,
        )
    }

    /// Pull requests in display order: those waiting on my review first, then mine,
    /// newest first within each.
    pub fn pull_rows(&self) -> Vec<&PullRequestEntry> {
        ordered(self.pulls.data.as_deref().unwrap_or_default(), pull_order)
    }

    /// Pipeline runs in display order: newest queued first.
    pub fn pipeline_rows(&self) -> Vec<&PipelineRun> {
        ordered(
            self.pipelines.data.as_deref().unwrap_or_default(),
            pipeline_order,
        )
    }

    /// The sign-in the open modal shows, if the sign-in modal is open.
    pub fn reauth(&self) -> Option<&ReauthState> {
        match (&self.modal, &self.paused) {
            (Some(Modal::Reauth), Some(p)) => Some(&p.reauth),
            _ => None,
        }
    }

    /// The selected work item of the sprint board, if any.
    pub fn selected_board_item(&self) -> Option<&WorkItem> {
        let sprint = self.sprint.data.as_ref()?;
        let id = self.board.selected?;
        sprint.items.iter().find(|w| w.id == id)
    }
}

/// Order of state groups in "My work": work in flight first, finished last.
/// Compares without allocating: it runs inside sorts of 20,000 items.
pub fn state_rank(state: &str) -> u8 {
    const RANKS: &[(&str, u8)] = &[
        ("active", 0),
        ("in progress", 0),
        ("committed", 0),
        ("doing", 0),
        ("new", 1),
        ("proposed", 1),
        ("to do", 1),
        ("approved", 1),
        ("resolved", 2),
        ("in review", 2),
        ("closed", 4),
        ("done", 4),
        ("completed", 4),
        ("removed", 5),
    ];
    RANKS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(state))
        .map_or(3, |(_, rank)| *rank)
}

fn my_work_order(a: &WorkItem, b: &WorkItem) -> Ordering {
    state_rank(&a.state)
        .cmp(&state_rank(&b.state))
        .then_with(|| a.state.cmp(&b.state))
        .then_with(|| b.changed_date.cmp(&a.changed_date))
        .then_with(|| a.id.cmp(&b.id))
}

fn pull_order(a: &PullRequestEntry, b: &PullRequestEntry) -> Ordering {
    let ra = u8::from(a.role == PullRequestRole::Author);
    let rb = u8::from(b.role == PullRequestRole::Author);
    ra.cmp(&rb)
        .then_with(|| b.pr.created.cmp(&a.pr.created))
        .then_with(|| b.pr.id.cmp(&a.pr.id))
}

fn pipeline_order(a: &PipelineRun, b: &PipelineRun) -> Ordering {
    b.queue_time
        .cmp(&a.queue_time)
        .then_with(|| b.id.cmp(&a.id))
}

/// References in display order; sorts only when the data is not stored sorted.
fn ordered<T>(items: &[T], order: fn(&T, &T) -> Ordering) -> Vec<&T> {
    let mut rows: Vec<&T> = items.iter().collect();
    if !rows.is_sorted_by(|a, b| order(a, b) != Ordering::Greater) {
        rows.sort_by(|a, b| order(a, b));
    }
    rows
}

/// Store fetched rows in display order so drawing and moving never sort.
pub fn sort_rows(data: &mut crate::action::ViewData) {
    use crate::action::ViewData;
    match data {
        ViewData::MyWork(items) => items.sort_by(my_work_order),
        ViewData::PullRequests(prs) => prs.sort_by(pull_order),
        ViewData::Pipelines(runs) => runs.sort_by(pipeline_order),
        ViewData::Sprint(_) => {}
    }
}
