//! The HTML reader: one web page (`.html`, `.htm`) read into one [`Article`].
//!
//! This module owns the rules that find a page's main text and its metadata. The text comes from
//! the page's content root — `<article>`, else `<main>` / `[role=main]` / `[itemprop=articleBody]`,
//! else the element holding the most paragraph text, else `<body>` — with navigation, page chrome,
//! scripts, forms, captions and share/related/comment/cookie boilerplate left out. Paragraphs are
//! joined with blank lines. Title, date, publisher and URL come from Open Graph and other meta
//! tags, JSON-LD, `<link rel=canonical>`, `<h1>`, `<title>` and `<time>`.
//!
//! The page is walked without recursion, so deeply nested markup cannot overflow the stack.

use super::{Origin, Parsed};
use crate::article::{parse_date, title_from_file_name, Article};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// Reads an HTML page into exactly one article pushed onto `parsed.articles`.
///
/// The article's text is the page's main text, one paragraph per block, joined with blank lines;
/// it is empty when the page has no text (the caller drops such articles). An unparseable date
/// is left out with a warning. The HTML parser recovers from any input, so this never fails in
/// practice; the `Result` matches the other readers.
pub(super) fn read(origin: Origin<'_>, text: &str, parsed: &mut Parsed) -> Result<(), String> {
    let doc = Html::parse_document(text);
    let meta = Meta::collect(&doc);
    let body = body_of(&doc);
    let (root, kind) = choose_root(body, Mode::Strict);

    let title =
        find_title(&meta, root, kind, body).unwrap_or_else(|| title_from_file_name(origin.path));

    let mut article_text = extract_text(root, Mode::Strict, &title);
    if article_text.is_empty() {
        // The strict rules left nothing (a page wrapped in a form, a container with a hinted
        // class): try again keeping everything but scripts, styles and hidden elements.
        let (root, _) = choose_root(body, Mode::Relaxed);
        article_text = extract_text(root, Mode::Relaxed, &title);
    }

    let candidates = date_candidates(&meta, root, body);
    let date = match candidates.iter().find_map(|raw| parse_date(raw)) {
        Some(date) => Some(date),
        None => origin.date(
            candidates.first().map(String::as_str),
            || origin.path.to_string(),
            parsed,
        ),
    };

    let source = meta.tag("og:site_name").map(str::to_string);
    let url = match (meta.canonical.clone(), meta.tag("og:url")) {
        (Some(canonical), Some(og)) if !canonical.contains("://") && og.contains("://") => {
            Some(og.to_string())
        }
        (Some(canonical), _) => Some(canonical),
        (None, og) => og.map(str::to_string),
    };

    parsed.articles.push(Article {
        id: origin.id_at(1),
        path: origin.path.to_string(),
        title,
        date,
        source,
        url,
        text: article_text,
    });
    Ok(())
}

/// How much of the page a walk leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Leaves out non-content elements, page chrome, boilerplate roles and hinted classes/ids.
    Strict,
    /// Leaves out only non-content elements (scripts, styles, media, captions) and hidden ones.
    Relaxed,
    /// For finding the headline and the date: also leaves out `nav`, `aside` and `footer`.
    Lookup,
}

/// Elements that never hold article text.
const NON_CONTENT: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "map",
    "button",
    "select",
    "option",
    "textarea",
    "input",
    "dialog",
    "frame",
    "frameset",
    "figure",
    "figcaption",
];

/// Elements that hold page chrome rather than the story.
const CHROME_TAGS: &[&str] = &["nav", "header", "footer", "aside", "menu", "form"];

/// ARIA roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
];

/// Class/id words that mark boilerplate when a word of the class or id starts with them.
const HINTS: &[&str] = &[
    "nav",
    "menu",
    "header",
    "footer",
    "masthead",
    "banner",
    "toolbar",
    "breadcrumb",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "recirc",
    "trending",
    "popular",
    "comment",
    "disqus",
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscri",
    "signup",
    "login",
    "advert",
    "sponsor",
    "promo",
    "outbrain",
    "taboola",
    "widget",
    "popup",
    "modal",
    "byline",
    "author",
    "caption",
    "credit",
    "timestamp",
    "pagination",
    "pager",
    "visually",
];

/// Class/id words that mark boilerplate when a word ends with them: `topnav`, `socialshare`.
const SUFFIX_HINTS: &[&str] = &["nav", "menu", "footer", "sidebar", "share", "social"];

/// Class/id words that mark boilerplate only when they are a whole word.
const EXACT_HINTS: &[&str] = &[
    "ad", "ads", "tag", "tags", "meta", "date", "sr", "screen", "skip", "most",
];

/// Whole paragraphs that are page furniture, compared case-insensitively.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertisement:",
    "story continues below advertisement",
    "continue reading",
    "continue reading below",
    "read more",
    "read more:",
    "skip to content",
    "skip to main content",
    "share this article",
    "share this",
    "share",
    "related articles",
    "related stories",
    "loading...",
    "loading…",
];

/// Meta names, in order of preference, that hold the publication date.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:published_time",
    "og:pubdate",
    "datepublished",
];

/// Meta names, after `itemprop=datePublished` elements, that hold the publication date.
const LATE_DATE_KEYS: &[&str] = &[
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
];

/// The page's metadata, gathered in one pass over its elements.
#[derive(Debug, Default)]
struct Meta {
    /// `<meta>` contents by lower-cased `property`, `name` or `itemprop`; the first one wins.
    tags: HashMap<String, String>,
    /// The first `<link rel=canonical>` href.
    canonical: Option<String>,
    /// The `<title>` in the head.
    title: Option<String>,
    /// The first non-meta element with `itemprop=datePublished`: its `content`, `datetime` or text.
    published: Option<String>,
    /// The first `headline` in JSON-LD.
    ld_headline: Option<String>,
    /// The first `datePublished` in JSON-LD.
    ld_date: Option<String>,
}

