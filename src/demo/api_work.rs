//! Work (agile) routes of the demo: team iterations, iteration work items, boards.
//! Reads the organization; never changes it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::api::Ctx;
use super::api_wit::item_url;
use super::data::{Board, Iteration, Org, WorkItem};
use super::wire::{Reply, midnight, param};

/// Board columns in order, with the state each maps to and its column type.
const COLUMNS: [(&str, &str); 4] = [
    ("New", "incoming"),
    ("Active", "inProgress"),
    ("Resolved", "inProgress"),
    ("Closed", "outgoing"),
];

fn team_url(org: &Org, ctx: &Ctx<'_>) -> String {
    format!("{}/{}/{}", ctx.urls.org_url(), org.project_id, org.team_id)
}

fn iteration_url(org: &Org, ctx: &Ctx<'_>, it: &Iteration) -> String {
    format!(
        "{}/_apis/work/teamsettings/iterations/{}",
        team_url(org, ctx),
        it.id
    )
}

fn iteration_json(org: &Org, ctx: &Ctx<'_>, it: &Iteration) -> Value {
    json!({
        "id": it.id,
        "name": it.name,
        "path": it.path,
        "attributes": {
            "startDate": midnight(it.start),
            "finishDate": midnight(it.finish),
            "timeFrame": it.time_frame
        },
        "url": iteration_url(org, ctx, it)
    })
}

fn not_found(what: &str, id: &str) -> Reply {
    Reply::ado_error(
        404,
        &format!("The {what} '{id}' does not exist or you do not have permission to view it."),
        "Microsoft.TeamFoundation.Work.WebApi.Exceptions.NotFoundException, Microsoft.TeamFoundation.Work.WebApi",
        "NotFoundException",
    )
}

pub(crate) fn iterations(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let timeframe = param(ctx.query, "$timeframe");
    let value: Vec<Value> = org
        .iterations
        .iter()
        .filter(|it| timeframe.is_none_or(|t| t.eq_ignore_ascii_case(it.time_frame)))
        .map(|it| iteration_json(org, ctx, it))
        .collect();
    Reply::json(200, &json!({ "count": value.len(), "value": value }))
}

fn find_iteration<'a>(org: &'a Org, id: &str) -> Option<(usize, &'a Iteration)> {
    org.iterations
        .iter()
        .enumerate()
        .find(|(_, it)| it.id.eq_ignore_ascii_case(id) || it.name.eq_ignore_ascii_case(id))
}

pub(crate) fn iteration(org: &Org, ctx: &Ctx<'_>, id: &str) -> Reply {
    match find_iteration(org, id) {
        Some((_, it)) => Reply::json(200, &iteration_json(org, ctx, it)),
        None => not_found("iteration", id),
    }
}

pub(crate) fn iteration_workitems(org: &Org, ctx: &Ctx<'_>, id: &str) -> Reply {
    let Some((index, it)) = find_iteration(org, id) else {
        return not_found("iteration", id);
    };
    let in_iteration: Vec<&WorkItem> = org
        .items
        .values()
        .filter(|w| w.iteration == Some(index))
        .collect();
    let reference = |id: u32| json!({ "id": id, "url": item_url(ctx, id) });
    let mut rows = Vec::with_capacity(in_iteration.len());
    let ids: HashSet<u32> = in_iteration.iter().map(|w| w.id).collect();
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for w in &in_iteration {
        if let Some(p) = w.parent.filter(|p| ids.contains(p)) {
            children.entry(p).or_default().push(w.id);
        }
    }
    // Parents first, then their children, as the backlog shows them.
    for w in in_iteration
        .iter()
        .filter(|w| w.parent.is_none_or(|p| !ids.contains(&p)))
    {
        rows.push(json!({ "rel": null, "source": null, "target": reference(w.id) }));
        for child in children.get(&w.id).map_or(&[][..], Vec::as_slice) {
            rows.push(json!({
                "rel": "System.LinkTypes.Hierarchy-Forward",
                "source": reference(w.id),
                "target": reference(*child)
            }));
        }
    }
    let url = format!("{}/workitems", iteration_url(org, ctx, it));
    Reply::json(
        200,
        &json!({
            "workItemRelations": rows,
            "url": url,
            "_links": {
                "self": { "href": url },
                "iteration": { "href": iteration_url(org, ctx, it) }
            }
        }),
    )
}

