//! Git (`_apis/git`): repositories, pull requests and reviewers.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::org::TeamProjectReference;
use super::{IdentityRef, null_as_default};

/// A git repository, also the repository stub inside pull requests.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GitRepository {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub project: Option<TeamProjectReference>,
    /// E.g. `refs/heads/main`.
    pub default_branch: Option<String>,
    pub web_url: Option<String>,
    pub remote_url: Option<String>,
    pub is_disabled: Option<bool>,
}

/// A reviewer: the identity fields plus the vote (10, 5, 0, -5, -10).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityRefWithVote {
    #[serde(flatten)]
    pub identity: IdentityRef,
    pub vote: Option<i64>,
    pub has_declined: Option<bool>,
    pub is_required: Option<bool>,
    pub is_flagged: Option<bool>,
    pub reviewer_url: Option<String>,
}

/// A pull request.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GitPullRequest {
    pub pull_request_id: u32,
    pub code_review_id: Option<u32>,
    /// `active`, `abandoned`, `completed`, ... (open set).
    pub status: Option<String>,
    pub created_by: Option<IdentityRef>,
    pub creation_date: Option<String>,
    pub closed_date: Option<String>,
    pub title: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    /// E.g. `refs/heads/feature`.
    pub source_ref_name: Option<String>,
    pub target_ref_name: Option<String>,
    pub merge_status: Option<String>,
    pub is_draft: Option<bool>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub reviewers: Vec<IdentityRefWithVote>,
    pub repository: Option<GitRepository>,
    pub url: Option<String>,
    #[serde(rename = "_links")]
    pub links: Option<Value>,
}
