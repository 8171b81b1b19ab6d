//! Work item tracking, location and work (iterations, boards) routes.

use super::*;

#[tokio::test]
async fn connection_data_names_the_demo_user_with_ado_headers() {
    let demo = Demo::start().await;
    let resp = demo
        .get("fabrikam/_apis/connectionData?api-version=7.1")
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let h = resp.headers().clone();
    assert_eq!(
        h["content-type"],
        "application/json; charset=utf-8; api-version=7.1"
    );
    for name in [
        "activityid",
        "x-vss-e2eid",
        "x-tfs-session",
        "x-vss-userdata",
    ] {
        assert!(h.contains_key(name), "missing {name}");
    }
    let body: Value = resp.json().await.unwrap();
    let user = &body["authenticatedUser"];
    assert_eq!(user["providerDisplayName"], "Dana Whitfield");
    assert_eq!(
        user["properties"]["Account"]["$value"],
        "dana.whitfield@fabrikam.example"
    );
    assert_eq!(user["id"], body["authorizedUser"]["id"]);
    assert_eq!(
        demo.server.org_url(),
        format!("{}/fabrikam", demo.server.base_url)
    );
}

#[tokio::test]
async fn wiql_me_finds_the_demo_users_open_items_newest_first() {
    let demo = Demo::start().await;
    let body: Value = demo.wiql(MY_OPEN_WORK, None).await.json().await.unwrap();
    assert_eq!(body["queryType"], "flat");
    assert_eq!(body["queryResultType"], "workItem");
    assert_eq!(body["columns"][1]["referenceName"], "System.Title");
    assert_eq!(body["sortColumns"][0]["descending"], true);
    let ids: Vec<u64> = body["workItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_u64().unwrap())
        .collect();
    assert!(ids.len() >= 10, "only {} items", ids.len());
    let batch: Value = demo
        .batch(&json!({ "ids": ids, "fields": ["System.AssignedTo", "System.State", "System.ChangedDate"] }))
        .await
        .json()
        .await
        .unwrap();
    let items = batch["value"].as_array().unwrap();
    let mut last = String::from("9999");
    for item in items {
        let f = &item["fields"];
        assert_eq!(f["System.AssignedTo"]["displayName"], "Dana Whitfield");
        let state = f["System.State"].as_str().unwrap();
        assert!(state != "Closed" && state != "Removed");
        let changed = f["System.ChangedDate"].as_str().unwrap().to_owned();
        assert!(changed <= last, "not sorted by ChangedDate desc");
        assert_eq!(changed.len(), "2026-01-01T00:00:00.0000000Z".len());
        last = changed;
    }
    let top: Value = demo.wiql(MY_OPEN_WORK, Some(3)).await.json().await.unwrap();
    assert_eq!(top["workItems"].as_array().unwrap().len(), 3);

    let sprint = "SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = 'Fabrikam Fiber\\Sprint 42'";
    let current =
        "SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = @CurrentIteration";
    let a: Value = demo.wiql(sprint, None).await.json().await.unwrap();
    let b: Value = demo.wiql(current, None).await.json().await.unwrap();
    assert_eq!(a["workItems"], b["workItems"]);
    assert!(a["workItems"].as_array().unwrap().len() > 60);
}

#[tokio::test]
async fn batch_honours_fields_error_policy_and_the_200_limit() {
    let demo = Demo::start().await;
    let resp = demo
        .batch(&json!({ "ids": [1001, 1020], "fields": ["System.Id", "system.title"] }))
        .await;
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["count"], 2);
    let fields = body["value"][0]["fields"].as_object().unwrap();
    let keys: HashSet<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(keys, HashSet::from(["System.Id", "System.Title"]));
    assert!(
        body["value"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/_apis/wit/workItems/1001")
    );

    let all: Value = demo
        .batch(&json!({ "ids": [1050] }))
        .await
        .json()
        .await
        .unwrap();
    let f = &all["value"][0]["fields"];
    assert!(f["System.CreatedBy"]["_links"]["avatar"]["href"].is_string());
    assert!(
        f["System.CreatedBy"]["descriptor"]
            .as_str()
            .unwrap()
            .starts_with("aad.")
    );
    assert_eq!(f["System.TeamProject"], "Fabrikam Fiber");

    let ids: Vec<u32> = (1001..1202).collect();
    let resp = demo.batch(&json!({ "ids": ids })).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(
        err["message"],
        "VS403474: You requested 201 work items which exceeds the limit of 200"
    );

    let omit: Value = demo
        .batch(&json!({ "ids": [1001, 999_999], "errorPolicy": "omit" }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(omit["count"], 2);
    assert!(omit["value"][1].is_null());
    let fail = demo
        .batch(&json!({ "ids": [1001, 999_999], "errorPolicy": "fail" }))
        .await;
    assert_eq!(fail.status(), StatusCode::NOT_FOUND);
    let err: Value = fail.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("TF401232"));
}

#[tokio::test]
async fn current_iteration_and_its_work_items() {
    let demo = Demo::start().await;
    let body = demo
        .get_json(&team_path(
            "work/teamsettings/iterations?$timeframe=current&api-version=7.1",
        ))
        .await;
    assert_eq!(body["count"], 1);
    let it = &body["value"][0];
    assert_eq!(it["name"], "Sprint 42");
    assert_eq!(it["path"], "Fabrikam Fiber\\Sprint 42");
    assert_eq!(it["attributes"]["timeFrame"], "current");
    let start = it["attributes"]["startDate"].as_str().unwrap();
    assert!(start.ends_with("T00:00:00Z"), "{start}");
    let all = demo
        .get_json(&team_path("work/teamsettings/iterations"))
        .await;
    assert_eq!(all["count"], 5);

    let id = it["id"].as_str().unwrap();
    let rel = demo
        .get_json(&team_path(&format!(
            "work/teamsettings/iterations/{id}/workitems"
        )))
        .await;
    let rows = rel["workItemRelations"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["rel"].is_null() && r["source"].is_null())
    );
    let child = rows
        .iter()
        .find(|r| r["rel"] == "System.LinkTypes.Hierarchy-Forward")
        .expect("a parent/child row");
    assert!(child["source"]["id"].is_u64());
    assert!(
        rel["_links"]["iteration"]["href"]
            .as_str()
            .unwrap()
            .contains(id)
    );
    let missing = demo
        .get(&team_path("work/teamsettings/iterations/nope/workitems"))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn boards_list_and_board_columns_match_item_states() {
    let demo = Demo::start().await;
    let list = demo.get_json(&team_path("work/boards")).await;
    let names: Vec<&str> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Epics", "Features", "Stories"]);
    let by_name = demo.get_json(&team_path("work/boards/stories")).await;
    let id = by_name["id"].as_str().unwrap();
    let board = demo
        .get_json(&team_path(&format!("work/boards/{id}")))
        .await;
    let columns = board["columns"].as_array().unwrap();
    let col_names: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(col_names, ["New", "Active", "Resolved", "Closed"]);
    assert_eq!(columns[0]["columnType"], "incoming");
    assert!(columns[0].get("isSplit").is_none() && columns[0].get("description").is_none());
    assert_eq!(columns[1]["isSplit"], false);
    assert_eq!(columns[3]["columnType"], "outgoing");
    assert_eq!(columns[1]["stateMappings"]["User Story"], "Active");
    assert_eq!(columns[1]["stateMappings"]["Task"], "Active");
    assert_eq!(
        board["rows"][0]["id"],
        "00000000-0000-0000-0000-000000000000"
    );
    assert!(board["rows"][0]["name"].is_null());
    let column_field = "WEF_6CB513B6E70E43499D9FC94E5BBFB784_Kanban.Column";
    assert_eq!(
        board["fields"]["columnField"]["referenceName"],
        column_field
    );

    let ids: Vec<u32> = (1015..1100).collect();
    let body: Value = demo
        .batch(
            &json!({ "ids": ids, "fields": ["System.State", "System.WorkItemType", column_field] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut checked = 0;
    for item in body["value"].as_array().unwrap() {
        let f = &item["fields"];
        if f["System.WorkItemType"] == "User Story" && f["System.State"] != "Removed" {
            assert_eq!(f[column_field], f["System.State"]);
            checked += 1;
        }
    }
    assert!(checked > 10);
}
