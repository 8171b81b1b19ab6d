//! Builds (`_apis/build`) and the Pipelines API (`_apis/pipelines`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::org::TeamProjectReference;
use super::{IdentityRef, Link, null_as_default};

/// The `_links` entries adoboard uses from builds, pipelines and runs.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildLinks {
    /// The browser page.
    pub web: Option<Link>,
}

impl BuildLinks {
    /// The non-empty `web.href`.
    pub fn web_href(&self) -> Option<&str> {
        self.web
            .as_ref()?
            .href
            .as_deref()
            .filter(|h| !h.trim().is_empty())
    }
}

/// The definition (pipeline) a build ran.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionReference {
    pub id: Option<u32>,
    pub name: Option<String>,
    /// Folder, e.g. `\`.
    pub path: Option<String>,
    pub url: Option<String>,
    pub project: Option<TeamProjectReference>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildRepository {
    pub id: Option<String>,
    pub name: Option<String>,
    /// `TfsGit`, `GitHub`, ... (case varies).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
}

/// A build. Until it completes there is no `result` and no `finish_time`; a
/// queued build has no `start_time` either.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Build {
    pub id: u32,
    pub build_number: Option<String>,
    /// `none`, `inProgress`, `completed`, `cancelling`, `postponed`,
    /// `notStarted`, `abandoned` (open set).
    pub status: Option<String>,
    /// `succeeded`, `partiallySucceeded`, `failed`, `canceled` (open set).
    pub result: Option<String>,
    pub queue_time: Option<String>,
    pub start_time: Option<String>,
    pub finish_time: Option<String>,
    pub definition: Option<DefinitionReference>,
    pub project: Option<TeamProjectReference>,
    /// E.g. `refs/heads/main`.
    pub source_branch: Option<String>,
    pub source_version: Option<String>,
    pub requested_for: Option<IdentityRef>,
    pub requested_by: Option<IdentityRef>,
    pub reason: Option<String>,
    pub priority: Option<String>,
    pub tags: Option<Vec<String>>,
    pub repository: Option<BuildRepository>,
    pub last_changed_date: Option<String>,
    #[serde(rename = "_links")]
    pub links: Option<BuildLinks>,
    pub url: Option<String>,
}

/// An issue (warning/error) on a timeline record.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineIssue {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub category: Option<String>,
    pub message: Option<String>,
}

/// A stage, job or task of a build timeline.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineRecord {
    pub id: Option<String>,
    pub parent_id: Option<String>,
    /// `Stage`, `Job`, `Task`, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub result: Option<String>,
    pub start_time: Option<String>,
    pub finish_time: Option<String>,
    /// Often the zone-less `0001-01-01T00:00:00`.
    pub last_modified: Option<String>,
    pub order: Option<i64>,
    pub error_count: Option<u32>,
    pub warning_count: Option<u32>,
    pub issues: Option<Vec<TimelineIssue>>,
}

/// `GET _apis/build/builds/{id}/timeline`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub id: Option<String>,
    pub change_id: Option<i64>,
    pub last_changed_by: Option<String>,
    pub last_changed_on: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub records: Vec<TimelineRecord>,
    pub url: Option<String>,
}

/// A pipeline (Pipelines API).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pipeline {
    pub id: u32,
    pub name: Option<String>,
    pub folder: Option<String>,
    pub revision: Option<u32>,
    pub url: Option<String>,
    #[serde(rename = "_links")]
    pub links: Option<BuildLinks>,
}

/// The pipeline a run belongs to.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineReference {
    pub id: Option<u32>,
    pub name: Option<String>,
    pub folder: Option<String>,
    pub revision: Option<u32>,
    pub url: Option<String>,
}

/// A repository a run checked out.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryResource {
    /// E.g. `refs/heads/main`.
    pub ref_name: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunResources {
    /// Keyed by alias; `self` is the pipeline's own repository.
    #[serde(default, deserialize_with = "null_as_default")]
    pub repositories: BTreeMap<String, RepositoryResource>,
}

/// A run (Pipelines API). `result` and `finished_date` are expected to be absent
/// until the run completes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineRun {
    pub id: u32,
    /// The run number, e.g. `20240502.3`.
    pub name: Option<String>,
    /// `unknown`, `inProgress`, `canceling`, `completed` (open set).
    pub state: Option<String>,
    /// `unknown`, `succeeded`, `failed`, `canceled` (open set).
    pub result: Option<String>,
    pub created_date: Option<String>,
    pub finished_date: Option<String>,
    pub pipeline: Option<PipelineReference>,
    pub resources: Option<RunResources>,
    pub template_parameters: Option<Value>,
    pub url: Option<String>,
    #[serde(rename = "_links")]
    pub links: Option<BuildLinks>,
}
