//! Broken input: a bad file or record never stops a run. Each problem is reported on stderr with
//! its location, counted in the summary on stdout, and the rest of the corpus is still indexed.

use crate::util::{stderr, stdout, str_at, TestEnv};
use std::process::Output;

/// Runs `newsdex index` and asserts that it exits 0 in spite of the broken files.
fn index(env: &TestEnv, extra: &[&str]) -> Output {
    let output = env
        .cmd()
        .args(["index", "corpus", "--index", "index", "--threads", "1"])
        .args(extra)
        .output()
        .expect("run newsdex index");
    assert_eq!(
        output.status.code(),
        Some(0),
        "broken files must not fail the run: {}",
        stderr(&output)
    );
    output
}

/// The summary's lines, without the first line's timing: `(counts, other lines)`.
fn summary(output: &Output) -> (String, Vec<String>) {
    let out = stdout(output);
    let mut lines = out.lines();
    let first = lines.next().expect("a summary line");
    let counts = first
        .split(" (")
        .next()
        .expect("counts before the size")
        .to_string();
    // The file counts of a first build (checked in the incremental tests of `indexing`).
    let files = lines.next().expect("a file counts line");
    assert!(
        files.starts_with("files: ") && files.ends_with(" 0 updated, 0 removed, 0 unchanged"),
        "{files}"
    );
    (counts, lines.map(str::to_string).collect())
}

