//! The research commands: `batch` (including bad lines), `timeline` (including undated
//! articles), `cooccur`, `stats`, and their CSV and JSON. Timelines run on
//! `tests/fixtures/timeline` (dated briefs in January and March 2024, one undated); the others
//! on `tests/fixtures/entities`.

use crate::util::{stderr, stdout, TestEnv};
use serde_json::Value;
use std::process::Output;
use std::sync::OnceLock;

fn indexed(fixture: &'static str, cell: &'static OnceLock<TestEnv>) -> &'static TestEnv {
    cell.get_or_init(|| {
        let env = TestEnv::with_fixture(fixture);
        env.index();
        env
    })
}

fn entities() -> &'static TestEnv {
    static ENV: OnceLock<TestEnv> = OnceLock::new();
    indexed("entities", &ENV)
}

fn briefs() -> &'static TestEnv {
    static ENV: OnceLock<TestEnv> = OnceLock::new();
    indexed("timeline", &ENV)
}

/// Runs `newsdex COMMAND ARGS… --index index` in an environment.
fn run(env: &TestEnv, command: &str, args: &[&str]) -> Output {
    env.cmd()
        .arg(command)
        .args(args)
        .args(["--index", "index"])
        .output()
        .expect("runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("invalid JSON ({e}): {}", stdout(output));
    })
}

#[test]
fn batch_answers_each_line_with_its_id_and_survives_bad_lines() {
    let env = entities();
    env.write(
        "queries.jsonl",
        concat!(
            r#"{"id": "q1", "query": "troops", "country": ["SY"], "limit": 1, "facets": ["actor"]}"#,
            "\n",
            "not json\n",
            "\n",
            r#"{"id": 7, "query": "troops", "actor": "Austn"}"#,
            "\n",
            r#"{"id": "q4", "query": "coalition", "actor": "Austin", "text": false}"#,
            "\n",
            r#"{"id": "q5", "query": "troops", "colour": "red"}"#,
            "\n",
            r#"{"query": "zeppelin"}"#,
            "\n",
        ),
    );
    let output = run(env, "batch", &["queries.jsonl"]);
    assert_eq!(output.status.code(), Some(2), "some lines failed");
    assert!(
        stderr(&output).contains("3 batch line(s) failed"),
        "{}",
        stderr(&output)
    );
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let ids: Vec<String> = lines.iter().map(|l| l["id"].to_string()).collect();
    // Lines without an id (or not JSON at all) are known by their line number.
    assert_eq!(ids, [r#""q1""#, "2", "7", r#""q4""#, r#""q5""#, "7"]);
    assert_eq!(lines[0]["schema_version"], 1);
    assert_eq!(lines[0]["total_hits"], 1);
    assert_eq!(lines[0]["hits"].as_array().map(Vec::len), Some(1));
    assert!(lines[0]["facets"]["actor"].is_array());
    assert!(lines[1]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("line 2: not a query object")));
    assert!(lines[2]["error"]
        .as_str()
        .is_some_and(|e| e.contains("did you mean \"Lloyd Austin\"")));
    assert_eq!(lines[3]["hits"][0]["passage"]["text"], "", "text: false");
    assert_eq!(lines[3]["filters"][0]["matched"][0], "Lloyd Austin");
    assert!(lines[4]["error"]
        .as_str()
        .is_some_and(|e| e.contains("unknown field `colour`")));
    assert_eq!(lines[5]["total_hits"], 0);
}

#[test]
fn batch_reads_standard_input_and_matches_search() {
    let env = entities();
    let output = env
        .cmd()
        .args(["batch", "-", "--index", "index"])
        .write_stdin("{\"id\": \"a\", \"query\": \"troops\", \"figure\": \"troop>=1000\"}\n")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let mut batch: Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    let search = env.search_json("troops", &["--figure", "troop>=1000"]);
    assert_eq!(batch["id"], "a");
    batch.as_object_mut().map(|o| o.remove("id"));
    assert_eq!(
        batch, search,
        "a batch line answers as the search command does"
    );
}

#[test]
fn timelines_count_passages_and_articles_per_period_and_undated_apart() {
    let output = run(
        briefs(),
        "timeline",
        &["talks", "--by", "month", "-f", "json"],
    );
    assert_eq!(output.status.code(), Some(0));
    let doc = json(&output);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["by"], "month");
    assert_eq!(doc["total_hits"], 6);
    let periods: Vec<(String, u64, u64)> = doc["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().expect("a count");
            (
                p["period"].as_str().expect("a label").to_string(),
                n("passages"),
                n("articles"),
            )
        })
        .collect();
    let expected = [("2024-01", 4, 3), ("2024-02", 0, 0), ("2024-03", 1, 1)];
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(p, a, b)| (p.to_string(), *a, *b))
        .collect();
    assert_eq!(periods, expected);
    assert_eq!(
        doc["undated"],
        serde_json::json!({"passages": 1, "articles": 1})
    );

    // The counts agree with searches over each month.
    let january = briefs().search_json("talks", &["--from", "2024-01-01", "--to", "2024-01-31"]);
    assert_eq!(january["total_hits"], 4);
}

