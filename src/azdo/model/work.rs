//! Work and boards (`_apis/work`): team iterations, team settings and boards.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::null_as_default;
use super::wit::{FieldReference, WorkItemLink, link_ids};

/// `attributes` of a team iteration. Dates may be `null`; when present they are
/// midnight UTC.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IterationAttributes {
    pub start_date: Option<String>,
    pub finish_date: Option<String>,
    /// `past`, `current` or `future`; only newer servers send it.
    pub time_frame: Option<String>,
}

/// A team iteration (`teamsettings/iterations`), also the iteration references
/// inside team settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamIteration {
    /// GUID string.
    pub id: Option<String>,
    pub name: Option<String>,
    /// Backslash-separated; missing in some old examples.
    pub path: Option<String>,
    pub attributes: Option<IterationAttributes>,
    pub url: Option<String>,
}

/// `teamsettings/iterations/{id}/workitems`: links, root rows without source.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IterationWorkItems {
    #[serde(default, deserialize_with = "null_as_default")]
    pub work_item_relations: Vec<WorkItemLink>,
    pub url: Option<String>,
}

impl IterationWorkItems {
    /// Every work item id named, each once, in order of appearance.
    pub fn ids(&self) -> Vec<u32> {
        link_ids(&self.work_item_relations)
    }
}

/// `GET _apis/work/teamsettings`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamSettings {
    pub backlog_iteration: Option<TeamIteration>,
    pub default_iteration: Option<TeamIteration>,
    pub default_iteration_macro: Option<String>,
    pub bugs_behavior: Option<String>,
    pub working_days: Option<Vec<String>>,
    pub backlog_visibilities: Option<BTreeMap<String, bool>>,
    pub url: Option<String>,
}

/// An item of the boards list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardReference {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
}

/// A board column. `item_limit` 0 means no limit; `is_split` and `description`
/// are missing on incoming/outgoing columns.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardColumn {
    pub id: Option<String>,
    pub name: Option<String>,
    pub item_limit: Option<u32>,
    /// Work item type name -> state.
    #[serde(default, deserialize_with = "null_as_default")]
    pub state_mappings: BTreeMap<String, String>,
    /// `incoming`, `inProgress` or `outgoing`.
    pub column_type: Option<String>,
    pub is_split: Option<bool>,
    pub description: Option<String>,
}

/// A swimlane; the default lane has the all-zero id and `name: null`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardRow {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// The per-board extension fields (`WEF_<hex>_Kanban.*`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardFields {
    /// The field holding a work item's column on this board.
    pub column_field: Option<FieldReference>,
    pub done_field: Option<FieldReference>,
    pub row_field: Option<FieldReference>,
}

/// `GET _apis/work/boards/{id}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub revision: Option<i64>,
    pub columns: Option<Vec<BoardColumn>>,
    pub rows: Option<Vec<BoardRow>>,
    pub fields: Option<BoardFields>,
    pub is_valid: Option<bool>,
    pub can_edit: Option<bool>,
    pub allowed_mappings: Option<Value>,
}

impl Board {
    /// Reference name of the board's column field, when the board names one.
    pub fn column_field(&self) -> Option<&str> {
        self.fields
            .as_ref()?
            .column_field
            .as_ref()?
            .reference_name
            .as_deref()
    }
}
