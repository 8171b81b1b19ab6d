//! Build routes of the demo: build definitions and the builds list with `$top`,
//! `queryOrder` and continuation tokens sent in `x-ms-continuationtoken`.
//! Reads the organization; never changes it.

use std::cmp::Reverse;

use serde_json::{Value, json};

use super::api::Ctx;
use super::api_wit::top_param;
use super::data::{Build, Definition, Org};
use super::wire::{Reply, ado_date, bad_request, param};

/// The most builds one page returns.
const MAX_TOP: usize = 5_000;

fn definition_ref(org: &Org, ctx: &Ctx<'_>, d: &Definition) -> Value {
    json!({
        "drafts": [],
        "id": d.id,
        "name": d.name,
        "url": format!("{}/{}/_apis/build/Definitions/{}?revision=3", ctx.urls.org_url(), org.project_id, d.id),
        "uri": format!("vstfs:///Build/Definition/{}", d.id),
        "path": d.path,
        "type": "build",
        "queueStatus": "enabled",
        "revision": 3,
        "project": super::api_git::project_json(org, ctx)
    })
}

fn build_json(org: &Org, ctx: &Ctx<'_>, b: &Build) -> Value {
    let Some(def) = org.definitions.get(b.definition) else {
        return Value::Null;
    };
    let repo = org.repos.get(def.repo);
    let base = format!("{}/{}", ctx.urls.org_url(), org.project_id);
    let url = format!("{base}/_apis/build/Builds/{}", b.id);
    let requested_for = org
        .people
        .get(b.requested_for)
        .map(|p| ctx.urls.identity_ref(p));
    let requested_by = if b.reason == "schedule" || b.reason.ends_with("CI") {
        ctx.urls.service_identity()
    } else {
        requested_for.clone().unwrap_or(Value::Null)
    };
    let mut v = json!({
        "_links": {
            "self": { "href": url },
            "web": { "href": format!("{base}/_build/results?buildId={}", b.id) },
            "sourceVersionDisplayUri": { "href": format!("{base}/_apis/build/builds/{}/sources", b.id) },
            "timeline": { "href": format!("{base}/_apis/build/builds/{}/Timeline", b.id) },
            "badge": { "href": format!("{base}/_apis/build/status/{}", def.id) }
        },
        "properties": {},
        "tags": [],
        "validationResults": [],
        "plans": [{ "planId": b.plan_id }],
        "triggerInfo": {},
        "id": b.id,
        "buildNumber": b.number,
        "status": b.status,
        "queueTime": ado_date(b.queue_time),
        "url": url,
        "definition": definition_ref(org, ctx, def),
        "buildNumberRevision": b.number_revision,
        "project": super::api_git::project_json(org, ctx),
        "uri": format!("vstfs:///Build/Build/{}", b.id),
        "sourceBranch": b.source_branch,
        "sourceVersion": b.source_version,
        "queue": {
            "id": 20767,
            "name": "Azure Pipelines",
            "pool": { "id": 9, "name": "Azure Pipelines", "isHosted": true }
        },
        "priority": b.priority,
        "reason": b.reason,
        "requestedFor": requested_for,
        "requestedBy": requested_by,
        "lastChangedDate": ado_date(b.last_changed),
        "lastChangedBy": ctx.urls.service_identity(),
        "orchestrationPlan": { "planId": b.plan_id },
        "logs": { "id": 0, "type": "Container", "url": format!("{base}/_apis/build/builds/{}/logs", b.id) },
        "repository": {
            "id": repo.map(|r| r.id.clone()),
            "type": "TfsGit",
            "name": repo.map(|r| r.name.clone()),
            "url": repo.map(|r| format!("{}/{}/_git/{}", ctx.urls.org_url(), super::wire::path_encode(&org.project_name), super::wire::path_encode(&r.name))),
            "clean": null,
            "checkoutSubmodules": false
        },
        "keepForever": false,
        "retainedByRelease": false,
        "triggeredByBuild": null,
        "appendCommitMessageToRunName": true
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(result) = &b.result {
            obj.insert("result".into(), json!(result));
        }
        if let Some(t) = b.start_time {
            obj.insert("startTime".into(), json!(ado_date(t)));
        }
        if let Some(t) = b.finish_time {
            obj.insert("finishTime".into(), json!(ado_date(t)));
        }
    }
    v
}

/// Sort key of a build in queue order; the continuation token names the first key of the next page.
fn key(b: &Build) -> (i64, u32) {
    (b.queue_time.timestamp_micros(), b.id)
}

fn token_of(b: &Build) -> String {
    format!("{}_{}", b.queue_time.timestamp_micros(), b.id)
}

fn parse_token(token: &str) -> Option<(i64, u32)> {
    let (micros, id) = token.trim().split_once('_')?;
    Some((micros.parse().ok()?, id.parse().ok()?))
}

fn list_filter(ctx: &Ctx<'_>, name: &str) -> Option<Vec<String>> {
    param(ctx.query, name).map(|v| {
        v.split(',')
            .map(|x| x.trim().to_ascii_lowercase())
            .filter(|x| !x.is_empty())
            .collect()
    })
}

pub(crate) fn builds(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let top = match top_param(ctx, "$top") {
        Ok(t) => t.filter(|n| *n > 0).unwrap_or(1_000).min(MAX_TOP),
        Err(reply) => return reply,
    };
    let ascending = param(ctx.query, "queryOrder")
        .is_some_and(|o| o.eq_ignore_ascii_case("queueTimeAscending"));
    let from = match param(ctx.query, "continuationToken") {
        None => None,
        Some(t) => match parse_token(t) {
            Some(k) => Some(k),
            None => return bad_request(&format!("The continuation token '{t}' is not valid.")),
        },
    };
    let definitions = list_filter(ctx, "definitions");
    let statuses = list_filter(ctx, "statusFilter");
    let results = list_filter(ctx, "resultFilter");
    let branch = param(ctx.query, "branchName");
    let mut matched: Vec<&Build> = org
        .builds
        .iter()
        .filter(|b| {
            definitions.as_ref().is_none_or(|ds| {
                org.definitions
                    .get(b.definition)
                    .is_some_and(|d| ds.contains(&d.id.to_string()))
            })
        })
        .filter(|b| {
            statuses.as_ref().is_none_or(|s| {
                s.contains(&"all".to_owned()) || s.contains(&b.status.to_ascii_lowercase())
            })
        })
        .filter(|b| {
            results.as_ref().is_none_or(|r| {
                b.result
                    .as_ref()
                    .is_some_and(|x| r.contains(&x.to_ascii_lowercase()))
            })
        })
        .filter(|b| branch.is_none_or(|br| b.source_branch.eq_ignore_ascii_case(br)))
        .filter(|b| from.is_none_or(|k| if ascending { key(b) >= k } else { key(b) <= k }))
        .collect();
    if ascending {
        matched.sort_by_key(|b| key(b));
    } else {
        matched.sort_by_key(|b| Reverse(key(b)));
    }
    let next = matched.get(top).map(|b| token_of(b));
    let value: Vec<Value> = matched
        .iter()
        .take(top)
        .map(|b| build_json(org, ctx, b))
        .collect();
    let reply = Reply::json(200, &json!({ "count": value.len(), "value": value }));
    match next {
        Some(token) => reply.header("x-ms-continuationtoken", token),
        None => reply,
    }
}

pub(crate) fn definitions(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let value: Vec<Value> = org
        .definitions
        .iter()
        .map(|d| {
            let mut v = definition_ref(org, ctx, d);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("quality".into(), json!("definition"));
                obj.insert(
                    "queue".into(),
                    json!({ "id": 20767, "name": "Azure Pipelines" }),
                );
            }
            v
        })
        .collect();
    Reply::json(200, &json!({ "count": value.len(), "value": value }))
}
