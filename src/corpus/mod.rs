//! The corpus: walking a folder of news files and reading each one into [`Article`]s.
//!
//! The walk is recursive, sorted by file name and never follows symlinks. Each supported format
//! has one reader file here (`text`, `json`, `html`, `sgml`); [`read_file`] picks the reader by
//! extension, decodes the bytes and turns every problem into a [`Skipped`] file or a [`Warning`],
//! so that one bad file never aborts a run. [`stream_file`] does the same with callbacks, reading
//! JSON Lines files line by line so that memory stays bounded however large they are.
//!
//! Hostile input is expected: any bytes in any format, huge files and lines, deep nesting, file
//! names that are not UTF-8 (shown with `\xNN` escapes), symlink loops (never followed), special
//! files such as FIFOs (never opened), unreadable files and folders, and files that change while
//! they are read all end as a [`Skipped`] or a [`Warning`] with the path, never a panic.

mod html;
mod json;
mod sgml;
mod text;

use crate::article::Article;
use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The longest line of a JSON Lines file that is parsed, in bytes. A longer line is skipped with
/// a [`WarningKind::BadRecord`] warning, without ever being held in memory whole.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// The largest file of a format that is read whole (every format but JSON Lines), in bytes. A
/// larger file is skipped as [`SkipReason::TooLarge`], so that one huge file cannot exhaust memory.
pub const MAX_WHOLE_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// The size of the read buffer when streaming a JSON Lines file.
const STREAM_BUFFER_BYTES: usize = 64 * 1024;

/// A line buffer that grew past this is freed after its line, so that one huge line does not
/// keep its memory for the rest of the file.
const KEEP_LINE_BUFFER_BYTES: usize = 1024 * 1024;

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
    /// Not a regular file: a FIFO, socket or device, which is never opened.
    Special,
    /// Larger than [`MAX_WHOLE_FILE_BYTES`] in a format that is read whole.
    TooLarge,
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
            SkipReason::Special => "not a regular file",
            SkipReason::TooLarge => "too large",
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
    /// The file changed (was truncated, grew or was rewritten) while it was read, or a read error
    /// cut it short after some of its articles: what was read is kept.
    Incomplete,
    /// The file's path is not valid UTF-8; it is shown, and its ids made, with `\xNN` escapes.
    FileName,
}

