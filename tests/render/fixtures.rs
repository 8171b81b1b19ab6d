//! A believable board for render tests: a fixed clock, people with non-ASCII names, long
//! titles, emoji, votes of every kind and runs in every status. Built by hand, no IO.

use std::collections::BTreeMap;

use adoboard::domain::{
    BoardColumn, ColumnType, Identity, Iteration, PipelineRun, PullRequest, PullRequestRole,
    Reviewer, RunResult, RunStatus, Sprint, Timestamp, Vote, WorkItem,
};
use adoboard::state::{
    AuthKind, Context, FetchError, FetchErrorKind, PullRequestEntry, State, Tab,
};
use chrono::{TimeDelta, TimeZone, Utc};

/// 2026-12-03T14:05:00Z; every age in the snapshots is measured from here.
pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 12, 3, 14, 5, 0).unwrap()
}

pub fn ago(secs: i64) -> Timestamp {
    now() - TimeDelta::seconds(secs)
}

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

pub fn person(name: &str, id: &str) -> Identity {
    let mail = id.to_owned() + "@fabrikam.example";
    Identity {
        display_name: name.into(),
        unique_name: Some(mail),
        id: Some(id.into()),
    }
}

pub fn zoe() -> Identity {
    person("Zoë Ångström", "zoe")
}
pub fn jose() -> Identity {
    person("José Núñez", "jose")
}
pub fn aiko() -> Identity {
    person("Aiko Tanaka 田中", "aiko")
}
pub fn priya() -> Identity {
    person("Priya Raman", "priya")
}
pub fn marcus() -> Identity {
    person("Marcus O'Brien", "marcus")
}

pub fn context() -> Context {
    Context {
        org: "fabrikam".into(),
        project: "Web Portal".into(),
        team: "Web Portal Team".into(),
        org_url: "https://dev.azure.com/fabrikam".into(),
        auth: AuthKind::AzureCli,
        demo: false,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a table of fixture rows reads best flat"
)]
fn item(
    id: u32,
    kind: &str,
    state: &str,
    title: &str,
    who: Option<Identity>,
    priority: i64,
    changed: i64,
    tags: &[&str],
) -> WorkItem {
    WorkItem {
        id,
        rev: Some(3),
        title: title.into(),
        work_item_type: kind.into(),
        state: state.into(),
        reason: Some(if state == "Active" {
            "Investigating".into()
        } else {
            "New".into()
        }),
        assigned_to: who,
        created_by: Some(jose()),
        changed_by: Some(aiko()),
        created_date: Some(ago(changed + 3 * DAY)),
        changed_date: Some(ago(changed)),
        area_path: Some("Web Portal\\Checkout".into()),
        iteration_path: Some("Web Portal\\Sprint 42".into()),
        priority: Some(priority),
        remaining_work: None,
        story_points: None,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        description_html: None,
        description: None,
        board_column: None,
        web_url: Some(format!(
            "https://dev.azure.com/fabrikam/Web%20Portal/_workitems/edit/{id}"
        )),
    }
}

pub fn my_work_items() -> Vec<WorkItem> {
    let z = || Some(zoe());
    let mut first = item(
        4211,
        "Bug",
        "Active",
        "Checkout page loops back to the sign-in screen after the session cookie expires on Safari",
        z(),
        1,
        4 * MIN,
        &["checkout", "auth"],
    );
    first.description_html = Some(
        "<p>Steps to reproduce:</p><ol><li>Sign in on <b>Safari 17</b></li><li>Wait 20 minutes</li>\
         <li>Click <i>Pay now</i></li></ol><p>Expected: the payment form. Actual: the sign-in page, \
         again and again. 👩‍💻 See <a href=\"https://example.com/trace\">the trace</a>.</p>"
            .into(),
    );
    first.story_points = Some(3.0);
    first.remaining_work = Some(5.5);
    vec![
        first,
        item(
            4187,
            "User Story",
            "Active",
            "Export the sprint board as CSV 🚀",
            z(),
            2,
            3 * HOUR,
            &["export"],
        ),
        item(
            4190,
            "Task",
            "Active",
            "Write migration for the orders table",
            z(),
            2,
            26 * HOUR,
            &[],
        ),
        item(
            4302,
            "Task",
            "New",
            "Release notes for 2.4 — mention the new filters",
            z(),
            3,
            2 * DAY,
            &["docs"],
        ),
        item(
            4305,
            "Feature",
            "New",
            "Saved filters",
            z(),
            2,
            5 * DAY,
            &["filters", "ux"],
        ),
        item(
            4120,
            "Epic",
            "New",
            "Accessibility pass over the whole portal (WCAG 2.2 AA)",
            z(),
            1,
            9 * DAY,
            &["a11y"],
        ),
        item(
            4099,
            "Bug",
            "Resolved",
            "Totals are off by one cent when the cart has 3+ discounted items",
            z(),
            1,
            50 * MIN,
            &[],
        ),
        item(
            3988,
            "User Story",
            "Closed",
            "Show delivery estimates in the basket",
            z(),
            2,
            12 * DAY,
            &["basket"],
        ),
    ]
}

