//! Exit codes: 0 with hits (or a successful index), 1 with none, 2 on any error, with a message
//! on stderr that says what is wrong and nothing on stdout.

use crate::util::{stderr, stdout, TestEnv};
use std::process::Output;

fn archive() -> TestEnv {
    let env = TestEnv::with_fixture("archive");
    env.index();
    env
}

/// Asserts that a command failed with exit code 2, printed nothing on stdout and one `newsdex:`
/// message on stderr; returns the message.
fn error_message(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(2),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
    assert_eq!(stdout(output), "", "errors print nothing on stdout");
    let err = stderr(output);
    assert!(err.starts_with("newsdex: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn zero_with_hits_and_one_without() {
    let env = archive();
    let hits = env.search("troops", &[]);
    assert_eq!(hits.status.code(), Some(0));
    assert_eq!(stderr(&hits), "");

    let none = env.search("zeppelin", &[]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stdout(&none), "no passages match \"zeppelin\"\n");
    assert_eq!(stderr(&none), "", "no hits is not an error");

    // Whatever the format.
    for format in ["json", "jsonl", "csv"] {
        let none = env.search("zeppelin", &["--format", format]);
        assert_eq!(none.status.code(), Some(1), "{format}");
        let some = env.search("troops", &["--format", format]);
        assert_eq!(some.status.code(), Some(0), "{format}");
    }
    let doc: serde_json::Value =
        serde_json::from_slice(&env.search("zeppelin", &["--format", "json"]).stdout)
            .expect("JSON even with no hits");
    assert_eq!(doc["total_hits"], 0);
    assert_eq!(doc["hits"], serde_json::json!([]));
}

#[test]
fn index_exits_zero() {
    let env = TestEnv::with_fixture("archive");
    let output = env
        .cmd()
        .args(["index", "corpus", "--index", "index"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("indexed 5 articles, 8 passages from 3 files ("));
    assert_eq!(stderr(&output), "");
}

#[test]
fn bad_query_syntax_names_the_query_and_the_problem() {
    let env = archive();
    let err = error_message(&env.search("troops AND (", &[]));
    assert_eq!(
        err,
        "newsdex: invalid query \"troops AND (\": expected word at column 13\n"
    );
    let err = error_message(&env.search("\"lloyd austin", &[]));
    assert!(err.contains("invalid query \"\\\"lloyd austin\""), "{err}");
    assert!(err.contains("missing delimiter"), "{err}");
}

#[test]
fn a_query_that_only_excludes_is_an_error_that_suggests_a_fix() {
    let env = archive();
    // Article-wide conditions are built into the query differently, and count the same.
    for query in [
        "NOT troops",
        "-title:troops",
        "NOT article_country:IQ -troops",
    ] {
        let err = error_message(&env.search(query, &[]));
        assert!(err.contains(&format!("invalid query {query:?}")), "{err}");
        assert!(err.contains("`*`"), "{err}");
    }
    // A query starting with `-` is taken as the query, not as an option; so is one after `--`.
    for args in [
        &["search", "-troops", "--index", "index"][..],
        &["search", "--index", "index", "--", "-troops"],
    ] {
        let output = env.cmd().args(args).output().expect("runs");
        let err = error_message(&output);
        assert_eq!(
            err,
            "newsdex: invalid query \"-troops\": the query only excludes words; add a word to \
             search for, or `*` for every passage\n",
            "{args:?}"
        );
    }
}

#[test]
fn an_unknown_field_is_named_with_the_known_ones() {
    let env = archive();
    let err = error_message(&env.search("author:smith", &[]));
    assert_eq!(
        err,
        "newsdex: invalid query \"author:smith\": unknown field \"author\"; the fields are \
         text, title, source, path, article_id, passage, date, actor, location, country, \
         figures.UNIT, article_actor, article_location, article_country, article_figures.UNIT\n"
    );
}

#[test]
fn a_bad_date_in_the_query_says_which_format_to_use() {
    let env = archive();
    let err = error_message(&env.search("date:[2024-01-01 TO *]", &[]));
    assert!(err.contains("RFC 3339"), "{err}");
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["search", "troops", "--index", "elsewhere"])
        .output()
        .expect("runs");
    let err = error_message(&output);
    assert_eq!(
        err,
        "newsdex: no index at elsewhere: build one with `newsdex index CORPUS --index elsewhere`\n"
    );
    // The default index, with no corpus/ to build it from.
    let output = env.cmd().args(["search", "troops"]).output().expect("runs");
    let err = error_message(&output);
    assert!(err.contains("no index at index"), "{err}");
    assert!(err.contains("newsdex index"), "{err}");
    assert!(!env.path().join("index").exists(), "nothing is created");
}

#[test]
fn bad_from_and_to_dates_are_errors() {
    let env = archive();
    let err = error_message(&env.search("troops", &["--from", "yesterday"]));
    assert_eq!(
        err,
        "newsdex: invalid --from \"yesterday\": expected a date such as 2024-01-25 or \
         2024-01-25T10:00:00Z\n"
    );
    let err = error_message(&env.search("troops", &["--to", "2024-13-45"]));
    assert!(
        err.starts_with("newsdex: invalid --to \"2024-13-45\""),
        "{err}"
    );
}

#[test]
fn a_missing_corpus_folder_is_an_error_for_index() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["index", "no-such-folder", "--index", "index"])
        .output()
        .expect("runs");
    let err = error_message(&output);
    assert!(
        err.starts_with("newsdex: could not index no-such-folder into index: no-such-folder: "),
        "{err}"
    );
    assert_eq!(
        err.matches("No such file or directory").count(),
        1,
        "the cause once: {err}"
    );
    // The default corpus, missing.
    let output = env.cmd().arg("index").output().expect("runs");
    let err = error_message(&output);
    assert!(err.contains("could not index corpus into index"), "{err}");
}

#[test]
fn a_folder_that_is_not_an_index_is_never_overwritten() {
    let env = TestEnv::with_fixture("archive");
    env.write("notes/keep.txt", "my own notes");
    let output = env
        .cmd()
        .args(["index", "corpus", "--index", "notes"])
        .output()
        .expect("runs");
    let err = error_message(&output);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(env.read("notes/keep.txt"), b"my own notes");
    // Searching a folder that is not an index is the missing-index error.
    let output = env
        .cmd()
        .args(["search", "troops", "--index", "notes"])
        .output()
        .expect("runs");
    let err = error_message(&output);
    assert!(err.contains("no index at notes"), "{err}");
}

#[test]
fn usage_errors_exit_two() {
    let env = archive();
    for args in [
        &["search", "troops", "--index", "index", "--limit", "0"][..],
        &["search", "troops", "--index", "index", "--format", "xml"],
        &["search", "troops", "--index", "index", "--per-article", "0"],
        &[
            "search",
            "troops",
            "--index",
            "index",
            "--color",
            "sometimes",
        ],
        &["search"],
        &["frobnicate"],
    ] {
        let output = env.cmd().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(stderr(&output).contains("error:"), "{args:?}");
    }
}
