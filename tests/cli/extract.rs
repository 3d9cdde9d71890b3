//! `newsdex extract`: mentions of the seed article, standard input offsets, and formats.

use crate::util::{stderr, stdout, TestEnv};
use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "corpus/US_Iraq_talks_on_the_future_of_the_coalition.txt";

/// Runs `newsdex extract` from the repository root, so the seed's path is relative and stable.
fn extract(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("newsdex")
        .expect("the binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("extract")
        .args(args)
        .output()
        .expect("runs")
}

fn seed_mentions() -> Vec<Value> {
    let output = extract(&[SEED, "--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line: Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!(line["path"], SEED);
    line["mentions"].as_array().expect("mentions").clone()
}

fn has(mentions: &[Value], pairs: &[(&str, Value)]) -> bool {
    mentions
        .iter()
        .any(|m| pairs.iter().all(|(key, value)| &m[*key] == value))
}

#[test]
fn the_seed_has_its_actors_locations_and_figures() {
    let mentions = seed_mentions();
    let table: Vec<Vec<(&str, Value)>> = vec![
        vec![
            ("class", "actor".into()),
            ("canonical", "Islamic State".into()),
            ("text", "IS".into()),
        ],
        vec![("class", "actor".into()), ("canonical", "Hamas".into())],
        vec![
            ("type", "person".into()),
            ("text", "Lloyd Austin".into()),
            ("role", "US Secretary of Defence".into()),
        ],
        vec![
            ("type", "person".into()),
            ("text", "Austin".into()),
            ("canonical", "Lloyd Austin".into()),
        ],
        vec![
            ("type", "person".into()),
            ("canonical", "Sabrina Singh".into()),
        ],
        vec![
            ("class", "location".into()),
            ("canonical", "Iraq".into()),
            ("country", "IQ".into()),
        ],
        vec![
            ("class", "location".into()),
            ("canonical", "United States".into()),
            ("country", "US".into()),
        ],
        vec![
            ("class", "location".into()),
            ("canonical", "Syria".into()),
            ("country", "SY".into()),
        ],
        vec![
            ("class", "location".into()),
            ("canonical", "Israel".into()),
            ("country", "IL".into()),
        ],
        vec![
            ("class", "location".into()),
            ("text", "Baghdad".into()),
            ("country", "IQ".into()),
        ],
        vec![
            ("class", "location".into()),
            ("text", "Washington".into()),
            ("country", "US".into()),
        ],
        vec![
            ("class", "figure".into()),
            ("value", 2500.0.into()),
            ("unit", "troop".into()),
            ("approximate", true.into()),
        ],
        vec![("class", "figure".into()), ("value", 900.0.into())],
        vec![
            ("class", "figure".into()),
            ("type", "year".into()),
            ("value", 2014.0.into()),
        ],
        vec![("class", "figure".into()), ("text", "a third".into())],
        vec![
            ("class", "figure".into()),
            ("value", 3.0.into()),
            ("unit", "factor".into()),
        ],
    ];
    for pairs in &table {
        assert!(has(&mentions, pairs), "no mention with {pairs:?}");
    }
    // Years are never counts, and "a third" is a fraction.
    let third = mentions
        .iter()
        .find(|m| m["text"] == "a third")
        .expect("a third");
    assert!((third["value"].as_f64().unwrap_or(0.0) - 1.0 / 3.0).abs() < 1e-3);
}

#[test]
fn offsets_point_into_the_article_text_and_standard_input() {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED))
        .expect("the seed");
    for m in seed_mentions() {
        let (start, end) = (
            m["start"].as_u64().unwrap_or(0) as usize,
            m["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(text.get(start..end), m["text"].as_str(), "{m}");
    }
    let input = "Iraqi officials met in Baghdad; about 900 troops stay.";
    let output = TestEnv::new()
        .cmd()
        .args(["extract", "-", "--format", "jsonl"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let line: Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!(line["path"], "-");
    let mentions = line["mentions"].as_array().expect("mentions");
    assert!(!mentions.is_empty());
    for m in mentions {
        let (start, end) = (
            m["start"].as_u64().unwrap_or(0) as usize,
            m["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(input.get(start..end), m["text"].as_str(), "{m}");
    }
}

#[test]
fn fields_that_do_not_apply_are_left_out() {
    for m in seed_mentions() {
        let object = m.as_object().expect("an object");
        match m["class"].as_str() {
            Some("figure") => assert!(
                !object.contains_key("country") && !object.contains_key("role"),
                "{m}"
            ),
            Some("actor") => assert!(
                !object.contains_key("value") && !object.contains_key("unit"),
                "{m}"
            ),
            Some("location") => assert!(
                object.contains_key("canonical") && !object.contains_key("value"),
                "{m}"
            ),
            other => panic!("unexpected class {other:?}"),
        }
    }
}

#[test]
fn extract_text_and_json_snapshots_of_the_seed() {
    let text = extract(&[SEED]);
    assert_eq!(text.status.code(), Some(0));
    insta::assert_snapshot!("extract_seed_text", stdout(&text));
    let json = extract(&[SEED, "--format", "json"]);
    let value: Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(value["schema_version"], 1);
    insta::assert_json_snapshot!("extract_seed_json", value);
}

#[test]
fn output_is_deterministic_and_bad_files_exit_2() {
    assert_eq!(
        extract(&[SEED, "--format", "json"]).stdout,
        extract(&[SEED, "--format", "json"]).stdout
    );
    let output = extract(&[
        "tests/fixtures/malformed/not-json.json",
        SEED,
        "--format",
        "jsonl",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not-json.json"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        stdout(&output).lines().count(),
        1,
        "the good file is still extracted"
    );
}
