//! Queries against a small archive (`tests/fixtures/archive`): phrases, boolean operators, fields,
//! stemming, `*`, date filters, the per-article cap and paging.
//!
//! The archive's eight passages, in corpus order:
//!
//! | article | passage | words that matter | date |
//! |---|---|---|---|
//! | US and Iraq begin talks (`talks`) | 1 | "Lloyd Austin", Iraq, coalition | 2024-01-25 |
//! | talks | 2 | troops, timeline, Baghdad | 2024-01-25 |
//! | talks | 3 | Iraq, Syria | 2024-01-25 |
//! | Austin bakery wins the bread prize (`bakery`) | 1 | "Lloyd Jones … Austin", bread | none |
//! | bakery | 2 | troop, bread | none |
//! | brief-1 | 1 | Syria | 2024-01-26T23:30:00Z |
//! | brief-2 | 1 | oil | 2024-01-24T16:00:00Z |
//! | brief-3 | 1 | troop, Iraq, talks | 2024-01-25T18:00:00Z |

use crate::util::{article_ids, str_at, titles_and_passages, TestEnv};
use serde_json::Value;

const TALKS: &str = "US and Iraq begin talks on the coalition";
const BAKERY: &str = "Austin bakery wins the bread prize";
const BRIEF_1: &str = "Border patrols stepped up";
const BRIEF_2: &str = "Oil prices fall again";
const BRIEF_3: &str = "Evening statement on troop levels";

fn archive() -> TestEnv {
    let env = TestEnv::with_fixture("archive");
    env.index();
    env
}

/// The `(title, passage)` pairs a query finds, in rank order.
fn found(env: &TestEnv, query: &str, args: &[&str]) -> Vec<(String, u64)> {
    titles_and_passages(&env.hits(query, args))
}

/// The same, sorted, for queries whose ranking is not the point.
fn found_set(env: &TestEnv, query: &str, args: &[&str]) -> Vec<(String, u64)> {
    let mut found = found(env, query, args);
    found.sort();
    found
}

fn pairs(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut pairs: Vec<_> = expected
        .iter()
        .map(|(title, n)| (title.to_string(), *n))
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn a_phrase_matches_only_adjacent_words() {
    let env = archive();
    assert_eq!(
        found(&env, "\"lloyd austin\"", &[]),
        pairs(&[(TALKS, 1)]),
        "the bakery passage has both words, apart"
    );
    assert_eq!(
        found_set(&env, "lloyd AND austin", &[]),
        pairs(&[(TALKS, 1), (BAKERY, 1)])
    );
    assert!(
        found(&env, "\"austin lloyd\"", &[]).is_empty(),
        "order matters"
    );
}

#[test]
fn and_requires_every_word() {
    let env = archive();
    assert_eq!(found(&env, "iraq AND syria", &[]), pairs(&[(TALKS, 3)]));
    assert_eq!(found(&env, "+iraq +syria", &[]), pairs(&[(TALKS, 3)]));
}

#[test]
fn or_is_the_default_and_passages_with_more_words_rank_first() {
    let env = archive();
    let expected = pairs(&[(BAKERY, 1), (BAKERY, 2), (BRIEF_2, 1)]);
    assert_eq!(found_set(&env, "bread OR oil", &[]), expected);
    assert_eq!(found_set(&env, "bread oil", &[]), expected);

    let ranked = found(&env, "iraq syria", &[]);
    assert_eq!(ranked.len(), 4, "{ranked:?}");
    assert_eq!(ranked[0], (TALKS.to_string(), 3), "the passage with both");
}

#[test]
fn not_and_minus_leave_out_passages_with_a_word() {
    let env = archive();
    assert_eq!(
        found_set(&env, "troops", &[]),
        pairs(&[(TALKS, 2), (BAKERY, 2), (BRIEF_3, 1)])
    );
    let expected = pairs(&[(TALKS, 2), (BAKERY, 2)]);
    assert_eq!(found_set(&env, "troops -iraq", &[]), expected);
    assert_eq!(found_set(&env, "troops NOT iraq", &[]), expected);
    assert_eq!(found_set(&env, "+troops -iraq", &[]), expected);
    // The README's example, and a leading word with an exclusion.
    assert_eq!(
        found(&env, "troops AND iraq -syria", &[]),
        pairs(&[(BRIEF_3, 1)])
    );
    assert_eq!(
        found_set(&env, "iraq -syria", &[]),
        pairs(&[(TALKS, 1), (BRIEF_3, 1)])
    );
}

#[test]
fn and_not_leaves_out_passages_with_a_word() {
    let env = archive();
    assert_eq!(
        found_set(&env, "troops AND NOT iraq", &[]),
        pairs(&[(TALKS, 2), (BAKERY, 2)])
    );
}

#[test]
fn a_field_query_searches_that_field_only() {
    let env = archive();
    // "bakery" is in the first passage's text, but the title matches both passages.
    assert_eq!(
        found_set(&env, "title:bakery", &[]),
        pairs(&[(BAKERY, 1), (BAKERY, 2)])
    );
    assert_eq!(found(&env, "bakery", &[]), pairs(&[(BAKERY, 1)]));
    // Titles rank by BM25 like text: the shorter title with "on" comes first, then every
    // passage of the longer one.
    let ids = article_ids(&env.hits("title:on", &[]));
    assert_eq!(ids.first().map(String::as_str), Some("brief-3"), "{ids:?}");
    assert!(
        ids.len() > 2 && ids[1..].iter().all(|id| id != "brief-3"),
        "{ids:?}"
    );
    // A title matches every passage of its article, whatever each passage says.
    assert_eq!(
        found_set(&env, "title:bakery AND NOT bakery", &[]),
        pairs(&[(BAKERY, 2)])
    );
    // Titles are stemmed like text.
    assert_eq!(found(&env, "title:troops", &[]), pairs(&[(BRIEF_3, 1)]));
    assert_eq!(
        found_set(&env, "source:service", &[]),
        pairs(&[(TALKS, 1), (TALKS, 2), (TALKS, 3)])
    );
    assert_eq!(
        article_ids(&env.hits("article_id:brief-2", &[])),
        ["brief-2"]
    );
    assert_eq!(
        found_set(&env, "path:corpus/briefs.jsonl", &[]),
        pairs(&[(BRIEF_1, 1), (BRIEF_2, 1), (BRIEF_3, 1)])
    );
    assert_eq!(found(&env, "passage:3", &[]), pairs(&[(TALKS, 3)]));
}

#[test]
fn words_match_by_their_english_stems() {
    let env = archive();
    let hits = env.hits("troops", &[]);
    let bakery = hits
        .iter()
        .find(|hit| str_at(hit, "/article/title") == Some(BAKERY))
        .expect("\"troops\" finds the bakery's \"troop\"");
    let text = str_at(bakery, "/passage/text").expect("text");
    let highlights: Vec<&str> = bakery["passage"]["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|range| {
            let start = range[0].as_u64().expect("start") as usize;
            let end = range[1].as_u64().expect("end") as usize;
            &text[start..end]
        })
        .collect();
    assert_eq!(highlights, ["troop"]);
    // And the other way round, and whatever the case.
    assert_eq!(
        found_set(&env, "troop", &[]),
        found_set(&env, "troops", &[])
    );
    assert_eq!(
        found_set(&env, "TROOPS", &[]),
        found_set(&env, "troops", &[])
    );
}

