//! Dispatch of authorized Azure DevOps requests: checks organization, project and team
//! names, then hands the request to the route's handler. Runs under the data lock, so
//! it must stay synchronous and quick.

use chrono::{DateTime, Utc};

use super::data::Org;
use super::routes::Api;
use super::wire::{Reply, Urls, project_not_found};
use super::{api_build, api_git, api_wit, api_work};

/// What a handler may look at.
pub(crate) struct Ctx<'a> {
    pub urls: &'a Urls,
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
    /// Index of the signed-in person.
    pub user: usize,
    pub now: DateTime<Utc>,
}

pub(crate) fn dispatch(
    org: &Org,
    ctx: &Ctx<'_>,
    method: &str,
    scope: (&str, Option<&str>, Option<&str>),
    api: &Api,
) -> Reply {
    let (org_name, project, team) = scope;
    if !org.name.eq_ignore_ascii_case(org_name) {
        return project_not_found(org_name);
    }
    if let Some(project) = project
        && !org.is_project(project)
    {
        return project_not_found(project);
    }
    if let Some(team) = team
        && !org.is_team(team)
    {
        return Reply::ado_error(
            404,
            &format!(
                "The team with id or name '{team}' does not exist in project '{}'.",
                org.project_name
            ),
            "Microsoft.TeamFoundation.Core.WebApi.TeamNotFoundException, Microsoft.TeamFoundation.Core.WebApi",
            "TeamNotFoundException",
        );
    }
    if !method.eq_ignore_ascii_case(api.method()) {
        return Reply::ado_error(
            405,
            &format!("The requested resource does not support http method '{method}'."),
            "System.Web.Http.HttpResponseException, System.Web.Http",
            "HttpResponseException",
        );
    }
    match api {
        Api::ConnectionData => api_wit::connection_data(org, ctx),
        Api::Wiql => api_wit::wiql(org, ctx),
        Api::WorkItemsBatch => api_wit::workitems_batch(org, ctx),
        Api::WorkItems => api_wit::workitems_list(org, ctx),
        Api::Iterations => api_work::iterations(org, ctx),
        Api::Iteration(id) => api_work::iteration(org, ctx, id),
        Api::IterationWorkItems(id) => api_work::iteration_workitems(org, ctx, id),
        Api::Boards => api_work::boards(org, ctx),
        Api::Board(id) => api_work::board(org, ctx, id),
        Api::Repositories => api_git::repositories(org, ctx),
        Api::Repository(id) => api_git::repository(org, ctx, id),
        Api::RepoPullRequests(id) => api_git::pull_requests(org, ctx, Some(id)),
        Api::ProjectPullRequests => api_git::pull_requests(org, ctx, None),
        Api::Builds => api_build::builds(org, ctx),
        Api::Definitions => api_build::definitions(org, ctx),
    }
}
