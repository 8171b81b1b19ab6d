//! Errors for unknown names, the organization's life and very large result sets.

use super::*;

#[tokio::test]
async fn unknown_project_and_org_answer_tf200016() {
    let demo = Demo::start().await;
    let resp = demo.get("fabrikam/Nope%20Project/_apis/build/builds").await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(
        err,
        json!({
            "$id": "1",
            "innerException": null,
            "message": "TF200016: The following project does not exist: Nope Project. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.",
            "typeName": "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
            "typeKey": "ProjectDoesNotExistWithNameException",
            "errorCode": 0,
            "eventId": 3000
        })
    );
    let other_org = demo
        .get("contoso/Fabrikam%20Fiber/_apis/build/builds")
        .await;
    assert_eq!(other_org.status(), StatusCode::NOT_FOUND);
    let case = demo
        .get("FABRIKAM/fabrikam%20fiber/_apis/Build/Builds?$top=1")
        .await;
    assert_eq!(case.status(), StatusCode::OK);
}

/// The `ChangedDate` of the most recently changed item in the current sprint.
async fn top_changed(demo: &Demo, query: &str) -> String {
    let top: Value = demo.wiql(query, Some(1)).await.json().await.unwrap();
    let id = top["workItems"][0]["id"].as_u64().unwrap();
    let item: Value = demo
        .batch(&json!({ "ids": [id], "fields": ["System.ChangedDate"] }))
        .await
        .json()
        .await
        .unwrap();
    item["value"][0]["fields"]["System.ChangedDate"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn advance_moves_builds_and_work_items() {
    let demo = Demo::start().await;
    let control = demo.server.control();
    let builds_path = project_path("build/builds");
    let snapshot = |v: &Value| -> Vec<(u64, String)> {
        v["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["id"].as_u64().unwrap(),
                    b["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let query = "SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = @CurrentIteration ORDER BY [System.ChangedDate] DESC";
    let before_builds = snapshot(&demo.get_json(&builds_path).await);
    let before_changed = top_changed(&demo, query).await;
    control.advance();
    let after_builds = snapshot(&demo.get_json(&builds_path).await);
    let after_changed = top_changed(&demo, query).await;
    assert_ne!(before_builds, after_builds);
    assert!(
        after_changed > before_changed,
        "{after_changed} <= {before_changed}"
    );

    for _ in 0..8 {
        control.advance();
    }
    let prs = demo
        .get_json(&project_path("git/pullrequests?searchCriteria.status=all"))
        .await;
    assert!(prs["count"].as_u64().unwrap() > 14, "new PRs appear");
}

#[tokio::test]
async fn life_is_deterministic_for_a_seed() {
    async fn statuses(seed: u64) -> Vec<(u64, String, Option<String>)> {
        let demo = Demo::with(DemoOptions {
            tick: None,
            seed,
            ..DemoOptions::default()
        })
        .await;
        for _ in 0..6 {
            demo.server.control().advance();
        }
        let body = demo.get_json(&project_path("build/builds")).await;
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["id"].as_u64().unwrap(),
                    b["status"].as_str().unwrap().to_owned(),
                    b["result"].as_str().map(str::to_owned),
                )
            })
            .collect()
    }
    assert_eq!(statuses(5).await, statuses(5).await);
}

#[tokio::test]
async fn extra_items_trip_the_wiql_size_limit() {
    let demo = Demo::start().await;
    demo.server.control().set_extra_items(25_001);
    let resp = demo.wiql(MY_OPEN_WORK, None).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let err: Value = resp.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("VS402337"));
    let top: Value = demo
        .wiql(MY_OPEN_WORK, Some(50))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(top["workItems"].as_array().unwrap().len(), 50);
    demo.server.control().set_extra_items(0);
    assert_eq!(demo.wiql(MY_OPEN_WORK, None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn ticks_and_timed_revocation_run_on_their_own() {
    let demo = Demo::bare(DemoOptions {
        tick: Some(Duration::from_millis(5)),
        revoke_after: Some(Duration::ZERO),
        ..DemoOptions::default()
    })
    .await;
    let control = demo.server.control();
    // Wait for the background tasks by yielding, never by sleeping a guessed time.
    while control.steps() < 2 || control.session_epoch() == 0 {
        tokio::task::yield_now().await;
    }
    // The seed refresh token predates the revocation, so it no longer works.
    let (status, err) = demo.refresh(&control.seed_refresh_token(), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error_codes"], json!([50173]));
}