#[test]
fn timeline_text_and_csv() {
    let text = stdout(&run(briefs(), "timeline", &["talks", "--by", "month"]));
    assert_eq!(
        text,
        "6 passages match \"talks\", per month (undated: 1 passages in 1 articles)\n\
         period   passages  articles\n\
         2024-01         4         3  ████████████████████████████████████████\n\
         2024-02         0         0\n\
         2024-03         1         1  ██████████\n"
    );
    let csv_text = stdout(&run(
        briefs(),
        "timeline",
        &["talks", "--by", "week", "--country", "IQ", "-f", "csv"],
    ));
    let lines: Vec<&str> = csv_text.lines().collect();
    assert_eq!(lines[0], "period,start,passages,articles");
    assert_eq!(lines[1], "2024-W01,2024-01-01,2,2");
    assert_eq!(lines.last(), Some(&"undated,,0,0"));
    let output = run(briefs(), "timeline", &["talks", "--by", "fortnight"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("expected day, week, month or year"));
}

#[test]
fn cooccur_counts_what_shares_passages_with_an_anchor() {
    let output = run(
        entities(),
        "cooccur",
        &[
            "--actor",
            "Lloyd Austin",
            "--by",
            "actor,country",
            "-f",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let doc = json(&output);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["total_hits"], 2);
    let edges: Vec<(String, String, u64)> = doc["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            let s = |p: &str| e.pointer(p).and_then(Value::as_str).expect(p).to_string();
            (
                s("/source/value"),
                s("/target/value"),
                e["weight"].as_u64().expect("weight"),
            )
        })
        .collect();
    assert!(
        edges
            .iter()
            .all(|(s, t, _)| s == "Lloyd Austin" && t != "Lloyd Austin"),
        "{edges:?}"
    );
    assert!(
        edges.contains(&("Lloyd Austin".into(), "Islamic State".into(), 1)),
        "{edges:?}"
    );
    assert!(
        edges.contains(&("Lloyd Austin".into(), "IQ".into(), 1)),
        "{edges:?}"
    );
    assert_eq!(doc["edges"][0]["target"]["type"], "country");
}

#[test]
fn cooccur_without_an_anchor_counts_pairs_and_writes_an_edge_list() {
    let output = run(
        entities(),
        "cooccur",
        &["troops", "--by", "country", "-f", "csv"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "source,target,weight,source_type,target_type\n\
         IQ,SY,1,country,country\n\
         IQ,US,1,country,country\n\
         SY,US,1,country,country\n"
    );
    let text = stdout(&run(
        entities(),
        "cooccur",
        &["--country", "SY", "--by", "unit"],
    ));
    assert!(text.contains("SY Syria (country)  USD (unit)"), "{text}");
}

#[test]
fn stats_describe_the_index() {
    let output = run(entities(), "stats", &["-f", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let doc = json(&output);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["articles"], 3);
    assert_eq!(doc["passages"], 15);
    assert_eq!(doc["first_date"], "2024-02-03T00:00:00Z");
    assert_eq!(doc["undated_passages"], 12);
    assert_eq!(
        doc["countries"][0],
        serde_json::json!({"value": "IQ", "name": "Iraq", "count": 8})
    );
    assert_eq!(doc["actors"][0]["value"], "Islamic State");
    assert!(doc["index_bytes"].as_u64().is_some_and(|n| n > 1000));
    assert_eq!(
        doc["index_schema_version"],
        newsdex::index::schema::SCHEMA_VERSION
    );
    assert_eq!(doc["extractor_version"], 4);
    let text = stdout(&run(entities(), "stats", &["-n", "2"]));
    assert!(text.contains("articles   3\npassages   15\n"), "{text}");
    assert!(
        text.contains("countries  IQ Iraq 8 · US United States 8\n"),
        "{text}"
    );
}