impl Meta {
    /// Gathers meta tags, the canonical link, the head title and JSON-LD from a document.
    fn collect(doc: &Html) -> Meta {
        let mut meta = Meta::default();
        for el in doc.root_element().descendent_elements() {
            let e = el.value();
            match e.name() {
                "meta" => {
                    let content = collapse([e.attr("content").unwrap_or("")]);
                    if content.is_empty() {
                        continue;
                    }
                    for attr in ["property", "name", "itemprop"] {
                        for key in e.attr(attr).unwrap_or("").split_whitespace() {
                            meta.tags
                                .entry(key.to_ascii_lowercase())
                                .or_insert_with(|| content.clone());
                        }
                    }
                }
                "link" if meta.canonical.is_none() => {
                    let canonical = e
                        .attr("rel")
                        .unwrap_or("")
                        .split_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("canonical"));
                    let href = e.attr("href").map(str::trim).unwrap_or("");
                    if canonical && !href.is_empty() {
                        meta.canonical = Some(href.to_string());
                    }
                }
                "title" if meta.title.is_none() => {
                    let in_head = el
                        .parent()
                        .and_then(ElementRef::wrap)
                        .is_some_and(|parent| parent.value().name() == "head");
                    let title = collapse(el.text());
                    if in_head && !title.is_empty() {
                        meta.title = Some(title);
                    }
                }
                "script" => {
                    let is_ld = e
                        .attr("type")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
                    if is_ld {
                        meta.read_json_ld(&el.text().collect::<String>());
                    }
                }
                _ => {}
            }
            if meta.published.is_none() && e.name() != "meta" && has_itemprop(el, "datePublished") {
                let value = e
                    .attr("content")
                    .or_else(|| e.attr("datetime"))
                    .map(|v| collapse([v]))
                    .unwrap_or_else(|| collapse(el.text()));
                if !value.is_empty() {
                    meta.published = Some(value);
                }
            }
        }
        meta
    }

    /// Returns a meta tag's content by lower-case key.
    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }

    /// Takes the first `headline` and `datePublished` strings from a JSON-LD block, breadth first.
    fn read_json_ld(&mut self, source: &str) {
        let source = source.trim();
        let source = source.strip_prefix("<!--").unwrap_or(source);
        let source = source.strip_suffix("-->").unwrap_or(source);
        let Ok(value) = serde_json::from_str::<Value>(source.trim()) else {
            return;
        };
        let mut queue = VecDeque::from([&value]);
        while let Some(value) = queue.pop_front() {
            match value {
                Value::Object(map) => {
                    let text = |key: &str| {
                        map.get(key)
                            .and_then(Value::as_str)
                            .map(|s| collapse([s]))
                            .filter(|s| !s.is_empty())
                    };
                    if self.ld_headline.is_none() {
                        self.ld_headline = text("headline");
                    }
                    if self.ld_date.is_none() {
                        self.ld_date = text("datePublished");
                    }
                    queue.extend(map.values());
                }
                Value::Array(items) => queue.extend(items),
                _ => {}
            }
        }
    }
}

/// Returns whether an element's `itemprop` lists `prop` (case-insensitively).
fn has_itemprop(el: ElementRef<'_>, prop: &str) -> bool {
    el.value()
        .attr("itemprop")
        .is_some_and(|v| v.split_whitespace().any(|p| p.eq_ignore_ascii_case(prop)))
}

/// Returns the document's `<body>`, or its root element when there is none.
fn body_of(doc: &Html) -> ElementRef<'_> {
    let root = doc.root_element();
    root.child_elements()
        .find(|el| el.value().name() == "body")
        .unwrap_or(root)
}

/// Where the content root was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootKind {
    /// An `<article>`.
    Article,
    /// `[itemprop=articleBody]`, `<main>` or `[role=main]`.
    Main,
    /// The element with the most paragraph text, or the body.
    Page,
}

/// Picks the element whose text is the article: see the module docs for the order.
///
/// An `<article>` or main element must hold at least a third of the page's paragraph text, so
/// that a teaser card marked up as `<article>` does not win over the story.
fn choose_root<'a>(body: ElementRef<'a>, mode: Mode) -> (ElementRef<'a>, RootKind) {
    let mut survey = Survey {
        mode,
        root: body,
        stack: Vec::new(),
        paragraph_depth: 0,
        link_depth: 0,
        total_paragraph_text: 0,
        articles: Vec::new(),
        article_bodies: Vec::new(),
        mains: Vec::new(),
        role_mains: Vec::new(),
        densest: None,
        densities: HashMap::new(),
    };
    walk(body, &mut survey);
    let total = survey.total_paragraph_text;
    let best = |candidates: &[Candidate<'a>]| {
        candidates
            .iter()
            .filter(|c| {
                if total > 0 {
                    c.paragraph_text * 3 >= total
                } else {
                    c.all_text > 0
                }
            })
            .max_by_key(|c| (c.paragraph_text, c.all_text))
            .map(|c| c.el)
    };
    if let Some(el) = best(&survey.articles) {
        return (el, RootKind::Article);
    }
    for tier in [&survey.article_bodies, &survey.mains, &survey.role_mains] {
        if let Some(el) = best(tier) {
            return (el, RootKind::Main);
        }
    }
    let Some((densest, top)) = survey.densest else {
        return (body, RootKind::Page);
    };
    // Climb to ancestors that score nearly as well: a story split over sibling blocks.
    let mut root = densest;
    for ancestor in densest.ancestors() {
        let Some(ancestor) = ElementRef::wrap(ancestor) else {
            break;
        };
        let density = survey.densities.get(&identity(ancestor)).copied();
        if density.unwrap_or(0) * 3 < top * 2 {
            break;
        }
        root = ancestor;
        if ancestor == body {
            break;
        }
    }
    (root, RootKind::Page)
}