impl WarningKind {
    /// A short lower-case label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::InvalidUtf8 => "invalid utf-8 replaced",
            WarningKind::BadRecord => "bad records skipped",
            WarningKind::BadDate => "unparsed dates",
            WarningKind::Incomplete => "files changed or cut short while read",
            WarningKind::FileName => "file names not utf-8",
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
/// Yields every regular file, and a [`Skipped`] for each symlink, special file (FIFO, socket,
/// device) or unreadable file or folder. Symlinks are never followed, so a symlink loop is one
/// skipped entry. Paths that are not valid UTF-8 are kept as they are in [`FileEntry::path`] and
/// written with `\xNN` escapes in [`FileEntry::relative`] and in messages.
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
                        path: path_text(&path),
                        reason: SkipReason::Symlink,
                        detail: "symlinks are not followed".into(),
                    }));
                }
                if !file_type.is_file() {
                    return Some(Err(Skipped {
                        path: path_text(&path),
                        reason: SkipReason::Special,
                        detail: "not a regular file (a FIFO, socket or device)".into(),
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
                let path = path_text(err.path().unwrap_or(root));
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
        return path.file_name().map(os_text).unwrap_or_default();
    }
    rel.components()
        .map(|c| os_text(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// A path as text for messages, ids and [`Article::path`]: the path itself when it is valid
/// UTF-8; otherwise each byte that is not is written `\xNN`, so that two names that differ only
/// in such bytes stay distinct (a lossy conversion would make both `U+FFFD`).
fn path_text(path: &Path) -> String {
    os_text(path.as_os_str())
}

#[cfg(unix)]
fn os_text(os: &std::ffi::OsStr) -> String {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let bytes = os.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02X}");
        }
    }
    out
}

#[cfg(not(unix))]
fn os_text(os: &std::ffi::OsStr) -> String {
    os.to_string_lossy().into_owned()
}

/// Reads one file into articles, choosing the reader by extension.
///
/// This is [`stream_file`] with the articles and warnings collected; a skipped file gives no
/// warnings. Prefer [`stream_file`] for large JSON Lines files.
///
/// # Errors
/// Returns [`Skipped`] when the file has an unknown extension, cannot be read, is empty, binary,
/// not a regular file or too large, cannot be parsed at all, or holds no article with text.
pub fn read_file(entry: &FileEntry) -> Result<Parsed, Skipped> {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    stream_file(entry, &mut |a| articles.push(a), &mut |w| warnings.push(w))?;
    Ok(Parsed { articles, warnings })
}

/// Reads one file, handing each article with text to `on_article` and each problem that does not
/// stop the file to `on_warning`, in file order.
///
/// `.jsonl` and `.ndjson` files are streamed line by line through a small buffer, so memory stays
/// bounded by the longest line whatever the file's size. A line longer than [`MAX_LINE_BYTES`] is
/// skipped unread, and a line that is not an article object is a `file:line` warning; the rest of
/// the file is still read. NUL bytes in the first block mean a binary file; a file with a UTF-16
/// byte-order mark is read whole. Every other format is read whole (up to
/// [`MAX_WHOLE_FILE_BYTES`]) and parsed, then handed over.
///
/// A file is read up to the size it had when it was opened. A file that changes while it is read
/// (truncated, grown or rewritten), or whose reading fails after some articles were handed over,
/// gives a [`WarningKind::Incomplete`] warning and keeps what was read; what a file grew by is
/// left for the next run. A path that is not valid UTF-8 gives a [`WarningKind::FileName`] warning.
///
/// # Errors
/// Returns [`Skipped`] for the same reasons as [`read_file`]. When a streamed file turns out to be
/// skipped (no line held an article with text), the warnings about its lines have already been
/// handed to `on_warning`, but no article has.
pub fn stream_file(
    entry: &FileEntry,
    on_article: &mut dyn FnMut(Article),
    on_warning: &mut dyn FnMut(Warning),
) -> Result<(), Skipped> {
    stream_file_hashed(entry, on_article, on_warning).map(drop)
}

/// [`stream_file`], returning also the xxh3 hash of the bytes it read: the hash of the whole
/// file's content when the file did not change while it was read. An indexer records it without
/// reading the file a second time.
///
/// # Errors
/// As [`stream_file`].
pub fn stream_file_hashed(
    entry: &FileEntry,
    on_article: &mut dyn FnMut(Article),
    on_warning: &mut dyn FnMut(Warning),
) -> Result<u64, Skipped> {
    let display = path_text(&entry.path);
    let skip = |reason: SkipReason, detail: String| Skipped {
        path: display.clone(),
        reason,
        detail,
    };
    let Some(format) = Format::from_path(&entry.path) else {
        return Err(skip(SkipReason::UnknownExtension, String::new()));
    };
    // Look before opening: opening a FIFO would wait for a writer.
    let metadata =
        std::fs::metadata(&entry.path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    check_regular(&metadata).map_err(|(reason, detail)| skip(reason, detail))?;
    let mut file =
        File::open(&entry.path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    let opened = Snapshot::of(&file).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    let origin = Origin {
        path: &display,
        relative: &entry.relative,
    };
    // Read no further than the size at opening: a file that keeps growing (a feed being written)
    // is read as it was then, and the rest is left for the next run, with a warning.
    let mut snapshot = Hashing {
        inner: Read::by_ref(&mut file).take(opened.size),
        hasher: xxhash_rust::xxh3::Xxh3::new(),
    };
    let outcome = match format {
        Format::JsonLines => stream_lines(origin, &mut snapshot, on_article, on_warning),
        _ => read_whole(&mut snapshot, opened.size).and_then(|bytes| {
            let parsed = read_bytes(origin, format, &bytes)?;
            parsed.warnings.into_iter().for_each(&mut *on_warning);
            for article in parsed.articles {
                on_article(checked_date(article, &display, on_warning));
            }
            Ok(Reading {
                bytes: bytes.len() as u64,
                error: None,
            })
        }),
    };
    let hash = snapshot.hasher.digest();
    let changed = Snapshot::of(&file).ok().and_then(|now| {
        let read = outcome.as_ref().ok().map(|r| r.bytes);
        opened.change(&now, read)
    });
    match outcome {
        Ok(read) => {
            if let Some(error) = read.error {
                on_warning(Warning {
                    location: display.clone(),
                    message: format!("reading stopped after {} bytes: {error}", read.bytes),
                    kind: WarningKind::Incomplete,
                });
            } else if let Some(change) = changed {
                on_warning(Warning {
                    location: display.clone(),
                    message: change,
                    kind: WarningKind::Incomplete,
                });
            }
            if entry.path.to_str().is_none() {
                on_warning(Warning {
                    location: display.clone(),
                    message: "the file name is not valid UTF-8; it is shown with \\xNN escapes"
                        .into(),
                    kind: WarningKind::FileName,
                });
            }
            Ok(hash)
        }
        Err((reason, mut detail)) => {
            if let Some(change) = changed {
                if !detail.is_empty() {
                    detail.push_str("; ");
                }
                detail.push_str(&change);
            }
            Err(skip(reason, detail))
        }
    }
}

/// A reader that hashes what it reads.
struct Hashing<R> {
    inner: R,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..n]);
        Ok(n)
    }
}

/// The first second of the year 0000 and the last of 9999, in seconds since the epoch: the dates
/// that RFC 3339 can write.
const DATE_RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;

/// Drops an article's date when it lies outside the years 0000 to 9999 (an epoch number far off,
/// say), with a [`WarningKind::BadDate`] warning at `location`: such a date has no RFC 3339 form.
fn checked_date(
    mut article: Article,
    location: &str,
    on_warning: &mut dyn FnMut(Warning),
) -> Article {
    if let Some(date) = article.date.take_if(|d| !DATE_RANGE.contains(&d.timestamp)) {
        on_warning(Warning {
            location: location.to_string(),
            message: format!("date {} is outside the years 0000 to 9999", date.text),
            kind: WarningKind::BadDate,
        });
    }
    article
}

/// Refuses what is not a regular file: a folder is unreadable as a file, and a FIFO, socket or
/// device is never opened.
fn check_regular(metadata: &std::fs::Metadata) -> Result<(), (SkipReason, String)> {
    if metadata.is_file() {
        Ok(())
    } else if metadata.is_dir() {
        Err((SkipReason::Unreadable, "is a folder".into()))
    } else {
        Err((
            SkipReason::Special,
            "not a regular file (a FIFO, socket or device)".into(),
        ))
    }
}

/// A file's size and modification time, to tell whether it changed while it was read.
#[derive(Debug, Clone, Copy)]
struct Snapshot {
    size: u64,
    modified: Option<SystemTime>,
}

impl Snapshot {
    fn of(file: &File) -> io::Result<Snapshot> {
        let metadata = file.metadata()?;
        Ok(Snapshot {
            size: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }

    /// Describes how the file changed between `self` (when it was opened) and `now`, given how
    /// many bytes were read (when reading finished); `None` when it did not.
    fn change(&self, now: &Snapshot, read: Option<u64>) -> Option<String> {
        let short = read.is_some_and(|read| read < self.size);
        if short || now.size != self.size {
            let read = read.map_or(String::new(), |r| format!("{r} bytes read, "));
            let rest = if now.size > self.size {
                "; what was added is left for the next run"
            } else {
                ""
            };
            return Some(format!(
                "the file changed while it was read ({} bytes when opened, {read}{} bytes now){rest}",
                self.size, now.size
            ));
        }
        (now.modified != self.modified)
            .then(|| "the file was modified while it was read (same size)".to_string())
    }
}

/// What reading a file came to.
#[derive(Debug)]
struct Reading {
    /// The bytes read.
    bytes: u64,
    /// A read error that stopped reading after some articles were handed over.
    error: Option<io::Error>,
}

/// Reads a whole file, refusing one larger than [`MAX_WHOLE_FILE_BYTES`] (checked on the bytes
/// read, not only the size at opening, since the file may grow).
fn read_whole(file: &mut dyn Read, size: u64) -> Result<Vec<u8>, (SkipReason, String)> {
    let too_large = || {
        (
            SkipReason::TooLarge,
            format!(
                "larger than {} MiB; only .jsonl and .ndjson files are streamed",
                MAX_WHOLE_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    if size > MAX_WHOLE_FILE_BYTES {
        return Err(too_large());
    }
    // The size is a hint only: the file may have changed since.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(MAX_WHOLE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (SkipReason::Unreadable, e.to_string()))?;
    if bytes.len() as u64 > MAX_WHOLE_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Streams a JSON Lines file: one line in memory at a time.
fn stream_lines(
    origin: Origin<'_>,
    file: &mut dyn Read,
    on_article: &mut dyn FnMut(Article),
    on_warning: &mut dyn FnMut(Warning),
) -> Result<Reading, (SkipReason, String)> {
    let mut reader = BufReader::with_capacity(STREAM_BUFFER_BYTES, file);
    let unreadable = |e: io::Error| (SkipReason::Unreadable, e.to_string());
    let head = fill(&mut reader).map_err(unreadable)?;
    if head.is_empty() {
        return Err((SkipReason::Empty, String::new()));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        // UTF-16 is rare in JSON Lines: read it whole, as before.
        let bytes = read_whole(&mut reader, 0)?;
        let read = bytes.len() as u64;
        let parsed = read_bytes(origin, Format::JsonLines, &bytes)?;
        parsed.warnings.into_iter().for_each(&mut *on_warning);
        for article in parsed.articles {
            on_article(checked_date(article, origin.path, on_warning));
        }
        return Ok(Reading {
            bytes: read,
            error: None,
        });
    }
    if head.contains(&0) {
        return Err((SkipReason::Binary, "contains NUL bytes".into()));
    }
    let mut offset = 0u64;
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
        offset = 3;
    }
    let bom = offset;
    let mut line = Vec::new();
    let mut line_number = 0usize;
    let mut seen_text = false;
    let mut warned_utf8 = false;
    let mut articles = 0u64;
    loop {
        line.clear();
        if line.capacity() > KEEP_LINE_BUFFER_BYTES {
            line = Vec::new();
        }
        let (consumed, overlong) = match read_line(&mut reader, &mut line, MAX_LINE_BYTES) {
            Ok(read) => read,
            Err(error) if articles > 0 => {
                return Ok(Reading {
                    bytes: offset,
                    error: Some(error),
                })
            }
            Err(error) => return Err(unreadable(error)),
        };
        if consumed == 0 {
            break;
        }
        let line_start = offset;
        offset += consumed as u64;
        line_number += 1;
        let location = || origin.at_line(line_number);
        if overlong {
            seen_text = true;
            on_warning(Warning {
                location: location(),
                message: format!(
                    "line of more than {} MiB skipped",
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
                kind: WarningKind::BadRecord,
            });
            continue;
        }
        let bytes = line.strip_suffix(b"\n").unwrap_or(&line);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(err) => {
                if !warned_utf8 {
                    warned_utf8 = true;
                    on_warning(Warning {
                        location: origin.path.to_string(),
                        message: format!(
                            "invalid UTF-8 at byte {} replaced with U+FFFD",
                            line_start - bom + err.valid_up_to() as u64
                        ),
                        kind: WarningKind::InvalidUtf8,
                    });
                }
                String::from_utf8_lossy(bytes)
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        seen_text = true;
        let mut parsed = Parsed::default();
        json::read_line(origin, line_number, &text, &mut parsed);
        parsed.warnings.into_iter().for_each(&mut *on_warning);
        for article in parsed.articles {
            if !article.text.trim().is_empty() {
                articles += 1;
                on_article(checked_date(article, &location(), on_warning));
            }
        }
    }
    if !seen_text {
        return Err((SkipReason::Empty, String::new()));
    }
    if articles == 0 {
        return Err((SkipReason::NoArticles, String::new()));
    }
    Ok(Reading {
        bytes: offset,
        error: None,
    })
}

/// Fills the reader's buffer, retrying when interrupted, and returns it.
fn fill<R: BufRead>(reader: &mut R) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // Re-borrow through a second call: the borrow checker cannot see that the first ended.
            Ok(_) => return reader.fill_buf(),
            Err(e) => return Err(e),
        }
    }
}

/// Reads one line, with its `\n`, into `line`, and returns how many bytes it took and whether it
/// was longer than `max` bytes. A line that is too long is consumed but not kept.
fn read_line<R: BufRead>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut overlong = false;
    loop {
        let available = fill(reader)?;
        if available.is_empty() {
            return Ok((consumed, overlong));
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        if !overlong {
            if line.len() + chunk.len() > max {
                overlong = true;
                *line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len();
        reader.consume(used);
        consumed += used;
        if done {
            return Ok((consumed, overlong));
        }
    }
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
/// replaced, with a warning; NUL bytes in UTF-8 mean a binary file. Valid UTF-8 is borrowed, not
/// copied.
fn decode<'a>(
    path: &str,
    bytes: &'a [u8],
    parsed: &mut Parsed,
) -> Result<Cow<'a, str>, (SkipReason, String)> {
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
        return Ok(Cow::Owned(utf16(rest, true)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(Cow::Owned(utf16(rest, false)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err((SkipReason::Binary, "contains NUL bytes".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(err) => {
            parsed.warn(
                path,
                WarningKind::InvalidUtf8,
                format!(
                    "invalid UTF-8 at byte {} replaced with U+FFFD",
                    err.valid_up_to()
                ),
            );
            Ok(String::from_utf8_lossy(bytes))
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

    #[test]
    fn the_hash_of_a_streamed_file_is_the_hash_of_its_bytes() {
        let dir = tempfile::tempdir().expect("a folder");
        let long_text = "Troops in Baghdad. ".repeat(20_000);
        let table: [(&str, String); 5] = [
            ("a.txt", "Title\n\nTroops in Baghdad.\n".to_string()),
            (
                "b.jsonl",
                format!("{{\"title\":\"T\",\"text\":\"{long_text}\"}}\nnot json\n{{}}\n"),
            ),
            (
                "c.html",
                "<html><title>T</title><body><p>Troops.</p></body></html>".to_string(),
            ),
            (
                "d.sgm",
                "<REUTERS NEWID=\"1\"><TEXT><TITLE>T</TITLE><BODY>Oil.</BODY></TEXT></REUTERS>"
                    .to_string(),
            ),
            ("e.md", format!("# T\n\n{long_text}")),
        ];
        for (name, content) in table {
            let path = dir.path().join(name);
            std::fs::write(&path, &content).expect("written");
            let entry = FileEntry {
                path,
                relative: name.to_string(),
                size: content.len() as u64,
            };
            let hash = stream_file_hashed(&entry, &mut drop, &mut drop);
            assert_eq!(
                hash,
                Ok(xxhash_rust::xxh3::xxh3_64(content.as_bytes())),
                "{name}"
            );
        }
    }
}
