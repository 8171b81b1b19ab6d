//! Deterministic "life" of the demo organization: one `advance` step moves builds along,
//! changes a work item's state, a pull request vote, and now and then adds a PR or build.
//! Randomness comes only from the organization's seeded rng; wall-clock time only stamps dates.

use chrono::{DateTime, Duration as ChronoDuration, Utc};

use super::data::{Build, Org, PullRequest, Reviewer, number_build};
use super::wire::guid_from;

/// The `System.Reason` a work item has when it sits in `state` (Agile process wording).
pub(crate) fn initial_reason(item_type: &str, state: &str) -> &'static str {
    match (item_type, state) {
        ("Bug", "New") => "New defect reported",
        ("Bug", "Active") => "Approved",
        ("Bug", "Resolved") => "Fixed",
        ("Bug", "Closed") => "Verified",
        ("Task", "New") => "New task",
        ("Task", "Active") => "Work started",
        ("Task", "Closed") => "Completed",
        (_, "Active") => "Implementation started",
        (_, "Resolved") => "Code complete and unit tests pass",
        (_, "Closed") => "Acceptance tests pass",
        (_, "Removed") => "Removed from the backlog",
        _ => "New",
    }
}

/// The next state on the happy path, if any. Tasks skip `Resolved`.
pub(crate) fn next_state(item_type: &str, state: &str) -> Option<&'static str> {
    match state {
        "New" => Some("Active"),
        "Active" if item_type == "Task" => Some("Closed"),
        "Active" => Some("Resolved"),
        "Resolved" => Some("Closed"),
        _ => None,
    }
}

const VOTES: [i64; 5] = [10, 5, 0, -5, -10];

const NEW_PR_TITLES: [(&str, &str); 8] = [
    (
        "Speed test: keep last 90 days",
        "Stores results in the new `speed_tests` table.\n\n- [x] migration\n- [ ] backfill",
    ),
    (
        "Coverage map: cache tiles for 10 minutes",
        "Cuts map load time roughly in half on slow links.",
    ),
    (
        "Technician app: retry uploads on flaky networks",
        "Exponential backoff, max 5 attempts.",
    ),
    (
        "Billing: show ¥ without decimals",
        "Yen has no minor unit; `¥1,200` not `¥1,200.00`.",
    ),
    (
        "Chat: hand-off to a human agent",
        "Adds the *Talk to a person* button.\n\n> Behind the `chat-handoff` flag.",
    ),
    (
        "Outage banner: hide after restoration",
        "Fixes the stale banner after an outage is closed.",
    ),
    (
        "Docs: runbook for storm rescheduling ⛈️",
        "Step-by-step guide for the support desk.",
    ),
    (
        "Refactor: extract invoice renderer",
        "No behaviour change. Moves PDF code into `invoice::render`.",
    ),
];

impl Org {
    /// One step of life. Deterministic for a given seed and sequence of calls.
    pub fn advance(&mut self, now: DateTime<Utc>) {
        self.step += 1;
        self.advance_builds(now);
        self.advance_work_item(now);
        self.advance_vote();
        if self.step.is_multiple_of(4) {
            self.open_pull_request(now);
        }
        if self.step.is_multiple_of(5) {
            self.complete_pull_request(now);
        }
    }

    fn advance_builds(&mut self, now: DateTime<Utc>) {
        // The oldest running build finishes.
        if let Some(b) = self.builds.iter_mut().find(|b| b.status == "inProgress") {
            let roll = self.rng.u8(0..20);
            let result = match roll {
                0..=12 => "succeeded",
                13..=17 => "failed",
                _ => "partiallySucceeded",
            };
            "completed".clone_into(&mut b.status);
            b.result = Some(result.to_owned());
            b.finish_time = Some(now);
            b.last_changed = now;
        }
        // The oldest queued build starts.
        if let Some(b) = self.builds.iter_mut().find(|b| b.status == "notStarted") {
            "inProgress".clone_into(&mut b.status);
            b.start_time = Some(now);
            b.last_changed = now;
        }
        // Every other step someone queues a build.
        if !self.step.is_multiple_of(2) || !self.builds.iter().any(|b| b.status == "notStarted") {
            self.queue_build(now);
        }
    }

    fn queue_build(&mut self, now: DateTime<Utc>) {
        if self.definitions.is_empty() || self.people.is_empty() {
            return;
        }
        let definition = self.rng.usize(..self.definitions.len());
        let requested_for = self.rng.usize(..self.people.len());
        let id = self
            .builds
            .iter()
            .map(|b| b.id)
            .max()
            .unwrap_or(5300)
            .saturating_add(1);
        let reason = ["individualCI", "batchedCI", "manual", "pullRequest"][self.rng.usize(..4)];
        let source_branch = if reason == "pullRequest" {
            let pr = self.prs.first().map_or(2101, |p| p.id);
            format!("refs/pull/{pr}/merge")
        } else {
            "refs/heads/main".to_owned()
        };
        let source_version: String = (0..40)
            .map(|_| char::from(b"0123456789abcdef"[self.rng.usize(..16)]))
            .collect();
        let mut build = Build {
            id,
            definition,
            number: String::new(),
            number_revision: 0,
            status: "notStarted".to_owned(),
            result: None,
            queue_time: now,
            start_time: None,
            finish_time: None,
            last_changed: now,
            source_branch,
            source_version,
            reason: reason.to_owned(),
            requested_for,
            priority: "normal".to_owned(),
            plan_id: guid_from(&mut self.rng),
        };
        number_build(&self.builds, &mut build);
        self.builds.push(build);
    }

