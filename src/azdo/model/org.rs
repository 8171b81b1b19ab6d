//! Organization level: projects, teams, `connectionData` and the profile.

use serde::{Deserialize, Serialize};

/// A project, as the projects list sends it and as stubs inside other objects.
/// `state` and `visibility` are open sets (`unchanged` and `organization` occur).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamProjectReference {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub state: Option<String>,
    pub revision: Option<i64>,
    pub visibility: Option<String>,
    /// May be the zone-less `0001-01-01T00:00:00`.
    pub last_update_time: Option<String>,
}

/// A team of a project.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebApiTeam {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub identity_url: Option<String>,
    pub project_name: Option<String>,
    pub project_id: Option<String>,
}

/// A `{"$type": ..., "$value": ...}` property.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PropertyValue {
    #[serde(rename = "$type")]
    pub type_name: Option<String>,
    #[serde(rename = "$value")]
    pub value: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IdentityProperties {
    /// The sign-in name.
    #[serde(rename = "Account")]
    pub account: Option<PropertyValue>,
}

/// The identity shape `connectionData` uses.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionIdentity {
    pub id: Option<String>,
    /// E.g. `Microsoft.IdentityModel.Claims.ClaimsIdentity;<tenant>\<email>`.
    pub descriptor: Option<String>,
    pub subject_descriptor: Option<String>,
    pub provider_display_name: Option<String>,
    pub custom_display_name: Option<String>,
    pub is_active: Option<bool>,
    pub properties: Option<IdentityProperties>,
}

impl ConnectionIdentity {
    /// `properties.Account.$value` when it is a string.
    pub fn account(&self) -> Option<&str> {
        self.properties
            .as_ref()?
            .account
            .as_ref()?
            .value
            .as_ref()?
            .as_str()
    }
}

/// `GET _apis/connectionData`: who the token belongs to.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionData {
    pub authenticated_user: Option<ConnectionIdentity>,
    pub authorized_user: Option<ConnectionIdentity>,
    pub instance_id: Option<String>,
    pub deployment_id: Option<String>,
    pub deployment_type: Option<String>,
}

/// `GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me` (flat).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub public_alias: Option<String>,
    pub email_address: Option<String>,
    pub core_revision: Option<i64>,
    pub revision: Option<i64>,
    /// With a `+00:00` offset.
    pub time_stamp: Option<String>,
}
