//! Serde wire types for the Azure DevOps REST responses adoboard reads.
//! Unknown fields are ignored, anything that may be missing or null is optional,
//! and enum-like values and dates stay plain strings (see `azdo::convert`).

pub mod build;
pub mod git;
pub mod org;
pub mod wit;
pub mod work;

pub use build::{
    Build, BuildLinks, BuildRepository, DefinitionReference, Pipeline, PipelineReference,
    PipelineRun, RepositoryResource, RunResources, Timeline, TimelineIssue, TimelineRecord,
};
pub use git::{GitPullRequest, GitRepository, IdentityRefWithVote};
pub use org::{
    ConnectionData, ConnectionIdentity, IdentityProperties, Profile, PropertyValue,
    TeamProjectReference, WebApiTeam,
};
pub use wit::{
    Comment, CommentList, FieldReference, JsonPatchOperation, Relation, SortColumn, WiqlRequest,
    WiqlResult, WorkItem, WorkItemLink, WorkItemReference, WorkItemStateColor, WorkItemType,
    WorkItemsBatchRequest,
};
pub use work::{
    Board, BoardColumn, BoardFields, BoardReference, BoardRow, IterationAttributes,
    IterationWorkItems, TeamIteration, TeamSettings,
};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Deserializes `null` as the type's default, so `#[serde(default)]` collections
/// accept both a missing key and an explicit `null`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Returns `bytes` without a leading UTF-8 byte order mark, which some error
/// responses carry and `serde_json` rejects.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The `{"count": n, "value": [...]}` envelope most list endpoints send.
///
/// Some old examples use `values` instead of `value`; [`ListEnvelope::into_items`]
/// accepts either.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListEnvelope<T> {
    pub count: Option<u64>,
    #[serde(
        default = "Vec::new",
        deserialize_with = "null_as_default",
        bound(deserialize = "T: Deserialize<'de>")
    )]
    pub value: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<T>>,
}

impl<T> Default for ListEnvelope<T> {
    fn default() -> Self {
        ListEnvelope {
            count: None,
            value: Vec::new(),
            values: None,
        }
    }
}

impl<T> ListEnvelope<T> {
    /// The items: `value` when it has any, else `values`, else nothing.
    pub fn into_items(self) -> Vec<T> {
        match self.values {
            Some(values) if self.value.is_empty() => values,
            _ => self.value,
        }
    }
}

/// A `{"href": "..."}` link inside `_links`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub href: Option<String>,
}

/// An identity reference object (`IdentityRef` in the REST spec).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityRef {
    pub display_name: Option<String>,
    /// Usually the sign-in e-mail.
    pub unique_name: Option<String>,
    /// GUID string.
    pub id: Option<String>,
    pub url: Option<String>,
    pub image_url: Option<String>,
    pub descriptor: Option<String>,
    /// True for groups.
    pub is_container: Option<bool>,
    #[serde(rename = "_links")]
    pub links: Option<Value>,
}

/// An identity as work item fields send it: an [`IdentityRef`] object or a
/// `"Display Name <email>"` string.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum IdentityField {
    Ref(IdentityRef),
    Text(String),
}

/// Returns `s` trimmed, or `None` when nothing is left.
fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl From<&IdentityRef> for crate::domain::Identity {
    /// Display name falls back to the unique name; empty strings become `None`.
    fn from(r: &IdentityRef) -> Self {
        let unique_name = r.unique_name.as_deref().and_then(non_empty);
        let display_name = r
            .display_name
            .as_deref()
            .and_then(non_empty)
            .or_else(|| unique_name.clone())
            .unwrap_or_default();
        crate::domain::Identity {
            display_name,
            unique_name,
            id: r.id.as_deref().and_then(non_empty),
        }
    }
}

impl From<&IdentityField> for crate::domain::Identity {
    /// The string form `"Name <email>"` gives the name before `<` and the address
    /// inside `<>`; without brackets the whole string is the name (and also the
    /// unique name when it looks like an e-mail address).
    fn from(f: &IdentityField) -> Self {
        match f {
            IdentityField::Ref(r) => r.into(),
            IdentityField::Text(s) => parse_identity_text(s),
        }
    }
}

/// Parses `"Display Name <email>"` leniently; never fails.
pub(crate) fn parse_identity_text(s: &str) -> crate::domain::Identity {
    let s = s.trim();
    if let Some(open) = s.rfind('<') {
        let inner = &s[open + 1..];
        let inner = inner.strip_suffix('>').unwrap_or(inner);
        let unique_name = non_empty(inner);
        let display_name = non_empty(&s[..open])
            .or_else(|| unique_name.clone())
            .unwrap_or_default();
        return crate::domain::Identity {
            display_name,
            unique_name,
            id: None,
        };
    }
    let looks_like_email = s.contains('@') && !s.contains(char::is_whitespace);
    crate::domain::Identity {
        display_name: s.to_owned(),
        unique_name: looks_like_email.then(|| s.to_owned()),
        id: None,
    }
}

