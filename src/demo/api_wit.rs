//! Work item tracking and location routes of the demo: connectionData, WIQL,
//! workitemsbatch and `workitems?ids=`. Reads the organization; never changes it.

use std::cmp::Reverse;

use serde_json::{Map, Value, json};

use super::api::Ctx;
use super::data::{Org, WorkItem};
use super::wiql::{self, IterationFilter, SortField};
use super::wire::{Reply, ado_date, bad_request, param};

/// WIQL refuses queries that match more than this many items.
const WIQL_LIMIT: usize = 20_000;
/// Batch reads take at most this many ids.
const BATCH_LIMIT: usize = 200;

/// Friendly names of the fields the demo knows, for WIQL `columns`.
const FIELD_NAMES: &[(&str, &str)] = &[
    ("System.Id", "ID"),
    ("System.Title", "Title"),
    ("System.State", "State"),
    ("System.Reason", "Reason"),
    ("System.WorkItemType", "Work Item Type"),
    ("System.AssignedTo", "Assigned To"),
    ("System.CreatedBy", "Created By"),
    ("System.ChangedBy", "Changed By"),
    ("System.CreatedDate", "Created Date"),
    ("System.ChangedDate", "Changed Date"),
    ("System.AreaPath", "Area Path"),
    ("System.IterationPath", "Iteration Path"),
    ("System.TeamProject", "Team Project"),
    ("System.Tags", "Tags"),
    ("System.Description", "Description"),
    ("System.Parent", "Parent"),
    ("System.BoardColumn", "Board Column"),
    ("Microsoft.VSTS.Common.Priority", "Priority"),
    ("Microsoft.VSTS.Common.StateChangeDate", "State Change Date"),
    ("Microsoft.VSTS.Scheduling.RemainingWork", "Remaining Work"),
    ("Microsoft.VSTS.Scheduling.StoryPoints", "Story Points"),
];

fn field_ref(ctx: &Ctx<'_>, reference: &str) -> Value {
    let canonical = FIELD_NAMES
        .iter()
        .find(|(r, _)| r.eq_ignore_ascii_case(reference));
    let (reference, name) = canonical.map_or_else(
        || {
            let short = reference.rsplit('.').next().unwrap_or(reference);
            (reference.to_owned(), short.to_owned())
        },
        |(r, n)| ((*r).to_owned(), (*n).to_owned()),
    );
    json!({
        "referenceName": reference,
        "name": name,
        "url": format!("{}/_apis/wit/fields/{reference}", ctx.urls.org_url()),
    })
}

pub(crate) fn connection_data(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let Some(me) = org.people.get(ctx.user) else {
        return bad_request("The user could not be resolved.");
    };
    let user = json!({
        "id": me.id,
        "descriptor": format!("Microsoft.IdentityModel.Claims.ClaimsIdentity;{}\\{}", org.tenant, me.unique_name),
        "subjectDescriptor": me.descriptor,
        "providerDisplayName": me.display_name,
        "isActive": true,
        "properties": { "Account": { "$type": "System.String", "$value": me.unique_name } },
        "resourceVersion": 2,
        "metaTypeId": 0
    });
    Reply::json(
        200,
        &json!({
            "authenticatedUser": user,
            "authorizedUser": user,
            "instanceId": org.instance_id,
            "deploymentId": "ed30ce5c-9d0a-f73c-3580-4315c7f84d83",
            "deploymentType": "hosted",
            "locationServiceData": {
                "serviceOwner": "00025394-6065-48ca-87d9-7f5672854ef7",
                "defaultAccessMappingMoniker": "PublicAccessMapping",
                "lastChangeId": 424_239_147,
                "lastChangeId64": 424_239_147
            }
        }),
    )
}

/// Parses `$top`: absent is `None`, garbage is an error answer.
pub(crate) fn top_param(ctx: &Ctx<'_>, name: &str) -> Result<Option<usize>, Reply> {
    match param(ctx.query, name) {
        None => Ok(None),
        Some(v) => v.trim().parse::<usize>().map(Some).map_err(|_| {
            bad_request(&format!(
                "The value '{v}' is not valid for parameter {name}. It must be a non-negative integer."
            ))
        }),
    }
}

