//! Entity filters and facets: `--country`, `--actor`, `--location`, `--figure`, how they combine,
//! `--scope`, entity fields in the query syntax, unknown names, `--facets` in every format and
//! `newsdex facets`. The corpus is `tests/fixtures/entities`: the seed article (Iraq, Syria,
//! Lloyd Austin, 2,500 troops), a Syria aid story ($1.5bn, 40 troops, ISIS, but no Syria in the
//! troops passage) and a story on Austin, Texas ($7bn, 15 percent).

use crate::util::{stderr, stdout, str_at, TestEnv};
use serde_json::Value;
use std::sync::OnceLock;

const SEED: &str = "corpus/US_Iraq_talks_on_the_future_of_the_coalition.txt";
const AID: &str = "corpus/syria-aid.json";
const CITY: &str = "corpus/austin-city.md";

/// The fixture corpus, indexed once for all the tests of this module.
fn archive() -> &'static TestEnv {
    static ENV: OnceLock<TestEnv> = OnceLock::new();
    ENV.get_or_init(|| {
        let env = TestEnv::with_fixture("entities");
        env.index();
        env
    })
}

/// The `(path, passage number)` of each hit of a JSON search, sorted.
fn found(query: &str, args: &[&str]) -> Vec<(String, u64)> {
    let mut args = args.to_vec();
    args.extend(["--limit", "100"]);
    let mut hits: Vec<(String, u64)> = archive()
        .hits(query, &args)
        .iter()
        .map(|h| {
            let path = str_at(h, "/article/path").expect("a path").to_string();
            (path, h["passage"]["number"].as_u64().expect("a number"))
        })
        .collect();
    hits.sort();
    hits
}

fn at(path: &str, passage: u64) -> (String, u64) {
    (path.to_string(), passage)
}

/// The names of one entity list of a hit (`actors`, `locations`).
fn names(hit: &Value, list: &str) -> Vec<String> {
    hit[list]
        .as_array()
        .expect("an entity list")
        .iter()
        .map(|e| e["name"].as_str().expect("a name").to_string())
        .collect()
}

#[test]
fn a_country_is_a_name_a_code_or_a_demonym_in_any_case() {
    let expected = vec![at(SEED, 8)];
    for country in ["Syria", "sy", "SY", "SYR", "Syrian", "syria"] {
        assert_eq!(
            found("troops", &["--country", country]),
            expected,
            "{country}"
        );
    }
    let hit = &archive().hits("troops", &["--country", "Syria"])[0];
    let text = str_at(hit, "/passage/text").expect("text");
    assert!(text.contains("about 900 in Syria"), "{text}");
}

