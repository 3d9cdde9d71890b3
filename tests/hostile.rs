//! Hostile input (issue 6): whatever the corpus or the query holds, newsdex reports the problem
//! with its path, counts it and carries on. It never panics and never aborts the run.
//!
//! 1. Any bytes in any supported format, through `corpus::read_file` and `corpus::stream_file`,
//!    and any string through `passage::split` and `extract::mentions` (proptest).
//! 2. Any query string, through `search::Archive::search` (proptest), and huge ones through the
//!    binary.
//! 3. Streaming JSON Lines: a 10 MB line, an over-long line, and (ignored by default, it writes
//!    1 GB) the peak memory of streaming a 1 GB file.
//! 4. Deeply nested JSON, HTML and SGML, file names that are not UTF-8, symlink loops, special
//!    files, unreadable files and folders, and files that change while they are read.

use newsdex::article::{parse_date, Article};
use newsdex::corpus::{self, FileEntry, SkipReason, Skipped, Warning, WarningKind};
use newsdex::search::{Archive, SearchRequest};
use newsdex::{extract, index, output, passage};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A proptest configuration of `cases` cases, or of `PROPTEST_CASES` when it is set (for a longer
/// fuzzing session), never writing regression files.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn entry(path: &Path) -> FileEntry {
    FileEntry {
        path: path.to_path_buf(),
        relative: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        size: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// Streams a file, collecting what it hands over.
fn stream(entry: &FileEntry) -> (Result<(), Skipped>, Vec<Article>, Vec<Warning>) {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let result = corpus::stream_file(entry, &mut |a| articles.push(a), &mut |w| warnings.push(w));
    (result, articles, warnings)
}

/// Whether this process can read a file whose permissions forbid it (it runs as root or with
/// CAP_DAC_OVERRIDE), in which case `chmod 000` proves nothing.
fn can_read_anything(dir: &Path) -> bool {
    let probe = dir.join("probe-000");
    let _ = fs::write(&probe, "x");
    set_mode(&probe, 0o000);
    let readable = fs::read(&probe).is_ok();
    set_mode(&probe, 0o644);
    let _ = fs::remove_file(&probe);
    readable
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

fn newsdex() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsdex"))
}

/// Asserts that a byte range is inside `text` and on character boundaries.
fn assert_range(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert!(end <= text.len(), "{what}: end {end} > len {}", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on char boundaries of {text:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 1. Any bytes in any format

const EXTENSIONS: &[&str] = &["txt", "md", "json", "jsonl", "ndjson", "html", "htm", "sgm"];

/// Pieces of every format, to glue together into near-valid junk.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "\t",
    "\u{feff}",
    "\0",
    "é",
    "İ",
    "ẞ",
    "ﬁ",
    "🙂",
    "\u{2028}",
    "\u{200b}",
    "\u{0301}",
    "word",
    "Iraq",
    "2,500 troops",
    "$1.5bn",
    "90 percent",
    "Lloyd Austin",
    ".",
    "#",
    "---",
    "title: T",
    "date: 2024-01-01",
    "date: 99999-99-99",
    "id:",
    ":",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"title\"",
    "\"text\"",
    "\"body\"",
    "\"date\"",
    "\"published\"",
    "\"id\"",
    "\"source\"",
    "{\"name\":\"x\"}",
    "\"articles\"",
    "\"2024-01-25\"",
    "\"soon\"",
    "1e308",
    "-1e308",
    "1e400",
    "-0",
    "12345678901234567890123",
    "1700000000000",
    "-9223372036854775808",
    "253402300800",
    "null",
    "true",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\\\\"",
    "\"x\"",
    "<html>",
    "<head>",
    "<title>",
    "</title>",
    "<body>",
    "<p>",
    "</p>",
    "<div class=\"nav\">",
    "</div>",
    "<h1>",
    "</h1>",
    "<article>",
    "<script>",
    "</script>",
    "<style>",
    "<meta property=\"og:title\" content=\"",
    "<meta property=\"article:published_time\" content=\"",
    "\">",
    "<time datetime=\"",
    "<script type=\"application/ld+json\">",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&#99999999999;",
    "<!--",
    "-->",
    "<![CDATA[",
    "<br>",
    "<li>",
    "<table>",
    "<td>",
    "<pre>",
    " hidden",
    " style=\"display:none\"",
    "<REUTERS NEWID=\"1\">",
    "<REUTERS",
    "</REUTERS>",
    "<DATE>",
    "</DATE>",
    "26-FEB-1987 15:01:01.79",
    "<TEXT>",
    "</TEXT>",
    "<TEXT TYPE=\"BRIEF\">",
    "<TEXT TYPE=\"UNPROC\">",
    "<TITLE>",
    "</TITLE>",
    "<BODY>",
    "</BODY>",
    "<DATELINE>",
    "</DATELINE>",
    "Reuter",
    "&#3;",
    "&lt;",
    "&#",
    "&",
    "<",
    ">",
    "\u{3}",
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">",
];

/// Raw bytes that are not UTF-8, or are byte-order marks.
const RAW: &[&[u8]] = &[
    b"\xFF",
    b"\xFE",
    b"\xC3",
    b"\xE9",
    b"\xED\xA0\x80",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xEF\xBB\xBF",
    b"\xF4\x90\x80\x80",
];

fn junk() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
        1 => select(RAW).prop_map(<[u8]>::to_vec),
        1 => any::<String>().prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

/// Well-formed files of each format filled with arbitrary strings, so that articles come out and
/// their fields can be checked.
fn templated() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let text = || {
        prop_oneof![
            3 => any::<String>(),
            1 => junk().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ]
    };
    let date = prop_oneof![
        select(
            &[
                "2024-01-25",
                "1987-02-26T15:01:01Z",
                "26-FEB-1987 15:01:01.79",
                "July 18, 2017",
                "0000-01-01",
                "9999-12-31T23:59:59Z",
                "+10000-01-01",
                "-0001-01-01",
                "soon",
                ""
            ][..]
        )
        .prop_map(str::to_string),
        any::<String>(),
    ];
    let epoch = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| if f.is_finite() {
            f.to_string()
        } else {
            "0".into()
        }),
        Just("1e300".to_string())
    ];
    (text(), text(), date, epoch, text(), 0usize..6).prop_map(|(title, body, date, epoch, extra, which)| {
        let json = serde_json::json!({"title": title, "text": body, "date": date, "id": extra, "source": {"name": extra}, "url": extra});
        match which {
            0 => ("json", serde_json::to_vec(&serde_json::json!({"articles": [json, {"text": body, "published": 0}]})).unwrap_or_default()),
            1 => {
                let line = serde_json::to_string(&json).unwrap_or_default();
                let numeric = format!("{{\"text\": {}, \"date\": {epoch}}}", serde_json::to_string(&body).unwrap_or_default());
                ("jsonl", format!("{line}\n\n{numeric}\n{extra}\n").into_bytes())
            }
            2 => ("md", format!("---\ntitle: {}\ndate: {date}\nsource: {extra}\nid: {extra}\n---\n{body}", title.replace('\n', " ")).into_bytes()),
            3 => ("txt", format!("{}\n\n{body}", title.replace('\n', " ")).into_bytes()),
            4 => ("html", format!("<html><head><title>{title}</title><meta property=\"article:published_time\" content=\"{date}\"><meta property=\"og:site_name\" content=\"{extra}\"></head><body><nav>{extra}</nav><article><h1>{title}</h1><p>{body}</p><p>{extra}</p></article></body></html>").into_bytes()),
            _ => ("sgm", format!("<REUTERS NEWID=\"{epoch}\"><DATE>{date}</DATE><TEXT><TITLE>{title}</TITLE><DATELINE>{extra}</DATELINE><BODY>{body}\n Reuter\n&#3;</BODY></TEXT></REUTERS>\n<REUTERS><TEXT TYPE=\"BRIEF\"><TITLE>{extra}</TITLE></TEXT></REUTERS>").into_bytes()),
        }
    })
}

fn any_file() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    prop_oneof![
        (
            select(EXTENSIONS),
            prop::collection::vec(any::<u8>(), 0..1024)
        ),
        (select(EXTENSIONS), junk()),
        templated(),
    ]
}