fn column(name: &str, kind: ColumnType, limit: u32, state: &str) -> BoardColumn {
    let mut state_mappings = BTreeMap::new();
    for t in ["Bug", "User Story", "Task"] {
        state_mappings.insert(t.to_owned(), state.to_owned());
    }
    BoardColumn {
        id: Some(name.to_lowercase()),
        name: name.into(),
        column_type: kind,
        item_limit: limit,
        state_mappings,
    }
}

pub fn sprint() -> Sprint {
    let items = vec![
        item(
            4301,
            "User Story",
            "New",
            "Gift cards at checkout",
            Some(priya()),
            2,
            2 * DAY,
            &[],
        ),
        item(
            4302,
            "Task",
            "New",
            "Release notes for 2.4 — mention the new filters",
            Some(zoe()),
            3,
            2 * DAY,
            &[],
        ),
        item(
            4310,
            "Bug",
            "New",
            "Footer links 404 in the Japanese locale",
            None,
            2,
            3 * HOUR,
            &[],
        ),
        item(
            4211,
            "Bug",
            "Active",
            "Checkout page loops back to the sign-in screen after the session cookie expires on Safari",
            Some(zoe()),
            1,
            4 * MIN,
            &[],
        ),
        item(
            4187,
            "User Story",
            "Active",
            "Export the sprint board as CSV 🚀",
            Some(zoe()),
            2,
            3 * HOUR,
            &[],
        ),
        item(
            4190,
            "Task",
            "Active",
            "Write migration for the orders table",
            Some(aiko()),
            2,
            DAY,
            &[],
        ),
        item(
            4200,
            "Task",
            "Active",
            "Load test the basket API",
            Some(jose()),
            2,
            2 * HOUR,
            &[],
        ),
        item(
            4099,
            "Bug",
            "Resolved",
            "Totals are off by one cent when the cart has 3+ discounted items",
            Some(zoe()),
            1,
            50 * MIN,
            &[],
        ),
        item(
            4150,
            "User Story",
            "Resolved",
            "Remember the last used address",
            Some(marcus()),
            2,
            6 * HOUR,
            &[],
        ),
        item(
            4151,
            "Task",
            "Resolved",
            "Address book API",
            Some(marcus()),
            2,
            7 * HOUR,
            &[],
        ),
        item(
            4152,
            "Task",
            "Resolved",
            "Address book UI 👩‍💻",
            Some(aiko()),
            2,
            8 * HOUR,
            &[],
        ),
        item(
            3988,
            "User Story",
            "Closed",
            "Show delivery estimates in the basket",
            Some(zoe()),
            2,
            2 * DAY,
            &[],
        ),
    ];
    Sprint {
        iteration: Some(Iteration {
            id: "it-42".into(),
            name: "Sprint 42".into(),
            path: "Web Portal\\Sprint 42".into(),
            start: Some(Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()),
            finish: Some(Utc.with_ymd_and_hms(2026, 12, 6, 0, 0, 0).unwrap()),
        }),
        columns: vec![
            column("New", ColumnType::Incoming, 0, "New"),
            column("Active", ColumnType::InProgress, 5, "Active"),
            column("Resolved", ColumnType::InProgress, 3, "Resolved"),
            column("Closed", ColumnType::Outgoing, 0, "Closed"),
        ],
        items,
    }
}