/// Returns an element's address, which identifies it within its document.
fn identity(el: ElementRef<'_>) -> *const Element {
    std::ptr::from_ref(el.value())
}

/// An element that might be the content root, with the text it holds.
#[derive(Debug, Clone, Copy)]
struct Candidate<'a> {
    el: ElementRef<'a>,
    paragraph_text: usize,
    all_text: usize,
}

/// An open element during a [`Survey`].
#[derive(Debug)]
struct Frame {
    /// Bytes of non-space text inside `<p>` elements in the subtree so far.
    paragraph_text: usize,
    /// Bytes of non-space text in the subtree so far.
    all_text: usize,
    /// Twice the paragraph text of child `<p>`s, plus that of grandchild `<p>`s.
    density: usize,
}

/// A walk that measures text, to choose the content root.
#[derive(Debug)]
struct Survey<'a> {
    mode: Mode,
    root: ElementRef<'a>,
    stack: Vec<Frame>,
    paragraph_depth: usize,
    link_depth: usize,
    total_paragraph_text: usize,
    articles: Vec<Candidate<'a>>,
    article_bodies: Vec<Candidate<'a>>,
    mains: Vec<Candidate<'a>>,
    role_mains: Vec<Candidate<'a>>,
    /// The element with the highest density, and that density; the first one wins ties.
    densest: Option<(ElementRef<'a>, usize)>,
    /// Every non-zero density, by element.
    densities: HashMap<*const Element, usize>,
}

impl<'a> Visit<'a> for Survey<'a> {
    fn open(&mut self, el: ElementRef<'a>) -> bool {
        if el != self.root && is_left_out(el, self.mode) {
            return false;
        }
        match el.value().name() {
            "p" => self.paragraph_depth += 1,
            "a" => self.link_depth += 1,
            _ => {}
        }
        self.stack.push(Frame {
            paragraph_text: 0,
            all_text: 0,
            density: 0,
        });
        true
    }

    fn close(&mut self, el: ElementRef<'a>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let name = el.value().name();
        let n = self.stack.len();
        if name == "a" {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        if name == "p" {
            self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
            if let Some(parent) = self.stack.last_mut() {
                parent.density += 2 * frame.paragraph_text;
            }
            if n >= 2 {
                self.stack[n - 2].density += frame.paragraph_text;
            }
        }
        if frame.density > 0 {
            self.densities.insert(identity(el), frame.density);
            if self.densest.is_none_or(|(_, best)| frame.density > best) {
                self.densest = Some((el, frame.density));
            }
        }
        let candidate = Candidate {
            el,
            paragraph_text: frame.paragraph_text,
            all_text: frame.all_text,
        };
        if name == "article" {
            self.articles.push(candidate);
        }
        if has_itemprop(el, "articleBody") {
            self.article_bodies.push(candidate);
        }
        if name == "main" {
            self.mains.push(candidate);
        }
        if el
            .value()
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        {
            self.role_mains.push(candidate);
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.paragraph_text += frame.paragraph_text;
            parent.all_text += frame.all_text;
        }
    }

    fn text(&mut self, text: &'a str) {
        let len: usize = text.split_whitespace().map(str::len).sum();
        if let Some(top) = self.stack.last_mut() {
            top.all_text += len;
            // Link text does not count as paragraph text: lists of teasers are not the story.
            if self.paragraph_depth > 0 && self.link_depth == 0 {
                top.paragraph_text += len;
                self.total_paragraph_text += len;
            }
        }
    }
}

/// Returns whether a walk in `mode` leaves out an element and everything inside it.
fn is_left_out(el: ElementRef<'_>, mode: Mode) -> bool {
    let e = el.value();
    let name = e.name();
    if NON_CONTENT.contains(&name) || is_hidden(el) {
        return true;
    }
    match mode {
        Mode::Relaxed => false,
        Mode::Lookup => matches!(name, "nav" | "aside" | "footer"),
        Mode::Strict => {
            CHROME_TAGS.contains(&name)
                || e.attr("role").is_some_and(|role| {
                    let role = role.trim().to_ascii_lowercase();
                    CHROME_ROLES.contains(&role.as_str())
                })
                || has_boilerplate_hint(el)
        }
    }
}

