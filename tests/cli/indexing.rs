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
    // Each indexing thread compresses its own stored blocks (see `index::settings`).
    let meta = std::fs::read(env.path().join("index/meta.json")).expect("tantivy's meta.json");
    let meta: serde_json::Value = serde_json::from_slice(&meta).expect("JSON");
    assert_eq!(
        meta["index_settings"]["docstore_compress_dedicated_thread"],
        false
    );

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
    let summary = stdout(&output);
    assert!(
        summary.starts_with("indexed 0 articles, 0 passages from 0 files"),
        "{summary}"
    );
    assert!(
        summary.contains("\nfiles: 0 added, 0 updated, 0 removed, 3 unchanged\n"),
        "{summary}"
    );
    // And rebuilt from scratch.
    let rebuilt = env
        .cmd()
        .args(["index", "corpus", "--index", "index", "--rebuild"])
        .output()
        .expect("runs");
    let summary = stdout(&rebuilt);
    assert!(
        summary.starts_with("indexed 5 articles, 8 passages from 3 files"),
        "{summary}"
    );
    assert!(
        summary.contains("\nre-indexed every file: --rebuild\n"),
        "{summary}"
    );
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
        summary.starts_with("indexed 1 articles, 1 passages from 1 files"),
        "{summary}"
    );
    assert!(
        summary.contains("\nfiles: 1 added, 0 updated, 1 removed, 2 unchanged\n"),
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

#[test]
fn changed_files_are_reindexed_and_touched_ones_left_alone() {
    let env = TestEnv::with_fixture("archive");
    env.index();
    let bakery = env.path().join("corpus/austin-bakery.md");
    let text = std::fs::read_to_string(&bakery).expect("read");
    // Touched: same bytes, new time. Left alone after hashing.
    std::fs::write(&bakery, &text).expect("rewrite");
    let summary = env.index();
    assert!(
        summary.contains("\nfiles: 0 added, 0 updated, 0 removed, 3 unchanged\n"),
        "{summary}"
    );
    // Changed: re-indexed, the old passages gone and the new ones found.
    std::fs::write(&bakery, text.replace("bread", "zeppelin bread")).expect("change");
    let summary = env.index();
    assert!(
        summary.contains("\nfiles: 0 added, 1 updated, 0 removed, 2 unchanged\n"),
        "{summary}"
    );
    assert!(!env.hits("zeppelin", &[]).is_empty());
    assert_eq!(
        env.search_json("*", &[])["total_hits"],
        8,
        "no passage twice"
    );
    // A file that turns bad is removed from the index.
    std::fs::write(&bakery, "").expect("empty");
    let summary = env.index();
    assert!(
        summary.contains("\nfiles: 0 added, 0 updated, 1 removed, 2 unchanged\n"),
        "{summary}"
    );
    assert!(env.hits("zeppelin", &[]).is_empty());
}

#[test]
fn an_index_from_another_schema_is_rebuilt_and_says_why() {
    let env = TestEnv::with_fixture("archive");
    let index = |dir: &str| {
        let output = env
            .cmd()
            .args(["index", "corpus", "--index", dir])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let age = |dir: &str| {
        let marker = env.path().join(dir).join("newsdex.json");
        let old = std::fs::read_to_string(&marker).expect("marker");
        let mut doc: serde_json::Value = serde_json::from_str(&old).expect("json");
        doc["schema_version"] = serde_json::json!(1);
        std::fs::write(&marker, doc.to_string()).expect("write");
    };
    // A named index says what to do.
    index("other");
    age("other");
    let search_other = || {
        env.cmd()
            .args(["search", "troops", "--index", "other"])
            .output()
            .expect("runs")
    };
    let search = search_other();
    assert_eq!(search.status.code(), Some(2));
    let err = stderr(&search);
    assert!(
        err.contains("with schema version 1, and this newsdex reads version"),
        "{err}"
    );
    assert!(
        err.contains("rebuild it with `newsdex index corpus --index other`"),
        "{err}"
    );
    let summary = index("other");
    assert!(
        summary.contains("re-indexed every file: the index schema changed (version 1 to"),
        "{summary}"
    );
    assert_eq!(search_other().status.code(), Some(0));
    // The default index is rebuilt by the first search.
    index("index");
    age("index");
    let output = env.cmd().args(["search", "troops"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).starts_with(
            "newsdex: the index was made by another version of newsdex at index; indexing corpus first\n"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_second_indexer_fails_at_once_and_names_the_first() {
    let env = TestEnv::with_fixture("archive");
    env.index();
    // Hold the lock as a running indexer would.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(env.path().join("index/newsdex.lock"))
        .expect("the lock file");
    lock.try_lock().expect("take the lock");
    std::fs::write(env.path().join("index/newsdex.lock"), "4242").expect("write a pid");
    let output = env
        .cmd()
        .args(["index", "corpus", "--index", "index"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsdex: could not index corpus into index: index index is locked by another newsdex \
         process (pid 4242); wait for it to finish\n"
    );
    // Searches still work while an indexer holds the lock.
    assert_eq!(env.search("troops", &[]).status.code(), Some(0));
    drop(lock);
    assert!(env.index().contains("3 unchanged"));
}

#[test]
fn a_killed_indexer_leaves_the_last_commit_searchable_and_the_next_run_completes_it() {
    let env = TestEnv::new();
    let files = 5000;
    for i in 0..files {
        env.write(
            &format!("corpus/{i:04}.txt"),
            format!(
                "Report {i}\n\nOfficials in Baghdad said {i} troops would move to Erbil. \
                 Lloyd Austin met Iraqi leaders about the coalition and its future.\n\n\
                 A second paragraph on talks, trade and the $1.5bn budget of file {i}.\n"
            ),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .current_dir(env.path())
        .args([
            "index",
            "corpus",
            "--index",
            "idx",
            "--quiet",
            "--threads",
            "1",
        ])
        .args(["--commit-every", "0.05"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the indexer");
    // A named index, so that the searches below never try to build it themselves.
    let count = || {
        let output = env
            .cmd()
            .args([
                "search", "*", "--index", "idx", "--format", "json", "--limit", "1",
            ])
            .output()
            .expect("runs");
        (output.status.code(), output.stdout)
    };
    // Wait for a first commit with passages in it, then kill the indexer mid-run.
    let started = std::time::Instant::now();
    let committed = loop {
        let (code, out) = count();
        if code == Some(0) {
            let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
            break doc["total_hits"].as_u64().expect("a count");
        }
        assert!(
            child.try_wait().expect("poll").is_none(),
            "the indexer finished first"
        );
        assert!(
            started.elapsed().as_secs() < 120,
            "no commit within two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    child.kill().expect("SIGKILL the indexer");
    child.wait().expect("reap it");
    let total = files as u64 * 2;
    assert!(committed > 0 && committed < total, "{committed} of {total}");

    // The last commit is searchable: whole files, never half of one.
    let (code, out) = count();
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let hits = doc["total_hits"].as_u64().expect("a count");
    assert!(
        hits >= committed && hits < total && hits.is_multiple_of(2),
        "{hits}"
    );

    // The next run indexes what is missing, and only that.
    let output = env
        .cmd()
        .args(["index", "corpus", "--index", "idx"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = stdout(&output);
    let unchanged = hits / 2;
    assert!(
        summary.contains(&format!(
            "files: {} added, 0 updated, 0 removed, {unchanged} unchanged",
            files as u64 - unchanged
        )),
        "{summary}"
    );
    let hits_of = |query: &str| {
        let output = env
            .cmd()
            .args([
                "search", query, "--index", "idx", "--format", "json", "--limit", "1",
            ])
            .output()
            .expect("runs");
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        doc["total_hits"].as_u64().expect("a count")
    };
    assert_eq!(hits_of("*"), total);
    assert_eq!(hits_of("\"file 42\""), 1, "no file twice");
    assert_eq!(hits_of("budget"), files as u64);
}

#[test]
fn articles_added_in_a_later_run_are_told_apart_from_earlier_ones() {
    let env = TestEnv::with_fixture("archive");
    let articles = |env: &TestEnv| {
        let output = env
            .cmd()
            .args(["stats", "--index", "index", "-f", "json"])
            .output()
            .expect("run newsdex stats");
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        doc["articles"].as_u64().expect("articles")
    };
    env.index();
    let before = articles(&env);
    // Walked first, so it takes the place in the walk of a file indexed in the first run.
    env.write(
        "corpus/aaa-airship.txt",
        "A zeppelin flew over the harbour on Sunday for the first time in decades.\n\n\
         It landed later that afternoon in a wide field near Hamburg, watched by a crowd.\n",
    );
    env.index();
    assert_eq!(articles(&env), before + 1);
    // Title queries reach every passage of their article, and only those.
    let hits = env.hits("title:airship", &[]);
    let passages: Vec<u64> = hits
        .iter()
        .map(|h| h["passage"]["number"].as_u64().expect("number"))
        .collect();
    assert_eq!(passages, [1, 2], "{hits:?}");
}