/// The JSON error body Azure DevOps sends with most 4xx/5xx responses.
///
/// Not every failure has one: 401 bodies are empty and unknown routes answer
/// with `text/plain`. Some bodies start with a BOM; see [`strip_bom`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdoErrorBody {
    #[serde(rename = "$id")]
    pub id: Option<String>,
    pub inner_exception: Option<Value>,
    pub message: Option<String>,
    /// .NET type name with assembly.
    pub type_name: Option<String>,
    /// Short exception name, e.g. `ProjectDoesNotExistWithNameException`.
    pub type_key: Option<String>,
    pub error_code: Option<i64>,
    pub event_id: Option<i64>,
}

impl AdoErrorBody {
    /// The `TFnnnn`/`VSnnnn` code the message starts with, if any.
    pub fn code(&self) -> Option<&str> {
        let msg = self.message.as_deref()?.trim_start();
        let rest = msg.strip_prefix("TF").or_else(|| msg.strip_prefix("VS"))?;
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0).then(|| &msg[..2 + digits])
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::Identity;

    fn text(s: &str) -> Identity {
        Identity::from(&IdentityField::Text(s.to_owned()))
    }

    #[test]
    #[allow(clippy::many_single_char_names)]
    fn identity_text_forms() {
        let a = text("Test User A <user.a@example.com>");
        assert_eq!(a.display_name, "Test User A");
        assert_eq!(a.unique_name.as_deref(), Some("user.a@example.com"));
        assert_eq!(a.id, None);

        let b = text("Test User A<user.a@example.com>");
        assert_eq!(b.display_name, "Test User A");
        assert_eq!(b.unique_name.as_deref(), Some("user.a@example.com"));

        let c = text("   Zoë  Ångström   <  zoe@example.com >  ");
        assert_eq!(c.display_name, "Zoë  Ångström");
        assert_eq!(c.unique_name.as_deref(), Some("zoe@example.com"));

        let d = text("Just A Name");
        assert_eq!(d.display_name, "Just A Name");
        assert_eq!(d.unique_name, None);

        let e = text("someone@example.com");
        assert_eq!(e.display_name, "someone@example.com");
        assert_eq!(e.unique_name.as_deref(), Some("someone@example.com"));

        let f = text("<only@example.com>");
        assert_eq!(f.display_name, "only@example.com");

        let g = text("Broken <no-close@example.com");
        assert_eq!(g.display_name, "Broken");
        assert_eq!(g.unique_name.as_deref(), Some("no-close@example.com"));

        let h = text("");
        assert_eq!(h, Identity::default());

        let i = text("Name <DOMAIN\\user>");
        assert_eq!(i.unique_name.as_deref(), Some("DOMAIN\\user"));
    }

    #[test]
    fn identity_field_accepts_object_and_string() {
        let obj: IdentityField =
            serde_json::from_str(r#"{"displayName":"X","uniqueName":"x@e.com","id":"g"}"#).unwrap();
        let id = Identity::from(&obj);
        assert_eq!(id.display_name, "X");
        assert_eq!(id.id.as_deref(), Some("g"));
        let s: IdentityField = serde_json::from_str(r#""Y <y@e.com>""#).unwrap();
        assert_eq!(Identity::from(&s).display_name, "Y");
    }

    #[test]
    fn identity_ref_without_display_name_uses_unique_name() {
        let r = IdentityRef {
            unique_name: Some("u@e.com".into()),
            id: Some(String::new()),
            ..IdentityRef::default()
        };
        let id = Identity::from(&r);
        assert_eq!(id.display_name, "u@e.com");
        assert_eq!(id.id, None);
    }

    #[test]
    fn envelope_value_values_and_null() {
        let a: ListEnvelope<u32> = serde_json::from_str(r#"{"count":2,"value":[1,2]}"#).unwrap();
        assert_eq!(a.into_items(), vec![1, 2]);
        let b: ListEnvelope<u32> = serde_json::from_str(r#"{"values":[3]}"#).unwrap();
        assert_eq!(b.into_items(), vec![3]);
        let c: ListEnvelope<u32> = serde_json::from_str(r#"{"count":0,"value":null}"#).unwrap();
        assert!(c.into_items().is_empty());
        let d: ListEnvelope<Option<u32>> = serde_json::from_str(r#"{"value":[1,null]}"#).unwrap();
        assert_eq!(d.into_items(), vec![Some(1), None]);
    }

    #[test]
    fn error_codes() {
        let body = |m: &str| AdoErrorBody {
            message: Some(m.to_owned()),
            ..AdoErrorBody::default()
        };
        assert_eq!(body("TF200016: nope").code(), Some("TF200016"));
        assert_eq!(body("  VS403474: too many").code(), Some("VS403474"));
        assert_eq!(body("TF: no digits").code(), None);
        assert_eq!(body("Wiki page not found").code(), None);
        assert_eq!(body("tf123 lower").code(), None);
        assert_eq!(AdoErrorBody::default().code(), None);
    }

    #[test]
    fn bom_is_stripped_once() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(strip_bom(b"{}"), b"{}");
        assert_eq!(strip_bom(b""), b"");
    }
}
