//! Every recorded Azure DevOps response in `tests/data/ado-fixtures` parses into
//! adoboard's wire types exactly as shipped, and converts to the expected domain
//! values. One test per file; `every_fixture_has_a_test` keeps it that way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "fixtures/build.rs"]
mod build;
#[path = "fixtures/git.rs"]
mod git;
#[path = "fixtures/org.rs"]
mod org;
#[path = "fixtures/wit.rs"]
mod wit;
#[path = "fixtures/work.rs"]
mod work;

use std::path::PathBuf;

use serde::de::DeserializeOwned;

/// Directory of the fixture files, relative to the package root.
pub const DIR: &str = "tests/data/ado-fixtures";

pub fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(DIR)
        .join(name)
}

/// The file's bytes, exactly as stored.
pub fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

/// Parses the file's bytes as they are, with no preprocessing.
pub fn parse<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_slice(&bytes(name)).unwrap_or_else(|e| panic!("parsing {name}: {e}"))
}

/// Every `.json` file in the fixture directory is named, in quotes, in one of
/// this test's sources, so none can be added without a test.
#[test]
fn every_fixture_has_a_test() {
    let sources = [
        include_str!("fixtures/build.rs"),
        include_str!("fixtures/git.rs"),
        include_str!("fixtures/org.rs"),
        include_str!("fixtures/wit.rs"),
        include_str!("fixtures/work.rs"),
    ]
    .concat();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 58, "fixture count changed: {names:?}");
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !sources.contains(&format!("\"{n}\"")))
        .collect();
    assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
}
