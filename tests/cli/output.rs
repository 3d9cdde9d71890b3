//! The output formats: text (plain when piped, bold highlights with `--color always`), JSON,
//! JSON Lines and CSV, and the byte ranges that tie a passage to its article's text.

use crate::util::{redact_json_scores, redact_text_scores, stdout, str_at, TestEnv};
use serde_json::Value;

fn archive() -> TestEnv {
    let env = TestEnv::with_fixture("archive");
    env.index();
    env
}

/// Runs a search that must find something and returns its stdout.
fn run(env: &TestEnv, query: &str, args: &[&str]) -> String {
    let output = env.search(query, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn text_output_snapshot() {
    let env = archive();
    let text = run(&env, "troops", &[]);
    insta::assert_snapshot!(redact_text_scores(&text));
}

#[test]
fn text_output_with_offset_and_no_metadata() {
    let env = archive();
    let text = run(&env, "bread", &["--offset", "1"]);
    insta::assert_snapshot!(redact_text_scores(&text));
}

#[test]
fn text_output_past_the_last_page_says_how_many_there_are() {
    let env = archive();
    let output = env.search("*", &["--offset", "20"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "no passages on this page; 8 in all for \"*\"\n"
    );
}

#[test]
fn json_output_snapshot() {
    let env = archive();
    let json = run(&env, "\"lloyd austin\" OR timeline", &["--format", "json"]);
    let doc: Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(doc["hits"].as_array().map(Vec::len), Some(2));
    // The text itself, to keep the key order and layout; only the scores are redacted.
    insta::assert_snapshot!(redact_json_scores(&json));
}

#[test]
fn text_is_plain_when_piped_and_with_color_never() {
    let env = archive();
    let auto = run(&env, "troops", &[]);
    assert!(
        !auto.contains('\x1b'),
        "no ANSI escapes when piped: {auto:?}"
    );
    assert_eq!(run(&env, "troops", &["--color", "never"]), auto);
    assert_eq!(run(&env, "troops", &["--color", "auto"]), auto);
}

#[test]
fn color_always_makes_the_matches_bold() {
    let env = archive();
    let text = run(&env, "troops", &["--color", "always"]);
    assert!(
        text.contains("the withdrawal of American \x1b[1mtroops\x1b[0m, officials"),
        "{text:?}"
    );
    // Matched by its stem, the bakery's "troop" is bold too.
    assert!(text.contains("A \x1b[1mtroop\x1b[0m of scouts"), "{text:?}");
    // Without the escapes, it is the plain output.
    let plain = text
        .replace("\x1b[1m", "")
        .replace("\x1b[2m", "")
        .replace("\x1b[32m", "")
        .replace("\x1b[0m", "");
    assert_eq!(plain, run(&env, "troops", &[]));
    // NO_COLOR does not override an explicit --color always.
    let output = env
        .cmd()
        .args(["search", "troops", "--index", "index", "--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(stdout(&output), text);
}

#[test]
fn json_has_the_documented_shape() {
    let env = archive();
    let doc = env.search_json("syria", &["--limit", "1"]);
    let keys = |value: &Value| -> Vec<String> {
        let mut keys: Vec<String> = value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&doc),
        ["hits", "query", "schema_version", "total_hits"]
    );
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["query"], "syria");
    assert_eq!(doc["total_hits"], 2);
    let hits = doc["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "--limit 1");
    let hit = &hits[0];
    assert_eq!(
        keys(hit),
        [
            "actors",
            "article",
            "countries",
            "figures",
            "locations",
            "passage",
            "rank",
            "score",
            "snippet"
        ]
    );
    assert_eq!(
        keys(&hit["article"]),
        ["date", "id", "path", "source", "title", "url"]
    );
    assert_eq!(
        keys(&hit["passage"]),
        ["end", "highlights", "number", "start", "text"]
    );
    assert_eq!(hit["rank"], 1);
    assert!(hit["score"].as_f64().expect("a number") > 0.0);
    assert!(str_at(hit, "/snippet")
        .expect("a snippet")
        .contains("Syria"));
    for range in hit["passage"]["highlights"].as_array().expect("ranges") {
        let text = str_at(hit, "/passage/text").expect("text");
        let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
        assert_eq!(&text[start as usize..end as usize], "Syria");
    }
}

#[test]
fn jsonl_prints_one_hit_per_line() {
    let env = archive();
    let jsonl = run(&env, "troops", &["--format", "jsonl"]);
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let json = env.search_json("troops", &[]);
    assert_eq!(lines.len(), 3);
    assert_eq!(&lines, json["hits"].as_array().expect("hits"));
    assert!(jsonl.ends_with('\n'));
}

#[test]
fn csv_has_a_header_and_one_row_per_hit() {
    let env = archive();
    let csv_text = run(&env, "talks OR oil", &["--format", "csv"]);
    let json = env.search_json("talks OR oil", &[]);
    let hits = json["hits"].as_array().expect("hits");

    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "rank",
            "score",
            "article_id",
            "path",
            "title",
            "date",
            "source",
            "url",
            "passage",
            "start",
            "end",
            "text",
            "snippet",
            "actors",
            "locations",
            "countries",
            "figures"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .map(|row| row.expect("a valid row"))
        .collect();
    assert_eq!(rows.len(), hits.len());
    assert!(rows.len() >= 3, "{csv_text}");
    for (row, hit) in rows.iter().zip(hits) {
        let field = |name: &str| &row[header.iter().position(|h| h == name).expect("column")];
        assert_eq!(field("rank"), hit["rank"].to_string());
        let score: f64 = field("score").parse().expect("a number");
        assert!((score - hit["score"].as_f64().expect("score")).abs() < 1e-4);
        assert_eq!(Some(field("article_id")), str_at(hit, "/article/id"));
        assert_eq!(Some(field("path")), str_at(hit, "/article/path"));
        assert_eq!(Some(field("title")), str_at(hit, "/article/title"));
        // Missing metadata is an empty cell.
        assert_eq!(field("date"), str_at(hit, "/article/date").unwrap_or(""));
        assert_eq!(
            field("source"),
            str_at(hit, "/article/source").unwrap_or("")
        );
        assert_eq!(field("url"), str_at(hit, "/article/url").unwrap_or(""));
        assert_eq!(field("passage"), hit["passage"]["number"].to_string());
        assert_eq!(field("start"), hit["passage"]["start"].to_string());
        assert_eq!(field("end"), hit["passage"]["end"].to_string());
        // Passage text with line breaks and commas survives the quoting.
        assert_eq!(Some(field("text")), str_at(hit, "/passage/text"));
        assert_eq!(Some(field("snippet")), str_at(hit, "/snippet"));
    }
    assert!(
        rows.iter().any(|row| row[11].contains("\n\n")),
        "the dateline passage has a blank line"
    );
}

#[test]
fn csv_with_no_hits_is_just_the_header() {
    let env = archive();
    let output = env.search("zeppelin", &["--format", "csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "rank,score,article_id,path,title,date,source,url,passage,start,end,text,snippet,actors,\
         locations,countries,figures\n"
    );
    let output = env.search("zeppelin", &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
}

#[test]
fn snippets_are_short_fragments_around_the_match() {
    let env = TestEnv::new();
    let long: String = (0..40)
        .map(|i| format!("Sentence {i} of the committee report covers routine business. "))
        .collect();
    env.write(
        "corpus/report.txt",
        format!("{long}The zeppelin hangar will be demolished next spring. {long}\n"),
    );
    env.index();
    for hit in env.hits("zeppelin", &[]) {
        let snippet = str_at(&hit, "/snippet").expect("snippet");
        assert!(snippet.contains("zeppelin"), "{snippet}");
        assert!(snippet.chars().count() <= 200, "{snippet}");
    }
}

/// Slices each passage of an article out of its body and compares it with the passage text.
fn assert_ranges_point_into(env: &TestEnv, query: &str, body: &str) {
    let hits = env.hits(query, &["--limit", "1000"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let start = hit["passage"]["start"].as_u64().expect("start") as usize;
        let end = hit["passage"]["end"].as_u64().expect("end") as usize;
        assert_eq!(
            body.get(start..end),
            str_at(hit, "/passage/text"),
            "passage {} of {}",
            hit["passage"]["number"],
            hit["article"]["path"]
        );
    }
}

#[test]
fn passage_byte_ranges_slice_the_article_body() {
    let env = archive();
    let file = String::from_utf8(env.read("corpus/2024-01-25-iraq-talks.txt")).expect("UTF-8");
    // The body is what follows the front matter.
    let body = file.splitn(3, "---\n").nth(2).expect("front matter");
    assert_ranges_point_into(&env, "path:corpus/2024-01-25-iraq-talks.txt", body);
    let hits = env.hits("path:corpus/2024-01-25-iraq-talks.txt", &[]);
    assert_eq!(hits.len(), 3);
    // The dateline is merged into the first passage.
    assert!(str_at(&hits[0], "/passage/text")
        .expect("text")
        .starts_with("BAGHDAD, Jan 25\n\nDefense Secretary"));
}

#[test]
fn passage_byte_ranges_count_bytes_not_characters() {
    let env = TestEnv::new();
    // A title line, multi-byte characters, and a paragraph long enough to be cut at sentences.
    let sentence = |i: usize| {
        format!(
            "Sentence {i} says the café’s owner — Zoë Müller — reopened after the renovation \
             and that the crêpes, the soupe à l’oignon and the pâtisserie were all back on the \
             menu for the winter season this year. "
        )
    };
    let long: String = (0..8).map(sentence).collect();
    let body = format!(
        "Ünïcode café reopens\n\nThe café on the corner — closed since March — reopened on Friday with a new menu.\n\n{}\n\nNaïve customers queued outside for the first croissants of the morning.\n",
        long.trim_end()
    );
    env.write("corpus/cafe.txt", &body);
    // The one-paragraph-per-line layout, with CRLF line ends.
    let lines = "Der Bürgermeister eröffnete die neue Brücke über den Fluss am Samstag.\r\n\
                 Über tausend Menschen feierten auf beiden Ufern bis spät in die Nacht.\r\n";
    env.write("corpus/brücke.txt", lines);
    env.index();

    let cafe_body = body.split_once("\n\n").expect("a title line").1.trim_end();
    let hits = env.hits("path:corpus/cafe.txt", &["--limit", "100"]);
    assert!(hits.len() >= 4, "the long paragraph is cut: {}", hits.len());
    assert_ranges_point_into(&env, "path:corpus/cafe.txt", cafe_body);
    let hit = env.only_hit("croissants");
    assert_eq!(str_at(&hit, "/article/title"), Some("Ünïcode café reopens"));

    assert_ranges_point_into(&env, "path:corpus/brücke.txt", lines.trim_end());
    let hit = env.only_hit("ufern");
    assert_eq!(str_at(&hit, "/article/title"), Some("Brücke"));
    assert_eq!(
        str_at(&hit, "/passage/text"),
        Some("Über tausend Menschen feierten auf beiden Ufern bis spät in die Nacht.")
    );
}
