//! Every `WWW-Authenticate` vector in `claims_vectors.json` gives its expected claims outcome,
//! and no input, however mangled, makes the parser panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use adoboard::auth::challenge::{ClaimsOutcome, classify, parse_challenges};
use serde_json::Value;

/// The copy kept in the repository, so a clone can run this test on its own.
const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/claims_vectors.json"
);
/// The research copy, present when the repository sits next to `shared/`.
const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/cae/claims_vectors.json"
);

fn load(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&text).unwrap() {
        Value::Array(v) => v,
        other => panic!("{path}: expected an array, got {other}"),
    }
}

/// The bundled vectors, plus the shared ones when that folder exists.
fn vector_sets() -> Vec<(&'static str, Vec<Value>)> {
    let mut sets = vec![(BUNDLED, load(BUNDLED))];
    if Path::new(SHARED).exists() {
        sets.push((SHARED, load(SHARED)));
    }
    sets
}

fn header(vector: &Value) -> &str {
    vector["header"].as_str().expect("vector without a header")
}

fn check_vector(index: usize, vector: &Value) {
    let header = header(vector);
    let expect = &vector["expect"];
    let outcome = classify(&[header]);
    let ctx = format!("vector {index}: {header}\n  got {outcome:?}");
    let raw = expect["claims_b64"].as_str();

    if expect["no_claims"].as_bool() == Some(true) {
        assert_eq!(outcome, ClaimsOutcome::NoClaims, "{ctx}");
    } else if expect["decode_error"].as_bool() == Some(true) {
        assert_eq!(
            outcome,
            ClaimsOutcome::Undecodable {
                raw: raw.unwrap().to_owned()
            },
            "{ctx}"
        );
    } else if expect["json_object"].as_bool() == Some(false) {
        let ClaimsOutcome::NotAnObject {
            raw: got_raw,
            decoded,
        } = &outcome
        else {
            panic!("{ctx}\n  expected NotAnObject");
        };
        assert_eq!(Some(got_raw.as_str()), raw, "{ctx}");
        if let Some(json) = expect["claims_json"].as_str() {
            assert_eq!(decoded, json, "{ctx}");
        }
    } else {
        let ClaimsOutcome::Claims(claims) = &outcome else {
            panic!("{ctx}\n  expected Claims");
        };
        assert_eq!(expect["scheme"].as_str(), Some("Bearer"), "{ctx}");
        assert_eq!(Some(claims.raw_b64.as_str()), raw, "{ctx}");
        assert_eq!(
            Some(claims.json.as_str()),
            expect["claims_json"].as_str(),
            "{ctx}"
        );
        assert_eq!(
            claims.authorization_uri.as_deref(),
            expect["authorization_uri"].as_str(),
            "{ctx}"
        );
        let reparsed: Value = serde_json::from_str(&claims.json).unwrap();
        assert_eq!(reparsed, Value::Object(claims.value.clone()), "{ctx}");
    }

    // Whatever the outcome, the challenge the vector names is found with its error.
    if let (Some(scheme), Some(error)) = (expect["scheme"].as_str(), expect["error"].as_str()) {
        let challenges = parse_challenges(&[header]);
        assert!(
            challenges.iter().any(|c| c.is_scheme(scheme)
                && c.param("error") == Some(error)
                && c.param("claims") == raw),
            "{ctx}\n  parsed {challenges:?}"
        );
    }
}

#[test]
fn every_vector_gives_its_expected_outcome() {
    for (path, vectors) in vector_sets() {
        assert!(!vectors.is_empty(), "{path} has no vectors");
        for (i, vector) in vectors.iter().enumerate() {
            check_vector(i, vector);
        }
    }
}

#[test]
fn bundled_vectors_match_the_shared_copy() {
    if Path::new(SHARED).exists() {
        assert_eq!(load(BUNDLED), load(SHARED), "tests/data copy is stale");
    }
}