#[test]
fn star_matches_every_passage_in_corpus_order() {
    let env = archive();
    let doc = env.search_json("*", &["--limit", "100"]);
    assert_eq!(doc["total_hits"], 8);
    assert_eq!(
        titles_and_passages(doc["hits"].as_array().expect("hits")),
        [
            (TALKS, 1),
            (TALKS, 2),
            (TALKS, 3),
            (BAKERY, 1),
            (BAKERY, 2),
            (BRIEF_1, 1),
            (BRIEF_2, 1),
            (BRIEF_3, 1),
        ]
        .map(|(title, n)| (title.to_string(), n))
    );
    // An empty query is taken as `*`.
    assert_eq!(env.search_json("  ", &[])["total_hits"], 8);
}

#[test]
fn from_and_to_filter_by_date_and_a_bare_to_date_includes_that_day() {
    let env = archive();
    let ids = |args: &[&str]| {
        let mut ids = article_ids(&env.hits("*", args));
        ids.dedup();
        ids
    };
    // brief-3 is at 18:00 on the 25th: a bare --to date includes the whole day.
    assert_eq!(
        ids(&["--to", "2024-01-25"]),
        ["2024-01-25-iraq-talks.txt#1", "brief-2", "brief-3"]
    );
    assert_eq!(
        ids(&["--to", "2024-01-25T12:00:00Z"]),
        ["2024-01-25-iraq-talks.txt#1", "brief-2"]
    );
    assert_eq!(
        ids(&["--from", "2024-01-25"]),
        ["2024-01-25-iraq-talks.txt#1", "brief-1", "brief-3"]
    );
    assert_eq!(
        ids(&["--from", "2024-01-25", "--to", "2024-01-25"]),
        ["2024-01-25-iraq-talks.txt#1", "brief-3"]
    );
    assert_eq!(
        ids(&[
            "--from",
            "2024-01-25T18:00:01Z",
            "--to",
            "2024-01-26T23:30:00Z"
        ]),
        ["brief-1"]
    );
    // Other date forms are accepted too.
    assert_eq!(ids(&["--from", "January 26, 2024"]), ["brief-1"]);
    // The undated bakery article is never within a date range.
    assert!(!ids(&["--from", "1900-01-01"]).contains(&"austin-bakery.md#1".to_string()));
    // The filter combines with the query, and total_hits counts within the range.
    let doc = env.search_json("troops", &["--to", "2024-01-25"]);
    assert_eq!(doc["total_hits"], 2);
}

