//! Unit tests for the wire-to-domain conversions.

use serde_json::json;

use super::*;
use crate::azdo::model;

fn wi(fields: &Value) -> model::WorkItem {
    serde_json::from_value(json!({"id": 42, "rev": 3, "fields": fields})).unwrap()
}

#[test]
fn encode_segments() {
    assert_eq!(encode_path_segment("Fabrikam Fiber"), "Fabrikam%20Fiber");
    assert_eq!(encode_path_segment("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
    assert_eq!(encode_path_segment("Zoë"), "Zo%C3%AB");
    assert_eq!(encode_path_segment("A-z_0.9~"), "A-z_0.9~");
    assert_eq!(encode_path_segment(""), "");
}

#[test]
fn tags_split_trimmed_empty_removed() {
    assert_eq!(split_tags("a; b"), vec!["a", "b"]);
    assert_eq!(split_tags(" a ;; b;c ; "), vec!["a", "b", "c"]);
    assert!(split_tags("").is_empty());
    assert!(split_tags(" ; ").is_empty());
    assert_eq!(split_tags("日本; Zoë"), vec!["日本", "Zoë"]);
}

#[test]
fn identity_values() {
    let obj = json!({"displayName": "A", "uniqueName": "a@e.com", "id": "g", "_links": {}});
    let a = identity_value(&obj).unwrap();
    assert_eq!(
        (
            a.display_name.as_str(),
            a.unique_name.as_deref(),
            a.id.as_deref()
        ),
        ("A", Some("a@e.com"), Some("g"))
    );
    let s = identity_value(&json!("Test User C <user.c@example.com>")).unwrap();
    assert_eq!(s.display_name, "Test User C");
    assert_eq!(s.unique_name.as_deref(), Some("user.c@example.com"));
    assert_eq!(identity_value(&json!(null)), None);
    assert_eq!(identity_value(&json!("")), None);
    assert_eq!(identity_value(&json!({})), None);
    assert_eq!(identity_value(&json!(7)), None);
}

#[test]
fn work_item_fields() {
    let w = wi(&json!({
        "System.Title": "Fix it",
        "System.WorkItemType": "Bug",
        "System.State": "Active",
        "System.Reason": "",
        "System.AssignedTo": "Zoë Ångström <zoe@example.com>",
        "System.CreatedBy": {"displayName": "B", "id": "b"},
        "System.CreatedDate": "2014-12-29T20:49:20.77Z",
        "System.ChangedDate": "not a date",
        "System.AreaPath": "P\\Web",
        "Microsoft.VSTS.Common.Priority": "2",
        "Microsoft.VSTS.Scheduling.RemainingWork": 1.5,
        "Microsoft.VSTS.Scheduling.Effort": "8",
        "System.Tags": "x; y",
        "System.Description": "<b>hi</b>",
        "WEF_1_Kanban.Column": "Doing"
    }));
    let d = work_item(
        &w,
        Some("WEF_1_Kanban.Column"),
        "https://dev.azure.com/org/",
        "My Project",
    );
    assert_eq!(d.id, 42);
    assert_eq!(d.rev, Some(3));
    assert_eq!(d.title, "Fix it");
    assert_eq!(d.work_item_type, "Bug");
    assert_eq!(d.state, "Active");
    assert_eq!(d.reason, None);
    assert_eq!(d.assigned_to.unwrap().display_name, "Zoë Ångström");
    assert_eq!(d.created_by.unwrap().id.as_deref(), Some("b"));
    assert_eq!(d.changed_by, None);
    assert!(d.created_date.is_some());
    assert_eq!(d.changed_date, None);
    assert_eq!(d.area_path.as_deref(), Some("P\\Web"));
    assert_eq!(d.iteration_path, None);
    assert_eq!(d.priority, Some(2));
    assert_eq!(d.remaining_work, Some(1.5));
    assert_eq!(d.story_points, Some(8.0));
    assert_eq!(d.tags, vec!["x", "y"]);
    assert_eq!(d.description_html.as_deref(), Some("<b>hi</b>"));
    assert_eq!(d.board_column.as_deref(), Some("Doing"));
    assert_eq!(
        d.web_url.as_deref(),
        Some("https://dev.azure.com/org/My%20Project/_workitems/edit/42")
    );
}

#[test]
fn work_item_missing_everything() {
    let w = model::WorkItem {
        id: 7,
        ..model::WorkItem::default()
    };
    let d = work_item(
        &w,
        Some("WEF_1_Kanban.Column"),
        "https://dev.azure.com/org",
        "",
    );
    assert_eq!((d.title.as_str(), d.state.as_str()), ("", ""));
    assert!(d.tags.is_empty());
    assert_eq!(d.board_column, None);
    assert_eq!(d.web_url, None);
    assert_eq!(d.rev, None);
}

#[test]
fn work_item_story_points_priority_and_project_fallback() {
    let w = wi(&json!({
        "Microsoft.VSTS.Scheduling.StoryPoints": 3,
        "Microsoft.VSTS.Scheduling.Effort": 8,
        "Microsoft.VSTS.Common.Priority": 1.0,
        "System.TeamProject": "Fabrikam Fiber",
        "System.AssignedTo": {"displayName": "", "uniqueName": "u@e.com"}
    }));
    let d = work_item(&w, None, "https://x", "");
    assert_eq!(d.story_points, Some(3.0));
    assert_eq!(d.priority, Some(1));
    assert_eq!(d.assigned_to.unwrap().display_name, "u@e.com");
    assert_eq!(
        d.web_url.as_deref(),
        Some("https://x/Fabrikam%20Fiber/_workitems/edit/42")
    );
    let bad = wi(&json!({"Microsoft.VSTS.Common.Priority": "high"}));
    assert_eq!(work_item(&bad, None, "", "p").priority, None);
}

#[test]
fn branch_names() {
    assert_eq!(branch_name("refs/heads/main"), "main");
    assert_eq!(branch_name("refs/heads/user/x"), "user/x");
    assert_eq!(branch_name("refs/pull/1/merge"), "refs/pull/1/merge");
}

#[test]
fn statuses_and_results() {
    assert_eq!(run_status(Some("inProgress")), RunStatus::InProgress);
    assert_eq!(run_status(Some("NOTSTARTED")), RunStatus::NotStarted);
    assert_eq!(run_status(Some("completed")), RunStatus::Completed);
    assert_eq!(run_status(Some("canceling")), RunStatus::Cancelling);
    assert_eq!(run_status(Some("cancelling")), RunStatus::Cancelling);
    assert_eq!(run_status(Some("postponed")), RunStatus::Postponed);
    assert_eq!(run_status(Some("abandoned")), RunStatus::Other);
    assert_eq!(run_status(None), RunStatus::Other);
    assert_eq!(run_result(Some("Succeeded")), Some(RunResult::Succeeded));
    assert_eq!(
        run_result(Some("partiallySucceeded")),
        Some(RunResult::PartiallySucceeded)
    );
    assert_eq!(run_result(Some("failed")), Some(RunResult::Failed));
    assert_eq!(run_result(Some("canceled")), Some(RunResult::Canceled));
    assert_eq!(run_result(Some("skipped")), Some(RunResult::Other));
    assert_eq!(run_result(Some("none")), None);
    assert_eq!(run_result(Some("")), None);
    assert_eq!(run_result(None), None);
}

#[test]
fn column_types() {
    assert_eq!(column_type(Some("incoming")), ColumnType::Incoming);
    assert_eq!(column_type(Some("Outgoing")), ColumnType::Outgoing);
    assert_eq!(column_type(Some("inProgress")), ColumnType::InProgress);
    assert_eq!(column_type(Some("weird")), ColumnType::InProgress);
    assert_eq!(column_type(None), ColumnType::InProgress);
}

#[test]
fn pull_request_urls_and_votes() {
    let p: model::GitPullRequest = serde_json::from_value(json!({
        "pullRequestId": 9,
        "repository": {"id": "r", "name": "my repo"},
        "sourceRefName": "refs/heads/feature/x",
        "reviewers": [
            {"displayName": "A", "vote": -5, "isRequired": true},
            {"displayName": "G", "vote": 3, "isContainer": true},
            {"displayName": "N"}
        ]
    }))
    .unwrap();
    let d = pull_request(&p, "https://dev.azure.com/o", "Proj X");
    assert_eq!(d.repository, "my repo");
    assert_eq!(d.source_branch.as_deref(), Some("feature/x"));
    assert_eq!(d.target_branch, None);
    assert_eq!(
        d.web_url.as_deref(),
        Some("https://dev.azure.com/o/Proj%20X/_git/my%20repo/pullrequest/9")
    );
    let votes: Vec<Vote> = d.reviewers.iter().map(|r| r.vote).collect();
    assert_eq!(
        votes,
        vec![Vote::WaitingForAuthor, Vote::Other(3), Vote::NoVote]
    );
    assert!(d.reviewers[0].is_required);
    assert!(d.reviewers[1].is_container);
    assert!(!d.is_draft);
    assert_eq!(d.title, "");
}

#[test]
fn iteration_and_me_edge_cases() {
    let it = iteration(&model::TeamIteration {
        name: Some("Sprint 1".into()),
        attributes: Some(model::IterationAttributes {
            start_date: Some("2024-05-01T00:00:00Z".into()),
            finish_date: Some("garbage".into()),
            time_frame: None,
        }),
        ..model::TeamIteration::default()
    });
    assert_eq!(it.path, "Sprint 1");
    assert!(it.start.is_some());
    assert_eq!(it.finish, None);

    assert!(me(&model::ConnectionData::default()).is_none());
    let empty_user = model::ConnectionData {
        authorized_user: Some(model::ConnectionIdentity::default()),
        ..model::ConnectionData::default()
    };
    assert!(me(&empty_user).is_none());
}

#[test]
fn work_item_description_is_converted_once_on_arrival() {
    let w: model::WorkItem = serde_json::from_value(serde_json::json!({
        "id": 7,
        "fields": { "System.Description": "<p>Hello <b>world</b></p><script>x</script>\u{1b}[2J" }
    }))
    .unwrap();
    let item = work_item(&w, None, "https://dev.azure.com/o", "P");
    let text = item.description.unwrap();
    assert!(text.contains("Hello world"), "{text:?}");
    assert!(!text.contains('<') && !text.contains('\u{1b}'), "{text:?}");
    assert!(item.description_html.is_some(), "the original stays");
}
