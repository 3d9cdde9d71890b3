//! Every input format newsdex reads: each fixture is indexed on its own, a word from it is
//! searched for, and the article's metadata is checked in the JSON output.

use crate::util::{str_at, TestEnv};
use serde_json::Value;

/// The metadata of a hit's article: title, date, source, url.
fn metadata(hit: &Value) -> (&str, Option<&str>, Option<&str>, Option<&str>) {
    (
        str_at(hit, "/article/title").expect("every hit has a title"),
        str_at(hit, "/article/date"),
        str_at(hit, "/article/source"),
        str_at(hit, "/article/url"),
    )
}

fn path_and_id(hit: &Value) -> (&str, &str) {
    (
        str_at(hit, "/article/path").expect("a path"),
        str_at(hit, "/article/id").expect("an id"),
    )
}

#[test]
fn txt_with_a_title_line_and_a_blank_line() {
    let env = TestEnv::with_fixture("text/title-line.txt");
    env.index();
    let hit = env.only_hit("pound");
    assert_eq!(
        metadata(&hit),
        ("Markets rally on rate hopes", None, None, None)
    );
    assert_eq!(
        path_and_id(&hit),
        ("corpus/title-line.txt", "title-line.txt#1")
    );
    // The title line is not part of the body: the body's first paragraph is passage 1.
    assert_eq!(hit["passage"]["number"], 2);
    assert!(
        env.hits("rally", &[]).is_empty(),
        "title words are not text"
    );
}

#[test]
fn txt_with_one_paragraph_per_line_takes_its_title_from_the_file_name() {
    let env = TestEnv::with_fixture("text/Glacier retreat-adv.txt");
    env.index();
    let hit = env.only_hit("cattle");
    // The OneStopEnglish level marker `-adv` is dropped from the title.
    assert_eq!(metadata(&hit), ("Glacier retreat", None, None, None));
    assert_eq!(hit["passage"]["number"], 2, "one passage per line");
    assert_eq!(
        str_at(&hit, "/passage/text"),
        Some(
            "Residents have moved their cattle to lower pastures because the meltwater stream \
             keeps flooding."
        )
    );
    assert_eq!(env.search_json("*", &[])["total_hits"], 3);
}

#[test]
fn txt_with_front_matter() {
    let env = TestEnv::with_fixture("text/front-matter.txt");
    env.index();
    let hit = env.only_hit("breakwater");
    assert_eq!(
        metadata(&hit),
        (
            "Harbour reopens after storm",
            // +01:00 is normalised to UTC.
            Some("2023-03-14T08:30:00Z"),
            Some("Coastal Gazette"),
            Some("https://gazette.example/2023/03/harbour"),
        )
    );
    // The front matter is not indexed as text.
    assert!(env.hits("gazette", &[]).is_empty());
}

#[test]
fn md_with_front_matter_field_variants() {
    let env = TestEnv::with_fixture("text/council-vote.md");
    env.index();
    let hit = env.only_hit("petition");
    assert_eq!(
        metadata(&hit),
        (
            "Council votes to keep the library open",
            Some("2022-06-03"),
            Some("Town Crier"),
            Some("https://crier.example/library-vote"),
        )
    );
    assert_eq!(path_and_id(&hit).0, "corpus/council-vote.md");
}

#[test]
fn json_single_object() {
    let env = TestEnv::with_fixture("json/single.json");
    env.index();
    let hit = env.only_hit("eclipse");
    assert_eq!(
        metadata(&hit),
        (
            "Crowds gather for the eclipse",
            Some("2024-04-08"),
            Some("Sky Notes"),
            Some("https://skynotes.example/eclipse"),
        )
    );
    // The article's own id is kept.
    assert_eq!(path_and_id(&hit), ("corpus/single.json", "eclipse-2024"));
}

#[test]
fn json_array_with_headline_body_published_at_link_publisher() {
    let env = TestEnv::with_fixture("json/array.json");
    env.index();
    let hit = env.only_hit("families");
    assert_eq!(
        metadata(&hit),
        (
            "Floods force families from the valley",
            Some("2023-11-02T07:15:00Z"),
            Some("Valley Herald"),
            Some("https://herald.example/floods"),
        )
    );
    assert_eq!(path_and_id(&hit), ("corpus/array.json", "array.json#1"));

    // The second element: a body given as paragraphs, an epoch date, NewsAPI's source object.
    let hit = env.only_hit("fair");
    assert_eq!(
        metadata(&hit),
        (
            "Volunteers rebuild the footpath",
            Some("2023-11-10T08:00:00Z"),
            Some("Canal News"),
            Some("https://news.example/footpath"),
        )
    );
    assert_eq!(path_and_id(&hit).1, "array.json#2");
    assert_eq!(hit["passage"]["number"], 2, "each paragraph is a passage");
}