/// Checks what `read_file` made of a file, and that `stream_file` agrees.
fn check_read(path: &Path) -> Result<(), TestCaseError> {
    let entry = entry(path);
    let read = corpus::read_file(&entry);
    let (streamed, articles, warnings) = stream(&entry);
    let display = path.display().to_string();
    match read {
        Err(skipped) => {
            prop_assert_eq!(&skipped.path, &display);
            prop_assert_eq!(streamed.err().map(|s| s.reason), Some(skipped.reason));
            prop_assert!(articles.is_empty(), "a skipped file handed over articles");
        }
        Ok(parsed) => {
            prop_assert!(
                streamed.is_ok(),
                "read_file read it but stream_file did not"
            );
            prop_assert_eq!(&parsed.articles, &articles);
            prop_assert_eq!(&parsed.warnings, &warnings);
            prop_assert!(!parsed.articles.is_empty());
            for article in &parsed.articles {
                prop_assert!(!article.text.trim().is_empty(), "blank text: {article:?}");
                prop_assert_eq!(&article.path, &display);
                prop_assert!(!article.id.trim().is_empty(), "blank id: {article:?}");
                prop_assert!(!article.title.trim().is_empty(), "blank title: {article:?}");
                for field in [&article.source, &article.url].into_iter().flatten() {
                    prop_assert!(!field.trim().is_empty(), "blank field: {article:?}");
                }
                if let Some(date) = &article.date {
                    let again = parse_date(&date.text).map(|d| d.timestamp);
                    prop_assert_eq!(
                        again,
                        Some(date.timestamp),
                        "date {:?} does not read back",
                        date
                    );
                }
            }
            for warning in &parsed.warnings {
                prop_assert!(warning.location.starts_with(&display), "{warning:?}");
            }
        }
    }
    Ok(())
}

