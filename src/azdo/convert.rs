//! Pure conversions from `azdo::model` wire types to the `domain` types the views
//! show. Missing or odd values degrade to empty/`None`; nothing here fails.

mod text;

pub use text::{
    HTML_INPUT_LIMIT, TRUNCATED_NOTE, html_to_text, is_width_ambiguous, simplify_emoji,
    strip_controls,
};

use serde_json::{Map, Value};

use crate::azdo::date::{parse_date, parse_opt};
use crate::azdo::model;
use crate::domain::{
    self, BoardColumn, ColumnType, Identity, Iteration, Me, PipelineRun, PullRequest, Reviewer,
    RunResult, RunStatus, Vote,
};

/// Work item field reference names adoboard reads.
pub mod fields {
    pub const TITLE: &str = "System.Title";
    pub const WORK_ITEM_TYPE: &str = "System.WorkItemType";
    pub const STATE: &str = "System.State";
    pub const REASON: &str = "System.Reason";
    pub const ASSIGNED_TO: &str = "System.AssignedTo";
    pub const CREATED_BY: &str = "System.CreatedBy";
    pub const CHANGED_BY: &str = "System.ChangedBy";
    pub const CREATED_DATE: &str = "System.CreatedDate";
    pub const CHANGED_DATE: &str = "System.ChangedDate";
    pub const AREA_PATH: &str = "System.AreaPath";
    pub const ITERATION_PATH: &str = "System.IterationPath";
    pub const TEAM_PROJECT: &str = "System.TeamProject";
    pub const REV: &str = "System.Rev";
    pub const TAGS: &str = "System.Tags";
    pub const DESCRIPTION: &str = "System.Description";
    pub const PRIORITY: &str = "Microsoft.VSTS.Common.Priority";
    pub const REMAINING_WORK: &str = "Microsoft.VSTS.Scheduling.RemainingWork";
    pub const STORY_POINTS: &str = "Microsoft.VSTS.Scheduling.StoryPoints";
    pub const EFFORT: &str = "Microsoft.VSTS.Scheduling.Effort";
}

/// A width wide enough that html2text does not wrap; the detail pane wraps later.
const UNWRAPPED: usize = 4096;