#[test]
fn json_object_wrapping_an_array_as_newsapi_writes_it() {
    let env = TestEnv::new();
    env.write(
        "corpus/newsapi.json",
        r#"{"status": "ok", "totalResults": 1, "articles": [{
            "source": {"id": "ledger", "name": "The Daily Ledger"},
            "author": "Staff",
            "title": "Tram line extension approved",
            "url": "https://ledger.example/tram",
            "publishedAt": "2024-02-01T12:00:00Z",
            "content": "The city approved the tram line extension to the airport on Thursday."
        }]}"#,
    );
    env.index();
    let hit = env.only_hit("tram");
    assert_eq!(
        metadata(&hit),
        (
            "Tram line extension approved",
            Some("2024-02-01T12:00:00Z"),
            Some("The Daily Ledger"),
            Some("https://ledger.example/tram"),
        )
    );
    assert_eq!(path_and_id(&hit).1, "newsapi.json#1");
}

#[test]
fn jsonl_with_content_maintext_date_publish_source_domain() {
    let env = TestEnv::with_fixture("jsonl/briefs.jsonl");
    env.index();
    let hit = env.only_hit("union");
    assert_eq!(
        metadata(&hit),
        (
            "Ferry strike ends",
            Some("2022-08-19T07:45:00Z"),
            Some("ports.example"),
            Some("https://ports.example/ferry-strike"),
        )
    );
    assert_eq!(path_and_id(&hit), ("corpus/briefs.jsonl", "briefs.jsonl#1"));

    let hit = env.only_hit("lighthouse");
    assert_eq!(
        metadata(&hit),
        (
            "Lighthouse restored",
            Some("2022-09-01"),
            Some("capes.example"),
            Some("https://capes.example/lighthouse"),
        )
    );
    // Ids of JSON Lines records are their line numbers.
    assert_eq!(path_and_id(&hit).1, "briefs.jsonl#2");
}

#[test]
fn ndjson_with_pub_date_and_link() {
    let env = TestEnv::with_fixture("jsonl/feed.ndjson");
    env.index();
    let hit = env.only_hit("orchard");
    assert_eq!(
        metadata(&hit),
        (
            "Orchard harvest begins early",
            Some("2022-09-05T06:00:00Z"),
            Some("farmweekly.example"),
            Some("https://farmweekly.example/harvest"),
        )
    );
    assert_eq!(path_and_id(&hit), ("corpus/feed.ndjson", "feed.ndjson#1"));
}

#[test]
fn a_mixed_corpus_is_walked_recursively_and_counted() {
    let env = TestEnv::new();
    env.copy_fixture("text", "corpus/text");
    env.copy_fixture("json", "corpus/json");
    env.copy_fixture("jsonl", "corpus/nested/jsonl");
    let summary = env.index();
    assert!(
        summary.starts_with("indexed 10 articles, 16 passages from 8 files ("),
        "{summary}"
    );
    assert!(!summary.contains("skipped"), "{summary}");
    assert!(!summary.contains("warnings"), "{summary}");
    assert!(summary.ends_with("index: index\n"), "{summary}");
    let hit = env.only_hit("orchard");
    assert_eq!(
        str_at(&hit, "/article/path"),
        Some("corpus/nested/jsonl/feed.ndjson")
    );
    // Ids are relative to the corpus root, so they do not depend on where it lies.
    assert_eq!(
        str_at(&hit, "/article/id"),
        Some("nested/jsonl/feed.ndjson#1")
    );
}

#[test]
fn extensions_are_matched_without_regard_to_case() {
    let env = TestEnv::new();
    env.write(
        "corpus/SHOUT.TXT",
        "Upper case file names are common on old archive discs and tapes.\n",
    );
    env.write(
        "corpus/Feed.JSONL",
        "{\"title\": \"Loud\", \"text\": \"The old discs were copied to new servers.\"}\n",
    );
    env.index();
    assert_eq!(env.hits("archive", &[]).len(), 1);
    assert_eq!(env.hits("servers", &[]).len(), 1);
}

