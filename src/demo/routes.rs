//! Maps a request path onto the demo's routes. Azure DevOps matches path segments
//! case-insensitively and names may contain spaces, so routing is done by hand on
//! decoded segments instead of with a pattern router. No state, no answers.

use super::wire::url_decode;

/// An Azure DevOps API the demo implements (the part of the path after `_apis`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Api {
    ConnectionData,
    Wiql,
    WorkItemsBatch,
    WorkItems,
    Iterations,
    Iteration(String),
    IterationWorkItems(String),
    Boards,
    Board(String),
    Repositories,
    Repository(String),
    RepoPullRequests(String),
    ProjectPullRequests,
    Builds,
    Definitions,
}

impl Api {
    /// The HTTP method the route answers.
    pub fn method(&self) -> &'static str {
        match self {
            Self::Wiql | Self::WorkItemsBatch => "POST",
            _ => "GET",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// `GET /`: a short page about the demo organization.
    Home,
    /// `GET /devicelogin`: the page a person uses to approve a device code.
    DeviceLogin,
    /// `POST /{tenant}/oauth2/v2.0/devicecode`
    DeviceCode { tenant: String },
    /// `POST /{tenant}/oauth2/v2.0/token`
    Token { tenant: String },
    /// `GET /{tenant}/oauth2/authorize` (named in challenges; shows a short page).
    Authorize { tenant: String },
    /// A recognised Azure DevOps API under `{org}[/{project}[/{team}]]/_apis/...`.
    Ado {
        org: String,
        project: Option<String>,
        team: Option<String>,
        api: Api,
    },
    /// Anything else: handled as an Azure DevOps path nobody implements.
    Unknown,
}

impl Route {
    pub fn is_identity(&self) -> bool {
        matches!(
            self,
            Self::Home
                | Self::DeviceLogin
                | Self::DeviceCode { .. }
                | Self::Token { .. }
                | Self::Authorize { .. }
        )
    }
}

/// Splits a raw path into decoded, non-empty segments.
pub(crate) fn segments(raw_path: &str) -> Vec<String> {
    raw_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| url_decode(s, false))
        .collect()
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

pub(crate) fn classify(segs: &[String]) -> Route {
    let parts: Vec<&str> = segs.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [] => return Route::Home,
        [page] if eq(page, "devicelogin") => return Route::DeviceLogin,
        [tenant, oauth, version, endpoint] if eq(oauth, "oauth2") && eq(version, "v2.0") => {
            let tenant = (*tenant).to_owned();
            if eq(endpoint, "devicecode") {
                return Route::DeviceCode { tenant };
            }
            if eq(endpoint, "token") {
                return Route::Token { tenant };
            }
        }
        [tenant, oauth, endpoint] if eq(oauth, "oauth2") && eq(endpoint, "authorize") => {
            return Route::Authorize {
                tenant: (*tenant).to_owned(),
            };
        }
        _ => {}
    }
    let Some(apis) = parts.iter().position(|x| eq(x, "_apis")) else {
        return Route::Unknown;
    };
    let (scope, rest) = parts.split_at(apis);
    let rest = &rest[1..];
    let Some(api) = api(rest) else {
        return Route::Unknown;
    };
    let allowed = match api {
        Api::ConnectionData => 1..=1,
        Api::Wiql => 1..=3,
        Api::WorkItemsBatch | Api::WorkItems => 1..=2,
        Api::Iterations
        | Api::Iteration(_)
        | Api::IterationWorkItems(_)
        | Api::Boards
        | Api::Board(_) => 2..=3,
        Api::Repositories
        | Api::Repository(_)
        | Api::RepoPullRequests(_)
        | Api::ProjectPullRequests
        | Api::Builds
        | Api::Definitions => 2..=2,
    };
    if !allowed.contains(&scope.len()) {
        return Route::Unknown;
    }
    Route::Ado {
        org: scope[0].to_owned(),
        project: scope.get(1).map(|x| (*x).to_owned()),
        team: scope.get(2).map(|x| (*x).to_owned()),
        api,
    }
}

fn api(rest: &[&str]) -> Option<Api> {
    let lower: Vec<String> = rest.iter().map(|x| x.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let arg = |i: usize| rest.get(i).map(|x| (*x).to_owned()).unwrap_or_default();
    Some(match l.as_slice() {
        ["connectiondata"] => Api::ConnectionData,
        ["wit", "wiql"] => Api::Wiql,
        ["wit", "workitemsbatch"] => Api::WorkItemsBatch,
        ["wit", "workitems"] => Api::WorkItems,
        ["work", "teamsettings", "iterations"] => Api::Iterations,
        ["work", "teamsettings", "iterations", _] => Api::Iteration(arg(3)),
        ["work", "teamsettings", "iterations", _, "workitems"] => Api::IterationWorkItems(arg(3)),
        ["work", "boards"] => Api::Boards,
        ["work", "boards", _] => Api::Board(arg(2)),
        ["git", "repositories"] => Api::Repositories,
        ["git", "repositories", _] => Api::Repository(arg(2)),
        ["git", "repositories", _, "pullrequests"] => Api::RepoPullRequests(arg(2)),
        ["git", "pullrequests"] => Api::ProjectPullRequests,
        ["build", "builds"] => Api::Builds,
        ["build", "definitions"] => Api::Definitions,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(p: &str) -> Route {
        classify(&segments(p))
    }

    #[test]
    fn classifies_paths() {
        assert_eq!(
            route("/fabrikam/Fabrikam%20Fiber/Fabrikam%20Fiber%20Team/_apis/wit/wiql"),
            Route::Ado {
                org: "fabrikam".into(),
                project: Some("Fabrikam Fiber".into()),
                team: Some("Fabrikam Fiber Team".into()),
                api: Api::Wiql
            }
        );
        assert!(matches!(
            route("/fabrikam/_apis/ConnectionData"),
            Route::Ado {
                api: Api::ConnectionData,
                ..
            }
        ));
        assert_eq!(route("/fabrikam/p/_apis/ConnectionData"), Route::Unknown);
        assert_eq!(
            route("/t/oauth2/v2.0/token"),
            Route::Token { tenant: "t".into() }
        );
        assert_eq!(route("/"), Route::Home);
        assert_eq!(route("/_apis"), Route::Unknown);
        assert_eq!(route("/%ff%fe/_apis/build/builds"), Route::Unknown);
    }
}