/// The one bundled vector header that starts with `prefix` and ends with `suffix`.
fn vector_header(prefix: &str, suffix: &str) -> String {
    let found: Vec<String> = load(BUNDLED)
        .iter()
        .map(|v| header(v).to_owned())
        .filter(|h| h.starts_with(prefix) && h.ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "{prefix} .. {suffix}: {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn pop_then_bearer_parses_to_two_challenges() {
    let h = vector_header("PoP realm=", "");
    let challenges = parse_challenges(&[h.as_str()]);
    assert_eq!(challenges.len(), 2, "{challenges:?}");
    assert!(challenges[0].is_scheme("PoP"));
    assert_eq!(challenges[0].params.len(), 4);
    let nonce = challenges[0].param("nonce").unwrap();
    assert!(nonce.starts_with("eyJ0eXAi") && nonce.ends_with("aXIirg"));
    assert!(challenges[1].is_scheme("Bearer"));
    assert_eq!(challenges[1].params.len(), 3);
    assert_eq!(
        challenges[1].param("client_id"),
        Some("00000003-0000-0000-c000-000000000001")
    );
}

#[test]
fn azure_devops_401s_parse_to_three_challenges() {
    let h = vector_header("Bearer authorization_uri=https://", "TFS-Federated");
    let challenges = parse_challenges(&[h.as_str()]);
    let schemes: Vec<&str> = challenges.iter().map(|c| c.scheme.as_str()).collect();
    assert_eq!(schemes, ["Bearer", "Basic", "TFS-Federated"]);
    assert_eq!(
        challenges[0].param("authorization_uri"),
        Some("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000")
    );
    assert_eq!(
        challenges[1].param("realm"),
        Some("https://tfsprodweusu4.app.visualstudio.com/")
    );
    assert!(challenges[2].params.is_empty() && challenges[2].token68.is_none());

    let old = vector_header("Basic realm=", "TFS-Federated");
    let challenges = parse_challenges(&[old.as_str()]);
    let schemes: Vec<&str> = challenges.iter().map(|c| c.scheme.as_str()).collect();
    assert_eq!(schemes, ["Basic", "Bearer", "TFS-Federated"]);
    assert!(challenges[1].params.is_empty());
}

#[test]
fn uppercase_names_vector_splits_into_bearer_and_pop() {
    let h = vector_header("Bearer AUTHORIZATION_URI=", "");
    let challenges = parse_challenges(&[h.as_str()]);
    assert_eq!(challenges.len(), 2);
    assert_eq!(
        challenges[0].param("authorization_uri"),
        Some("https://login.microsoftonline.com/TenantId/oauth2/authorize")
    );
    assert!(challenges[1].is_scheme("pop"));
    assert_eq!(challenges[1].param("nonce"), Some("someNonce"));
    // Sent as two fields, the same parse.
    let (bearer, pop) = h.split_once(", ").unwrap();
    assert_eq!(parse_challenges(&[bearer, pop]), challenges);
}

/// xorshift64*: deterministic, dependency-free pseudo-random numbers.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random input biased towards the characters the tokenizer cares about.
fn random_input(rng: &mut XorShift) -> String {
    const PIECES: &[&[u8]] = &[
        b"\"",
        b"\\",
        b",",
        b"=",
        b" ",
        b"\t",
        b"Bearer ",
        b"error=\"insufficient_claims\"",
        b"claims=",
        b"eyJhIjoxfQ",
        b"==",
        "é€".as_bytes(),
        b"\xff\xfe",
        b"\xe2\x82",
    ];
    let len = rng.below(64);
    let mut bytes = Vec::with_capacity(len * 4);
    for _ in 0..len {
        if rng.below(3) == 0 {
            bytes.extend_from_slice(PIECES[rng.below(PIECES.len())]);
        } else {
            bytes.push((rng.next() >> 24) as u8);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn random_input_never_panics() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let a = random_input(&mut rng);
        let b = random_input(&mut rng);
        let _ = parse_challenges(&[a.as_str()]);
        let _ = classify(&[a.as_str(), b.as_str()]);
    }
}

#[test]
fn truncated_vectors_never_panic() {
    for vector in load(BUNDLED) {
        let h = header(&vector);
        for (cut, _) in h.char_indices() {
            let (head, tail) = h.split_at(cut);
            let _ = classify(&[head]);
            let _ = classify(&[tail]);
            let _ = classify(&[tail, head]);
        }
    }
}