pub(crate) fn wiql(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let body: Value = match serde_json::from_slice(ctx.body) {
        Ok(v) => v,
        Err(_) => {
            return bad_request(
                "VS402336: The request body must be a JSON object with a 'query' property.",
            );
        }
    };
    let Some(text) = body.get("query").and_then(Value::as_str) else {
        return bad_request("Value cannot be null.\r\nParameter name: wiql");
    };
    let top = match top_param(ctx, "$top") {
        Ok(t) => t,
        Err(reply) => return reply,
    };
    let query = match wiql::parse(text) {
        Ok(q) => q,
        Err(message) => return bad_request(&message),
    };
    let mut matched: Vec<&WorkItem> = org
        .items
        .values()
        .filter(|w| !query.assigned_to_me || w.assigned_to == Some(ctx.user))
        .filter(|w| match &query.iteration {
            IterationFilter::Any => true,
            IterationFilter::Current => w.iteration == Some(org.current_iteration),
            IterationFilter::Path { path, under } => {
                let have = org.iteration_path(w).to_lowercase();
                let want = path.to_lowercase();
                have == want || (*under && have.starts_with(&format!("{want}\\")))
            }
        })
        .filter(|w| {
            !query
                .state_not_in
                .iter()
                .any(|s| s.eq_ignore_ascii_case(&w.state))
        })
        .filter(|w| {
            query
                .state_in
                .as_ref()
                .is_none_or(|states| states.iter().any(|s| s.eq_ignore_ascii_case(&w.state)))
        })
        .filter(|w| {
            query
                .type_in
                .as_ref()
                .is_none_or(|types| types.iter().any(|t| t.eq_ignore_ascii_case(&w.item_type)))
        })
        .collect();
    if top.is_none() && matched.len() > WIQL_LIMIT {
        return Reply::ado_error(
            400,
            "VS402337: The number of work items returned exceeds the size limit of 20000. Change the query to return fewer items.",
            "Microsoft.TeamFoundation.WorkItemTracking.Server.Common.WorkItemTrackingQueryResultSizeLimitExceededException, Microsoft.TeamFoundation.WorkItemTracking.Server",
            "WorkItemTrackingQueryResultSizeLimitExceededException",
        );
    }
    match query.sort {
        SortField::Id => matched.sort_by_key(|w| w.id),
        SortField::ChangedDate => matched.sort_by_key(|w| (w.changed, w.id)),
        SortField::CreatedDate => matched.sort_by_key(|w| (w.created, w.id)),
        SortField::Priority => matched.sort_by_key(|w| (w.priority.unwrap_or(i64::MAX), w.id)),
    }
    if query.descending {
        matched.reverse();
    }
    if let Some(top) = top {
        matched.truncate(top);
    }
    let columns: Vec<Value> = if query.columns.is_empty() {
        vec![field_ref(ctx, "System.Id")]
    } else {
        query.columns.iter().map(|c| field_ref(ctx, c)).collect()
    };
    let sort_field = match query.sort {
        SortField::Id => "System.Id",
        SortField::ChangedDate => "System.ChangedDate",
        SortField::CreatedDate => "System.CreatedDate",
        SortField::Priority => "Microsoft.VSTS.Common.Priority",
    };
    let items: Vec<Value> = matched
        .iter()
        .map(|w| json!({ "id": w.id, "url": item_url(ctx, w.id) }))
        .collect();
    Reply::json(
        200,
        &json!({
            "queryType": "flat",
            "queryResultType": "workItem",
            "asOf": ado_date(ctx.now),
            "columns": columns,
            "sortColumns": [{ "field": field_ref(ctx, sort_field), "descending": query.descending }],
            "workItems": items
        }),
    )
}

pub(crate) fn item_url(ctx: &Ctx<'_>, id: u32) -> String {
    format!("{}/_apis/wit/workItems/{id}", ctx.urls.org_url())
}

/// A batch read, from either the POST body or the `workitems?ids=` query.
struct BatchRequest {
    ids: Vec<Option<u32>>,
    fields: Option<Vec<String>>,
    omit: bool,
    relations: bool,
}