/// Percent-encodes `s` for use as one URL path segment: everything except
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` per UTF-8 byte,
/// so a space is `%20` and `/` is `%2F`.
pub fn encode_path_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

/// Everything but RFC 3986 unreserved characters is escaped in a path segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Decode `%XX` escapes (and `+` as a space, as in form encoding); invalid escapes
/// stay as they are, invalid UTF-8 becomes U+FFFD.
pub fn decode_percent(s: &str, plus_is_space: bool) -> String {
    let s = if plus_is_space {
        s.replace('+', " ")
    } else {
        s.to_owned()
    };
    percent_encoding::percent_decode_str(&s)
        .decode_utf8_lossy()
        .into_owned()
}

/// A field value as text: strings as they are, numbers and booleans printed.
fn text_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A number from a JSON number or a numeric string.
fn f64_value(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// An integer from a JSON number (fractions truncated) or a numeric string.
fn i64_value(v: &Value) -> Option<i64> {
    if let Some(i) = v.as_i64() {
        return Some(i);
    }
    if let Value::String(s) = v
        && let Ok(i) = s.trim().parse::<i64>()
    {
        return Some(i);
    }
    f64_value(v)
        .filter(|f| f.abs() < 9.0e15)
        .map(|f| f.trunc() as i64)
}

/// Reads an identity from a work item field value: an identity object or a
/// `"Name <email>"` string. `null`, empty strings and other shapes give `None`.
pub fn identity_value(v: &Value) -> Option<Identity> {
    let identity = match v {
        Value::String(s) => model::parse_identity_text(s),
        Value::Object(map) => {
            let get = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_owned);
            let r = model::IdentityRef {
                display_name: get("displayName"),
                unique_name: get("uniqueName"),
                id: get("id"),
                ..model::IdentityRef::default()
            };
            Identity::from(&r)
        }
        _ => return None,
    };
    let empty =
        identity.display_name.is_empty() && identity.unique_name.is_none() && identity.id.is_none();
    (!empty).then_some(identity)
}

/// Splits `"a; b;;c "` into `["a", "b", "c"]`.
pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Strips a leading `refs/heads/`; other refs are kept whole.
pub fn branch_name(git_ref: &str) -> String {
    git_ref
        .strip_prefix("refs/heads/")
        .unwrap_or(git_ref)
        .to_owned()
}

/// `org_url` without trailing slashes, or `None` when empty.
fn base_url(org_url: &str) -> Option<&str> {
    let base = org_url.trim().trim_end_matches('/');
    (!base.is_empty()).then_some(base)
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Converts a work item, reading fields by reference name.
///
/// `column_field` is the board's column field (see `model::Board::column_field`).
/// Missing title/type/state become `""`. `web_url` is
/// `{org_url}/{project}/_workitems/edit/{id}` with the project percent-encoded;
/// an empty `project` falls back to `System.TeamProject`, and the URL is `None`
/// when either part is still empty.
pub fn work_item(
    w: &model::WorkItem,
    column_field: Option<&str>,
    org_url: &str,
    project: &str,
) -> domain::WorkItem {
    let f: &Map<String, Value> = &w.fields;
    let text = |name: &str| f.get(name).and_then(text_value);
    let opt_text = |name: &str| text(name).filter(|s| !s.trim().is_empty());
    let ident = |name: &str| f.get(name).and_then(identity_value);
    let date = |name: &str| f.get(name).and_then(Value::as_str).and_then(parse_date);
    let number = |name: &str| f.get(name).and_then(f64_value);

    let team_project = opt_text(fields::TEAM_PROJECT);
    let project = non_empty(Some(project)).or(team_project.as_deref());
    let web_url = base_url(org_url)
        .zip(project)
        .map(|(base, p)| format!("{base}/{}/_workitems/edit/{}", encode_path_segment(p), w.id));

    domain::WorkItem {
        id: w.id,
        rev: w.rev.or_else(|| {
            f.get(fields::REV)
                .and_then(i64_value)
                .and_then(|r| u32::try_from(r).ok())
        }),
        title: text(fields::TITLE).unwrap_or_default(),
        work_item_type: text(fields::WORK_ITEM_TYPE).unwrap_or_default(),
        state: text(fields::STATE).unwrap_or_default(),
        reason: opt_text(fields::REASON),
        assigned_to: ident(fields::ASSIGNED_TO),
        created_by: ident(fields::CREATED_BY),
        changed_by: ident(fields::CHANGED_BY),
        created_date: date(fields::CREATED_DATE),
        changed_date: date(fields::CHANGED_DATE),
        area_path: opt_text(fields::AREA_PATH),
        iteration_path: opt_text(fields::ITERATION_PATH),
        priority: f.get(fields::PRIORITY).and_then(i64_value),
        remaining_work: number(fields::REMAINING_WORK),
        story_points: number(fields::STORY_POINTS).or_else(|| number(fields::EFFORT)),
        tags: text(fields::TAGS)
            .map(|t| split_tags(&t))
            .unwrap_or_default(),
        description: opt_text(fields::DESCRIPTION).map(|html| html_to_text(&html, UNWRAPPED)),
        description_html: opt_text(fields::DESCRIPTION),
        board_column: column_field.and_then(opt_text),
        web_url,
    }
}

/// Converts a pull request.
///
/// `web_url` is `{org_url}/{project}/_git/{repo}/pullrequest/{id}`, using the
/// repository's own project name when the response has one, else `project`.
pub fn pull_request(p: &model::GitPullRequest, org_url: &str, project: &str) -> PullRequest {
    let repo = p.repository.as_ref();
    let repo_name = non_empty(repo.and_then(|r| r.name.as_deref()));
    let repo_project = repo
        .and_then(|r| r.project.as_ref())
        .and_then(|pr| non_empty(pr.name.as_deref()));
    let project = repo_project.or(non_empty(Some(project)));
    let web_url = match (base_url(org_url), project, repo_name) {
        (Some(base), Some(proj), Some(name)) => Some(format!(
            "{base}/{}/_git/{}/pullrequest/{}",
            encode_path_segment(proj),
            encode_path_segment(name),
            p.pull_request_id
        )),
        _ => None,
    };
    PullRequest {
        id: p.pull_request_id,
        title: p.title.clone().unwrap_or_default(),
        repository: repo_name.unwrap_or_default().to_owned(),
        repository_id: repo.and_then(|r| non_empty(r.id.as_deref()).map(str::to_owned)),
        author: p.created_by.as_ref().map(Identity::from),
        reviewers: p.reviewers.iter().map(reviewer).collect(),
        is_draft: p.is_draft.unwrap_or(false),
        status: p.status.clone().unwrap_or_default(),
        created: parse_opt(p.creation_date.as_deref()),
        source_branch: non_empty(p.source_ref_name.as_deref()).map(branch_name),
        target_branch: non_empty(p.target_ref_name.as_deref()).map(branch_name),
        description: p.description.clone(),
        merge_status: p.merge_status.clone(),
        web_url,
    }
}

/// Converts a reviewer; a missing vote is "no vote".
pub fn reviewer(r: &model::IdentityRefWithVote) -> Reviewer {
    Reviewer {
        identity: Identity::from(&r.identity),
        vote: Vote::from(r.vote.unwrap_or(0)),
        is_required: r.is_required.unwrap_or(false),
        is_container: r.identity.is_container.unwrap_or(false),
    }
}

/// Maps a build `status` or run `state`, case-insensitively. Missing or unknown
/// values (including `none` and `abandoned`) give `RunStatus::Other`.
pub fn run_status(s: Option<&str>) -> RunStatus {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("notstarted") => RunStatus::NotStarted,
        Some("inprogress") => RunStatus::InProgress,
        Some("completed") => RunStatus::Completed,
        Some("cancelling" | "canceling") => RunStatus::Cancelling,
        Some("postponed") => RunStatus::Postponed,
        _ => RunStatus::Other,
    }
}

/// Maps a build or run `result`, case-insensitively. Missing, empty, `none` and
/// `unknown` give `None`; other unknown values give `RunResult::Other`.
pub fn run_result(s: Option<&str>) -> Option<RunResult> {
    let s = s?.trim().to_ascii_lowercase();
    Some(match s.as_str() {
        "" | "none" | "unknown" => return None,
        "succeeded" => RunResult::Succeeded,
        "partiallysucceeded" => RunResult::PartiallySucceeded,
        "failed" => RunResult::Failed,
        "canceled" | "cancelled" => RunResult::Canceled,
        _ => RunResult::Other,
    })
}

/// Converts a build (Build API) into a pipeline run. The requester is
/// `requestedFor`, else `requestedBy`; `web_url` is `_links.web.href`.
pub fn pipeline_run(b: &model::Build) -> PipelineRun {
    let def = b.definition.as_ref();
    PipelineRun {
        id: b.id,
        build_number: b.build_number.clone(),
        definition: def.and_then(|d| d.name.clone()).unwrap_or_default(),
        definition_id: def.and_then(|d| d.id),
        branch: non_empty(b.source_branch.as_deref()).map(branch_name),
        status: run_status(b.status.as_deref()),
        result: run_result(b.result.as_deref()),
        requested_for: b
            .requested_for
            .as_ref()
            .or(b.requested_by.as_ref())
            .map(Identity::from),
        reason: b.reason.clone(),
        queue_time: parse_opt(b.queue_time.as_deref()),
        start_time: parse_opt(b.start_time.as_deref()),
        finish_time: parse_opt(b.finish_time.as_deref()),
        repository: b
            .repository
            .as_ref()
            .and_then(|r| non_empty(r.name.as_deref()).map(str::to_owned)),
        source_version: b.source_version.clone(),
        web_url: b
            .links
            .as_ref()
            .and_then(model::BuildLinks::web_href)
            .map(str::to_owned),
    }
}

/// Converts a run from the Pipelines API. It has no requester, reason or queue
/// time; `created_date` is used as the start time.
pub fn pipelines_run(r: &model::PipelineRun) -> PipelineRun {
    let pipeline = r.pipeline.as_ref();
    let own_repo = r
        .resources
        .as_ref()
        .and_then(|res| res.repositories.get("self"));
    PipelineRun {
        id: r.id,
        build_number: r.name.clone(),
        definition: pipeline.and_then(|p| p.name.clone()).unwrap_or_default(),
        definition_id: pipeline.and_then(|p| p.id),
        branch: own_repo
            .and_then(|repo| non_empty(repo.ref_name.as_deref()))
            .map(branch_name),
        status: run_status(r.state.as_deref()),
        result: run_result(r.result.as_deref()),
        start_time: parse_opt(r.created_date.as_deref()),
        finish_time: parse_opt(r.finished_date.as_deref()),
        source_version: own_repo.and_then(|repo| repo.version.clone()),
        web_url: r
            .links
            .as_ref()
            .and_then(model::BuildLinks::web_href)
            .map(str::to_owned),
        ..PipelineRun::default()
    }
}

/// Converts a team iteration; `null` or unparsable dates become `None`, and a
/// missing path falls back to the name.
pub fn iteration(it: &model::TeamIteration) -> Iteration {
    let attrs = it.attributes.as_ref();
    let name = it.name.clone().unwrap_or_default();
    Iteration {
        id: it.id.clone().unwrap_or_default(),
        path: it.path.clone().unwrap_or_else(|| name.clone()),
        name,
        start: parse_opt(attrs.and_then(|a| a.start_date.as_deref())),
        finish: parse_opt(attrs.and_then(|a| a.finish_date.as_deref())),
    }
}

/// Maps `columnType` case-insensitively; unknown or missing is `InProgress`.
pub fn column_type(s: Option<&str>) -> ColumnType {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("incoming") => ColumnType::Incoming,
        Some("outgoing") => ColumnType::Outgoing,
        _ => ColumnType::InProgress,
    }
}

/// Converts one board column (also the items of the board columns list).
pub fn board_column(c: &model::BoardColumn) -> BoardColumn {
    BoardColumn {
        id: c.id.clone(),
        name: c.name.clone().unwrap_or_default(),
        column_type: column_type(c.column_type.as_deref()),
        item_limit: c.item_limit.unwrap_or(0),
        state_mappings: c.state_mappings.clone(),
    }
}

/// The board's columns in board order (empty when the board sends none).
pub fn board_columns(board: &model::Board) -> Vec<BoardColumn> {
    board.columns.iter().flatten().map(board_column).collect()
}

/// The signed-in user: the authenticated user, else the authorized one.
///
/// The display name is the custom one, else the provider's, else the account;
/// the unique name is `properties.Account.$value`. `None` when there is no user
/// or it has neither id nor any name.
pub fn me(cd: &model::ConnectionData) -> Option<Me> {
    let user = cd
        .authenticated_user
        .as_ref()
        .or(cd.authorized_user.as_ref())?;
    let unique_name = non_empty(user.account()).map(str::to_owned);
    let display_name = non_empty(user.custom_display_name.as_deref())
        .or(non_empty(user.provider_display_name.as_deref()))
        .map(str::to_owned)
        .or_else(|| unique_name.clone())
        .unwrap_or_default();
    let id = non_empty(user.id.as_deref()).map(str::to_owned);
    if id.is_none() && display_name.is_empty() {
        return None;
    }
    Some(Me {
        identity: Identity {
            display_name,
            unique_name,
            id,
        },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
