//! Work item tracking (`_apis/wit`): WIQL, work items, batch requests, JSON Patch,
//! comments and work item types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{IdentityRef, null_as_default};

/// `POST _apis/wit/wiql` request body.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WiqlRequest {
    pub query: String,
}

/// A field as WIQL columns and board settings name it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldReference {
    /// E.g. `System.Title` or `WEF_<hex>_Kanban.Column`.
    pub reference_name: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SortColumn {
    pub field: Option<FieldReference>,
    pub descending: Option<bool>,
}

/// A work item id and its API URL, as WIQL returns them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkItemReference {
    pub id: u32,
    pub url: Option<String>,
}

/// A row of a tree/one-hop query or of iteration work items. Root rows have no
/// `rel`/`source`: the keys are missing or explicitly `null`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkItemLink {
    pub rel: Option<String>,
    pub source: Option<WorkItemReference>,
    pub target: Option<WorkItemReference>,
}

/// Appends each id once, keeping first-seen order.
fn push_unique(ids: &mut Vec<u32>, id: u32) {
    if !ids.contains(&id) {
        ids.push(id);
    }
}

/// Ids of the rows' sources and targets, each once, in order of appearance.
pub(crate) fn link_ids(links: &[WorkItemLink]) -> Vec<u32> {
    let mut ids = Vec::new();
    for link in links {
        for r in [&link.source, &link.target].into_iter().flatten() {
            push_unique(&mut ids, r.id);
        }
    }
    ids
}

/// WIQL result: ids only, never field values. Flat queries fill `work_items`,
/// tree and one-hop queries fill `work_item_relations`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WiqlResult {
    /// `flat`, `tree` or `oneHop`.
    pub query_type: Option<String>,
    /// `workItem` or `workItemLink`; only newer servers send it.
    pub query_result_type: Option<String>,
    pub as_of: Option<String>,
    pub columns: Option<Vec<FieldReference>>,
    pub sort_columns: Option<Vec<SortColumn>>,
    pub work_items: Option<Vec<WorkItemReference>>,
    pub work_item_relations: Option<Vec<WorkItemLink>>,
}

impl WiqlResult {
    /// Every work item id the result names, each once, in result order.
    pub fn ids(&self) -> Vec<u32> {
        let mut ids = Vec::new();
        for r in self.work_items.iter().flatten() {
            push_unique(&mut ids, r.id);
        }
        if let Some(links) = &self.work_item_relations {
            for id in link_ids(links) {
                push_unique(&mut ids, id);
            }
        }
        ids
    }
}

/// A link on a work item (`$expand=relations|all`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relation {
    /// E.g. `System.LinkTypes.Hierarchy-Forward`, `AttachedFile`, `Hyperlink`.
    pub rel: Option<String>,
    pub url: Option<String>,
    pub attributes: Option<Map<String, Value>>,
}

/// A work item. `fields` is keyed by reference name; fields without a value are
/// left out by the service. Also the shape of PATCH (update) responses.
///
/// Batch and list calls with `errorPolicy=omit` may put `null` where an item was
/// not found, so parse those as `ListEnvelope<Option<WorkItem>>`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkItem {
    pub id: u32,
    pub rev: Option<u32>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub fields: Map<String, Value>,
    pub relations: Option<Vec<Relation>>,
    pub url: Option<String>,
    #[serde(rename = "_links")]
    pub links: Option<Value>,
}

/// `POST _apis/wit/workitemsbatch` request body. At most
/// [`WorkItemsBatchRequest::MAX_IDS`] ids per call.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkItemsBatchRequest {
    pub ids: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    /// `None`, `Relations`, `Fields`, `Links` or `All`; not allowed with `fields`.
    #[serde(rename = "$expand", default, skip_serializing_if = "Option::is_none")]
    pub expand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// `Fail` or `Omit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_policy: Option<String>,
}

impl WorkItemsBatchRequest {
    /// The service rejects batches over this many ids (VS403474).
    pub const MAX_IDS: usize = 200;
}

/// One JSON Patch operation of a work item update
/// (`Content-Type: application/json-patch+json`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonPatchOperation {
    /// `add`, `replace`, `remove` or `test`.
    pub op: String,
    /// E.g. `/fields/System.State`, `/relations/-`, `/rev`.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// A page of work item comments; paging is in the body.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentList {
    pub total_count: Option<u64>,
    pub count: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub comments: Vec<Comment>,
    pub next_page: Option<String>,
    pub continuation_token: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub work_item_id: Option<u32>,
    /// Older api-versions name the id `commentId`, newer ones `id`.
    pub comment_id: Option<u64>,
    pub id: Option<u64>,
    pub version: Option<u32>,
    /// HTML.
    pub text: Option<String>,
    pub created_by: Option<IdentityRef>,
    pub created_date: Option<String>,
    pub modified_by: Option<IdentityRef>,
    pub modified_date: Option<String>,
    pub is_deleted: Option<bool>,
    pub url: Option<String>,
}

/// A work item type state: `color` is 6 hex digits without `#`, `category` one of
/// Proposed / `InProgress` / Resolved / Completed / Removed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkItemStateColor {
    pub name: Option<String>,
    pub color: Option<String>,
    pub category: Option<String>,
}

/// A work item type; the large `xmlForm`, `fields` and `transitions` are ignored.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkItemType {
    pub name: Option<String>,
    pub reference_name: Option<String>,
    pub description: Option<String>,
    pub color: Option<String>,
    pub icon: Option<Value>,
    pub is_disabled: Option<bool>,
    /// Absent in older responses; use the states endpoint then.
    pub states: Option<Vec<WorkItemStateColor>>,
    pub url: Option<String>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn batch_request_serializes_camel_case_and_skips_none() {
        let req = WorkItemsBatchRequest {
            ids: vec![1, 2],
            expand: Some("All".into()),
            error_policy: Some("Omit".into()),
            ..WorkItemsBatchRequest::default()
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"ids": [1, 2], "$expand": "All", "errorPolicy": "Omit"})
        );
    }

    #[test]
    fn wiql_ids_dedup_in_order() {
        let r: WiqlResult = serde_json::from_str(
            r#"{"workItemRelations":[
                {"target":{"id":4}},
                {"rel":null,"source":null,"target":{"id":5}},
                {"rel":"x","source":{"id":4},"target":{"id":6}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(r.ids(), vec![4, 5, 6]);
    }

    #[test]
    fn work_item_with_null_fields() {
        let w: WorkItem = serde_json::from_str(r#"{"id":3,"fields":null}"#).unwrap();
        assert!(w.fields.is_empty());
        assert_eq!(w.rev, None);
    }
}
