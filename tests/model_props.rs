//! Property tests: random bytes and random JSON shapes into every wire model and
//! conversion. Nothing may panic; whatever parses must convert.

use adoboard::azdo::{convert, date, model};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// JSON values of any shape, biased toward the keys the models read so that
/// partially-right objects are common.
fn json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "id",
        "value",
        "values",
        "count",
        "fields",
        "System.Title",
        "System.State",
        "System.AssignedTo",
        "System.ChangedDate",
        "System.Tags",
        "System.Description",
        "displayName",
        "uniqueName",
        "vote",
        "reviewers",
        "createdBy",
        "creationDate",
        "repository",
        "name",
        "status",
        "result",
        "queueTime",
        "startTime",
        "finishTime",
        "definition",
        "requestedFor",
        "_links",
        "web",
        "href",
        "columns",
        "stateMappings",
        "columnType",
        "itemLimit",
        "workItems",
        "workItemRelations",
        "target",
        "source",
        "rel",
        "attributes",
        "startDate",
        "finishDate",
        "authenticatedUser",
        "providerDisplayName",
        "properties",
        "message",
        "typeKey",
        "isDraft",
        "pullRequestId",
        "sourceRefName",
        "fields.columnField",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        prop::sample::select(vec![
            "2026-12-03T14:05:00.1234567Z",
            "0001-01-01T00:00:00",
            "9999-01-01T00:00:00Z",
            "2026-12-03",
            "Zoë Ångström <zoe@example.com>",
            "refs/heads/main",
            "inProgress",
            "completed",
            "failed",
            "\u{1b}[2J",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                kv.into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

macro_rules! parse_all {
    ($bytes:expr) => {{
        let b: &[u8] = $bytes;
        let _ = serde_json::from_slice::<model::ConnectionData>(b).map(|m| convert::me(&m));
        let _ = serde_json::from_slice::<model::WiqlResult>(b);
        let _ =
            serde_json::from_slice::<model::ListEnvelope<Option<model::WorkItem>>>(b).map(|e| {
                e.into_items()
                    .iter()
                    .flatten()
                    .map(|w| {
                        convert::work_item(
                            w,
                            Some("WEF_X_Kanban.Column"),
                            "https://dev.azure.com/o",
                            "P",
                        )
                    })
                    .count()
            });
        let _ = serde_json::from_slice::<model::ListEnvelope<model::TeamIteration>>(b)
            .map(|e| e.into_items().iter().map(convert::iteration).count());
        let _ = serde_json::from_slice::<model::IterationWorkItems>(b);
        let _ = serde_json::from_slice::<model::ListEnvelope<model::BoardReference>>(b);
        let _ =
            serde_json::from_slice::<model::Board>(b).map(|board| convert::board_columns(&board));
        let _ = serde_json::from_slice::<model::ListEnvelope<model::GitRepository>>(b);
        let _ = serde_json::from_slice::<model::ListEnvelope<model::GitPullRequest>>(b).map(|e| {
            e.into_items()
                .iter()
                .map(|p| convert::pull_request(p, "https://dev.azure.com/o", "P"))
                .count()
        });
        let _ = serde_json::from_slice::<model::ListEnvelope<model::Build>>(b)
            .map(|e| e.into_items().iter().map(convert::pipeline_run).count());
        let _ = serde_json::from_slice::<model::AdoErrorBody>(model::strip_bom(b))
            .map(|e| e.code().map(str::len));
    }};
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_a_parser(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_all!(&bytes);
    }

    #[test]
    fn random_json_shapes_never_panic_a_parser_or_conversion(value in json()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        parse_all!(&bytes);
        // The same value wrapped in the list envelope most endpoints use.
        let wrapped = serde_json::to_vec(&serde_json::json!({ "count": 1, "value": [value] })).unwrap();
        parse_all!(&wrapped);
    }

    #[test]
    fn random_dates_never_panic(s in ".{0,40}") {
        let _ = date::parse_date(&s);
    }

    #[test]
    fn html_to_text_never_leaks_controls(html in ".{0,300}") {
        let text = convert::html_to_text(&html, 60);
        prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{text:?}");
    }
}

/// html2text miscounts emoji sequences; these once made it underflow.
#[test]
fn html_to_text_survives_emoji_sequences_and_long_words() {
    let nasty = "مرحبا👩\u{200d}💻👩\u{200d}💻 a aaAaAAa A0❤\u{fe0f}مرحبا田中太郎\t\r\n\u{202e}";
    for width in [1, 2, 20, 60, 4096] {
        let _ = convert::html_to_text(nasty, width);
        let _ = convert::html_to_text(
            &format!("<p>{}</p>", "🏳\u{fe0f}\u{200d}🌈".repeat(300)),
            width,
        );
        let _ = convert::html_to_text(&format!("<ul><li>{}</li></ul>", "x".repeat(9000)), width);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn html_to_text_never_panics_on_emoji_heavy_text(
        parts in prop::collection::vec(
            prop::sample::select(vec!["👩\u{200d}💻", "🇯🇵", "❤\u{fe0f}", "田中", "e\u{301}", "مرحبا", " ", "<b>", "</b>", "<li>", "word"]),
            0..60,
        ),
        width in 1usize..80,
    ) {
        let _ = convert::html_to_text(&parts.concat(), width);
    }
}