fn board_url(org: &Org, ctx: &Ctx<'_>, b: &Board) -> String {
    format!("{}/_apis/work/boards/{}", team_url(org, ctx), b.id)
}

pub(crate) fn boards(org: &Org, ctx: &Ctx<'_>) -> Reply {
    let value: Vec<Value> = org
        .boards
        .iter()
        .map(|b| json!({ "id": b.id, "url": board_url(org, ctx, b), "name": b.name }))
        .collect();
    Reply::json(200, &json!({ "count": value.len(), "value": value }))
}

/// A stable GUID for the n-th column or lane of a board.
fn derived_id(board: &Board, n: usize) -> String {
    let prefix = board
        .id
        .get(..34)
        .unwrap_or("00000000-0000-0000-0000-0000000000");
    format!("{prefix}{:02x}", (n + 1) % 256)
}

fn maps(board: &Board, state: &str) -> Map<String, Value> {
    board
        .types
        .iter()
        .filter(|t| !(t.as_str() == "Task" && state == "Resolved"))
        .map(|t| (t.clone(), json!(state)))
        .collect()
}

pub(crate) fn board(org: &Org, ctx: &Ctx<'_>, id: &str) -> Reply {
    let Some(b) = org.find_board(id) else {
        return not_found("board", id);
    };
    let columns: Vec<Value> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, (state, column_type))| {
            let mut col = json!({
                "id": derived_id(b, i),
                "name": state,
                "itemLimit": if *column_type == "inProgress" { 5 } else { 0 },
                "stateMappings": maps(b, state),
                "columnType": column_type
            });
            if *column_type == "inProgress"
                && let Some(obj) = col.as_object_mut()
            {
                obj.insert("isSplit".into(), json!(false));
                obj.insert("description".into(), json!(""));
            }
            col
        })
        .collect();
    let allowed = |states: &[&str]| -> Map<String, Value> {
        b.types
            .iter()
            .map(|t| {
                let list: Vec<&str> = states
                    .iter()
                    .copied()
                    .filter(|s| !(t.as_str() == "Task" && *s == "Resolved"))
                    .collect();
                (t.clone(), json!(list))
            })
            .collect()
    };
    let field = |suffix: &str| {
        let name = format!("{}_{suffix}", b.field);
        json!({ "referenceName": name, "url": format!("{}/_apis/wit/fields/{name}", ctx.urls.org_url()) })
    };
    let url = board_url(org, ctx, b);
    let project_url = format!("{}/_apis/projects/{}", ctx.urls.org_url(), org.project_id);
    Reply::json(
        200,
        &json!({
            "id": b.id,
            "url": url,
            "name": b.name,
            "revision": 0,
            "columns": columns,
            "rows": [
                { "id": "00000000-0000-0000-0000-000000000000", "name": null },
                { "id": derived_id(b, 10), "name": "Expedite" }
            ],
            "isValid": true,
            "allowedMappings": {
                "Incoming": allowed(&["New"]),
                "InProgress": allowed(&["Active", "Resolved"]),
                "Outgoing": allowed(&["Closed"])
            },
            "canEdit": true,
            "fields": {
                "columnField": field("Kanban.Column"),
                "rowField": field("Kanban.Lane"),
                "doneField": field("Kanban.Column.Done")
            },
            "_links": {
                "self": { "href": url },
                "project": { "href": project_url },
                "team": { "href": format!("{project_url}/teams/{}", org.team_id) },
                "charts": { "href": format!("{url}/charts") },
                "columns": { "href": format!("{url}/columns") },
                "rows": { "href": format!("{url}/rows") }
            }
        }),
    )
}