/// Returns whether an element is hidden: the `hidden` attribute, `aria-hidden`, `display: none`.
fn is_hidden(el: ElementRef<'_>) -> bool {
    let e = el.value();
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Returns whether an element's class or id has a word that marks boilerplate, such as
/// `site-nav`, `share-bar`, `relatedLinks` or `cookie-banner`.
///
/// Words are split at anything but letters and digits, so `article-body` and `main-content` are
/// never taken for boilerplate, nor is `commentary`.
fn has_boilerplate_hint(el: ElementRef<'_>) -> bool {
    let e = el.value();
    [e.attr("class"), e.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|value| value.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .any(|word| {
            let word = word.to_lowercase();
            if word.starts_with("commentary") {
                return false;
            }
            EXACT_HINTS.contains(&word.as_str())
                || HINTS.iter().any(|hint| word.starts_with(hint))
                || SUFFIX_HINTS.iter().any(|hint| word.ends_with(hint))
        })
}

/// Finds the headline: `og:title`, JSON-LD `headline`, the `<h1>`, then `<title>` without a
/// trailing ` - Site` / ` | Site` that matches `og:site_name`.
///
/// The `<h1>` is looked for inside an `<article>` or main root; for any other root, anywhere in
/// the body except in a logo.
fn find_title(
    meta: &Meta,
    root: ElementRef<'_>,
    kind: RootKind,
    body: ElementRef<'_>,
) -> Option<String> {
    let site = meta.tag("og:site_name");
    if let Some(title) = meta.tag("og:title") {
        return Some(strip_site_name(title, site));
    }
    if let Some(headline) = &meta.ld_headline {
        return Some(headline.clone());
    }
    let scope = if kind == RootKind::Page { body } else { root };
    let h1 = find_first(scope, Mode::Lookup, |el| {
        el.value().name() == "h1" && !is_logo(el, site)
    })
    .map(|el| collapse(el.text()))
    .filter(|text| !text.is_empty());
    if h1.is_some() {
        return h1;
    }
    meta.title
        .as_deref()
        .map(|title| strip_site_name(title, site))
        .filter(|title| !title.is_empty())
}

/// Returns whether an `<h1>` is the site's logo rather than a headline.
fn is_logo(el: ElementRef<'_>, site: Option<&str>) -> bool {
    let e = el.value();
    let marked = [e.attr("class"), e.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|value| value.split(|c: char| !c.is_alphanumeric()))
        .any(|word| {
            let word = word.to_ascii_lowercase();
            word.starts_with("logo") || word.starts_with("brand") || word == "site"
        });
    marked || site.is_some_and(|site| same_text(&collapse(el.text()), site))
}

/// Removes a trailing ` - Site`, ` | Site` (and similar) from a title when `Site` is the site name.
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let title = collapse([title]);
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title;
    };
    for separator in [" - ", " | ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if same_text(tail, site) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title
}

/// Lists the raw publication dates found, best first: meta tags, `itemprop=datePublished`,
/// more meta tags, JSON-LD, then a `<time pubdate>` or the first `<time datetime>` (in the root,
/// else in the body).
fn date_candidates(meta: &Meta, root: ElementRef<'_>, body: ElementRef<'_>) -> Vec<String> {
    let mut candidates: Vec<String> = DATE_KEYS
        .iter()
        .filter_map(|key| meta.tag(key))
        .map(str::to_string)
        .collect();
    candidates.extend(meta.published.clone());
    candidates.extend(
        LATE_DATE_KEYS
            .iter()
            .filter_map(|key| meta.tag(key))
            .map(str::to_string),
    );
    candidates.extend(meta.ld_date.clone());
    let scopes = if root == body {
        vec![body]
    } else {
        vec![root, body]
    };
    let time = scopes.into_iter().find_map(|scope| {
        let is_time = |el: ElementRef<'_>| el.value().name() == "time";
        let pubdate = find_first(scope, Mode::Lookup, |el| {
            is_time(el) && el.value().attr("pubdate").is_some()
        });
        let datetime = || {
            find_first(scope, Mode::Lookup, |el| {
                is_time(el)
                    && el
                        .value()
                        .attr("datetime")
                        .is_some_and(|d| !d.trim().is_empty())
            })
        };
        let el = pubdate.or_else(datetime)?;
        let raw = el
            .value()
            .attr("datetime")
            .map(|d| collapse([d]))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| collapse(el.text()));
        Some(raw).filter(|raw| !raw.is_empty())
    });
    candidates.extend(time);
    candidates
}

/// What kind of block an element starts, for deciding which text is a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    /// A generic container (`div`, `section`, `td`, ...): its bare text is kept only when the
    /// page has no paragraphs, or when it reads like prose.
    Container,
    /// A paragraph-like block: `p`, `h2`–`h6`, `li`, `blockquote`, `pre`, `dd`, `dt`.
    Paragraph,
    /// An `<h1>`: dropped at the start of the text, where it repeats the headline.
    Headline,
}

/// Returns the kind of block an element starts, or `None` for inline elements.
fn block_kind(name: &str) -> Option<BlockKind> {
    Some(match name {
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "blockquote" | "pre" | "dd" | "dt" => {
            BlockKind::Paragraph
        }
        "h1" => BlockKind::Headline,
        "address" | "article" | "aside" | "body" | "caption" | "center" | "details" | "dir"
        | "div" | "dl" | "fieldset" | "footer" | "form" | "header" | "hgroup" | "hr" | "html"
        | "legend" | "main" | "menu" | "nav" | "ol" | "section" | "summary" | "table" | "tbody"
        | "td" | "tfoot" | "th" | "thead" | "tr" | "ul" => BlockKind::Container,
        _ => return None,
    })
}

/// A run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    kind: BlockKind,
}

/// A walk that gathers the root's text as blocks.
#[derive(Debug)]
struct Extract<'a> {
    mode: Mode,
    root: ElementRef<'a>,
    blocks: Vec<Block>,
    /// The text of the current block, white space collapsed.
    buffer: String,
    /// White space was seen since the last character in `buffer`.
    space: bool,
    /// `<br>`s since the last character: two in a row end a block.
    breaks: usize,
    /// The open blocks' effective kinds: the nearest non-container kind, if any.
    open: Vec<BlockKind>,
}

impl Extract<'_> {
    /// Ends the current block, keeping it when it has text.
    fn flush(&mut self) {
        if !self.buffer.is_empty() {
            let kind = self.open.last().copied().unwrap_or(BlockKind::Container);
            self.blocks.push(Block {
                text: std::mem::take(&mut self.buffer),
                kind,
            });
        }
        self.space = false;
        self.breaks = 0;
    }
}