    fn advance_work_item(&mut self, now: DateTime<Utc>) {
        let current = self.current_iteration;
        let movable: Vec<u32> = self
            .items
            .values()
            .filter(|w| {
                w.iteration == Some(current) && next_state(&w.item_type, &w.state).is_some()
            })
            .map(|w| w.id)
            .collect();
        if movable.is_empty() {
            return;
        }
        let id = movable[self.rng.usize(..movable.len())];
        let changer = self.rng.usize(..self.people.len().max(1));
        if let Some(w) = self.items.get_mut(&id)
            && let Some(next) = next_state(&w.item_type, &w.state)
        {
            w.state = next.to_owned();
            w.reason = initial_reason(&w.item_type, next).to_owned();
            w.rev = w.rev.saturating_add(1);
            w.changed = now;
            w.state_changed = now;
            w.changed_by = w.assigned_to.unwrap_or(changer);
            if next == "Closed" {
                w.remaining_work = w.remaining_work.map(|_| 0.0);
            }
        }
    }

    fn advance_vote(&mut self) {
        let candidates: Vec<usize> = self
            .prs
            .iter()
            .enumerate()
            .filter(|(_, p)| p.status == "active" && !p.reviewers.is_empty())
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return;
        }
        let pr = candidates[self.rng.usize(..candidates.len())];
        let reviewer = self.rng.usize(..self.prs[pr].reviewers.len());
        let old = self.prs[pr].reviewers[reviewer].vote;
        let choices: Vec<i64> = VOTES.iter().copied().filter(|v| *v != old).collect();
        let vote = choices[self.rng.usize(..choices.len())];
        self.prs[pr].reviewers[reviewer].vote = vote;
    }

    fn open_pull_request(&mut self, now: DateTime<Utc>) {
        let repos: Vec<usize> = (0..self.repos.len())
            .filter(|i| !self.repos[*i].is_disabled)
            .collect();
        if repos.is_empty() || self.people.len() < 2 {
            return;
        }
        let repo = repos[self.rng.usize(..repos.len())];
        let author = self.rng.usize(..self.people.len());
        let (title, description) = NEW_PR_TITLES[self.rng.usize(..NEW_PR_TITLES.len())];
        let id = self
            .prs
            .iter()
            .map(|p| p.id)
            .max()
            .unwrap_or(2100)
            .saturating_add(1);
        let mut reviewers = Vec::new();
        // The demo user is asked to review every other new PR.
        if author != self.me && self.step % 8 == 4 {
            reviewers.push(Reviewer {
                person: self.me,
                vote: 0,
                is_required: true,
            });
        }
        let other = (author + 1 + self.rng.usize(..self.people.len() - 1)) % self.people.len();
        if other != author && !reviewers.iter().any(|r| r.person == other) {
            reviewers.push(Reviewer {
                person: other,
                vote: 0,
                is_required: false,
            });
        }
        let slug: String = title
            .chars()
            .filter(char::is_ascii)
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(32)
            .collect();
        let sha = |rng: &mut fastrand::Rng| -> String {
            (0..40)
                .map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)]))
                .collect()
        };
        let pr = PullRequest {
            id,
            repo,
            author,
            title: title.to_owned(),
            description: description.to_owned(),
            source_ref: format!("refs/heads/feature/{}-{id}", slug.trim_matches('-')),
            target_ref: "refs/heads/main".to_owned(),
            is_draft: self.rng.u8(0..5) == 0,
            status: "active".to_owned(),
            merge_status: "succeeded".to_owned(),
            created: now,
            closed: None,
            reviewers,
            merge_id: guid_from(&mut self.rng),
            source_commit: sha(&mut self.rng),
            target_commit: sha(&mut self.rng),
            merge_commit: sha(&mut self.rng),
        };
        self.prs.push(pr);
    }

    /// Completes the oldest active, non-draft PR that has an approval and no rejection.
    fn complete_pull_request(&mut self, now: DateTime<Utc>) {
        let found = self.prs.iter_mut().find(|p| {
            p.status == "active"
                && !p.is_draft
                && p.reviewers.iter().any(|r| r.vote >= 5)
                && p.reviewers.iter().all(|r| r.vote > -10)
        });
        if let Some(p) = found {
            "completed".clone_into(&mut p.status);
            p.closed = Some(now + ChronoDuration::milliseconds(1));
        }
    }
}
