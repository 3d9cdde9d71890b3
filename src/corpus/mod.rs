//! The corpus: walking a folder of news files and reading each one into [`Article`]s.
//!
//! The walk is recursive, sorted by file name and never follows symlinks. Each supported format
//! has one reader file here (`text`, `json`, `html`, `sgml`); [`read_file`] picks the reader by
//! extension, decodes the bytes and turns every problem into a [`Skipped`] file or a [`Warning`],
//! so that one bad file never aborts a run.

mod html;
mod json;
mod sgml;
mod text;

use crate::article::Article;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file formats newsdex reads, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt` and `.md`: plain text, with optional front matter.
    Text,
    /// `.json`: one article object, or an array of them.
    Json,
    /// `.jsonl` and `.ndjson`: one article object per line.
    JsonLines,
    /// `.html` and `.htm`: a web page; the main text is extracted.
    Html,
    /// `.sgm`: Reuters-21578 SGML, one `<REUTERS>` element per article.
    Sgml,
}

impl Format {
    /// Picks the format from a path's extension (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "md" => Format::Text,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "html" | "htm" => Format::Html,
            "sgm" | "sgml" => Format::Sgml,
            _ => return None,
        })
    }
}

/// A file as found by [`walk`].
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// The path as walked (the root joined with the relative path).
    pub path: PathBuf,
    /// The path relative to the corpus root, with `/` separators: the stable part of article ids.
    pub relative: String,
    /// The file's size in bytes.
    pub size: u64,
}

/// Why a file or folder was left out of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// The extension is not one newsdex reads.
    UnknownExtension,
    /// The file is empty, or holds only white space.
    Empty,
    /// The file holds NUL bytes: it is not text.
    Binary,
    /// The file or folder could not be read.
    Unreadable,
    /// The file could not be parsed in its format.
    Malformed,
    /// The file parsed, but held no article with text.
    NoArticles,
    /// A symlink, which the walk does not follow.
    Symlink,
}

impl SkipReason {
    /// A short lower-case label for summaries, e.g. `unknown extension`.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::UnknownExtension => "unknown extension",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Malformed => "malformed",
            SkipReason::NoArticles => "no articles",
            SkipReason::Symlink => "symlink",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A file or folder that was left out, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path, as walked.
    pub path: String,
    /// Why it was skipped.
    pub reason: SkipReason,
    /// A detail for the user, e.g. the parse error.
    pub detail: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped ({})", self.path, self.reason)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// A problem inside a file that did not stop it being indexed: a bad JSON line, replaced bytes,
/// a date that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where: `path` or `path:line`.
    pub location: String,
    /// What happened.
    pub message: String,
    /// The kind of warning, for counting.
    pub kind: WarningKind,
}

/// The kinds of [`Warning`], so that summaries can count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// Invalid UTF-8 was replaced with U+FFFD.
    InvalidUtf8,
    /// One record (a JSON line, an array element, an SGML element) was malformed and skipped.
    BadRecord,
    /// A date was present but could not be parsed; the article has no date.
    BadDate,
}

impl WarningKind {
    /// A short lower-case label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::InvalidUtf8 => "invalid utf-8 replaced",
            WarningKind::BadRecord => "bad records skipped",
            WarningKind::BadDate => "unparsed dates",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// The articles read from one file, and the warnings met on the way.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// Problems that did not stop the file being read.
    pub warnings: Vec<Warning>,
}

impl Parsed {
    fn warn(&mut self, location: impl Into<String>, kind: WarningKind, message: impl Into<String>) {
        self.warnings.push(Warning {
            location: location.into(),
            message: message.into(),
            kind,
        });
    }
}

/// What a reader knows about the file it reads: its display path and its corpus-relative path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The path as walked, for messages and for `Article::path`.
    pub path: &'a str,
    /// The corpus-relative path, for ids.
    pub relative: &'a str,
}

impl Origin<'_> {
    /// The id of the `position`-th article of a file that has no ids of its own.
    pub fn id_at(&self, position: usize) -> String {
        format!("{}#{}", self.relative, position)
    }

    /// A location for warnings: `path:line`.
    pub fn at_line(&self, line: usize) -> String {
        format!("{}:{}", self.path, line)
    }

    /// Parses a date field, warning (and returning `None`) when it is present but unparseable.
    pub fn date(
        &self,
        raw: Option<&str>,
        location: impl FnOnce() -> String,
        parsed: &mut Parsed,
    ) -> Option<crate::article::ArticleDate> {
        let raw = raw?.trim();
        if raw.is_empty() {
            return None;
        }
        let date = crate::article::parse_date(raw);
        if date.is_none() {
            parsed.warn(
                location(),
                WarningKind::BadDate,
                format!("unparsed date {raw:?}"),
            );
        }
        date
    }
}

/// Walks a corpus folder: recursive, sorted by name, not following symlinks, leaving out hidden
/// files and folders (names starting with `.`) and the folder `exclude` (the index, when it lies
/// inside the corpus).
///
/// Yields every regular file, and a [`Skipped`] for each symlink or unreadable entry.
pub fn walk<'a>(
    root: &'a Path,
    exclude: Option<&'a Path>,
) -> impl Iterator<Item = Result<FileEntry, Skipped>> + 'a {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            if entry.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            let excluded = entry.file_type().is_dir()
                && exclude
                    .as_deref()
                    .is_some_and(|ex| entry.path().canonicalize().is_ok_and(|p| p == ex));
            !excluded
        })
        .filter_map(move |entry| match entry {
            Ok(entry) => {
                let file_type = entry.file_type();
                if file_type.is_dir() {
                    return None;
                }
                let path = entry.path().to_path_buf();
                if file_type.is_symlink() {
                    return Some(Err(Skipped {
                        path: path.display().to_string(),
                        reason: SkipReason::Symlink,
                        detail: "symlinks are not followed".into(),
                    }));
                }
                let relative = relative_path(root, &path);
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                Some(Ok(FileEntry {
                    path,
                    relative,
                    size,
                }))
            }
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let detail = err
                    .io_error()
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| err.to_string());
                Some(Err(Skipped {
                    path,
                    reason: SkipReason::Unreadable,
                    detail,
                }))
            }
        })
}

fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if rel.as_os_str().is_empty() {
        // The root itself is a file: use its name.
        return path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads one file into articles, choosing the reader by extension.
///
/// # Errors
/// Returns [`Skipped`] when the file has an unknown extension, cannot be read, is empty or binary,
/// cannot be parsed at all, or holds no article with text.
pub fn read_file(entry: &FileEntry) -> Result<Parsed, Skipped> {
    let display = entry.path.display().to_string();
    let skip = |reason: SkipReason, detail: String| Skipped {
        path: display.clone(),
        reason,
        detail,
    };
    let Some(format) = Format::from_path(&entry.path) else {
        return Err(skip(SkipReason::UnknownExtension, String::new()));
    };
    let bytes =
        std::fs::read(&entry.path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    let origin = Origin {
        path: &display,
        relative: &entry.relative,
    };
    read_bytes(origin, format, &bytes).map_err(|(reason, detail)| skip(reason, detail))
}

/// Reads a file's bytes in the given format. Exposed within the crate for tests and for `extract`.
pub(crate) fn read_bytes(
    origin: Origin<'_>,
    format: Format,
    bytes: &[u8],
) -> Result<Parsed, (SkipReason, String)> {
    let mut parsed = Parsed::default();
    let text = decode(origin.path, bytes, &mut parsed)?;
    if text.trim().is_empty() {
        return Err((SkipReason::Empty, String::new()));
    }
    let result = match format {
        Format::Text => text::read(origin, &text, &mut parsed),
        Format::Json => json::read_document(origin, &text, &mut parsed),
        Format::JsonLines => json::read_lines(origin, &text, &mut parsed),
        Format::Html => html::read(origin, &text, &mut parsed),
        Format::Sgml => sgml::read(origin, &text, &mut parsed),
    };
    result.map_err(|detail| (SkipReason::Malformed, detail))?;
    parsed.articles.retain(|a| !a.text.trim().is_empty());
    if parsed.articles.is_empty() {
        return Err((SkipReason::NoArticles, String::new()));
    }
    Ok(parsed)
}

/// Decodes bytes as text: UTF-8 with any BOM stripped, UTF-16 when it has a BOM. Invalid UTF-8 is
/// replaced, with a warning; NUL bytes in UTF-8 mean a binary file.
fn decode(path: &str, bytes: &[u8], parsed: &mut Parsed) -> Result<String, (SkipReason, String)> {
    if bytes.is_empty() {
        return Err((SkipReason::Empty, String::new()));
    }
    let utf16 = |bytes: &[u8], little: bool| -> String {
        let units = bytes.chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, true));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, false));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err((SkipReason::Binary, "contains NUL bytes".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(err) => {
            parsed.warn(
                path,
                WarningKind::InvalidUtf8,
                format!(
                    "invalid UTF-8 at byte {} replaced with U+FFFD",
                    err.valid_up_to()
                ),
            );
            Ok(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

#[cfg(test)]
pub(crate) fn origin_for_tests() -> Origin<'static> {
    Origin {
        path: "dir/file",
        relative: "file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> Result<Parsed, (SkipReason, String)> {
        let format = Format::from_path(Path::new(name)).expect("known extension");
        read_bytes(
            Origin {
                path: name,
                relative: name,
            },
            format,
            bytes,
        )
    }

    #[test]
    fn formats_are_chosen_by_extension() {
        let table = [
            ("a.txt", Some(Format::Text)),
            ("a.MD", Some(Format::Text)),
            ("a.json", Some(Format::Json)),
            ("a.jsonl", Some(Format::JsonLines)),
            ("a.ndjson", Some(Format::JsonLines)),
            ("a.htm", Some(Format::Html)),
            ("a.html", Some(Format::Html)),
            ("reut2-000.sgm", Some(Format::Sgml)),
            ("a.pdf", None),
            ("Makefile", None),
        ];
        for (name, expected) in table {
            assert_eq!(Format::from_path(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn bad_bytes_are_skipped_with_a_reason() {
        let table: &[(&str, &[u8], SkipReason)] = &[
            ("empty.txt", b"", SkipReason::Empty),
            ("blank.txt", b"  \n\n ", SkipReason::Empty),
            ("binary.txt", b"abc\0def", SkipReason::Binary),
            ("broken.json", b"{\"title\": ", SkipReason::Malformed),
            (
                "notext.json",
                b"{\"title\": \"only a title\"}",
                SkipReason::NoArticles,
            ),
        ];
        for (name, bytes, reason) in table {
            let got = read(name, bytes).err().map(|(r, _)| r);
            assert_eq!(got, Some(*reason), "{name}");
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let parsed = read("bad.txt", b"Caf\xe9 society\n").expect("reads");
        assert_eq!(parsed.articles[0].text, "Caf\u{FFFD} society");
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].kind, WarningKind::InvalidUtf8);
    }

    #[test]
    fn bom_is_stripped_and_utf16_decoded() {
        let parsed = read("bom.txt", b"\xEF\xBB\xBFHello world").expect("reads");
        assert_eq!(parsed.articles[0].text, "Hello world");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi there".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let parsed = read("utf16.txt", &utf16).expect("reads");
        assert_eq!(parsed.articles[0].text, "Hi there");
    }
}