#[test]
fn any_bytes_in_any_format_are_read_or_skipped_never_a_panic() {
    let dir = TempDir::new().expect("temp dir");
    let mut runner = TestRunner::new(config(256));
    let result = runner.run(&any_file(), |(extension, bytes)| {
        let path = dir.path().join(format!("case.{extension}"));
        fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_read(&path)
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

/// Text that looks like news, with the characters that trip byte arithmetic: letters whose
/// lower case is longer or shorter, combining marks, wide and zero-width characters.
fn newsy() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "The",
        "US",
        "sent",
        "2,500",
        "troops",
        "to",
        "Iraq",
        "and",
        "about",
        "900",
        "Syria",
        ".",
        ",",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "Lloyd Austin",
        "Islamic State",
        "(IS)",
        "$1.5bn",
        "£3m",
        "€",
        "90 percent",
        "%",
        "one-third",
        "a third",
        "twenty-five",
        "1987",
        "26-FEB-1987",
        "Mr.",
        "U.S.",
        "Washington",
        "Baghdad",
        "Nice",
        "May",
        "İstanbul",
        "İ",
        "ẞ",
        "ß",
        "K",
        "Σ",
        "ﬁ",
        "Å",
        "e\u{301}",
        "\u{200b}",
        "\u{feff}",
        "🙂",
        "日本",
        "ＵＳ",
        "١٢٣",
        "½",
        "²",
        "Ⅻ",
        "\u{0}",
        "\u{fffd}",
        "\"",
        "“",
        "”",
        "—",
        "…",
        "?",
        "!",
        ":",
        "said",
        "rebels",
        "killed",
        "million",
        "billion",
        "km",
        "mph",
        "-",
        "–",
    ];
    prop_oneof![
        any::<String>(),
        prop::collection::vec(select(WORDS), 0..200).prop_map(|w| w.concat()),
        prop::collection::vec(select(WORDS), 0..60).prop_map(|w| w.join(" ").repeat(8)),
    ]
}

#[test]
fn any_text_splits_into_passages_on_char_boundaries() {
    let mut runner = TestRunner::new(config(256));
    let result = runner.run(&newsy(), |text| {
        let passages = passage::split(&text);
        let mut previous_end = 0;
        for (i, p) in passages.iter().enumerate() {
            prop_assert_eq!(p.number as usize, i + 1);
            assert_range(&text, p.start, p.end, "passage");
            prop_assert!(p.start >= previous_end, "passages overlap: {passages:?}");
            prop_assert!(
                !p.text(&text).trim().is_empty(),
                "blank passage {p:?} in {text:?}"
            );
            previous_end = p.end;
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

#[test]
fn any_text_gives_mentions_on_char_boundaries() {
    let mut runner = TestRunner::new(config(256));
    let result = runner.run(&newsy(), |text| {
        for m in extract::mentions(&text) {
            assert_range(&text, m.start, m.end, "mention");
            prop_assert_eq!(&m.text, &text[m.start..m.end], "mention text: {:?}", m);
            if let Some(value) = m.value {
                prop_assert!(!value.is_nan(), "NaN figure: {m:?}");
            }
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Any query

/// A tiny index of the entities fixture, built once per test.
fn tiny_archive() -> (TempDir, Archive) {
    let dir = TempDir::new().expect("temp dir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities");
    for file in fs::read_dir(&fixtures).expect("fixtures") {
        let file = file.expect("fixture").path();
        let name = file.file_name().expect("name");
        fs::copy(&file, corpus.join(name)).expect("copy");
    }
    let mut config = index::IndexConfig::new(corpus, dir.path().join("index"));
    config.threads = 1;
    index::build(&config, &mut index::Silent).expect("index builds");
    let archive = Archive::open(&config.index).expect("index opens");
    (dir, archive)
}

/// Query pieces: tantivy's syntax, every field, odd numbers and dates, odd characters.
const QUERY_PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    ":",
    "^",
    "~",
    "*",
    "?",
    "\\",
    "+",
    "-",
    "!",
    "/",
    " ",
    " ",
    " ",
    "AND",
    "OR",
    "NOT",
    "TO",
    "IN",
    ">",
    "<",
    ">=",
    "<=",
    "=",
    ".",
    ",",
    "1e9",
    "-1",
    "2.5",
    "NaN",
    "inf",
    "1e400",
    "0x10",
    "2024-01-01T00:00:00Z",
    "2024-13-45",
    "*:*",
    "actor:",
    "location:",
    "country:",
    "figures.troop:",
    "figures.:",
    "figures.USD:",
    "figures.troop:[",
    "figures.troop:[1000 TO *]",
    "figures.USD:>1e9",
    "article_figures.troop:",
    "article_actor:",
    "article_country:",
    "article_location:",
    "title:",
    "text:",
    "source:",
    "path:",
    "article_id:",
    "passage:",
    "date:",
    "date:[",
    "seq:",
    "entities:",
    "unit:",
    "location_facet:",
    "figure:",
    "nosuch:",
    "figures.troop.x:",
    "figures..:",
    "figures.:[",
    "troops",
    "Iraq",
    "IQ",
    "\"Lloyd Austin\"",
    "Austin",
    "ISIS",
    "Syria",
    "Syrian",
    "é",
    "İ",
    "日本",
    "\u{0}",
    "\u{fffd}",
    "🙂",
    "\t",
    "\n",
    "\u{200b}",
    "ﬁ",
    "\u{1f}",
    "\u{7f}",
];

fn odd_query() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(select(QUERY_PIECES), 0..30).prop_map(|p| p.concat()),
        2 => any::<String>(),
        1 => (select(QUERY_PIECES), any::<String>()).prop_map(|(field, s)| format!("{field}{s}")),
        1 => ("[a-zA-Z:. ]{1,12}", 1usize..2000).prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// Runs one query through the library and renders it, as the binary would.
fn check_query(archive: &Archive, query: &str) -> Result<(), TestCaseError> {
    match archive.search(&SearchRequest::new(query)) {
        Ok(results) => {
            for hit in &results.hits {
                for [start, end] in &hit.passage.highlights {
                    assert_range(&hit.passage.text, *start, *end, "highlight");
                }
            }
            let mut out = Vec::new();
            for format in [
                output::Format::Text,
                output::Format::Json,
                output::Format::Csv,
            ] {
                output::write_results(&mut out, &results, format, output::Style { color: true })
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
        }
        Err(err) => {
            prop_assert!(
                !err.to_string().trim().is_empty(),
                "an error without a message"
            );
        }
    }
    Ok(())
}

#[test]
fn any_query_gives_results_or_a_clear_error() {
    let (_dir, archive) = tiny_archive();
    let mut runner = TestRunner::new(config(256));
    let result = runner.run(&odd_query(), |query| check_query(&archive, &query));
    if let Err(err) = result {
        panic!("{err}");
    }
}

#[test]
fn huge_queries_give_results_or_a_clear_error() {
    let (_dir, archive) = tiny_archive();
    let huge = [
        "a".repeat(1 << 20),
        "troops ".repeat(20_000),
        "\"".repeat(100_001),
        "troops AND ".repeat(5_000) + "iraq",
        "actor:".repeat(10_000),
        "figures.troop:[1 TO 2] ".repeat(2_000),
        "country:IQ OR ".repeat(2_000) + "x",
        "-troops ".repeat(5_000),
        "é".repeat(100_000),
    ];
    for query in &huge {
        if let Err(err) = check_query(&archive, query) {
            panic!("query of {} bytes: {err}", query.len());
        }
    }
}

/// Queries nested a few thousand deep used to overflow the stack and abort the process (exit
/// 134), in tantivy's query grammar and in the query rewrites; they are now refused before
/// parsing with a clear error (exit 2). Run through the binary, so that an abort would be an exit
/// status rather than the end of the test harness.
#[test]
fn deeply_nested_queries_are_a_clear_error() {
    let (dir, _archive) = tiny_archive();
    let index = dir.path().join("index");
    for query in [
        "(".repeat(3_000),
        "(".repeat(12_000) + "a" + &")".repeat(12_000),
        "NOT ".repeat(2_500) + "a",
        "title:(".repeat(3_000),
    ] {
        let output = newsdex()
            .args(["search", &query, "--index"])
            .arg(&index)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{} bytes: {stderr}",
            query.len()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Streaming JSON Lines

fn article_line(i: usize) -> String {
    format!(
        "{{\"id\": \"a{i}\", \"title\": \"Story {i}\", \"date\": \"2024-01-25\", \"text\": \"Troops \
         left base {i} on Thursday, officials said. The withdrawal was planned for months.\"}}\n"
    )
}

#[test]
fn a_jsonl_with_a_10_mb_line_streams_and_bad_lines_are_warnings() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("big.jsonl");
    let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
    for i in 1..=20_000 {
        file.write_all(article_line(i).as_bytes()).expect("write");
    }
    // Line 20001: one article of 10 MB of text.
    let paragraph = "The coalition said troops would stay. ".repeat(100);
    let body = vec![paragraph.as_str(); 10 * 1024 * 1024 / paragraph.len() + 1].join("\\n\\n");
    writeln!(file, "{{\"title\": \"Huge\", \"text\": \"{body}\"}}").expect("write");
    // Line 20002: broken; line 20003: fine.
    writeln!(file, "{{\"title\": \"broken\", \"text\": ").expect("write");
    file.write_all(article_line(20_003).as_bytes())
        .expect("write");
    drop(file);
    let size = fs::metadata(&path).expect("size").len();
    assert!(size > 12_000_000, "the file is multi-MB: {size}");

    let entry = entry(&path);
    let (result, articles, warnings) = stream(&entry);
    assert_eq!(result, Ok(()));
    assert_eq!(articles.len(), 20_002);
    let huge = &articles[20_000];
    assert_eq!(huge.title, "Huge");
    assert!(huge.text.len() > 10 * 1024 * 1024, "{}", huge.text.len());
    assert_eq!(articles[20_001].id, "a20003");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].location,
        format!("{}:20002", path.display()),
        "{warnings:?}"
    );
    assert_eq!(warnings[0].kind, WarningKind::BadRecord);
    // read_file is stream_file collected.
    let parsed = corpus::read_file(&entry).expect("reads");
    assert_eq!(parsed.articles, articles);
    assert_eq!(parsed.warnings, warnings);
}

#[test]
fn a_line_longer_than_the_limit_is_skipped_with_a_warning() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("long.jsonl");
    let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
    file.write_all(article_line(1).as_bytes()).expect("write");
    let chunk = "x".repeat(1 << 20);
    write!(file, "{{\"text\": \"").expect("write");
    for _ in 0..=corpus::MAX_LINE_BYTES >> 20 {
        file.write_all(chunk.as_bytes()).expect("write");
    }
    writeln!(file, "\"}}").expect("write");
    file.write_all(article_line(3).as_bytes()).expect("write");
    drop(file);

    let (result, articles, warnings) = stream(&entry(&path));
    assert_eq!(result, Ok(()));
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a3"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location, format!("{}:2", path.display()));
    assert!(
        warnings[0].message.contains("line of more than"),
        "{warnings:?}"
    );
}

#[test]
fn jsonl_edge_cases_read_as_before() {
    let dir = TempDir::new().expect("temp dir");
    let cases: &[(&str, &[u8], Result<usize, SkipReason>)] = &[
        ("empty.jsonl", b"", Err(SkipReason::Empty)),
        ("blank.jsonl", b"\n \r\n\t\n", Err(SkipReason::Empty)),
        (
            "nul.jsonl",
            b"{\"text\": \"a\0b\"}\n",
            Err(SkipReason::Binary),
        ),
        (
            "notext.jsonl",
            b"{\"title\": \"t\"}\n[1]\n",
            Err(SkipReason::NoArticles),
        ),
        (
            "bom.jsonl",
            b"\xEF\xBB\xBF{\"text\": \"a\"}\r\n{\"text\": \"b\"}",
            Ok(2),
        ),
        ("latin1.jsonl", b"{\"text\": \"caf\xE9\"}\n", Ok(1)),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).expect("write");
        let got = corpus::read_file(&entry(&path))
            .map(|p| p.articles.len())
            .map_err(|s| s.reason);
        assert_eq!(&got, expected, "{name}");
    }
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "{\"text\": \"hi\"}\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let path = dir.path().join("utf16.jsonl");
    fs::write(&path, utf16).expect("write");
    let parsed = corpus::read_file(&entry(&path)).expect("reads");
    assert_eq!(parsed.articles[0].text, "hi");
    let path = dir.path().join("latin1.jsonl");
    let parsed = corpus::read_file(&entry(&path)).expect("reads");
    assert_eq!(parsed.articles[0].text, "caf\u{fffd}");
    assert_eq!(parsed.warnings[0].kind, WarningKind::InvalidUtf8);
    assert_eq!(parsed.warnings[0].location, path.display().to_string());
}

/// Found by the proptest: an epoch number far in the past gave the date "-0636-09-04T10:43:08Z",
/// which is not RFC 3339 and does not read back. Dates outside the years 0000 to 9999 are dropped
/// with a warning.
#[test]
fn dates_outside_years_0_to_9999_are_dropped_with_a_warning() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("epochs.jsonl");
    fs::write(
        &path,
        "{\"text\": \"a\", \"date\": -82216041412.66486}\n\
         {\"text\": \"b\", \"date\": 5000000000000000}\n\
         {\"text\": \"c\", \"date\": 1706140800}\n\
         {\"text\": \"d\", \"date\": 1e300}\n",
    )
    .expect("write");
    let parsed = corpus::read_file(&entry(&path)).expect("reads");
    let dates: Vec<Option<&str>> = parsed
        .articles
        .iter()
        .map(|a| a.date.as_ref().map(|d| d.text.as_str()))
        .collect();
    assert_eq!(dates, [None, None, Some("2024-01-25"), None]);
    let warnings: Vec<(&str, WarningKind)> = parsed
        .warnings
        .iter()
        .map(|w| (w.location.as_str(), w.kind))
        .collect();
    let at = |line: usize| format!("{}:{line}", path.display());
    assert_eq!(
        warnings,
        [
            (at(1).as_str(), WarningKind::BadDate),
            (at(2).as_str(), WarningKind::BadDate),
            (at(4).as_str(), WarningKind::BadDate)
        ]
    );
}

/// Peak memory of streaming a generated JSON Lines file of 1 GB (or `NEWSDEX_BIG_JSONL`, if set,
/// an existing file). Run with
/// `cargo test --release --test hostile -- --ignored --nocapture streaming_1gb`.
#[test]
#[ignore = "writes and reads 1 GB"]
fn streaming_1gb_jsonl_keeps_memory_bounded() {
    let dir = TempDir::new().expect("temp dir");
    let path = match std::env::var_os("NEWSDEX_BIG_JSONL") {
        Some(path) => PathBuf::from(path),
        None => {
            let path = dir.path().join("big.jsonl");
            let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
            let filler = " Officials said the talks would continue next week.".repeat(16);
            let mut written = 0u64;
            let mut i = 0;
            while written < 1 << 30 {
                i += 1;
                let line = format!(
                    "{{\"id\": \"a{i}\", \"title\": \"Story {i}\", \"date\": \"2024-01-25\", \
                     \"text\": \"Troops left base {i}.{filler}\"}}\n"
                );
                file.write_all(line.as_bytes()).expect("write");
                written += line.len() as u64;
            }
            path
        }
    };
    let size = fs::metadata(&path).expect("size").len();
    let rss_before = peak_rss_kb();
    let started = std::time::Instant::now();
    let mut count = 0u64;
    let mut text_bytes = 0u64;
    let result = corpus::stream_file(
        &entry(&path),
        &mut |a| {
            count += 1;
            text_bytes += a.text.len() as u64;
        },
        &mut |w| panic!("unexpected warning {w}"),
    );
    assert_eq!(result, Ok(()));
    let peak = peak_rss_kb();
    println!(
        "streamed {count} articles ({:.0} MB of text) from {:.2} GB in {:.1} s; peak RSS {} MB \
         (before reading {} MB)",
        text_bytes as f64 / 1e6,
        size as f64 / 1e9,
        started.elapsed().as_secs_f64(),
        peak / 1024,
        rss_before / 1024,
    );
    assert!(size >= 1 << 30 || std::env::var_os("NEWSDEX_BIG_JSONL").is_some());
    assert!(peak < 200 * 1024, "peak RSS {peak} kB is not bounded");
}

/// The process's peak resident set (`VmHWM`), in kB.
fn peak_rss_kb() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")
                    .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// 4. Deep nesting, odd names, symlink loops, special and unreadable files, files that change

#[test]
fn deeply_nested_input_is_skipped_or_warned_never_a_stack_overflow() {
    let dir = TempDir::new().expect("temp dir");
    let deep = 100_000;
    let array = "[".repeat(deep);
    let objects = "{\"a\":".repeat(deep);
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        fs::write(&path, text).expect("write");
        path
    };
    // A .json document: malformed, with the parser's reason.
    for (name, text) in [
        ("arrays.json", array.clone()),
        ("objects.json", objects.clone()),
    ] {
        let skipped = corpus::read_file(&entry(&write(name, text))).expect_err("skipped");
        assert_eq!(skipped.reason, SkipReason::Malformed, "{skipped}");
        assert!(skipped.detail.contains("recursion limit"), "{skipped}");
    }
    // A .jsonl line: a warning at its line; the other lines are read.
    let lines = format!("{}{array}\n{objects}\n{}", article_line(1), article_line(4));
    let path = write("nested.jsonl", lines);
    let parsed = corpus::read_file(&entry(&path)).expect("reads");
    assert_eq!(parsed.articles.len(), 2);
    let locations: Vec<&str> = parsed
        .warnings
        .iter()
        .map(|w| w.location.as_str())
        .collect();
    let at = |line: usize| format!("{}:{line}", path.display());
    assert_eq!(locations, [at(2), at(3)]);
    // Markup nested 100k deep: read or skipped, but no stack overflow.
    // html5ever's tree builder takes time quadratic in the depth of nested blocks (100k nested
    // <div> take some 25 s), so blocks are nested 20k deep: still far deeper than recursion
    // could survive.
    let html = format!(
        "<html><body>{}deep text{}</body></html>",
        "<div>".repeat(deep / 5),
        "</div>".repeat(deep / 5)
    );
    let html_inline = format!("<p>{}text", "<b><i>".repeat(deep));
    let sgml = format!("{}<TEXT><BODY>deep</BODY></TEXT>", "<REUTERS>".repeat(deep));
    let md = format!("{}deep\n", "> ".repeat(deep));
    for (name, text) in [
        ("deep.html", html),
        ("inline.htm", html_inline),
        ("deep.sgm", sgml),
        ("deep.md", md),
    ] {
        let _ = corpus::read_file(&entry(&write(name, text)));
    }
    // A deep JSON-LD block inside a page.
    let ld = format!("<html><head><script type=\"application/ld+json\">{array}</script></head><body><p>Text of the page that is long enough.</p></body></html>");
    let _ = corpus::read_file(&entry(&write("ld.html", ld)));
}

#[test]
fn non_utf8_file_names_are_read_and_reported_with_escapes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().expect("temp dir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    let names: [&[u8]; 3] = [b"caf\xE9.txt", b"caf\xFF.txt", b"sub\xC3"];
    let latin = corpus.join(OsStr::from_bytes(names[0]));
    if fs::write(
        &latin,
        "Troops left the base on Thursday, officials said.\n",
    )
    .is_err()
    {
        eprintln!("this file system refuses names that are not UTF-8; nothing to test");
        return;
    }
    fs::write(
        corpus.join(OsStr::from_bytes(names[1])),
        "Talks on the withdrawal began in Baghdad on Friday.\n",
    )
    .expect("write");
    let sub = corpus.join(OsStr::from_bytes(names[2]));
    fs::create_dir(&sub).expect("mkdir");
    fs::write(
        sub.join("inner.md"),
        "A story in a folder with an odd name, said officials.\n",
    )
    .expect("write");

    let entries: Vec<FileEntry> = corpus::walk(&corpus, None)
        .map(|e| e.expect("a file"))
        .collect();
    let relative: Vec<&str> = entries.iter().map(|e| e.relative.as_str()).collect();
    assert_eq!(
        relative,
        ["caf\\xE9.txt", "caf\\xFF.txt", "sub\\xC3/inner.md"]
    );
    for entry in &entries {
        let parsed = corpus::read_file(entry).expect("reads");
        let article = &parsed.articles[0];
        assert!(article.path.ends_with(&entry.relative), "{}", article.path);
        assert!(article.id.starts_with(&entry.relative), "{}", article.id);
        assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
        assert_eq!(parsed.warnings[0].kind, WarningKind::FileName);
    }

    // The binary indexes them, and says so.
    let output = newsdex()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("from 3 files"), "{stdout}");
    assert!(stderr.contains("caf\\xE9.txt"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn symlink_loops_are_never_followed() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let inner = corpus.join("inner");
    fs::create_dir_all(&inner).expect("mkdir");
    fs::write(
        inner.join("story.txt"),
        "Troops left the base on Thursday, officials said.\n",
    )
    .expect("write");
    symlink(".", inner.join("here")).expect("symlink");
    symlink("..", inner.join("up")).expect("symlink");
    symlink(&corpus, inner.join("root")).expect("symlink");
    symlink("self.txt", corpus.join("self.txt")).expect("symlink");
    symlink("b.json", corpus.join("a.json")).expect("symlink");
    symlink("a.json", corpus.join("b.json")).expect("symlink");

    let items: Vec<Result<FileEntry, Skipped>> = corpus::walk(&corpus, None).collect();
    let files: Vec<&str> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|e| e.relative.as_str())
        .collect();
    assert_eq!(files, ["inner/story.txt"]);
    let skipped: Vec<&Skipped> = items.iter().filter_map(|i| i.as_ref().err()).collect();
    assert_eq!(skipped.len(), 6, "{skipped:?}");
    assert!(
        skipped.iter().all(|s| s.reason == SkipReason::Symlink),
        "{skipped:?}"
    );

    // Reading a looping link directly is unreadable, not a hang.
    let looped = corpus::read_file(&entry(&corpus.join("a.json"))).expect_err("skipped");
    assert_eq!(looped.reason, SkipReason::Unreadable);

    let output = newsdex()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("from 1 files"), "{stdout}");
    assert!(stdout.contains("6 symlink"), "{stdout}");
}

#[test]
fn fifos_are_skipped_never_opened() {
    let dir = TempDir::new().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; nothing to test");
        return;
    }
    fs::write(
        dir.path().join("story.txt"),
        "Troops left the base, officials said.\n",
    )
    .expect("write");
    let items: Vec<Result<FileEntry, Skipped>> = corpus::walk(dir.path(), None).collect();
    let skipped: Vec<&Skipped> = items.iter().filter_map(|i| i.as_ref().err()).collect();
    assert_eq!(skipped.len(), 1, "{items:?}");
    assert_eq!(skipped[0].reason, SkipReason::Special);
    assert_eq!(skipped[0].path, fifo.display().to_string());
    // Handed to the reader anyway (say it was made after the walk), it is not opened.
    let read = corpus::read_file(&entry(&fifo)).expect_err("skipped");
    assert_eq!(read.reason, SkipReason::Special);
}

#[test]
fn unreadable_files_and_folders_are_reported_with_their_paths() {
    let dir = TempDir::new().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let locked = corpus.join("locked");
    fs::create_dir_all(&locked).expect("mkdir");
    fs::write(
        locked.join("hidden-story.txt"),
        "A story nobody can read, officials said.\n",
    )
    .expect("write");
    let file = corpus.join("secret.txt");
    fs::write(&file, "A story nobody can read, officials said.\n").expect("write");
    fs::write(
        corpus.join("open.txt"),
        "Troops left the base on Thursday, officials said.\n",
    )
    .expect("write");
    let privileged = can_read_anything(dir.path());
    set_mode(&file, 0o000);
    set_mode(&locked, 0o000);

    let items: Vec<Result<FileEntry, Skipped>> = corpus::walk(&corpus, None).collect();
    let read: Vec<Result<usize, Skipped>> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|e| corpus::read_file(e).map(|p| p.articles.len()))
        .collect();
    let output = newsdex()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .output()
        .expect("runs");
    set_mode(&file, 0o644);
    set_mode(&locked, 0o755);

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    if privileged {
        eprintln!("running with the right to read anything: chmod 000 blocks nothing here");
        assert!(stdout.contains("from 3 files"), "{stdout}");
        return;
    }
    let folder_skip = items
        .iter()
        .filter_map(|i| i.as_ref().err())
        .find(|s| s.path == locked.display().to_string())
        .expect("the locked folder is reported");
    assert_eq!(folder_skip.reason, SkipReason::Unreadable);
    let file_skip = read
        .iter()
        .filter_map(|r| r.as_ref().err())
        .find(|s| s.path == file.display().to_string())
        .expect("the locked file is reported");
    assert_eq!(file_skip.reason, SkipReason::Unreadable);
    assert!(stdout.contains("from 1 files"), "{stdout}");
    assert!(stdout.contains("2 unreadable"), "{stdout}");
    assert!(stderr.contains("secret.txt"), "{stderr}");
}

/// Writes a JSON Lines file larger than the read buffer, so that a change made from inside a
/// callback lands before the reader is done.
fn write_lines(path: &Path, lines: usize) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    for i in 1..=lines {
        file.write_all(article_line(i).as_bytes()).expect("write");
    }
}