#[test]
fn an_actor_filter_keeps_only_passages_that_mention_the_actor() {
    let hits = archive().hits("coalition", &["--actor", "Lloyd Austin", "--limit", "100"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(
            names(hit, "actors").contains(&"Lloyd Austin".to_string()),
            "{hit:#}"
        );
    }
    let all = found("*", &["--actor", "Lloyd Austin"]);
    assert_eq!(all, vec![at(SEED, 6), at(SEED, 7)]);
}

#[test]
fn actors_resolve_from_short_forms_and_aliases() {
    // "Austin" is Lloyd Austin's surname; the city of Austin is a location, not an actor.
    assert_eq!(
        found("*", &["--actor", "Austin"]),
        found("*", &["--actor", "Lloyd Austin"])
    );
    assert_eq!(
        found("*", &["--actor", "lloyd austin"]),
        vec![at(SEED, 6), at(SEED, 7)]
    );
    // ISIS and Daesh are aliases of Islamic State; the Pentagon is the US Department of Defense.
    let isis = found("*", &["--actor", "ISIS"]);
    assert!(
        isis.contains(&at(AID, 3)) && isis.contains(&at(SEED, 2)),
        "{isis:?}"
    );
    assert_eq!(isis, found("*", &["--actor", "Islamic State"]));
    assert_eq!(isis, found("*", &["--actor", "Daesh"]));
    let pentagon = found("*", &["--actor", "the Pentagon"]);
    assert_eq!(pentagon, vec![at(SEED, 10), at(AID, 3)]);
    let doc = archive().search_json("*", &["--actor", "ISIS"]);
    assert_eq!(doc["filters"][0]["filter"], "actor");
    assert_eq!(doc["filters"][0]["value"], "ISIS");
    assert_eq!(doc["filters"][0]["matched"][0], "Islamic State");
}

#[test]
fn a_location_filter_matches_places_by_name() {
    assert_eq!(found("*", &["--location", "Baghdad"]).len(), 3);
    assert_eq!(found("*", &["--location", "texas"]), vec![at(CITY, 1)]);
    assert_eq!(found("*", &["--location", "Austin"]), vec![at(CITY, 1)]);
}

#[test]
fn figure_filters_compare_values_within_a_unit() {
    let table: [(&str, Vec<(String, u64)>); 7] = [
        ("troop>=1000", vec![at(SEED, 8)]),
        ("troops >= 1,000", vec![at(SEED, 8)]),
        ("troop<100", vec![at(AID, 3)]),
        ("troop", vec![at(SEED, 8), at(AID, 3)]),
        ("USD>1e9", vec![at(CITY, 1), at(AID, 1)]),
        ("usd>5bn", vec![at(CITY, 1)]),
        ("percent<20", vec![at(CITY, 2)]),
    ];
    for (figure, expected) in table {
        assert_eq!(found("*", &["--figure", figure]), expected, "{figure}");
    }
    assert_eq!(found("*", &["--figure", "troop=2500"]), vec![at(SEED, 8)]);
    assert!(
        found("*", &["--figure", "troop>2500"]).is_empty(),
        "> excludes"
    );
}

#[test]
fn lists_are_or_and_repeated_or_different_flags_are_and() {
    let either = found("*", &["--country", "sy,il"]);
    assert_eq!(either, vec![at(SEED, 3), at(SEED, 8), at(AID, 1)]);
    let both = found("*", &["--country", "iq", "--country", "sy"]);
    assert_eq!(both, vec![at(SEED, 8)]);
    let figures = found("*", &["--figure", "troop>=1000,USD>5e9"]);
    assert_eq!(figures, vec![at(SEED, 8), at(CITY, 1)]);
    let mixed = found("*", &["--country", "SY", "--figure", "USD>1e9"]);
    assert_eq!(mixed, vec![at(AID, 1)]);
    let with_query = found("troops", &["--country", "SY", "--actor", "ISIS,Hamas"]);
    assert!(with_query.is_empty(), "{with_query:?}");
}

#[test]
fn article_scope_matches_anywhere_in_the_article() {
    // The aid story's troops passage does not name Syria; its first passage does.
    assert_eq!(found("troops", &["--country", "Syria"]), vec![at(SEED, 8)]);
    let article = found("troops", &["--country", "Syria", "--scope", "article"]);
    assert_eq!(article, vec![at(SEED, 8), at(AID, 3)]);
    let figure = found("Brussels", &["--figure", "troop", "--scope", "article"]);
    assert_eq!(figure, vec![at(AID, 1)]);
    let actor = found("Texas", &["--actor", "Kirk Watson", "--scope", "article"]);
    assert_eq!(actor, vec![at(CITY, 1)]);
}

#[test]
fn entity_fields_work_inside_the_query_syntax() {
    let table: [(&str, Vec<(String, u64)>); 6] = [
        (r#"actor:"Lloyd Austin" AND country:IQ"#, vec![at(SEED, 6)]),
        ("actor:Austin AND coalition", vec![at(SEED, 7)]),
        ("country:Syrian AND troops", vec![at(SEED, 8)]),
        ("figures.troop:[1000 TO *]", vec![at(SEED, 8)]),
        ("figures.USD:>5e9", vec![at(CITY, 1)]),
        (
            "troops AND article_country:SY",
            vec![at(SEED, 8), at(AID, 3)],
        ),
    ];
    for (query, expected) in table {
        assert_eq!(found(query, &[]), expected, "{query}");
    }
}

#[test]
fn unknown_names_are_errors_that_suggest_known_ones() {
    let table = [
        (
            vec!["--actor", "Austn"],
            "newsdex: invalid --actor \"Austn\": no actor of that name in the index; did you \
             mean \"Lloyd Austin\"",
        ),
        (
            vec!["--country", "Syra"],
            "newsdex: invalid --country \"Syra\": no country of that name or code; did you mean \
             \"Syria\"",
        ),
        (
            vec!["--location", "Bagdad"],
            "newsdex: invalid --location \"Bagdad\": no location of that name in the index; did \
             you mean \"Baghdad\"",
        ),
        (
            vec!["--figure", "tanks>5"],
            "newsdex: invalid --figure \"tanks>5\": no figure with the unit \"tanks\" in the \
             index",
        ),
        (
            vec!["--figure", "troop>>5"],
            "newsdex: invalid --figure \"troop>>5\": the value is not a number",
        ),
        (
            vec!["--scope", "paragraph"],
            "error: invalid value 'paragraph'",
        ),
    ];
    for (args, expected) in table {
        let output = archive().search("troops", &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        let err = stderr(&output);
        assert!(err.starts_with(expected), "{args:?}: {err}");
    }
    let output = archive().search("actor:Nobody", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid actor: \"Nobody\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_known_name_with_no_passages_finds_nothing_and_says_so() {
    // Hezbollah is in the gazetteer but in no passage: no hits (exit 1), not an error.
    let output = archive().search("*", &["--actor", "Hezbollah"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("filters: actor \"Hezbollah\" = Hezbollah"),
        "{text}"
    );
}

#[test]
fn every_hit_shows_its_entities_in_every_format() {
    let hit = &archive().hits("troops", &["--country", "SY"])[0];
    assert_eq!(names(hit, "actors"), ["Global Coalition Against Daesh"]);
    assert_eq!(names(hit, "locations"), ["United States", "Iraq", "Syria"]);
    assert_eq!(hit["countries"], serde_json::json!(["US", "IQ", "SY"]));
    let troops = &hit["figures"][0];
    assert_eq!(troops["value"], 2500.0);
    assert_eq!(troops["unit"], "troop");
    assert_eq!(troops["approximate"], true);
    assert_eq!(hit["locations"][2]["country"], "SY");

    let text = stdout(&archive().search("troops", &["--country", "SY"]));
    assert!(
        text.contains("   locations: United States · Iraq · Syria\n"),
        "{text}"
    );
    assert!(
        text.contains("   figures: ~2500 troop · ~900 · 2014 (year) · ~0.333\n"),
        "{text}"
    );

    let jsonl = stdout(&archive().search("troops", &["--country", "SY", "-f", "jsonl"]));
    let line: Value = serde_json::from_str(jsonl.lines().next().expect("a line")).expect("json");
    assert_eq!(line["countries"], hit["countries"]);

    let csv_text = stdout(&archive().search("troops", &["--country", "SY", "-f", "csv"]));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("a header").clone();
    let row = reader.records().next().expect("a row").expect("a record");
    let column = |name: &str| {
        let i = headers.iter().position(|h| h == name).expect(name);
        row[i].to_string()
    };
    assert_eq!(
        column("locations"),
        "United States (US); Iraq (IQ); Syria (SY)"
    );
    assert_eq!(column("countries"), "US; IQ; SY");
    assert!(column("figures").starts_with("~2500 troop; ~900; 2014 year"));
}

#[test]
fn facets_count_every_hit_not_only_the_page() {
    let doc = archive().search_json("*", &["--facets", "--limit", "1", "--facet-limit", "2"]);
    assert_eq!(doc["hits"].as_array().map(Vec::len), Some(1));
    let country = doc["facets"]["country"].as_array().expect("country facet");
    assert_eq!(country.len(), 2, "--facet-limit 2");
    assert_eq!(
        country[0],
        serde_json::json!({"value": "IQ", "name": "Iraq", "count": 8})
    );
    assert_eq!(doc["facets"]["location"][0]["country"], "IQ");
    for dimension in ["actor", "location", "unit"] {
        assert!(doc["facets"][dimension].is_array(), "{dimension}");
    }
    let some = archive().search_json("*", &["--facets", "country,unit"]);
    let keys: Vec<&String> = some["facets"].as_object().expect("facets").keys().collect();
    assert_eq!(keys, ["country", "unit"]);
    let none = archive().search_json("*", &[]);
    assert!(none.get("facets").is_none());
}

#[test]
fn facets_follow_the_filters() {
    let doc = archive().search_json("*", &["--facets", "unit", "--country", "SY"]);
    let units = &doc["facets"]["unit"];
    assert_eq!(
        units,
        &serde_json::json!([{"value": "USD", "count": 1}, {"value": "troop", "count": 1}])
    );
}

#[test]
fn facets_in_jsonl_are_a_last_line_and_in_csv_a_table() {
    let jsonl = stdout(&archive().search("troops", &["--facets", "country", "-f", "jsonl"]));
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 3, "two hits and the facets: {jsonl}");
    assert_eq!(lines[2]["total_hits"], 2);
    assert!(lines[2]["facets"]["country"].is_array());

    let csv_text = stdout(&archive().search("troops", &["--facets", "country,unit", "-f", "csv"]));
    assert_eq!(
        csv_text,
        "facet,value,name,country,count\ncountry,IQ,Iraq,,1\ncountry,SY,Syria,,1\n\
         country,US,United States,,1\nunit,troop,,,2\n"
    );
}

#[test]
fn facets_text_snapshot() {
    let output = archive().search("troops", &["--facets", "--limit", "1"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn facets_command_counts_over_the_index_or_a_query() {
    let run = |args: &[&str]| {
        let output = archive()
            .cmd()
            .args(["facets", "--index", "index"])
            .args(args)
            .output()
            .expect("runs");
        (output.status.code(), stdout(&output), stderr(&output))
    };
    let (code, json, _) = run(&["--by", "country", "--limit", "3", "-f", "json"]);
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&json).expect("json");
    insta::assert_json_snapshot!(doc);

    let (code, csv_text, _) = run(&["withdrawal", "--by", "actor", "-f", "csv"]);
    assert_eq!(code, Some(0));
    assert!(
        csv_text.starts_with("facet,value,name,country,count\n"),
        "{csv_text}"
    );

    let (code, text, _) = run(&["troops", "--by", "unit,country", "--country", "SY"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        text,
        "top values over 1 passage matching \"troops\"\n  country              unit\n  \
         1 IQ Iraq            1 troop\n  1 SY Syria\n  1 US United States\n"
    );

    // Facets of every passage are counted straight from the columns; a query that matches
    // everything takes the collector's path, and the two agree.
    let (_, all, _) = run(&["-f", "json"]);
    let (_, queried, _) = run(&["* OR zeppelin", "-f", "json"]);
    let facets = |json: &str| serde_json::from_str::<Value>(json).expect("json")["facets"].clone();
    assert_eq!(facets(&all), facets(&queried));
    assert!(facets(&all)["actor"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));

    let (code, _, err) = run(&["--by", "colour"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("invalid facet \"colour\""), "{err}");
    let (code, _, _) = run(&["zeppelin"]);
    assert_eq!(code, Some(1), "no hits");
}
