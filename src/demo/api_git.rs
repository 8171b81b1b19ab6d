//! Git routes of the demo: repositories and pull requests (with `$top`/`$skip` paging
//! and the common `searchCriteria.*` filters). Reads the organization; never changes it.

use serde_json::{Value, json};

use super::api::Ctx;
use super::api_wit::top_param;
use super::data::{Org, PullRequest, Repo};
use super::wire::{Reply, ado_date, bad_request, param, path_encode};

fn repo_not_found(id: &str) -> Reply {
    Reply::ado_error(
        404,
        &format!(
            "TF401019: The Git repository with name or identifier {id} does not exist or you do not have permissions for the operation you are attempting."
        ),
        "Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server",
        "GitRepositoryNotFoundException",
    )
}

fn repo_url(org: &Org, ctx: &Ctx<'_>, r: &Repo) -> String {
    format!(
        "{}/{}/_apis/git/repositories/{}",
        ctx.urls.org_url(),
        org.project_id,
        r.id
    )
}

/// The project reference both git and build answers embed.
pub(crate) fn project_json(org: &Org, ctx: &Ctx<'_>) -> Value {
    json!({
        "id": org.project_id,
        "name": org.project_name,
        "description": org.project_description,
        "url": format!("{}/_apis/projects/{}", ctx.urls.org_url(), org.project_id),
        "state": "wellFormed",
        "revision": 411,
        "visibility": "private",
        "lastUpdateTime": "2026-01-12T09:30:11.853Z"
    })
}

fn repo_json(org: &Org, ctx: &Ctx<'_>, r: &Repo) -> Value {
    let web = format!(
        "{}/{}/_git/{}",
        ctx.urls.org_url(),
        path_encode(&org.project_name),
        path_encode(&r.name)
    );
    let host = ctx
        .urls
        .base
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    json!({
        "id": r.id,
        "name": r.name,
        "url": repo_url(org, ctx, r),
        "project": project_json(org, ctx),
        "defaultBranch": "refs/heads/main",
        "size": r.size,
        "remoteUrl": web,
        "sshUrl": format!("git@ssh.{host}:v3/{}/{}/{}", org.name, path_encode(&org.project_name), path_encode(&r.name)),
        "webUrl": web,
        "isDisabled": r.is_disabled,
        "isInMaintenance": false
    })
}

pub(crate) fn repositories(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let value: Vec<Value> = org.repos.iter().map(|r| repo_json(org, ctx, r)).collect();
    Reply::json(200, &json!({ "count": value.len(), "value": value }))
}

pub(crate) fn repository(org: &Org, ctx: &Ctx<'_>, id: &str) -> Reply {
    match org.find_repo(id).and_then(|i| org.repos.get(i)) {
        Some(r) => Reply::json(200, &repo_json(org, ctx, r)),
        None => repo_not_found(id),
    }
}

fn pr_json(org: &Org, ctx: &Ctx<'_>, p: &PullRequest) -> Value {
    let Some(repo) = org.repos.get(p.repo) else {
        return Value::Null;
    };
    let repo_url = repo_url(org, ctx, repo);
    let commit = |sha: &str| json!({ "commitId": sha, "url": format!("{repo_url}/commits/{sha}") });
    let reviewers: Vec<Value> = p
        .reviewers
        .iter()
        .filter_map(|r| {
            let person = org.people.get(r.person)?;
            let mut v = ctx.urls.identity_ref(person);
            let obj = v.as_object_mut()?;
            obj.remove("descriptor");
            obj.insert(
                "reviewerUrl".into(),
                json!(format!(
                    "{repo_url}/pullRequests/{}/reviewers/{}",
                    p.id, person.id
                )),
            );
            obj.insert("vote".into(), json!(r.vote));
            obj.insert("hasDeclined".into(), json!(false));
            if r.is_required {
                obj.insert("isRequired".into(), json!(true));
            }
            obj.insert("isFlagged".into(), json!(false));
            Some(v)
        })
        .collect();
    let mut v = json!({
        "repository": {
            "id": repo.id,
            "name": repo.name,
            "url": repo_url,
            "project": {
                "id": org.project_id,
                "name": org.project_name,
                "state": "unchanged",
                "visibility": "unchanged",
                "lastUpdateTime": "0001-01-01T00:00:00"
            }
        },
        "pullRequestId": p.id,
        "codeReviewId": p.id,
        "status": p.status,
        "createdBy": org.people.get(p.author).map(|a| ctx.urls.identity_ref(a)),
        "creationDate": ado_date(p.created),
        "title": p.title,
        "description": p.description,
        "sourceRefName": p.source_ref,
        "targetRefName": p.target_ref,
        "mergeStatus": p.merge_status,
        "isDraft": p.is_draft,
        "mergeId": p.merge_id,
        "lastMergeSourceCommit": commit(&p.source_commit),
        "lastMergeTargetCommit": commit(&p.target_commit),
        "lastMergeCommit": commit(&p.merge_commit),
        "reviewers": reviewers,
        "url": format!("{repo_url}/pullRequests/{}", p.id),
        "supportsIterations": true
    });
    if let (Some(closed), Some(obj)) = (p.closed, v.as_object_mut()) {
        obj.insert("closedDate".into(), json!(ado_date(closed)));
    }
    v
}

pub(crate) fn pull_requests(org: &Org, ctx: &Ctx<'_>, repo_id: Option<&String>) -> Reply {
    let repo = match repo_id {
        Some(id) => match org.find_repo(id) {
            Some(i) if org.repos.get(i).is_some_and(|r| !r.is_disabled) => Some(i),
            _ => return repo_not_found(id),
        },
        None => None,
    };
    let status = param(ctx.query, "searchCriteria.status").unwrap_or("active");
    let status = status.to_ascii_lowercase();
    if !["active", "completed", "abandoned", "all", "notset"].contains(&status.as_str()) {
        return bad_request(&format!(
            "The value '{status}' is not valid for searchCriteria.status."
        ));
    }
    let top = match top_param(ctx, "$top") {
        Ok(t) => t.unwrap_or(101),
        Err(reply) => return reply,
    };
    let skip = match top_param(ctx, "$skip") {
        Ok(s) => s.unwrap_or(0),
        Err(reply) => return reply,
    };
    let creator = param(ctx.query, "searchCriteria.creatorId");
    let reviewer = param(ctx.query, "searchCriteria.reviewerId");
    let target = param(ctx.query, "searchCriteria.targetRefName");
    let person_is = |index: usize, id: &str| {
        org.people
            .get(index)
            .is_some_and(|p| p.id.eq_ignore_ascii_case(id))
    };
    let mut matched: Vec<&PullRequest> = org
        .prs
        .iter()
        .filter(|p| repo.is_none_or(|r| p.repo == r))
        .filter(|p| org.repos.get(p.repo).is_some_and(|r| !r.is_disabled))
        .filter(|p| status == "all" || status == "notset" || p.status == status)
        .filter(|p| creator.is_none_or(|c| person_is(p.author, c)))
        .filter(|p| reviewer.is_none_or(|id| p.reviewers.iter().any(|r| person_is(r.person, id))))
        .filter(|p| target.is_none_or(|t| p.target_ref.eq_ignore_ascii_case(t)))
        .collect();
    matched.sort_by_key(|p| std::cmp::Reverse(p.id));
    let value: Vec<Value> = matched
        .into_iter()
        .skip(skip)
        .take(top)
        .map(|p| pr_json(org, ctx, p))
        .collect();
    Reply::json(200, &json!({ "value": value, "count": value.len() }))
}