fn reviewer(identity: Identity, vote: i64, required: bool) -> Reviewer {
    Reviewer {
        identity,
        vote: Vote::from(vote),
        is_required: required,
        is_container: false,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a table of fixture rows reads best flat"
)]
fn pr(
    id: u32,
    title: &str,
    repo: &str,
    author: Identity,
    reviewers: Vec<Reviewer>,
    draft: bool,
    created: i64,
    role: PullRequestRole,
) -> PullRequestEntry {
    PullRequestEntry {
        pr: PullRequest {
            id,
            title: title.into(),
            repository: repo.into(),
            repository_id: Some(format!("repo-{repo}")),
            author: Some(author),
            reviewers,
            is_draft: draft,
            status: "active".into(),
            created: Some(ago(created)),
            source_branch: Some(format!("refs/heads/feature/{id}")),
            target_branch: Some("refs/heads/main".into()),
            description: Some(
                "Fixes the redirect loop.\n\n- keeps the return URL\n- adds a test 🚀".into(),
            ),
            merge_status: Some("succeeded".into()),
            web_url: Some(format!(
                "https://dev.azure.com/fabrikam/Web%20Portal/_git/{repo}/pullrequest/{id}"
            )),
        },
        role,
    }
}

pub fn pull_requests() -> Vec<PullRequestEntry> {
    use PullRequestRole::{Author, Reviewer as Rev};
    vec![
        pr(
            812,
            "Keep the return URL when the session cookie expires so checkout does not loop",
            "web-portal",
            jose(),
            vec![
                reviewer(zoe(), 0, true),
                reviewer(aiko(), 10, false),
                reviewer(marcus(), 5, false),
            ],
            false,
            2 * HOUR,
            Rev,
        ),
        pr(
            809,
            "Basket: show delivery estimates 🚚",
            "basket-service",
            aiko(),
            vec![
                reviewer(zoe(), -5, false),
                reviewer(priya(), -10, true),
                reviewer(jose(), 0, false),
            ],
            false,
            DAY,
            Rev,
        ),
        pr(
            799,
            "WIP: address book",
            "web-portal",
            marcus(),
            vec![reviewer(zoe(), 10, false)],
            true,
            4 * DAY,
            Rev,
        ),
        pr(
            815,
            "Export the sprint board as CSV",
            "web-portal",
            zoe(),
            vec![
                reviewer(jose(), 10, true),
                reviewer(aiko(), 5, false),
                reviewer(priya(), -5, false),
                reviewer(marcus(), -10, false),
            ],
            false,
            40 * MIN,
            Author,
        ),
        pr(
            816,
            "Spike: saved filters",
            "web-portal",
            zoe(),
            vec![],
            true,
            5 * MIN,
            Author,
        ),
    ]
}

#[expect(
    clippy::too_many_arguments,
    reason = "a table of fixture rows reads best flat"
)]
fn run(
    id: u32,
    definition: &str,
    branch: &str,
    status: RunStatus,
    result: Option<RunResult>,
    who: Identity,
    queued: i64,
    ran: Option<(i64, Option<i64>)>,
) -> PipelineRun {
    PipelineRun {
        id,
        build_number: Some(format!("20261203.{}", id % 100)),
        definition: definition.into(),
        definition_id: Some(7),
        branch: Some(format!("refs/heads/{branch}")),
        status,
        result,
        requested_for: Some(who),
        reason: Some("individualCI".into()),
        queue_time: Some(ago(queued)),
        start_time: ran.map(|(s, _)| ago(s)),
        finish_time: ran.and_then(|(_, f)| f.map(ago)),
        repository: Some("web-portal".into()),
        source_version: Some("9f1c2ab34de56f7890a1b2c3d4e5f60718293a4b".into()),
        web_url: Some(format!(
            "https://dev.azure.com/fabrikam/Web%20Portal/_build/results?buildId={id}"
        )),
    }
}