#[test]
fn a_byte_order_mark_and_utf16_are_decoded() {
    let env = TestEnv::new();
    env.write(
        "corpus/bom.txt",
        "\u{feff}Café owners protested against the new parking rules in the old square.\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Naïve readers of the sixteen bit file found it perfectly legible.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    env.write("corpus/wide.txt", utf16);
    env.index();
    let hit = env.only_hit("café");
    assert!(
        str_at(&hit, "/passage/text")
            .expect("text")
            .starts_with("Café owners"),
        "the BOM is stripped: {hit}"
    );
    let hit = env.only_hit("legible");
    assert!(str_at(&hit, "/passage/text")
        .expect("text")
        .starts_with("Naïve readers"));
}

#[test]
fn a_single_file_can_be_indexed() {
    let env = TestEnv::with_fixture("json/single.json");
    let output = env
        .cmd()
        .args(["index", "corpus/single.json", "--index", "index"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let hit = env.only_hit("eclipse");
    assert_eq!(str_at(&hit, "/article/path"), Some("corpus/single.json"));
    assert_eq!(str_at(&hit, "/article/id"), Some("eclipse-2024"));
}

#[test]
fn hidden_files_and_folders_are_left_out() {
    let env = TestEnv::new();
    env.write(
        "corpus/visible.txt",
        "The visible article mentions the lighthouse keeper by name.\n",
    );
    env.write(
        "corpus/.hidden.txt",
        "A hidden article also mentions the lighthouse keeper.\n",
    );
    env.write(
        "corpus/.git/notes.txt",
        "Version control notes about the lighthouse keeper.\n",
    );
    let summary = env.index();
    assert!(summary.starts_with("indexed 1 articles,"), "{summary}");
    assert!(!summary.contains("skipped"), "{summary}");
    assert_eq!(env.hits("lighthouse", &[]).len(), 1);
}

#[test]
fn html_page_main_text_and_metadata() {
    let env = TestEnv::with_fixture("html/news-article.html");
    env.index();
    // "Erbil" is also in the figure caption and a related link; only the story's text counts.
    let hit = env.only_hit("erbil");
    assert_eq!(
        metadata(&hit),
        (
            // The <h1>, not the <title> with the site's name appended.
            "Troops begin withdrawal from northern Iraq bases",
            Some("2024-01-25T09:30:00Z"),
            Some("The Daily Ledger"),
            Some(
                "https://www.dailyledger.example/world/2024/01/25/troops-withdrawal-northern-iraq"
            ),
        )
    );
    assert_eq!(
        path_and_id(&hit),
        ("corpus/news-article.html", "news-article.html#1")
    );
    assert_eq!(hit["passage"]["number"], 2, "one passage per <p>");
    // Entities are decoded.
    let hit = env.only_hit("orderly");
    assert!(str_at(&hit, "/passage/text")
        .expect("text")
        .starts_with("\u{201c}This is a planned and orderly transition,\u{201d}"));
    // Navigation, scripts, share links, comments and the cookie banner are left out.
    for boilerplate in [
        "politics",
        "datalayer",
        "facebook",
        "cookies",
        "discussion",
        "privacy",
    ] {
        assert!(
            env.hits(boilerplate, &[]).is_empty(),
            "{boilerplate:?} is page chrome"
        );
    }
}

#[test]
fn htm_page_without_an_article_element() {
    let env = TestEnv::with_fixture("html/no-article-tag.htm");
    env.index();
    let hit = env.only_hit("barriers");
    assert_eq!(
        metadata(&hit),
        (
            "Flood defences hold as river peaks in market town",
            Some("2023-11-14"),
            Some("Valley Courier"),
            Some("https://www.valleycourier.example/news/2023/11/14/flood-defences-hold"),
        )
    );
    assert_eq!(
        path_and_id(&hit),
        ("corpus/no-article-tag.htm", "no-article-tag.htm#1")
    );
    let hit = env.only_hit("natarajan");
    assert!(str_at(&hit, "/passage/text")
        .expect("text")
        .contains("the \u{a3}3m scheme had \"done exactly what it was designed to do\""));
    // The menu, sidebar and footer are left out.
    for boilerplate in ["weather", "bypass", "newsletter", "registered"] {
        assert!(
            env.hits(boilerplate, &[]).is_empty(),
            "{boilerplate:?} is page chrome"
        );
    }
    assert_eq!(env.search_json("*", &[])["total_hits"], 4);
}

#[test]
fn sgml_extension_is_read_as_reuters_too() {
    let env = TestEnv::new();
    env.write(
        "corpus/reut2-000.sgml",
        std::fs::read(crate::util::fixtures().join("sgml/reut2-sample.sgm"))
            .expect("read the fixture"),
    );
    env.index();
    let hit = env.only_hit("cooperative AND wheat");
    assert_eq!(str_at(&hit, "/article/id"), Some("reuters-1"));
}

#[test]
fn sgm_reuters_articles() {
    let env = TestEnv::with_fixture("sgml/reut2-sample.sgm");
    let summary = env.index();
    assert!(
        summary.starts_with("indexed 3 articles, "),
        "three <REUTERS> elements: {summary}"
    );
    let hit = env.only_hit("cooperative AND wheat");
    assert_eq!(
        metadata(&hit),
        (
            "LAKESHORE GRAIN CO-OP RAISES WHEAT ESTIMATE",
            Some("1987-03-02T09:15:30Z"),
            Some("Reuters"),
            None,
        )
    );
    // Articles are known by their NEWID.
    assert_eq!(path_and_id(&hit), ("corpus/reut2-sample.sgm", "reuters-1"));
    // Entities are decoded, and the paragraphs split at Reuters' indented lines.
    let hit = env.only_hit("handling");
    assert_eq!(
        str_at(&hit, "/passage/text"),
        Some("The cooperative said storage & handling costs should fall by about five pct this season.")
    );
    assert_eq!(hit["passage"]["number"], 2);
    assert!(
        env.hits("reute", &[]).is_empty(),
        "the <UNKNOWN> block is not text"
    );

    let hit = env.only_hit("elevator");
    assert_eq!(
        metadata(&hit),
        (
            "MAPLEFORD GRAIN ELEVATOR STOCKS - MAR 3",
            Some("1987-03-03T11:02:07Z"),
            Some("Reuters"),
            None,
        )
    );
    assert_eq!(path_and_id(&hit).1, "reuters-3");
}
