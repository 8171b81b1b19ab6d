//! One function per view: the REST calls that build it, with Azure DevOps' limits
//! respected (WIQL ≤ 20,000 results, batches ≤ 200 ids, paging without loops).

use std::collections::HashSet;

use futures_util::{StreamExt, stream};
use serde_json::json;

use super::{Client, Error, convert, model};
use crate::domain::{Identity, Me, PipelineRun, PullRequestRole, Sprint, WorkItem};
use crate::state::PullRequestEntry;

/// The service refuses WIQL results above this.
pub const WIQL_LIMIT: usize = 20_000;
/// The service refuses batches above this.
pub const BATCH_LIMIT: usize = 200;
/// Work-item batches in flight at once.
const BATCH_CONCURRENCY: usize = 4;
/// Repositories queried at once for pull requests.
const REPO_CONCURRENCY: usize = 4;
const PR_PAGE: usize = 100;
/// Stop paging pull requests of one repository after this many pages.
const PR_MAX_PAGES: usize = 20;
const BUILD_PAGE: usize = 50;
/// Pipeline runs shown: the most recent pages only.
const BUILD_MAX_PAGES: usize = 2;

const MY_WORK_WIQL: &str = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project \
AND [System.AssignedTo] = @Me AND [System.State] NOT IN ('Closed', 'Removed', 'Done') \
ORDER BY [System.ChangedDate] DESC";

const FIELDS: &[&str] = &[
    "System.Id",
    "System.Title",
    "System.WorkItemType",
    "System.State",
    "System.Reason",
    "System.AssignedTo",
    "System.CreatedBy",
    "System.ChangedBy",
    "System.CreatedDate",
    "System.ChangedDate",
    "System.AreaPath",
    "System.IterationPath",
    "System.Tags",
    "System.Description",
    "Microsoft.VSTS.Common.Priority",
    "Microsoft.VSTS.Scheduling.RemainingWork",
    "Microsoft.VSTS.Scheduling.StoryPoints",
];

/// Board names that hold stories, in order of preference (process templates differ).
const STORY_BOARDS: &[&str] = &["Stories", "Backlog items", "Requirements", "Issues"];

impl Client {
    fn project(&self) -> &str {
        &self.config().project
    }

    fn team(&self) -> &str {
        &self.config().team
    }

    /// Who am I: the identity the token belongs to.
    pub async fn connection_data(&self) -> Result<Me, Error> {
        let url = self.url(&["_apis", "connectionData"], &[])?;
        let (cd, _) = self.get::<model::ConnectionData>(url).await?;
        convert::me(&cd).ok_or_else(|| Error::Decode("connectionData named no user".into()))
    }

    /// Work items assigned to me that are not closed, with a notice when the
    /// service's 20,000 limit cut the list.
    pub async fn my_work(&self) -> Result<(Vec<WorkItem>, Option<String>), Error> {
        let top = WIQL_LIMIT.to_string();
        let url = self.url(
            &[self.project(), self.team(), "_apis", "wit", "wiql"],
            &[("$top", &top)],
        )?;
        let result: model::WiqlResult = self.post(url, json!({ "query": MY_WORK_WIQL })).await?;
        let ids: Vec<u32> = result
            .work_items
            .unwrap_or_default()
            .iter()
            .map(|r| r.id)
            .collect();
        let notice = (ids.len() >= WIQL_LIMIT).then(|| {
            format!("showing the first {WIQL_LIMIT} items (the service's limit); close or reassign items to see the rest")
        });
        let items = self.work_items(&ids, None).await?;
        Ok((items, notice))
    }

    /// Fetch work items by id in batches of at most 200, a few at a time, keeping
    /// the order of `ids`. Ids the service no longer has are skipped.
    pub async fn work_items(
        &self,
        ids: &[u32],
        column_field: Option<&str>,
    ) -> Result<Vec<WorkItem>, Error> {
        let mut fields: Vec<&str> = FIELDS.to_vec();
        if let Some(f) = column_field {
            fields.push(f);
        }
        let url = self.url(&[self.project(), "_apis", "wit", "workitemsbatch"], &[])?;
        // Futures are built first: a `map` closure in the stream trips the
        // higher-ranked Send check when the whole fetch is spawned.
        let requests: Vec<_> = ids
            .chunks(BATCH_LIMIT)
            .map(|chunk| {
                let body = json!({ "ids": chunk, "fields": fields, "errorPolicy": "omit" });
                self.post::<model::ListEnvelope<Option<model::WorkItem>>>(url.clone(), body)
            })
            .collect();
        let batches: Vec<Result<model::ListEnvelope<Option<model::WorkItem>>, Error>> =
            stream::iter(requests)
                .buffered(BATCH_CONCURRENCY)
                .collect()
                .await;
        let org_url = &self.config().org_url;
        let mut items = Vec::with_capacity(ids.len());
        for batch in batches {
            items.extend(
                batch?
                    .into_items()
                    .iter()
                    .flatten()
                    .map(|w| convert::work_item(w, column_field, org_url, self.project())),
            );
        }
        Ok(items)
    }

