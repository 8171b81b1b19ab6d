//! Git (repositories, pull requests) and build routes.

use super::*;

#[tokio::test]
async fn repositories_pull_request_paging_and_the_disabled_repo() {
    let demo = Demo::start().await;
    let repos = demo.get_json(&project_path("git/repositories")).await;
    assert_eq!(repos["count"], 4);
    let list = repos["value"].as_array().unwrap();
    let disabled = list.iter().find(|r| r["isDisabled"] == true).unwrap();
    let web = list.iter().find(|r| r["name"] == "fabrikam-web").unwrap();
    assert!(
        web["remoteUrl"]
            .as_str()
            .unwrap()
            .contains("Fabrikam%20Fiber/_git/")
    );

    let mut seen = Vec::new();
    for repo in list.iter().filter(|r| r["isDisabled"] == false) {
        let id = repo["id"].as_str().unwrap();
        let mut skip = 0;
        loop {
            let page = demo
                .get_json(&project_path(&format!(
                    "git/repositories/{id}/pullrequests?searchCriteria.status=active&$top=2&$skip={skip}"
                )))
                .await;
            let prs = page["value"].as_array().unwrap().clone();
            for pr in &prs {
                assert_eq!(pr["status"], "active");
                assert_eq!(pr["repository"]["id"], repo["id"]);
                seen.push(pr["pullRequestId"].as_u64().unwrap());
            }
            if prs.len() < 2 {
                break;
            }
            skip += 2;
        }
    }
    let unique: HashSet<u64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "paging repeated a PR");
    assert!(seen.len() >= 10);

    let all = demo.get_json(&project_path("git/pullrequests")).await;
    let prs = all["value"].as_array().unwrap();
    let votes: HashSet<i64> = prs
        .iter()
        .flat_map(|p| p["reviewers"].as_array().unwrap().iter())
        .map(|r| r["vote"].as_i64().unwrap())
        .collect();
    assert_eq!(votes, HashSet::from([10, 5, 0, -5, -10]));
    assert!(prs.iter().any(|p| p["isDraft"] == true));
    assert!(
        prs.iter()
            .any(|p| p["createdBy"]["displayName"] == "Dana Whitfield")
    );
    assert!(prs.iter().any(|p| {
        p["reviewers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["displayName"] == "Dana Whitfield")
    }));

    let id = disabled["id"].as_str().unwrap();
    let resp = demo
        .get(&project_path(&format!(
            "git/repositories/{id}/pullrequests"
        )))
        .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let err: Value = resp.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("TF401019"));
    assert_eq!(err["typeKey"], "GitRepositoryNotFoundException");
    let unknown = demo
        .get(&project_path(
            "git/repositories/00000000-1111-2222-3333-444444444444/pullrequests",
        ))
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn builds_page_with_continuation_tokens() {
    let demo = Demo::start().await;
    let mut token: Option<String> = None;
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let mut path =
            project_path("build/builds?$top=7&queryOrder=queueTimeDescending&api-version=7.1");
        if let Some(t) = &token {
            path = format!("{path}&continuationToken={t}");
        }
        let resp = demo.get(&path).await;
        assert_eq!(resp.status(), StatusCode::OK);
        token = resp
            .headers()
            .get("x-ms-continuationtoken")
            .map(|v| v.to_str().unwrap().to_owned());
        let body: Value = resp.json().await.unwrap();
        for b in body["value"].as_array().unwrap() {
            ids.push(b["id"].as_u64().unwrap());
            match b["status"].as_str().unwrap() {
                "completed" => {
                    assert!(b["result"].is_string() && b["finishTime"].is_string());
                }
                "notStarted" => {
                    assert!(b.get("startTime").is_none() && b.get("result").is_none());
                }
                _ => assert!(b.get("result").is_none() && b.get("finishTime").is_none()),
            }
            assert!(b["requestedFor"]["displayName"].is_string());
            assert!(
                b["_links"]["web"]["href"]
                    .as_str()
                    .unwrap()
                    .contains("_build/results?buildId=")
            );
        }
        pages += 1;
        if token.is_none() {
            break;
        }
        assert!(pages < 10, "paging never ends");
    }
    assert_eq!(pages, 5);
    assert_eq!(ids.len(), 30);
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    let bad = demo
        .get(&project_path("build/builds?continuationToken=garbage"))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