impl<'a> Visit<'a> for Extract<'a> {
    fn open(&mut self, el: ElementRef<'a>) -> bool {
        if el != self.root && is_left_out(el, self.mode) {
            return false;
        }
        let name = el.value().name();
        if name == "br" {
            if !self.buffer.is_empty() {
                self.breaks += 1;
                if self.breaks >= 2 {
                    self.flush();
                } else {
                    self.space = true;
                }
            }
            return false;
        }
        if let Some(kind) = block_kind(name) {
            self.flush();
            let inherited = self.open.last().copied().unwrap_or(BlockKind::Container);
            let effective = if kind == BlockKind::Container {
                inherited
            } else {
                kind
            };
            self.open.push(effective);
        }
        true
    }

    fn close(&mut self, el: ElementRef<'a>) {
        if block_kind(el.value().name()).is_some() {
            self.flush();
            self.open.pop();
        }
    }

    fn text(&mut self, text: &'a str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.buffer.is_empty() {
                    self.buffer.push(' ');
                }
                self.space = false;
                self.breaks = 0;
                self.buffer.push(c);
            }
        }
    }
}

/// Extracts the root's main text: paragraphs joined with blank lines, without the headline.
fn extract_text(root: ElementRef<'_>, mode: Mode, title: &str) -> String {
    let mut extract = Extract {
        mode,
        root,
        blocks: Vec::new(),
        buffer: String::new(),
        space: false,
        breaks: 0,
        open: Vec::new(),
    };
    walk(root, &mut extract);
    extract.flush();
    let has_paragraphs = extract
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Paragraph);
    let mut paragraphs: Vec<String> = Vec::new();
    for block in extract.blocks {
        let keep = match block.kind {
            BlockKind::Paragraph => true,
            BlockKind::Headline => !paragraphs.is_empty() && !same_text(&block.text, title),
            BlockKind::Container => !has_paragraphs || reads_like_prose(&block.text),
        };
        let furniture = FURNITURE.iter().any(|f| block.text.eq_ignore_ascii_case(f));
        let repeats_title = paragraphs.is_empty() && same_text(&block.text, title);
        let repeats_last = paragraphs.last() == Some(&block.text);
        if keep && !furniture && !repeats_title && !repeats_last {
            paragraphs.push(block.text);
        }
    }
    paragraphs.join("\n\n")
}

/// Returns whether bare text outside paragraphs is long, finished prose worth keeping.
fn reads_like_prose(text: &str) -> bool {
    text.len() >= 150
        && text
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '\u{201D}' | '\u{2019}' | ')'))
}

/// Returns whether two collapsed texts are the same, ignoring case.
fn same_text(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Joins text pieces, collapsing every run of white space to one space and trimming the ends.
fn collapse<'s>(pieces: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::new();
    for piece in pieces {
        for word in piece.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// A visitor for [`walk`].
trait Visit<'a> {
    /// Enters an element; returns whether to walk its children (and later call `close`).
    fn open(&mut self, el: ElementRef<'a>) -> bool;
    /// Leaves an element whose children were walked.
    fn close(&mut self, _el: ElementRef<'a>) {}
    /// Takes a text node.
    fn text(&mut self, _text: &'a str) {}
    /// Returns whether the walk can stop.
    fn done(&self) -> bool {
        false
    }
}

/// Walks an element's subtree in document order, without recursion.
fn walk<'a>(root: ElementRef<'a>, visitor: &mut impl Visit<'a>) {
    let top = *root;
    let mut node = top;
    loop {
        let mut descend = false;
        match node.value() {
            Node::Text(text) => visitor.text(text),
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    descend = visitor.open(el);
                }
            }
            _ => {}
        }
        if visitor.done() {
            return;
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            if let Some(el) = ElementRef::wrap(node) {
                visitor.close(el);
            }
        }
        // Move on to the next sibling, closing each parent whose children are all walked.
        loop {
            if node == top {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    if let Some(el) = ElementRef::wrap(node) {
                        visitor.close(el);
                    }
                }
                None => return,
            }
        }
    }
}

/// A walk that stops at the first element matching a predicate.
struct Finder<'a, F> {
    mode: Mode,
    root: ElementRef<'a>,
    matches: F,
    found: Option<ElementRef<'a>>,
}

impl<'a, F: FnMut(ElementRef<'a>) -> bool> Visit<'a> for Finder<'a, F> {
    fn open(&mut self, el: ElementRef<'a>) -> bool {
        if el != self.root && is_left_out(el, self.mode) {
            return false;
        }
        if (self.matches)(el) {
            self.found = Some(el);
            return false;
        }
        true
    }

    fn done(&self) -> bool {
        self.found.is_some()
    }
}