    /// The team's current sprint laid out on its story board's columns.
    pub async fn sprint(&self) -> Result<Sprint, Error> {
        let base = [self.project(), self.team(), "_apis", "work"];
        let url = self.url(
            &[&base[..], &["teamsettings", "iterations"]].concat(),
            &[("$timeframe", "current")],
        )?;
        let (iterations, _) = self
            .get::<model::ListEnvelope<model::TeamIteration>>(url)
            .await?;
        let iteration = iterations.into_items().into_iter().next();

        let url = self.url(&[&base[..], &["boards"]].concat(), &[])?;
        let (boards, _) = self
            .get::<model::ListEnvelope<model::BoardReference>>(url)
            .await?;
        let boards = boards.into_items();
        let chosen = STORY_BOARDS
            .iter()
            .find_map(|name| {
                boards.iter().find(|b| {
                    b.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            })
            .or_else(|| {
                boards
                    .iter()
                    .find(|b| !matches!(b.name.as_deref(), Some("Epics" | "Features")))
            })
            .or_else(|| boards.first());
        let (columns, column_field) =
            match chosen.and_then(|b| b.id.clone().or_else(|| b.name.clone())) {
                Some(board_id) => {
                    let url = self.url(&[&base[..], &["boards", &board_id]].concat(), &[])?;
                    let (board, _) = self.get::<model::Board>(url).await?;
                    let field = board
                        .fields
                        .as_ref()
                        .and_then(|f| f.column_field.as_ref())
                        .and_then(|c| c.reference_name.clone());
                    (convert::board_columns(&board), field)
                }
                None => (Vec::new(), None),
            };

        let Some(iteration) = iteration else {
            return Ok(Sprint {
                iteration: None,
                columns,
                items: Vec::new(),
            });
        };
        let url = self.url(
            &[
                &base[..],
                &[
                    "teamsettings",
                    "iterations",
                    &iteration.id.clone().unwrap_or_default(),
                    "workitems",
                ],
            ]
            .concat(),
            &[],
        )?;
        let (relations, _) = self.get::<model::IterationWorkItems>(url).await?;
        let mut seen = HashSet::new();
        let ids: Vec<u32> = relations
            .work_item_relations
            .iter()
            .filter_map(|r| r.target.as_ref().map(|t| t.id))
            .filter(|id| seen.insert(*id))
            .collect();
        let items = self.work_items(&ids, column_field.as_deref()).await?;
        Ok(Sprint {
            iteration: Some(convert::iteration(&iteration)),
            columns,
            items,
        })
    }

    /// Active pull requests I wrote or review, across the project's repositories.
    /// One unavailable repository does not hide the others; it becomes the notice.
    pub async fn pull_requests(
        &self,
        me: &Identity,
    ) -> Result<(Vec<PullRequestEntry>, Option<String>), Error> {
        let url = self.url(&[self.project(), "_apis", "git", "repositories"], &[])?;
        let (repos, _) = self
            .get::<model::ListEnvelope<model::GitRepository>>(url)
            .await?;
        let repos: Vec<model::GitRepository> = repos
            .into_items()
            .into_iter()
            .filter(|r| r.is_disabled != Some(true) && r.id.is_some())
            .collect();
        let requests: Vec<_> = repos
            .iter()
            .map(|repo| {
                self.named_repository_pull_requests(
                    repo.name.clone(),
                    repo.id.clone().unwrap_or_default(),
                )
            })
            .collect();
        let results: Vec<(String, Result<Vec<model::GitPullRequest>, Error>)> =
            stream::iter(requests)
                .buffer_unordered(REPO_CONCURRENCY)
                .collect()
                .await;
        let mut entries = Vec::new();
        let mut failed = Vec::new();
        let mut cut = Vec::new();
        let mut first_error = None;
        let total = results.len();
        for (name, result) in results {
            match result {
                Ok(prs) => {
                    if prs.len() >= PR_PAGE * PR_MAX_PAGES {
                        cut.push(name);
                    }
                    entries.extend(prs.iter().filter_map(|p| {
                        let pr = convert::pull_request(p, &self.config().org_url, self.project());
                        let role = role_of(&pr, me)?;
                        Some(PullRequestEntry { pr, role })
                    }));
                }
                // A challenge or a refused credential concerns every repository.
                Err(
                    e @ (Error::Challenge { .. }
                    | Error::Unauthorized { .. }
                    | Error::Auth(_)
                    | Error::Throttled { .. }),
                ) => {
                    return Err(e);
                }
                Err(e) => {
                    failed.push(name);
                    first_error.get_or_insert(e);
                }
            }
        }
        if total > 0
            && failed.len() == total
            && let Some(e) = first_error
        {
            return Err(e);
        }
        failed.sort();
        cut.sort();
        let mut remarks = Vec::new();
        if !failed.is_empty() {
            remarks.push(format!("unavailable: {}", failed.join(", ")));
        }
        if !cut.is_empty() {
            remarks.push(format!(
                "only the first {} active pull requests of {} were read",
                PR_PAGE * PR_MAX_PAGES,
                cut.join(", ")
            ));
        }
        let notice = (!remarks.is_empty()).then(|| remarks.join("; "));
        Ok((entries, notice))
    }

    async fn named_repository_pull_requests(
        &self,
        name: Option<String>,
        repo_id: String,
    ) -> (String, Result<Vec<model::GitPullRequest>, Error>) {
        let result = self.repository_pull_requests(&repo_id).await;
        (name.unwrap_or_else(|| "repository".into()), result)
    }

    async fn repository_pull_requests(
        &self,
        repo_id: &str,
    ) -> Result<Vec<model::GitPullRequest>, Error> {
        let mut all = Vec::new();
        for page in 0..PR_MAX_PAGES {
            let skip = (page * PR_PAGE).to_string();
            let top = PR_PAGE.to_string();
            let url = self.url(
                &[
                    self.project(),
                    "_apis",
                    "git",
                    "repositories",
                    repo_id,
                    "pullrequests",
                ],
                &[
                    ("searchCriteria.status", "active"),
                    ("$top", &top),
                    ("$skip", &skip),
                ],
            )?;
            let (envelope, _) = self
                .get::<model::ListEnvelope<model::GitPullRequest>>(url)
                .await?;
            let items = envelope.into_items();
            let done = items.len() < PR_PAGE;
            all.extend(items);
            if done {
                break;
            }
        }
        Ok(all)
    }

    /// Recent pipeline runs (builds), newest first, following continuation tokens
    /// for a few pages; a token that repeats stops the paging with a notice.
    pub async fn pipeline_runs(&self) -> Result<(Vec<PipelineRun>, Option<String>), Error> {
        let mut runs = Vec::new();
        let mut token: Option<String> = None;
        let mut seen_tokens = HashSet::new();
        let mut notice = None;
        for _ in 0..BUILD_MAX_PAGES {
            let top = BUILD_PAGE.to_string();
            let mut query = vec![
                ("$top", top.as_str()),
                ("queryOrder", "queueTimeDescending"),
            ];
            if let Some(t) = token.as_deref() {
                query.push(("continuationToken", t));
            }
            let url = self.url(&[self.project(), "_apis", "build", "builds"], &query)?;
            let (envelope, headers) = self.get::<model::ListEnvelope<model::Build>>(url).await?;
            runs.extend(envelope.into_items().iter().map(convert::pipeline_run));
            let next = headers
                .get("x-ms-continuationtoken")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            match next {
                Some(t) if !seen_tokens.insert(t.clone()) => {
                    notice = Some(
                        "the service repeated a continuation token; stopped paging".to_owned(),
                    );
                    break;
                }
                Some(t) => token = Some(t),
                None => break,
            }
        }
        let mut seen = HashSet::new();
        runs.retain(|r| seen.insert(r.id));
        Ok((runs, notice))
    }
}

/// Why a pull request concerns me, if it does.
fn role_of(pr: &crate::domain::PullRequest, me: &Identity) -> Option<PullRequestRole> {
    if pr.author.as_ref().is_some_and(|a| a.same_person(me)) {
        Some(PullRequestRole::Author)
    } else if pr.reviewers.iter().any(|r| r.identity.same_person(me)) {
        Some(PullRequestRole::Reviewer)
    } else {
        None
    }
}