pub fn runs() -> Vec<PipelineRun> {
    use RunResult as R;
    use RunStatus as S;
    vec![
        run(
            9120,
            "web-portal CI",
            "feature/812",
            S::InProgress,
            None,
            jose(),
            3 * MIN,
            Some((150, None)),
        ),
        run(
            9121,
            "web-portal CI",
            "main",
            S::NotStarted,
            None,
            zoe(),
            MIN,
            None,
        ),
        run(
            9118,
            "web-portal CI",
            "main",
            S::Completed,
            Some(R::Succeeded),
            zoe(),
            40 * MIN,
            Some((39 * MIN, Some(31 * MIN))),
        ),
        run(
            9115,
            "basket-service nightly integration tests",
            "release/2.4",
            S::Completed,
            Some(R::Failed),
            aiko(),
            3 * HOUR,
            Some((3 * HOUR - 30, Some(2 * HOUR))),
        ),
        run(
            9110,
            "web-portal deploy (staging)",
            "main",
            S::Completed,
            Some(R::PartiallySucceeded),
            marcus(),
            5 * HOUR,
            Some((5 * HOUR, Some(5 * HOUR - 245))),
        ),
        run(
            9101,
            "web-portal CI",
            "feature/799",
            S::Completed,
            Some(R::Canceled),
            priya(),
            2 * DAY,
            Some((2 * DAY, Some(2 * DAY - 20))),
        ),
    ]
}

/// Everything loaded a little while ago, a row selected in every list, on `tab`.
pub fn loaded(tab: Tab) -> State {
    let mut s = State::new(context(), now());
    s.me = Some(zoe());
    s.tab = tab;
    s.size = (120, 40);
    s.my_work.succeed(1, my_work_items(), ago(12), None);
    s.sprint.succeed(1, sprint(), ago(12), None);
    s.pulls.succeed(1, pull_requests(), ago(12), None);
    s.pipelines.succeed(1, runs(), ago(12), None);
    s.my_work_list.selected = Some(4187);
    s.pulls_list.selected = Some(809);
    s.pipelines_list.selected = Some(9115);
    s.board.column = 1;
    s.board.selected = Some(4211);
    s
}

/// Nothing loaded yet and every view loading.
pub fn loading(tab: Tab) -> State {
    let mut s = State::new(context(), now());
    s.me = Some(zoe());
    s.tab = tab;
    s.spinner = 3;
    s.my_work.loading = true;
    s.sprint.loading = true;
    s.pulls.loading = true;
    s.pipelines.loading = true;
    s
}

/// Loaded, with nothing in any view.
pub fn empty(tab: Tab) -> State {
    let mut s = State::new(context(), now());
    s.me = Some(zoe());
    s.tab = tab;
    s.my_work.succeed(1, Vec::new(), ago(12), None);
    let no_items = Sprint {
        items: Vec::new(),
        ..sprint()
    };
    s.sprint.succeed(1, no_items, ago(12), None);
    s.pulls.succeed(1, Vec::new(), ago(12), None);
    s.pipelines.succeed(1, Vec::new(), ago(12), None);
    s
}

pub fn network_error() -> FetchError {
    FetchError {
        kind: FetchErrorKind::Network,
        message: "could not reach dev.azure.com: connection timed out after 30 s".into(),
        at: ago(2 * MIN),
    }
}

/// Every view failed before anything loaded.
pub fn failed(tab: Tab) -> State {
    let mut s = State::new(context(), now());
    s.me = Some(zoe());
    s.tab = tab;
    s.my_work.fail(1, network_error());
    s.sprint.fail(1, network_error());
    s.pulls.fail(1, network_error());
    s.pipelines.fail(1, network_error());
    s.last_error = Some(network_error());
    s
}

/// Every view failed its last refresh but keeps the data from before.
pub fn failed_with_data(tab: Tab) -> State {
    let mut s = loaded(tab);
    s.my_work.updated_at = Some(ago(5 * MIN));
    s.sprint.updated_at = Some(ago(5 * MIN));
    s.pulls.updated_at = Some(ago(5 * MIN));
    s.pipelines.updated_at = Some(ago(5 * MIN));
    s.my_work.fail(2, network_error());
    s.sprint.fail(2, network_error());
    s.pulls.fail(2, network_error());
    s.pipelines.fail(2, network_error());
    s.last_error = Some(network_error());
    s
}