#[test]
fn a_file_truncated_or_grown_while_streamed_keeps_what_was_read_with_a_warning() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("live.jsonl");
    write_lines(&path, 5_000);

    // Truncated after the first article.
    let mut articles = 0;
    let mut warnings = Vec::new();
    let result = corpus::stream_file(
        &entry(&path),
        &mut |_| {
            articles += 1;
            if articles == 1 {
                fs::File::create(&path).expect("truncate");
            }
        },
        &mut |w| warnings.push(w),
    );
    assert_eq!(result, Ok(()));
    assert!((1..5_000).contains(&articles), "{articles}");
    let changed: Vec<&Warning> = warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Incomplete)
        .collect();
    assert_eq!(changed.len(), 1, "{warnings:?}");
    assert_eq!(changed[0].location, path.display().to_string());
    assert!(
        changed[0].message.contains("changed while it was read"),
        "{changed:?}"
    );

    // Grown by a line for every article read (a feed being written faster than it is read):
    // read as it was when opened, with a warning, and never an endless read.
    write_lines(&path, 5_000);
    let mut appender = fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    let mut articles = 0;
    let mut warnings = Vec::new();
    let result = corpus::stream_file(
        &entry(&path),
        &mut |_| {
            articles += 1;
            appender
                .write_all(article_line(articles + 5_000).as_bytes())
                .expect("append");
        },
        &mut |w| warnings.push(w),
    );
    assert_eq!(result, Ok(()));
    assert_eq!(articles, 5_000);
    assert!(
        warnings.iter().any(|w| w.kind == WarningKind::Incomplete),
        "{warnings:?}"
    );

    // Cut to half a line: the broken last line is a warning.
    write_lines(&path, 5_000);
    let mut articles = 0;
    let mut warnings = Vec::new();
    let result = corpus::stream_file(
        &entry(&path),
        &mut |_| {
            articles += 1;
            if articles == 1 {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .expect("open");
                file.set_len(100_003).expect("truncate");
            }
        },
        &mut |w| warnings.push(w),
    );
    assert_eq!(result, Ok(()));
    assert!(
        warnings.iter().any(|w| w.kind == WarningKind::BadRecord),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.kind == WarningKind::Incomplete),
        "{warnings:?}"
    );
}

