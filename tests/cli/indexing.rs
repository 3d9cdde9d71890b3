//! Building the index: on first search, and again on the same corpus.

use crate::util::{stderr, stdout, TestEnv};

#[test]
fn search_builds_the_missing_default_index_from_corpus_and_says_so() {
    let env = TestEnv::with_fixture("archive");
    let output = env
        .cmd()
        .args(["search", "troops", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.starts_with("newsdex: no index at index; indexing corpus first\n"),
        "{err}"
    );
    assert!(
        err.contains("newsdex: indexed 5 articles, 8 passages in "),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(doc["total_hits"], 3);
    assert!(env.path().join("index/newsdex.json").is_file());

    // The second search uses the index and says nothing.
    let again = env
        .cmd()
        .args(["search", "troops", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stderr(&again), "");
    assert_eq!(again.stdout, output.stdout);
}

#[test]
fn search_builds_a_missing_index_from_the_corpus_given() {
    let env = TestEnv::new();
    env.copy_fixture("archive", "news");
    let output = env
        .cmd()
        .args(["search", "bread", "--index", "idx", "--corpus", "news"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("newsdex: no index at idx; indexing news first\n"));
    assert!(stdout(&output).contains("news/austin-bakery.md passage 1"));
}

#[test]
fn reindexing_the_same_corpus_gives_the_same_results() {
    let env = TestEnv::with_fixture("archive");
    env.index();
    let queries = ["troops", "*", "iraq OR bread", "\"lloyd austin\""];
    let before: Vec<Vec<u8>> = queries
        .iter()
        .map(|q| {
            env.search(q, &["--format", "json", "--limit", "100"])
                .stdout
        })
        .collect();
    // Again in place, and with the default number of threads.
    let output = env
        .cmd()
        .args(["index", "corpus", "--index", "index"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("indexed 5 articles, 8 passages from 3 files"));
    for (query, before) in queries.iter().zip(&before) {
        let after = env
            .search(query, &["--format", "json", "--limit", "100"])
            .stdout;
        assert_eq!(
            String::from_utf8_lossy(&after),
            String::from_utf8_lossy(before),
            "{query}"
        );
    }
}

#[test]
fn reindexing_picks_up_changes_to_the_corpus() {
    let env = TestEnv::with_fixture("archive");
    env.index();
    assert_eq!(env.search("zeppelin", &[]).status.code(), Some(1));
    std::fs::remove_file(env.path().join("corpus/briefs.jsonl")).expect("remove");
    env.write(
        "corpus/airship.txt",
        "A zeppelin flew over the harbour on Sunday for the first time in decades.\n",
    );
    let summary = env.index();
    assert!(
        summary.starts_with("indexed 3 articles, 6 passages from 3 files"),
        "{summary}"
    );
    assert_eq!(env.hits("zeppelin", &[]).len(), 1);
    assert!(env.hits("oil", &[]).is_empty(), "removed articles are gone");
}

#[test]
fn an_index_inside_the_corpus_is_not_indexed_or_counted() {
    let env = TestEnv::new();
    env.copy_fixture("archive", "news");
    for _ in 0..2 {
        let output = env
            .cmd()
            .args(["index", "news", "--index", "news/idx"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stderr(&output), "");
        assert!(!stdout(&output).contains("skipped"), "{}", stdout(&output));
    }
}