#[test]
fn a_bad_json_line_is_reported_with_its_line_number_and_the_others_are_indexed() {
    let env = TestEnv::new();
    env.copy_fixture("malformed/bad-line.jsonl", "corpus");
    let output = index(&env, &[]);
    let err = stderr(&output);
    assert!(
        err.contains("newsdex: warning: corpus/bad-line.jsonl:2: invalid JSON"),
        "{err}"
    );
    assert!(
        err.contains(
            "newsdex: warning: corpus/bad-line.jsonl:4: expected an article object, found an array"
        ),
        "{err}"
    );
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 2 articles, 2 passages from 1 files");
    assert_eq!(rest, ["warnings: 2 bad records skipped", "index: index"]);

    let before = env.only_hit("timetable");
    assert_eq!(
        str_at(&before, "/article/title"),
        Some("Before the bad line")
    );
    let after = env.only_hit("school");
    assert_eq!(str_at(&after, "/article/title"), Some("After the bad line"));
    // The records keep their own line numbers in their ids.
    assert_eq!(str_at(&after, "/article/id"), Some("bad-line.jsonl#3"));
    assert!(
        env.hits("cut", &[]).is_empty(),
        "the bad line is not indexed"
    );
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_and_the_file_is_indexed() {
    let env = TestEnv::new();
    env.write(
        "corpus/latin1.txt",
        b"Caf\xe9 owners protested against the new parking rules in the old square.\n",
    );
    let output = index(&env, &[]);
    assert!(
        stderr(&output).contains(
            "newsdex: warning: corpus/latin1.txt: invalid UTF-8 at byte 3 replaced with U+FFFD"
        ),
        "{}",
        stderr(&output)
    );
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 1 articles, 1 passages from 1 files");
    assert_eq!(rest, ["warnings: 1 invalid utf-8 replaced", "index: index"]);
    let hit = env.only_hit("parking");
    assert_eq!(
        str_at(&hit, "/passage/text"),
        Some("Caf\u{FFFD} owners protested against the new parking rules in the old square.")
    );
}

#[test]
fn empty_and_blank_files_are_skipped_and_counted() {
    let env = TestEnv::new();
    env.write("corpus/empty.txt", "");
    env.copy_fixture("malformed/blank.txt", "corpus");
    env.write(
        "corpus/real.txt",
        "A real article sits beside the empty ones in the folder.\n",
    );
    let output = index(&env, &[]);
    let err = stderr(&output);
    assert!(err.contains("corpus/empty.txt: skipped (empty)"), "{err}");
    assert!(err.contains("corpus/blank.txt: skipped (empty)"), "{err}");
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 1 articles, 1 passages from 1 files");
    assert_eq!(rest, ["skipped 2 files: 2 empty", "index: index"]);
}

#[test]
fn a_binary_file_is_skipped_and_counted() {
    let env = TestEnv::new();
    env.write(
        "corpus/image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR binary words",
    );
    env.write(
        "corpus/real.txt",
        "A real article sits beside the binary one in the folder.\n",
    );
    let output = index(&env, &[]);
    let err = stderr(&output);
    assert!(
        err.contains("newsdex: corpus/image.txt: skipped (binary): contains NUL bytes"),
        "{err}"
    );
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 1 articles, 1 passages from 1 files");
    assert_eq!(rest, ["skipped 1 files: 1 binary", "index: index"]);
    assert_eq!(env.hits("binary", &[]).len(), 1, "only the real article");
}

#[test]
fn unknown_extensions_are_counted_but_not_listed() {
    let env = TestEnv::new();
    env.copy_fixture("malformed/report.pdf", "corpus");
    env.copy_fixture("malformed/table.csv", "corpus");
    env.write("corpus/Makefile", "all:\n\techo words\n");
    env.write(
        "corpus/real.txt",
        "A real article sits beside files of other kinds.\n",
    );
    let output = index(&env, &[]);
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 1 articles, 1 passages from 1 files");
    assert_eq!(
        rest,
        ["skipped 3 files: 3 unknown extension", "index: index"]
    );
    let err = stderr(&output);
    assert!(!err.contains("report.pdf"), "{err}");
    assert!(!err.contains("Makefile"), "{err}");
}

#[test]
fn an_unparseable_date_warns_and_the_article_is_kept_without_a_date() {
    let env = TestEnv::new();
    env.copy_fixture("malformed/bad-date.json", "corpus");
    let output = index(&env, &[]);
    let err = stderr(&output);
    assert!(
        err.contains("newsdex: warning: corpus/bad-date.json"),
        "{err}"
    );
    assert!(
        err.contains("unparsed date \"the day after tomorrow\""),
        "{err}"
    );
    let (_, rest) = summary(&output);
    assert_eq!(rest, ["warnings: 1 unparsed dates", "index: index"]);
    let hit = env.only_hit("vegetables");
    assert_eq!(
        str_at(&hit, "/article/title"),
        Some("Undated market report")
    );
    assert_eq!(hit["article"]["date"], serde_json::Value::Null);
    assert_eq!(str_at(&hit, "/article/source"), Some("Market Weekly"));
    // An undated article is left out of date-filtered searches.
    assert!(env.hits("vegetables", &["--from", "1900-01-01"]).is_empty());
}

#[test]
fn an_unparseable_front_matter_date_warns_too() {
    let env = TestEnv::new();
    env.write(
        "corpus/someday.txt",
        "---\ntitle: Someday\ndate: someday soon\n---\nThe bridge will be finished someday, the mayor promised again.\n",
    );
    let output = index(&env, &[]);
    assert!(stderr(&output).contains("corpus/someday.txt: unparsed date \"someday soon\""));
    let hit = env.only_hit("bridge");
    assert_eq!(str_at(&hit, "/article/title"), Some("Someday"));
    assert_eq!(hit["article"]["date"], serde_json::Value::Null);
}

#[test]
fn unparseable_files_and_files_without_text_are_skipped_with_the_reason() {
    let env = TestEnv::new();
    env.copy_fixture("malformed/not-json.json", "corpus");
    env.copy_fixture("malformed/no-text.json", "corpus");
    env.write(
        "corpus/real.txt",
        "A real article sits beside the broken JSON files.\n",
    );
    let output = index(&env, &[]);
    let err = stderr(&output);
    assert!(
        err.contains("corpus/not-json.json: skipped (malformed): invalid JSON"),
        "{err}"
    );
    assert!(
        err.contains("corpus/no-text.json: skipped (no articles)"),
        "{err}"
    );
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 1 articles, 1 passages from 1 files");
    assert_eq!(
        rest,
        [
            "skipped 2 files: 1 malformed, 1 no articles",
            "index: index"
        ]
    );
}

#[test]
fn a_corpus_of_every_kind_of_problem_still_indexes_the_good_articles() {
    let env = TestEnv::new();
    env.copy_fixture("malformed", "corpus");
    env.write("corpus/empty.md", "");
    env.write("corpus/data.txt", b"\0\x01\x02\x03");
    env.write(
        "corpus/latin1.txt",
        b"Caf\xe9 owners protested against the new parking rules in the old square.\n",
    );
    let output = index(&env, &[]);
    let (counts, rest) = summary(&output);
    assert_eq!(counts, "indexed 4 articles, 4 passages from 3 files");
    assert_eq!(
        rest,
        [
            "skipped 7 files: 1 binary, 2 empty, 1 malformed, 1 no articles, 2 unknown extension",
            "warnings: 2 bad records skipped, 1 invalid utf-8 replaced, 1 unparsed dates",
            "index: index",
        ]
    );
    assert_eq!(env.search_json("*", &[])["total_hits"], 4);
}

#[test]
fn quiet_hides_the_warnings_but_the_summary_still_counts_them() {
    let env = TestEnv::new();
    env.copy_fixture("malformed", "corpus");
    let output = index(&env, &["--quiet"]);
    assert_eq!(stderr(&output), "");
    let (_, rest) = summary(&output);
    assert_eq!(rest.len(), 3, "{rest:?}");
    assert!(rest[0].starts_with("skipped 5 files: "), "{rest:?}");
    assert!(rest[1].starts_with("warnings: "), "{rest:?}");
}

#[test]
fn a_corpus_with_nothing_readable_gives_an_empty_index_that_finds_nothing() {
    let env = TestEnv::new();
    env.write("corpus/empty.txt", "");
    env.copy_fixture("malformed/report.pdf", "corpus");
    let output = index(&env, &[]);
    let (counts, _) = summary(&output);
    assert_eq!(counts, "indexed 0 articles, 0 passages from 0 files");
    let search = env.search("*", &[]);
    assert_eq!(search.status.code(), Some(1));
    assert_eq!(stdout(&search), "no passages match \"*\"\n");
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let env = TestEnv::new();
    env.write(
        "elsewhere/outside.txt",
        "An article outside the corpus mentions the lighthouse keeper.\n",
    );
    env.write(
        "corpus/inside.txt",
        "An article inside the corpus mentions the harbour master.\n",
    );
    std::os::unix::fs::symlink(
        env.path().join("elsewhere/outside.txt"),
        env.path().join("corpus/link.txt"),
    )
    .expect("make a symlink");
    let output = index(&env, &[]);
    assert!(
        stderr(&output).contains("corpus/link.txt: skipped (symlink)"),
        "{}",
        stderr(&output)
    );
    let (_, rest) = summary(&output);
    assert_eq!(rest, ["skipped 1 files: 1 symlink", "index: index"]);
    assert!(env.hits("lighthouse", &[]).is_empty());
}
