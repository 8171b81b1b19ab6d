//! The seeded demo organization: loads the embedded JSON seed into plain structs with
//! absolute times (relative to server start) and offers lookups. No HTTP, no JSON output.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration as ChronoDuration, NaiveTime, Utc};
use color_eyre::eyre::{Result, WrapErr as _, eyre};

use super::seed::{
    ORG_JSON, OrgSeed, PIPELINES_JSON, PULLREQUESTS_JSON, PipelinesSeed, PullRequestsSeed,
    WORKITEMS_JSON, WorkItemsSeed,
};
use super::wire::{descriptor, guid_from};

/// First id of the generated "load" items added by `set_extra_items`.
pub(crate) const EXTRA_ID_BASE: u32 = 100_001;
/// At most this many generated items, to keep memory bounded.
pub(crate) const EXTRA_ITEMS_MAX: usize = 1_000_000;

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub id: String,
    pub display_name: String,
    pub unique_name: String,
    pub descriptor: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Iteration {
    pub id: String,
    pub name: String,
    pub path: String,
    pub start: DateTime<Utc>,
    pub finish: DateTime<Utc>,
    pub time_frame: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct Board {
    pub id: String,
    pub name: String,
    pub types: Vec<String>,
    /// `WEF_<32 hex>` prefix of this board's extension fields.
    pub field: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Repo {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub is_disabled: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct WorkItem {
    pub id: u32,
    pub rev: u32,
    pub item_type: String,
    pub title: String,
    pub state: String,
    pub reason: String,
    pub assigned_to: Option<usize>,
    pub created_by: usize,
    pub changed_by: usize,
    pub created: DateTime<Utc>,
    pub changed: DateTime<Utc>,
    pub state_changed: DateTime<Utc>,
    pub area_path: String,
    /// Index into `Org::iterations`; `None` means the project root (backlog).
    pub iteration: Option<usize>,
    pub priority: Option<i64>,
    pub story_points: Option<f64>,
    pub remaining_work: Option<f64>,
    pub tags: Option<String>,
    pub description: Option<String>,
    pub parent: Option<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct Reviewer {
    pub person: usize,
    pub vote: i64,
    pub is_required: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct PullRequest {
    pub id: u32,
    pub repo: usize,
    pub author: usize,
    pub title: String,
    pub description: String,
    pub source_ref: String,
    pub target_ref: String,
    pub is_draft: bool,
    pub status: String,
    pub merge_status: String,
    pub created: DateTime<Utc>,
    pub closed: Option<DateTime<Utc>>,
    pub reviewers: Vec<Reviewer>,
    pub merge_id: String,
    pub source_commit: String,
    pub target_commit: String,
    pub merge_commit: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Definition {
    pub id: u32,
    pub name: String,
    pub path: String,
    pub repo: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Build {
    pub id: u32,
    pub definition: usize,
    pub number: String,
    pub number_revision: u32,
    pub status: String,
    pub result: Option<String>,
    pub queue_time: DateTime<Utc>,
    pub start_time: Option<DateTime<Utc>>,
    pub finish_time: Option<DateTime<Utc>>,
    pub last_changed: DateTime<Utc>,
    pub source_branch: String,
    pub source_version: String,
    pub reason: String,
    pub requested_for: usize,
    pub priority: String,
    pub plan_id: String,
}

/// The whole organization as the server sees it.
#[derive(Debug)]
pub(crate) struct Org {
    pub name: String,
    pub tenant: String,
    pub instance_id: String,
    pub project_id: String,
    pub project_name: String,
    pub project_description: String,
    pub team_id: String,
    pub team_name: String,
    pub me: usize,
    pub people: Vec<Person>,
    pub iterations: Vec<Iteration>,
    pub current_iteration: usize,
    pub boards: Vec<Board>,
    pub repos: Vec<Repo>,
    pub items: BTreeMap<u32, WorkItem>,
    pub prs: Vec<PullRequest>,
    pub definitions: Vec<Definition>,
    pub builds: Vec<Build>,
    pub rng: fastrand::Rng,
    pub step: u64,
}

fn minutes_ago(start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    start - ChronoDuration::minutes(minutes)
}

fn sha(rng: &mut fastrand::Rng) -> String {
    (0..40)
        .map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)]))
        .collect()
}

impl Org {
    /// Loads the embedded seed; all relative times are resolved against `start`.
    pub fn load(start: DateTime<Utc>, seed: u64) -> Result<Self> {
        let org: OrgSeed = serde_json::from_str(ORG_JSON).wrap_err("org.json")?;
        let items: WorkItemsSeed =
            serde_json::from_str(WORKITEMS_JSON).wrap_err("workitems.json")?;
        let prs: PullRequestsSeed =
            serde_json::from_str(PULLREQUESTS_JSON).wrap_err("pullrequests.json")?;
        let pipes: PipelinesSeed =
            serde_json::from_str(PIPELINES_JSON).wrap_err("pipelines.json")?;
        let mut rng = fastrand::Rng::with_seed(seed);

        let person_index = |key: &str| -> Result<usize> {
            org.people
                .iter()
                .position(|p| p.key == key)
                .ok_or_else(|| eyre!("unknown person {key} in demo seed"))
        };
        let people = org
            .people
            .iter()
            .map(|p| Person {
                id: p.id.clone(),
                display_name: p.display_name.clone(),
                unique_name: p.unique_name.clone(),
                descriptor: descriptor(&p.id),
            })
            .collect();
        let me = person_index(&org.me)?;

        let today = start.date_naive().and_time(NaiveTime::MIN).and_utc();
        let project_name = org.project.name.clone();
        let mut current_iteration = 0;
        let mut iteration_keys = Vec::new();
        let iterations = org
            .iterations
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let start_day = today + ChronoDuration::days(it.start_days);
                let finish = start_day + ChronoDuration::days(it.length_days - 1);
                let time_frame = if it.current {
                    current_iteration = i;
                    "current"
                } else if it.start_days < 0 {
                    "past"
                } else {
                    "future"
                };
                iteration_keys.push(it.key.clone());
                Iteration {
                    id: it.id.clone(),
                    name: it.name.clone(),
                    path: format!("{project_name}\\{}", it.name),
                    start: start_day,
                    finish,
                    time_frame,
                }
            })
            .collect();

        let mut work_items = BTreeMap::new();
        for w in items.work_items {
            let iteration = match &w.iteration {
                Some(k) => Some(
                    iteration_keys
                        .iter()
                        .position(|x| x == k)
                        .ok_or_else(|| eyre!("unknown iteration {k}"))?,
                ),
                None => None,
            };
            let assigned_to = match &w.assigned_to {
                Some(k) => Some(person_index(k)?),
                None => None,
            };
            let created_by = person_index(&w.created_by)?;
            let changed_by = assigned_to.unwrap_or(created_by);
            let changed = minutes_ago(start, w.changed_min_ago);
            work_items.insert(
                w.id,
                WorkItem {
                    id: w.id,
                    rev: w.rev,
                    reason: super::life::initial_reason(&w.item_type, &w.state).to_owned(),
                    item_type: w.item_type,
                    title: w.title,
                    state: w.state,
                    assigned_to,
                    created_by,
                    changed_by,
                    created: minutes_ago(start, w.created_min_ago),
                    changed,
                    state_changed: changed,
                    area_path: org
                        .areas
                        .get(w.area)
                        .cloned()
                        .unwrap_or_else(|| project_name.clone()),
                    iteration,
                    priority: w.priority,
                    story_points: w.story_points,
                    remaining_work: w.remaining_work,
                    tags: w.tags,
                    description: w.description,
                    parent: w.parent,
                },
            );
        }

        let repos: Vec<Repo> = org
            .repositories
            .iter()
            .map(|r| Repo {
                id: r.id.clone(),
                name: r.name.clone(),
                size: r.size,
                is_disabled: r.is_disabled,
            })
            .collect();
        let repo_index = |name: &str| -> Result<usize> {
            repos
                .iter()
                .position(|r| r.name == name)
                .ok_or_else(|| eyre!("unknown repository {name}"))
        };

        let mut pull_requests = Vec::new();
        for p in prs.pull_requests {
            let created = minutes_ago(start, p.created_min_ago);
            let closed = (p.status != "active").then(|| created + ChronoDuration::hours(20));
            let reviewers = p
                .reviewers
                .iter()
                .map(|r| {
                    Ok(Reviewer {
                        person: person_index(&r.reviewer)?,
                        vote: r.vote,
                        is_required: r.is_required,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            pull_requests.push(PullRequest {
                id: p.id,
                repo: repo_index(&p.repository)?,
                author: person_index(&p.author)?,
                title: p.title,
                description: p.description,
                source_ref: p.source_ref_name,
                target_ref: p.target_ref_name,
                is_draft: p.is_draft,
                status: p.status,
                merge_status: p.merge_status,
                created,
                closed,
                reviewers,
                merge_id: guid_from(&mut rng),
                source_commit: sha(&mut rng),
                target_commit: sha(&mut rng),
                merge_commit: sha(&mut rng),
            });
        }

        let definitions = pipes
            .definitions
            .iter()
            .map(|d| {
                Ok(Definition {
                    id: d.id,
                    name: d.name.clone(),
                    path: d.path.clone(),
                    repo: repo_index(&d.repository)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut builds: Vec<Build> = Vec::new();
        for b in pipes.builds {
            let definition = definitions
                .iter()
                .position(|d| d.id == b.definition)
                .ok_or_else(|| eyre!("unknown definition {}", b.definition))?;
            let mut queue_time = minutes_ago(start, b.queued_min_ago)
                - ChronoDuration::milliseconds(rng.i64(0..59_999));
            // Later ids are always queued later, so queue order and id order agree.
            if let Some(prev) = builds.last()
                && queue_time <= prev.queue_time
            {
                queue_time = prev.queue_time + ChronoDuration::milliseconds(1_234);
            }
            let start_time = b
                .start_after_secs
                .map(|s| queue_time + ChronoDuration::seconds(s));
            let finish_time = match (start_time, b.duration_secs) {
                (Some(s), Some(d)) if b.status == "completed" => {
                    Some(s + ChronoDuration::seconds(d))
                }
                _ => None,
            };
            let mut build = Build {
                id: b.id,
                definition,
                number: String::new(),
                number_revision: 0,
                status: b.status,
                result: b.result,
                queue_time,
                start_time,
                finish_time,
                last_changed: finish_time.or(start_time).unwrap_or(queue_time),
                source_branch: b.source_branch,
                source_version: b.source_version,
                reason: b.reason,
                requested_for: person_index(&b.requested_for)?,
                priority: b.priority,
                plan_id: guid_from(&mut rng),
            };
            number_build(&builds, &mut build);
            builds.push(build);
        }

        Ok(Self {
            name: org.organization,
            tenant: org.tenant,
            instance_id: org.instance_id,
            project_id: org.project.id,
            project_name,
            project_description: org.project.description,
            team_id: org.team.id,
            team_name: org.team.name,
            me,
            people,
            iterations,
            current_iteration,
            boards: org
                .boards
                .into_iter()
                .map(|b| Board {
                    id: b.id,
                    name: b.name,
                    types: b.types,
                    field: b.field,
                })
                .collect(),
            repos,
            items: work_items,
            prs: pull_requests,
            definitions,
            builds,
            rng,
            step: 0,
        })
    }

    pub fn iteration_path(&self, item: &WorkItem) -> String {
        item.iteration
            .and_then(|i| self.iterations.get(i))
            .map_or_else(|| self.project_name.clone(), |it| it.path.clone())
    }

    /// The board whose backlog holds this work item type.
    pub fn board_for_type(&self, item_type: &str) -> Option<&Board> {
        self.boards
            .iter()
            .find(|b| b.types.iter().any(|t| t.eq_ignore_ascii_case(item_type)))
    }

    pub fn find_board(&self, id_or_name: &str) -> Option<&Board> {
        self.boards.iter().find(|b| {
            b.id.eq_ignore_ascii_case(id_or_name) || b.name.eq_ignore_ascii_case(id_or_name)
        })
    }

    pub fn find_repo(&self, id_or_name: &str) -> Option<usize> {
        self.repos.iter().position(|r| {
            r.id.eq_ignore_ascii_case(id_or_name) || r.name.eq_ignore_ascii_case(id_or_name)
        })
    }

    pub fn is_project(&self, name_or_id: &str) -> bool {
        self.project_name.eq_ignore_ascii_case(name_or_id)
            || self.project_id.eq_ignore_ascii_case(name_or_id)
    }

    pub fn is_team(&self, name_or_id: &str) -> bool {
        self.team_name.eq_ignore_ascii_case(name_or_id)
            || self.team_id.eq_ignore_ascii_case(name_or_id)
    }

    /// Replaces the generated load items with `n` fresh ones assigned to the demo user.
    pub fn set_extra_items(&mut self, n: usize, now: DateTime<Utc>) {
        self.items.retain(|id, _| *id < EXTRA_ID_BASE);
        let states = ["New", "Active", "Active", "Resolved", "Closed"];
        for i in 0..n.min(EXTRA_ITEMS_MAX) {
            let Ok(offset) = u32::try_from(i) else { break };
            let Some(id) = EXTRA_ID_BASE.checked_add(offset) else {
                break;
            };
            let state = states[i % states.len()];
            let changed = now - ChronoDuration::seconds(i64::from(offset) * 7 + 60);
            self.items.insert(
                id,
                WorkItem {
                    id,
                    rev: 1 + offset % 5,
                    item_type: if i % 3 == 0 { "Bug" } else { "User Story" }.to_owned(),
                    title: format!("Generated load item #{}", i + 1),
                    state: state.to_owned(),
                    reason: super::life::initial_reason("User Story", state).to_owned(),
                    assigned_to: Some(self.me),
                    created_by: self.me,
                    changed_by: self.me,
                    created: changed - ChronoDuration::days(3),
                    changed,
                    state_changed: changed,
                    area_path: self.project_name.clone(),
                    iteration: Some(self.current_iteration),
                    priority: Some(i64::from(offset % 4) + 1),
                    story_points: None,
                    remaining_work: None,
                    tags: (i % 7 == 0).then(|| "generated; load".to_owned()),
                    description: None,
                    parent: None,
                },
            );
        }
    }
}

/// Gives `build` its `yyyyMMdd.N` number: N counts builds of the same definition that day.
pub(crate) fn number_build(existing: &[Build], build: &mut Build) {
    let day = build.queue_time.format("%Y%m%d").to_string();
    let same_day = existing
        .iter()
        .filter(|b| b.definition == build.definition && b.number.starts_with(&day))
        .count();
    build.number_revision = u32::try_from(same_day)
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    build.number = format!("{day}.{}", build.number_revision);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_loads_and_is_deterministic() {
        let now = Utc::now();
        let a = Org::load(now, 7).unwrap();
        let b = Org::load(now, 7).unwrap();
        assert_eq!(a.items.len(), 150);
        assert_eq!(a.iterations[a.current_iteration].name, "Sprint 42");
        assert!(
            a.items
                .values()
                .filter(|w| w.assigned_to == Some(a.me))
                .count()
                >= 20
        );
        assert_eq!(a.builds.len(), 30);
        assert!(
            a.builds
                .windows(2)
                .all(|w| w[0].queue_time <= w[1].queue_time || w[0].id < w[1].id)
        );
        assert_eq!(
            a.prs.iter().map(|p| p.merge_id.clone()).collect::<Vec<_>>(),
            b.prs.iter().map(|p| p.merge_id.clone()).collect::<Vec<_>>()
        );
    }
}
