//! Domain types the views show, converted from the wire models in `azdo::model`.
//! Every field a view shows may be missing upstream, so most are `Option`s here too.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

/// A point in time. Time enters the app as data, always in UTC.
pub type Timestamp = DateTime<Utc>;

/// A person (or group) as Azure DevOps names them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub display_name: String,
    /// Usually the sign-in e-mail; may be absent.
    pub unique_name: Option<String>,
    /// GUID string; absent when the identity came as a `"Name <email>"` string.
    pub id: Option<String>,
}

impl Identity {
    /// True when `other` names the same person: by id when both have one, else by
    /// unique name, else by display name (case-insensitive).
    pub fn same_person(&self, other: &Identity) -> bool {
        if let (Some(a), Some(b)) = (&self.id, &other.id) {
            return a.eq_ignore_ascii_case(b);
        }
        if let (Some(a), Some(b)) = (&self.unique_name, &other.unique_name) {
            return a.eq_ignore_ascii_case(b);
        }
        !self.display_name.is_empty() && self.display_name.eq_ignore_ascii_case(&other.display_name)
    }
}

/// The signed-in user, from `connectionData`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Me {
    pub identity: Identity,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkItem {
    pub id: u32,
    pub rev: Option<u32>,
    pub title: String,
    pub work_item_type: String,
    pub state: String,
    pub reason: Option<String>,
    pub assigned_to: Option<Identity>,
    pub created_by: Option<Identity>,
    pub changed_by: Option<Identity>,
    pub created_date: Option<Timestamp>,
    pub changed_date: Option<Timestamp>,
    pub area_path: Option<String>,
    pub iteration_path: Option<String>,
    pub priority: Option<i64>,
    pub remaining_work: Option<f64>,
    pub story_points: Option<f64>,
    pub tags: Vec<String>,
    /// Raw HTML as the service sends it; the detail pane converts it to text.
    pub description_html: Option<String>,
    /// The description as plain text, converted once when the item arrives (in the
    /// background fetcher), so drawing the detail pane only wraps it.
    pub description: Option<String>,
    /// Board column from the board's `WEF_..._Kanban.Column` field, when known.
    pub board_column: Option<String>,
    /// Browser URL (`{org}/{project}/_workitems/edit/{id}`).
    pub web_url: Option<String>,
}

/// Vote values as the git API defines them: 10, 5, 0, -5, -10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Vote {
    Approved,
    ApprovedWithSuggestions,
    #[default]
    NoVote,
    WaitingForAuthor,
    Rejected,
    /// A value outside the documented set; kept so nothing is lost.
    Other(i64),
}

impl From<i64> for Vote {
    fn from(v: i64) -> Self {
        match v {
            10 => Vote::Approved,
            5 => Vote::ApprovedWithSuggestions,
            0 => Vote::NoVote,
            -5 => Vote::WaitingForAuthor,
            -10 => Vote::Rejected,
            other => Vote::Other(other),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reviewer {
    pub identity: Identity,
    pub vote: Vote,
    pub is_required: bool,
    pub is_container: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PullRequest {
    pub id: u32,
    pub title: String,
    pub repository: String,
    pub repository_id: Option<String>,
    pub author: Option<Identity>,
    pub reviewers: Vec<Reviewer>,
    pub is_draft: bool,
    pub status: String,
    pub created: Option<Timestamp>,
    pub source_branch: Option<String>,
    pub target_branch: Option<String>,
    pub description: Option<String>,
    pub merge_status: Option<String>,
    pub web_url: Option<String>,
}

/// Why a pull request is on my list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullRequestRole {
    Author,
    Reviewer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunStatus {
    #[default]
    NotStarted,
    InProgress,
    Completed,
    Cancelling,
    Postponed,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunResult {
    Succeeded,
    PartiallySucceeded,
    Failed,
    Canceled,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PipelineRun {
    pub id: u32,
    pub build_number: Option<String>,
    pub definition: String,
    pub definition_id: Option<u32>,
    pub branch: Option<String>,
    pub status: RunStatus,
    /// Absent until the run completes.
    pub result: Option<RunResult>,
    pub requested_for: Option<Identity>,
    pub reason: Option<String>,
    pub queue_time: Option<Timestamp>,
    pub start_time: Option<Timestamp>,
    pub finish_time: Option<Timestamp>,
    pub repository: Option<String>,
    pub source_version: Option<String>,
    pub web_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Iteration {
    pub id: String,
    pub name: String,
    pub path: String,
    pub start: Option<Timestamp>,
    pub finish: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnType {
    Incoming,
    #[default]
    InProgress,
    Outgoing,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoardColumn {
    pub id: Option<String>,
    pub name: String,
    pub column_type: ColumnType,
    /// 0 means no limit.
    pub item_limit: u32,
    /// Work item type name -> state.
    pub state_mappings: BTreeMap<String, String>,
}

/// The team's current sprint, laid out on the team board's columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sprint {
    pub iteration: Option<Iteration>,
    pub columns: Vec<BoardColumn>,
    pub items: Vec<WorkItem>,
}

impl Sprint {
    /// Index of the column a work item belongs in: its board column field when set,
    /// else the column whose state mapping for its type matches its state.
    pub fn column_of(&self, item: &WorkItem) -> Option<usize> {
        if let Some(col) = &item.board_column
            && let Some(i) = self
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(col))
        {
            return Some(i);
        }
        self.columns.iter().position(|c| {
            c.state_mappings
                .get(&item.work_item_type)
                .is_some_and(|s| s.eq_ignore_ascii_case(&item.state))
        })
    }

    /// Items of column `index`, in the order they were fetched.
    pub fn items_in(&self, index: usize) -> impl Iterator<Item = &WorkItem> {
        self.items
            .iter()
            .filter(move |it| self.column_of(it) == Some(index))
    }
}