/// Returns the first element in `root`'s subtree (in document order) that matches, skipping
/// what `mode` leaves out.
fn find_first<'a>(
    root: ElementRef<'a>,
    mode: Mode,
    matches: impl FnMut(ElementRef<'a>) -> bool,
) -> Option<ElementRef<'a>> {
    let mut finder = Finder {
        mode,
        root,
        matches,
        found: None,
    };
    walk(root, &mut finder);
    finder.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::WarningKind;

    const ORIGIN: Origin<'static> = Origin {
        path: "corpus/world/iraq-talks.html",
        relative: "world/iraq-talks.html",
    };

    fn parse(html: &str) -> (Article, Parsed) {
        let mut parsed = Parsed::default();
        read(ORIGIN, html, &mut parsed).expect("reads");
        assert_eq!(parsed.articles.len(), 1, "one article per page");
        let article = parsed.articles[0].clone();
        (article, parsed)
    }

    fn article(html: &str) -> Article {
        parse(html).0
    }

    #[test]
    fn boilerplate_is_left_out() {
        let table = [
            (
                "nav, footer, script, style",
                r#"<body><nav><a href="/">Home</a> <a href="/w">World</a></nav>
                <article><p>One.</p><script>var x = "<p>no</p>";</script>
                <style>p { color: red }</style><p>Two.</p></article>
                <footer><p>&copy; Site</p></footer></body>"#,
                "One.\n\nTwo.",
            ),
            (
                "aside and share buttons",
                r#"<article><p>Alpha.</p><aside><p>Related stuff</p></aside>
                <div class="share-buttons"><p>Share on X</p></div><p>Beta.</p></article>"#,
                "Alpha.\n\nBeta.",
            ),
            (
                "class and id hints, main container kept",
                r#"<article><div class="article-body"><p>Alpha.</p>
                <div id="cookie-notice"><p>We use cookies.</p></div>
                <div class="newsletter"><p>Sign up.</p></div>
                <section id="comments"><p>Nice!</p></section>
                <ul class="related-stories"><li>Other story</li></ul>
                <div class="advert"><p>Buy now</p></div><div class="ad"><p>Buy</p></div>
                <div class="promo-box"><p>Promo</p></div>
                <div class="subscribe-cta"><p>Subscribe</p></div>
                <div class="socialShare"><p>Tweet</p></div>
                <p>Beta.</p></div></article>"#,
                "Alpha.\n\nBeta.",
            ),
            (
                "breadcrumbs, captions, noscript, forms, roles, hidden",
                r#"<main class="main-content"><ol class="breadcrumbs"><li>Home</li></ol>
                <figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
                <noscript>Enable JavaScript</noscript><form><p>Search</p></form>
                <p>Alpha.</p><div role="navigation"><p>Nav</p></div><p hidden>Hidden</p>
                <p style="display: none">Gone</p><div class="sidebar"><p>Side</p></div>
                <div id="menu"><p>Menu</p></div><header><p>Header</p></header></main>"#,
                "Alpha.",
            ),
            (
                "furniture lines",
                "<article><p>Alpha.</p><p>Advertisement</p><p>Read more</p><p>Beta.</p></article>",
                "Alpha.\n\nBeta.",
            ),
        ];
        for (name, html, expected) in table {
            assert_eq!(article(html).text, expected, "{name}");
        }
    }

    #[test]
    fn blocks_become_paragraphs() {
        let table = [
            (
                "headline, whitespace, headings, lists, quotes, pre",
                "<article><h1>Headline</h1><p>  Line\n one   and\ttwo </p><h2>Sub head</h2>\
                 <ul><li>Item one</li><li>Item <b>two</b></li></ul>\
                 <blockquote>Quoted words</blockquote><pre>code   here</pre></article>",
                "Line one and two\n\nSub head\n\nItem one\n\nItem two\n\nQuoted words\n\ncode here",
            ),
            (
                "entities",
                "<article><p>Fish &amp; chips &ndash; &quot;good&quot; &#169; &nbsp;x</p></article>",
                "Fish & chips \u{2013} \"good\" \u{a9} x",
            ),
            (
                "inline elements do not split words",
                "<article><p>Hel<span>lo</span> <a href=\"#\">world</a></p></article>",
                "Hello world",
            ),
            (
                "bare text blocks when there are no paragraphs",
                "<body><div>First block</div><div>Second <br>line<br><br>Third</div></body>",
                "First block\n\nSecond line\n\nThird",
            ),
            (
                "short bare text dropped next to paragraphs",
                "<article><div>Kicker</div><p>Alpha.</p><div>Posted 3 hours ago</div></article>",
                "Alpha.",
            ),
            (
                "nested blocks inside list items and quotes",
                "<article><blockquote><div>Said <i>this</i>.</div></blockquote>\
                 <ul><li><div>Point</div></li></ul><p>End.</p></article>",
                "Said this.\n\nPoint\n\nEnd.",
            ),
            (
                "headline repeated in a paragraph is dropped",
                "<html><head><meta property=\"og:title\" content=\"Talks resume\"></head>\
                 <body><article><p>Talks Resume</p><p>Body.</p></article></body></html>",
                "Body.",
            ),
            (
                "later h1 kept",
                "<article><h1>Talks resume</h1><p>Body.</p><h1>Analysis</h1><p>More.</p></article>",
                "Body.\n\nAnalysis\n\nMore.",
            ),
        ];
        for (name, html, expected) in table {
            assert_eq!(article(html).text, expected, "{name}");
        }
    }

    #[test]
    fn title_precedence() {
        let body = "<body><article><h1>Article h1</h1><p>Text.</p></article></body>";
        let table = [
            (
                "og:title first",
                format!(
                    "<head><title>Page title</title><meta property=\"og:title\" \
                     content=\" OG  title \"></head>{body}"
                ),
                "OG title",
            ),
            (
                "JSON-LD headline next",
                format!(
                    "<head><title>Page title</title><script type=\"application/ld+json\">\
                     {{\"@type\": \"NewsArticle\", \"headline\": \"LD headline\"}}</script>\
                     </head>{body}"
                ),
                "LD headline",
            ),
            (
                "h1 in the article next",
                format!("<head><title>Page title</title></head>{body}"),
                "Article h1",
            ),
            (
                "title with site suffix",
                "<head><title>Talks resume - Daily Ledger</title>\
                 <meta property=\"og:site_name\" content=\"Daily Ledger\"></head>\
                 <body><p>Text.</p></body>"
                    .to_string(),
                "Talks resume",
            ),
            (
                "title with pipe suffix",
                "<head><title>Talks resume | Daily Ledger</title>\
                 <meta property=\"og:site_name\" content=\"Daily Ledger\"></head>\
                 <body><p>Text.</p></body>"
                    .to_string(),
                "Talks resume",
            ),
            (
                "suffix kept when it is not the site name",
                "<head><title>Talks resume | Opinion</title>\
                 <meta property=\"og:site_name\" content=\"Daily Ledger\"></head>\
                 <body><p>Text.</p></body>"
                    .to_string(),
                "Talks resume | Opinion",
            ),
            (
                "suffix kept without a site name",
                "<head><title>Talks resume - Daily Ledger</title></head><body><p>Text.</p></body>"
                    .to_string(),
                "Talks resume - Daily Ledger",
            ),
            (
                "logo h1 skipped",
                "<head><title>Page title</title></head><body><header>\
                 <h1 class=\"site-logo\">Ledger</h1></header><div><p>Text.</p></div></body>"
                    .to_string(),
                "Page title",
            ),
            (
                "file name last",
                "<body><p>Text.</p></body>".to_string(),
                "Iraq talks",
            ),
        ];
        for (name, html, expected) in table {
            assert_eq!(article(&html).title, expected, "{name}");
        }
    }

    #[test]
    fn dates_come_from_meta_json_ld_and_time() {
        let meta = |attr: &str, key: &str| {
            format!("<meta {attr}=\"{key}\" content=\"2021-03-04T05:06:07Z\">")
        };
        let mut table: Vec<(String, String, Option<&str>)> = [
            ("property", "article:published_time"),
            ("property", "og:published_time"),
            ("property", "og:pubdate"),
            ("itemprop", "datePublished"),
            ("name", "datePublished"),
            ("name", "date"),
            ("name", "pubdate"),
            ("name", "publishdate"),
            ("name", "dc.date"),
            ("name", "DC.date.issued"),
            ("name", "sailthru.date"),
            ("name", "parsely-pub-date"),
        ]
        .into_iter()
        .map(|(attr, key)| {
            let html = format!("<head>{}</head><body><p>Text.</p></body>", meta(attr, key));
            (key.to_string(), html, Some("2021-03-04T05:06:07Z"))
        })
        .collect();
        let more = [
            (
                "JSON-LD",
                "<script type=\"application/ld+json\">[{\"@graph\": [{\"@type\": \"NewsArticle\", \
                 \"datePublished\": \"2020-02-03\"}]}]</script><p>Text.</p>",
                Some("2020-02-03"),
            ),
            (
                "time datetime",
                "<article><time datetime=\"2019-05-06T07:08:09+02:00\">6 May</time>\
                 <p>Text.</p></article>",
                Some("2019-05-06T05:08:09Z"),
            ),
            (
                "time pubdate text",
                "<article><time>Later</time><time pubdate>July 18, 2017</time><p>Text.</p></article>",
                Some("2017-07-18"),
            ),
            (
                "itemprop on a span",
                "<article><span itemprop=\"datePublished\" content=\"2018-01-02\">2 Jan</span>\
                 <p>Text.</p></article>",
                Some("2018-01-02"),
            ),
            (
                "meta wins over time",
                "<meta property=\"article:published_time\" content=\"2022-01-01\">\
                 <article><time datetime=\"2023-01-01\"></time><p>Text.</p></article>",
                Some("2022-01-01"),
            ),
            (
                "time in a related aside ignored",
                "<aside><time datetime=\"2000-01-01\"></time></aside>\
                 <div><time datetime=\"2001-01-01\"></time><p>Text.</p></div>",
                Some("2001-01-01"),
            ),
            (
                "unparseable meta, parseable time",
                "<meta name=\"date\" content=\"yesterday\">\
                 <article><time datetime=\"2016-06-07\"></time><p>Text.</p></article>",
                Some("2016-06-07"),
            ),
            ("no date", "<p>Text.</p>", None),
        ];
        table.extend(
            more.into_iter()
                .map(|(name, html, date)| (name.to_string(), html.to_string(), date)),
        );
        for (name, html, expected) in table {
            let (article, parsed) = parse(&html);
            let date = article.date.map(|d| d.text);
            assert_eq!(date.as_deref(), expected, "{name}");
            assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
        }
    }

    #[test]
    fn unparseable_date_warns() {
        let html =
            "<meta property=\"article:published_time\" content=\"last Tuesday\"><p>Text.</p>";
        let (article, parsed) = parse(html);
        assert_eq!(article.date, None);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].kind, WarningKind::BadDate);
        assert_eq!(parsed.warnings[0].location, ORIGIN.path);
        assert!(parsed.warnings[0].message.contains("last Tuesday"));
    }

    #[test]
    fn source_and_url_come_from_meta() {
        let table = [
            (
                "canonical over og:url",
                "<link rel=\"canonical\" href=\" https://a.example/story \">\
                 <meta property=\"og:url\" content=\"https://b.example/story\">\
                 <meta property=\"og:site_name\" content=\"Ledger\">",
                Some("Ledger"),
                Some("https://a.example/story"),
            ),
            (
                "og:url without canonical",
                "<meta property=\"og:url\" content=\"https://b.example/story\">",
                None,
                Some("https://b.example/story"),
            ),
            (
                "absolute og:url over relative canonical",
                "<link rel=\"Canonical\" href=\"/story\">\
                 <meta property=\"og:url\" content=\"https://b.example/story\">",
                None,
                Some("https://b.example/story"),
            ),
            (
                "relative canonical alone",
                "<link rel=\"canonical\" href=\"/story\">",
                None,
                Some("/story"),
            ),
            (
                "nothing",
                "<link rel=\"stylesheet\" href=\"/s.css\">",
                None,
                None,
            ),
        ];
        for (name, head, source, url) in table {
            let html = format!("<head>{head}</head><body><p>Text.</p></body>");
            let article = article(&html);
            assert_eq!(article.source.as_deref(), source, "{name}");
            assert_eq!(article.url.as_deref(), url, "{name}");
        }
    }

    #[test]
    fn content_root_is_chosen() {
        let long = "Officials said the talks would resume next week in the capital. ".repeat(4);
        let table = [
            (
                "densest div without <article>",
                format!(
                    "<body><div class=\"top\"><p>Top links</p></div><div id=\"story\">\
                     <p>{long}</p><p>Second.</p></div><div><p>Footer-ish note</p></div></body>"
                ),
                format!("{}\n\nSecond.", long.trim()),
            ),
            (
                "blocks split across sibling divs",
                "<body><div id=\"wrap\"><div><p>First part.</p></div><div><p>Second part.</p></div>\
                 </div></body>"
                    .to_string(),
                "First part.\n\nSecond part.".to_string(),
            ),
            (
                "main",
                "<body><div><p>Outside.</p></div><main><p>Inside.</p><p>Inside too.</p></main></body>"
                    .to_string(),
                "Inside.\n\nInside too.".to_string(),
            ),
            (
                "role=main",
                "<body><div><p>Out.</p></div><div role=\"main\"><p>In one.</p><p>In two.</p></div></body>"
                    .to_string(),
                "In one.\n\nIn two.".to_string(),
            ),
            (
                "itemprop=articleBody before main",
                "<body><main><p>Standfirst.</p><div itemprop=\"articleBody\"><p>Body one.</p>\
                 <p>Body two.</p></div></main></body>"
                    .to_string(),
                "Body one.\n\nBody two.".to_string(),
            ),
            (
                "teaser <article> does not beat the story",
                format!(
                    "<body><div class=\"story-body\"><p>{long}</p></div>\
                     <article class=\"card\"><p>Teaser.</p></article></body>"
                ),
                long.trim().to_string(),
            ),
            (
                "page wrapped in a form",
                "<body><form id=\"aspnetForm\"><div><p>Alpha.</p></div></form></body>".to_string(),
                "Alpha.".to_string(),
            ),
            (
                "body without paragraphs",
                "<body>Just some text.</body>".to_string(),
                "Just some text.".to_string(),
            ),
        ];
        for (name, html, expected) in table {
            assert_eq!(article(&html).text, expected, "{name}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        // The parser itself is slow (quadratic) on very deep nesting, so these stay moderate;
        // they are still far deeper than a recursive walk could safely go in a test thread.
        let deep = format!(
            "{}<p>Deep.</p>{}",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let unclosed = "<section><b><i>".repeat(5_000) + "Text";
        let huge: String = (0..50_000)
            .map(|i| format!("<p>Paragraph {i} of a long page.</p>"))
            .collect();
        let table: [(&str, &str, Option<&str>); 9] = [
            ("empty", "", Some("")),
            ("blank body", "<html><body>  </body></html>", Some("")),
            ("only a tag", "<", Some("<")),
            (
                "malformed",
                "<p>One <b>two<p>Three</i></div>",
                Some("One two\n\nThree"),
            ),
            ("stray closers", "</p></article></html><p>x", Some("x")),
            (
                "bad json-ld",
                "<script type=\"application/ld+json\">{\"headline\":</script><p>x</p>",
                Some("x"),
            ),
            ("deeply nested", &deep, Some("Deep.")),
            ("unclosed inline nesting", &unclosed, None),
            ("huge", &huge, None),
        ];
        for (name, html, expected) in table {
            let article = article(html);
            if let Some(expected) = expected {
                assert_eq!(article.text, expected, "{name}");
            }
        }
        assert_eq!(article(&huge).text.matches("\n\n").count(), 49_999);
    }

    #[test]
    fn ids_and_paths_come_from_the_origin() {
        let article = article("<p>Text.</p>");
        assert_eq!(article.id, "world/iraq-talks.html#1");
        assert_eq!(article.path, "corpus/world/iraq-talks.html");
    }

    #[test]
    fn fixtures_read_as_expected() {
        let news = article(include_str!("../../tests/fixtures/html/news-article.html"));
        assert_eq!(
            news.title,
            "Troops begin withdrawal from northern Iraq bases"
        );
        assert_eq!(
            news.date.map(|d| d.text).as_deref(),
            Some("2024-01-25T09:30:00Z")
        );
        assert_eq!(news.source.as_deref(), Some("The Daily Ledger"));
        assert!(news.text.starts_with("Several hundred coalition troops"));
        assert_eq!(news.text.split("\n\n").count(), 6);
        for boilerplate in [
            "Politics",
            "cookie",
            "Share on",
            "Related",
            "Comments",
            "Photo:",
            "dataLayer",
        ] {
            assert!(!news.text.contains(boilerplate), "{boilerplate}");
        }

        let flood = article(include_str!("../../tests/fixtures/html/no-article-tag.htm"));
        assert_eq!(
            flood.title,
            "Flood defences hold as river peaks in market town"
        );
        assert_eq!(flood.date.map(|d| d.text).as_deref(), Some("2023-11-14"));
        assert_eq!(
            flood.url.as_deref(),
            Some("https://www.valleycourier.example/news/2023/11/14/flood-defences-hold")
        );
        assert_eq!(flood.text.split("\n\n").count(), 4);
        for boilerplate in ["Most read", "Weather", "inbox", "Mill Lane", "_gaq"] {
            assert!(!flood.text.contains(boilerplate), "{boilerplate}");
        }
    }
}
