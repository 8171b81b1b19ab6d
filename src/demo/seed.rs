//! The shape of the embedded seed files in `assets/demo/`: people, iterations, work items,
//! pull requests and pipelines, with times as offsets before server start. Parsing only.

use serde::Deserialize;

pub(crate) const ORG_JSON: &str = include_str!("../../assets/demo/org.json");
pub(crate) const WORKITEMS_JSON: &str = include_str!("../../assets/demo/workitems.json");
pub(crate) const PULLREQUESTS_JSON: &str = include_str!("../../assets/demo/pullrequests.json");
pub(crate) const PIPELINES_JSON: &str = include_str!("../../assets/demo/pipelines.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrgSeed {
    pub organization: String,
    pub tenant: String,
    pub instance_id: String,
    pub project: ProjectSeed,
    pub team: TeamSeed,
    pub me: String,
    pub iterations: Vec<IterationSeed>,
    pub areas: Vec<String>,
    pub boards: Vec<BoardSeed>,
    pub repositories: Vec<RepoSeed>,
    pub people: Vec<PersonSeed>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ProjectSeed {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TeamSeed {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IterationSeed {
    pub key: String,
    pub id: String,
    pub name: String,
    pub start_days: i64,
    pub length_days: i64,
    #[serde(default)]
    pub current: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BoardSeed {
    pub id: String,
    pub name: String,
    pub types: Vec<String>,
    pub field: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RepoSeed {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub is_disabled: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PersonSeed {
    pub key: String,
    pub id: String,
    pub display_name: String,
    pub unique_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WorkItemsSeed {
    pub work_items: Vec<WorkItemSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WorkItemSeed {
    pub id: u32,
    pub rev: u32,
    #[serde(rename = "type")]
    pub item_type: String,
    pub title: String,
    pub state: String,
    pub assigned_to: Option<String>,
    pub created_by: String,
    pub created_min_ago: i64,
    pub changed_min_ago: i64,
    pub iteration: Option<String>,
    pub area: usize,
    pub priority: Option<i64>,
    pub story_points: Option<f64>,
    pub remaining_work: Option<f64>,
    pub tags: Option<String>,
    pub description: Option<String>,
    pub parent: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PullRequestsSeed {
    pub pull_requests: Vec<PullRequestSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PullRequestSeed {
    pub id: u32,
    pub repository: String,
    pub author: String,
    pub title: String,
    pub description: String,
    pub source_ref_name: String,
    pub target_ref_name: String,
    pub is_draft: bool,
    pub status: String,
    pub merge_status: String,
    pub created_min_ago: i64,
    pub reviewers: Vec<ReviewerSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReviewerSeed {
    pub reviewer: String,
    pub vote: i64,
    pub is_required: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PipelinesSeed {
    pub definitions: Vec<DefinitionSeed>,
    pub builds: Vec<BuildSeed>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DefinitionSeed {
    pub id: u32,
    pub name: String,
    pub path: String,
    pub repository: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BuildSeed {
    pub id: u32,
    pub definition: u32,
    pub queued_min_ago: i64,
    pub source_branch: String,
    pub source_version: String,
    pub reason: String,
    pub requested_for: String,
    pub priority: String,
    pub status: String,
    pub start_after_secs: Option<i64>,
    pub duration_secs: Option<i64>,
    pub result: Option<String>,
}
