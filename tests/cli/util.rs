//! The test environment: a temporary folder that holds a corpus and an index, and runs the real
//! `newsdex` binary inside it.
//!
//! Every command runs with the temporary folder as its current directory and with relative paths
//! (`corpus/…`, `index`), so the paths in the output are the same on every machine and can be
//! snapshotted.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The folder of the checked-in fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary folder in which to write a corpus, build an index and search it.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    /// An empty temporary folder.
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("newsdex-cli-")
            .tempdir()
            .expect("create a temporary folder");
        TestEnv { dir }
    }

    /// A folder whose `corpus/` is a copy of `tests/fixtures/<fixture>` (a folder or one file).
    pub fn with_fixture(fixture: &str) -> TestEnv {
        let env = TestEnv::new();
        env.copy_fixture(fixture, "corpus");
        env
    }

    /// The temporary folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating its folders) at a path relative to the temporary folder.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the file's folder");
        }
        std::fs::write(&path, contents).expect("write the file");
    }

    /// Reads a file relative to the temporary folder.
    pub fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.path().join(relative)).expect("read the file")
    }

    /// Copies `tests/fixtures/<fixture>` (a file, or a folder recursively) to `dest` in the
    /// temporary folder. A file is copied into the folder `dest`.
    pub fn copy_fixture(&self, fixture: &str, dest: &str) {
        let source = fixtures().join(fixture);
        assert!(source.exists(), "no fixture {}", source.display());
        let dest = self.path().join(dest);
        if source.is_file() {
            std::fs::create_dir_all(&dest).expect("create the destination");
            let name = source.file_name().expect("a file name");
            std::fs::copy(&source, dest.join(name)).expect("copy the fixture");
        } else {
            copy_dir(&source, &dest);
        }
    }

    /// A `newsdex` command running in the temporary folder.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdex"));
        cmd.current_dir(self.path()).env_remove("NO_COLOR");
        cmd
    }

    /// Runs `newsdex index corpus --index index --threads 1`, asserts that it succeeds and
    /// returns its stdout (the summary).
    pub fn index(&self) -> String {
        let output = self
            .cmd()
            .args(["index", "corpus", "--index", "index", "--threads", "1"])
            .output()
            .expect("run newsdex index");
        assert_eq!(
            output.status.code(),
            Some(0),
            "newsdex index failed\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        stdout(&output)
    }

    /// Runs `newsdex search QUERY --index index ARGS…` and returns the output, whatever the exit
    /// code.
    pub fn search(&self, query: &str, args: &[&str]) -> Output {
        self.cmd()
            .args(["search", query, "--index", "index"])
            .args(args)
            .output()
            .expect("run newsdex search")
    }

    /// Runs a search with `--format json` and extra arguments, asserts that it exits 0 or 1 and
    /// returns the parsed document.
    pub fn search_json(&self, query: &str, args: &[&str]) -> Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let output = self.search(query, &all);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "search {query:?} {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
            panic!(
                "search {query:?} printed invalid JSON ({err}):\n{}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }

    /// The hits of a JSON search.
    pub fn hits(&self, query: &str, args: &[&str]) -> Vec<Value> {
        self.search_json(query, args)["hits"]
            .as_array()
            .expect("hits is an array")
            .clone()
    }

    /// The hit for a query that must match exactly one passage.
    pub fn only_hit(&self, query: &str) -> Value {
        let hits = self.hits(query, &[]);
        assert_eq!(
            hits.len(),
            1,
            "{query:?} should match one passage: {hits:#?}"
        );
        hits.into_iter().next().expect("one hit")
    }
}

fn copy_dir(source: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).expect("create the destination");
    for entry in std::fs::read_dir(source).expect("read the fixture folder") {
        let entry = entry.expect("read a fixture entry");
        let target = dest.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// A command's stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// A command's stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A string field of a JSON value, or `None` when it is null or missing.
pub fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// The `(title, passage number)` of each hit, for comparing rankings.
pub fn titles_and_passages(hits: &[Value]) -> Vec<(String, u64)> {
    hits.iter()
        .map(|hit| {
            (
                str_at(hit, "/article/title").expect("a title").to_string(),
                hit["passage"]["number"].as_u64().expect("a passage number"),
            )
        })
        .collect()
}

/// The article ids of the hits, in rank order.
pub fn article_ids(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|hit| str_at(hit, "/article/id").expect("an id").to_string())
        .collect()
}

/// Replaces the value of every `"score": …` in pretty-printed JSON with `"[score]"`, so that
/// snapshots do not depend on BM25's floating-point details.
pub fn redact_json_scores(json: &str) -> String {
    json.lines()
        .map(|line| match line.split_once("\"score\": ") {
            Some((indent, value)) => {
                let number = value.trim_end_matches(',');
                assert!(number.parse::<f64>().is_ok(), "a numeric score: {line}");
                let comma = if value.ends_with(',') { "," } else { "" };
                format!("{indent}\"score\": \"[score]\"{comma}\n")
            }
            None => format!("{line}\n"),
        })
        .collect()
}

/// Replaces the number after each `score ` in text output with `[score]`.
pub fn redact_text_scores(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("score ") {
        let (before, after) = rest.split_at(at + "score ".len());
        out.push_str(before);
        let number_len = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        assert!(number_len > 0, "a number after `score `: {text}");
        out.push_str("[score]");
        rest = &after[number_len..];
    }
    out.push_str(rest);
    out
}