#[test]
fn files_rewritten_while_read_are_read_or_skipped_never_a_panic() {
    let dir = TempDir::new().expect("temp dir");
    let names = [
        "live.txt",
        "live.json",
        "live.html",
        "live.sgm",
        "live.jsonl",
    ];
    let contents = |name: &str, n: usize| -> Vec<u8> {
        let body = "Troops left the base on Thursday, officials said. ".repeat(n);
        match name {
            "live.json" => format!("{{\"title\": \"T\", \"text\": \"{body}\"}}").into_bytes(),
            "live.html" => {
                format!("<html><body><article><p>{body}</p></article></body></html>").into_bytes()
            }
            "live.sgm" => {
                format!("<REUTERS><TEXT><TITLE>T</TITLE><BODY>{body}</BODY></TEXT></REUTERS>")
                    .into_bytes()
            }
            "live.jsonl" => (1..=n).map(article_line).collect::<String>().into_bytes(),
            _ => body.into_bytes(),
        }
    };
    for name in names {
        fs::write(dir.path().join(name), contents(name, 100)).expect("write");
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let dir = dir.path().to_path_buf();
        std::thread::spawn(move || {
            let mut round = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                round += 1;
                for name in names {
                    let path = dir.join(name);
                    let _ = match round % 4 {
                        0 => fs::write(&path, contents(name, 1 + round % 2_000)),
                        1 => fs::OpenOptions::new()
                            .write(true)
                            .open(&path)
                            .and_then(|f| f.set_len((round * 37 % 50_000) as u64)),
                        2 => fs::OpenOptions::new()
                            .append(true)
                            .open(&path)
                            .and_then(|mut f| f.write_all(&contents(name, 50))),
                        _ => fs::remove_file(&path)
                            .and_then(|()| fs::write(&path, contents(name, round % 300))),
                    };
                }
            }
        })
    };
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..150 {
        for name in names {
            let path = dir.path().join(name);
            let outcome = match corpus::read_file(&entry(&path)) {
                Ok(parsed) => {
                    let changed = parsed
                        .warnings
                        .iter()
                        .any(|w| w.kind == WarningKind::Incomplete);
                    if changed { "read, changed" } else { "read" }.to_string()
                }
                Err(skipped) => {
                    assert_eq!(skipped.path, path.display().to_string());
                    format!("skipped: {}", skipped.reason)
                }
            };
            *outcomes.entry(outcome).or_default() += 1;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().expect("the writer thread");
    eprintln!("outcomes while files changed: {outcomes:?}");
    assert_eq!(outcomes.values().sum::<usize>(), 150 * names.len());
}