#[test]
fn a_date_range_can_also_be_written_in_the_query() {
    let env = archive();
    assert_eq!(
        article_ids(&env.hits("date:[2024-01-26T00:00:00Z TO *]", &[])),
        ["brief-1"]
    );
    // One exact date, to the second.
    assert_eq!(
        article_ids(&env.hits("date:\"2024-01-26T23:30:00Z\"", &[])),
        ["brief-1"]
    );
    assert!(env.hits("date:\"2024-01-26T23:30:01Z\"", &[]).is_empty());
}

#[test]
fn per_article_caps_the_passages_of_one_article() {
    let env = archive();
    let all = env.search_json("iraq", &[]);
    assert_eq!(all["total_hits"], 3);
    let all_ids = article_ids(all["hits"].as_array().expect("hits"));
    assert_eq!(
        all_ids
            .iter()
            .filter(|id| *id == "2024-01-25-iraq-talks.txt#1")
            .count(),
        2
    );

    let capped = env.search_json("iraq", &["--per-article", "1"]);
    let capped_hits = capped["hits"].as_array().expect("hits");
    let mut ids = article_ids(capped_hits);
    ids.sort();
    assert_eq!(ids, ["2024-01-25-iraq-talks.txt#1", "brief-3"]);
    // The best passage of each article is the one kept, and ranks stay consecutive.
    assert_eq!(
        titles_and_passages(capped_hits),
        titles_and_passages(&all["hits"].as_array().expect("hits")[..2])
    );
    let ranks: Vec<u64> = capped_hits
        .iter()
        .map(|hit| hit["rank"].as_u64().expect("rank"))
        .collect();
    assert_eq!(ranks, [1, 2]);
    // total_hits counts every match, before the cap.
    assert_eq!(capped["total_hits"], 3);

    let one_each = env.hits("*", &["--per-article", "1", "--limit", "100"]);
    assert_eq!(one_each.len(), 5, "one passage for each of the 5 articles");
}

#[test]
fn per_article_looks_past_an_article_with_many_matching_passages() {
    let env = TestEnv::new();
    let paragraphs: Vec<String> = (0..60)
        .map(|i| format!("Paragraph {i} of the long report mentions the regatta once."))
        .collect();
    env.write("corpus/a-long.txt", paragraphs.join("\n\n"));
    env.write(
        "corpus/b-short.txt",
        "The short note mentions the regatta once, at the very end of the corpus.\n",
    );
    env.index();
    let doc = env.search_json("regatta", &["--per-article", "1"]);
    assert_eq!(doc["total_hits"], 61);
    let mut ids = article_ids(doc["hits"].as_array().expect("hits"));
    ids.sort();
    assert_eq!(ids, ["a-long.txt#1", "b-short.txt#1"]);
}

#[test]
fn offset_and_limit_page_through_the_ranking() {
    let env = archive();
    let all = env.hits("*", &["--limit", "100"]);
    assert_eq!(all.len(), 8);

    let first = env.search_json("*", &["--limit", "3"]);
    assert_eq!(first["total_hits"], 8, "total_hits ignores the page");
    let first = first["hits"].as_array().expect("hits").clone();
    assert_eq!(ranks(&first), [1, 2, 3]);
    assert_eq!(titles_and_passages(&first), titles_and_passages(&all[..3]));

    let second = env.hits("*", &["--offset", "2", "--limit", "3"]);
    assert_eq!(ranks(&second), [3, 4, 5], "ranks count the offset");
    assert_eq!(
        titles_and_passages(&second),
        titles_and_passages(&all[2..5])
    );

    let last = env.hits("*", &["--offset", "6", "--limit", "10"]);
    assert_eq!(ranks(&last), [7, 8]);

    let past_the_end = env.search("*", &["--offset", "8", "--format", "json"]);
    assert_eq!(past_the_end.status.code(), Some(1), "no hits on this page");
    let doc: Value = serde_json::from_slice(&past_the_end.stdout).expect("JSON");
    assert_eq!(doc["total_hits"], 8);
    assert_eq!(doc["hits"], Value::Array(vec![]));

    // The default limit is ten.
    let env = TestEnv::new();
    for i in 0..12 {
        env.write(
            &format!("corpus/{i:02}.txt"),
            format!("Article number {i} is about the annual regatta on the lake.\n"),
        );
    }
    env.index();
    let doc = env.search_json("regatta", &[]);
    assert_eq!(doc["total_hits"], 12);
    assert_eq!(doc["hits"].as_array().expect("hits").len(), 10);
}

fn ranks(hits: &[Value]) -> Vec<u64> {
    hits.iter()
        .map(|hit| hit["rank"].as_u64().expect("rank"))
        .collect()
}