fn batch_from_body(body: &[u8]) -> Result<BatchRequest, Reply> {
    let value: Value = serde_json::from_slice(body).map_err(|_| {
        bad_request("VS403468: The request body could not be read as a work item batch request.")
    })?;
    let Some(ids) = value.get("ids").and_then(Value::as_array) else {
        return Err(bad_request("Value cannot be null.\r\nParameter name: ids"));
    };
    let ids = ids
        .iter()
        .map(|v| {
            if v.is_number() {
                Ok(v.as_u64().and_then(|n| u32::try_from(n).ok()))
            } else {
                Err(bad_request("VS403468: Work item ids must be integers."))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let fields = match value.get("fields") {
        None | Some(Value::Null) => None,
        Some(Value::Array(list)) => Some(
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        Some(_) => {
            return Err(bad_request(
                "VS403468: 'fields' must be an array of field names.",
            ));
        }
    };
    let policy = value.get("errorPolicy").and_then(Value::as_str);
    let expand = value.get("$expand").and_then(Value::as_str);
    finish_batch(ids, fields, policy, expand)
}

fn batch_from_query(ctx: &Ctx<'_>) -> Result<BatchRequest, Reply> {
    let Some(raw) = param(ctx.query, "ids") else {
        return Err(bad_request("Value cannot be null.\r\nParameter name: ids"));
    };
    let ids = raw
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse::<i64>()
                .map(|n| u32::try_from(n).ok())
                .map_err(|_| bad_request(&format!("The value '{s}' is not a valid work item id.")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let fields = param(ctx.query, "fields").map(|f| {
        f.split(',')
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect()
    });
    finish_batch(
        ids,
        fields,
        param(ctx.query, "errorPolicy"),
        param(ctx.query, "$expand"),
    )
}

fn finish_batch(
    ids: Vec<Option<u32>>,
    fields: Option<Vec<String>>,
    policy: Option<&str>,
    expand: Option<&str>,
) -> Result<BatchRequest, Reply> {
    if ids.is_empty() {
        return Err(bad_request("Value cannot be null.\r\nParameter name: ids"));
    }
    if ids.len() > BATCH_LIMIT {
        return Err(Reply::ado_error(
            400,
            &format!(
                "VS403474: You requested {} work items which exceeds the limit of 200",
                ids.len()
            ),
            "Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemTrackingValidationException, Microsoft.TeamFoundation.WorkItemTracking.Server",
            "WorkItemTrackingValidationException",
        ));
    }
    let omit = match policy {
        None => false,
        Some(p) if p.eq_ignore_ascii_case("fail") => false,
        Some(p) if p.eq_ignore_ascii_case("omit") => true,
        Some(p) => {
            return Err(bad_request(&format!(
                "The value '{p}' is not valid for errorPolicy."
            )));
        }
    };
    let expand = expand.unwrap_or("none").to_ascii_lowercase();
    if fields.is_some() && expand != "none" {
        return Err(Reply::ado_error(
            400,
            "The expand parameter can not be used with the fields parameter.",
            "Microsoft.TeamFoundation.WorkItemTracking.Server.ConflictingParametersException, Microsoft.TeamFoundation.WorkItemTracking.Server",
            "ConflictingParametersException",
        ));
    }
    Ok(BatchRequest {
        ids,
        fields,
        omit,
        relations: expand == "relations" || expand == "all",
    })
}

pub(crate) fn workitems_batch(org: &Org, ctx: &Ctx<'_>) -> Reply {
    match batch_from_body(ctx.body) {
        Ok(req) => batch_reply(org, ctx, &req),
        Err(reply) => reply,
    }
}

pub(crate) fn workitems_list(org: &Org, ctx: &Ctx<'_>) -> Reply {
    match batch_from_query(ctx) {
        Ok(req) => batch_reply(org, ctx, &req),
        Err(reply) => reply,
    }
}

fn batch_reply(org: &Org, ctx: &Ctx<'_>, req: &BatchRequest) -> Reply {
    let mut value = Vec::with_capacity(req.ids.len());
    for id in &req.ids {
        match id.and_then(|id| org.items.get(&id)) {
            Some(item) => value.push(work_item_json(
                org,
                ctx,
                item,
                req.fields.as_deref(),
                req.relations,
            )),
            None if req.omit => value.push(Value::Null),
            None => {
                let shown = id.map_or_else(|| "0".to_owned(), |i| i.to_string());
                return Reply::ado_error(
                    404,
                    &format!(
                        "TF401232: Work item {shown} does not exist, or you do not have permissions to read it."
                    ),
                    "Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server",
                    "WorkItemUnauthorizedAccessException",
                );
            }
        }
    }
    Reply::json(200, &json!({ "count": value.len(), "value": value }))
}

/// Every field of `w` that has a value, keyed by reference name.
fn all_fields(org: &Org, ctx: &Ctx<'_>, w: &WorkItem) -> Vec<(String, Value)> {
    let person = |i: usize| org.people.get(i).map(|p| ctx.urls.identity_ref(p));
    let mut f: Vec<(String, Value)> = vec![
        ("System.Id".into(), json!(w.id)),
        ("System.AreaPath".into(), json!(w.area_path)),
        ("System.TeamProject".into(), json!(org.project_name)),
        ("System.IterationPath".into(), json!(org.iteration_path(w))),
        ("System.WorkItemType".into(), json!(w.item_type)),
        ("System.State".into(), json!(w.state)),
        ("System.Reason".into(), json!(w.reason)),
        ("System.CreatedDate".into(), json!(ado_date(w.created))),
        ("System.ChangedDate".into(), json!(ado_date(w.changed))),
        ("System.Rev".into(), json!(w.rev)),
        ("System.CommentCount".into(), json!(w.id % 4)),
        ("System.Title".into(), json!(w.title)),
        (
            "Microsoft.VSTS.Common.StateChangeDate".into(),
            json!(ado_date(w.state_changed)),
        ),
    ];
    if let Some(p) = w.assigned_to.and_then(person) {
        f.push(("System.AssignedTo".into(), p));
    }
    if let Some(p) = person(w.created_by) {
        f.push(("System.CreatedBy".into(), p));
    }
    if let Some(p) = person(w.changed_by) {
        f.push(("System.ChangedBy".into(), p));
    }
    if let Some(v) = w.priority {
        f.push(("Microsoft.VSTS.Common.Priority".into(), json!(v)));
    }
    if let Some(v) = w.remaining_work {
        f.push(("Microsoft.VSTS.Scheduling.RemainingWork".into(), json!(v)));
    }
    if let Some(v) = w.story_points {
        f.push(("Microsoft.VSTS.Scheduling.StoryPoints".into(), json!(v)));
    }
    if let Some(v) = &w.tags {
        f.push(("System.Tags".into(), json!(v)));
    }
    if let Some(v) = &w.description {
        f.push(("System.Description".into(), json!(v)));
    }
    if let Some(v) = w.parent {
        f.push(("System.Parent".into(), json!(v)));
    }
    if w.state != "Removed"
        && let Some(board) = org.board_for_type(&w.item_type)
    {
        f.push(("System.BoardColumn".into(), json!(w.state)));
        f.push(("System.BoardColumnDone".into(), json!(false)));
        f.push((format!("{}_Kanban.Column", board.field), json!(w.state)));
        f.push((format!("{}_Kanban.Column.Done", board.field), json!(false)));
    }
    f
}

pub(crate) fn work_item_json(
    org: &Org,
    ctx: &Ctx<'_>,
    w: &WorkItem,
    wanted: Option<&[String]>,
    relations: bool,
) -> Value {
    let mut fields = Map::new();
    for (name, value) in all_fields(org, ctx, w) {
        let keep = wanted.is_none_or(|list| list.iter().any(|x| x.eq_ignore_ascii_case(&name)));
        if keep {
            fields.insert(name, value);
        }
    }
    let mut item = json!({
        "id": w.id,
        "rev": w.rev,
        "fields": fields,
        "url": item_url(ctx, w.id),
    });
    if relations && let Some(obj) = item.as_object_mut() {
        let mut rels = Vec::new();
        if let Some(parent) = w.parent {
            rels.push(json!({
                "rel": "System.LinkTypes.Hierarchy-Reverse",
                "url": item_url(ctx, parent),
                "attributes": { "isLocked": false, "name": "Parent" }
            }));
        }
        let mut children: Vec<&WorkItem> = org
            .items
            .values()
            .filter(|c| c.parent == Some(w.id))
            .collect();
        children.sort_by_key(|c| Reverse(c.id));
        for c in children {
            rels.push(json!({
                "rel": "System.LinkTypes.Hierarchy-Forward",
                "url": item_url(ctx, c.id),
                "attributes": { "isLocked": false, "name": "Child" }
            }));
        }
        obj.insert("relations".into(), Value::Array(rels));
    }
    item
}
