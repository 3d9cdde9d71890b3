//! The manifest: which source files an index holds, with the size, modification time and
//! content hash they had when they were indexed. It is read back from the index itself (the
//! `file*` fast fields), so it is always exactly what the last commit holds, crash or not.

use super::document::FileRecord;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::UNIX_EPOCH;
use tantivy::Searcher;

/// Reads every file record of the committed index: corpus-relative path → record.
///
/// # Errors
/// [`Error::Index`] when a column cannot be read.
pub fn read(searcher: &Searcher, index: &Path) -> Result<HashMap<String, FileRecord>> {
    let err = |e: tantivy::TantivyError| Error::index(index, e);
    let mut records = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str("file").map_err(err)? else {
            continue;
        };
        let (sizes, mtimes, hashes) = (
            fast.u64("file_size").map_err(err)?,
            fast.u64("file_mtime").map_err(err)?,
            fast.u64("file_hash").map_err(err)?,
        );
        let mut found: Vec<(u64, FileRecord)> = Vec::new();
        for doc in segment.doc_ids_alive() {
            let Some(size) = sizes.first(doc) else {
                continue;
            };
            let Some(ord) = files.ords().first(doc) else {
                continue;
            };
            let record = FileRecord {
                size,
                mtime: mtimes.first(doc).unwrap_or_default(),
                hash: hashes.first(doc).unwrap_or_default(),
            };
            found.push((ord, record));
        }
        found.sort_by_key(|(ord, _)| *ord);
        let ords: Vec<u64> = found.iter().map(|(ord, _)| *ord).collect();
        let mut names = Vec::with_capacity(ords.len());
        let mut unique = ords.clone();
        unique.dedup();
        files
            .dictionary()
            .sorted_ords_to_term_cb(&unique, |bytes| {
                names.push(String::from_utf8_lossy(bytes).into_owned());
            })
            .map_err(|e| Error::index(index, e))?;
        let by_ord: HashMap<u64, &String> = unique.iter().copied().zip(&names).collect();
        for (ord, record) in found {
            if let Some(name) = by_ord.get(&ord) {
                records.insert((*name).clone(), record);
            }
        }
    }
    Ok(records)
}

/// The highest `seq` in the index (deleted passages included), or `None` when it is empty:
/// a new run numbers its files after it, so that `seq`, and with it every `article_key`, stays
/// unique across incremental runs.
///
/// # Errors
/// [`Error::Index`] when the column cannot be read.
pub fn last_seq(searcher: &Searcher, index: &Path) -> Result<Option<u64>> {
    let mut last = None;
    for segment in searcher.segment_readers() {
        let seq = segment
            .fast_fields()
            .u64("seq")
            .map_err(|e| Error::index(index, e))?;
        if segment.max_doc() > 0 {
            last = last.max(Some(seq.max_value()));
        }
    }
    Ok(last)
}

/// The modification time of a file in nanoseconds since the Unix epoch (0 when unknown).
pub fn mtime(path: &Path) -> u64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// The xxh3 hash of a file's bytes, read in blocks.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub fn hash_file(path: &Path) -> Result<u64> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(hasher.digest());
        }
        hasher.update(&buffer[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_follow_content_not_names() {
        let dir = tempfile::tempdir().expect("a folder");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write");
            path
        };
        let a = hash_file(&write("a.txt", "Iraq")).expect("hash");
        let b = hash_file(&write("b.txt", "Iraq")).expect("hash");
        let c = hash_file(&write("c.txt", "Iraq.")).expect("hash");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, xxhash_rust::xxh3::xxh3_64(b"Iraq"));
        assert!(hash_file(&dir.path().join("missing.txt")).is_err());
        assert!(mtime(&dir.path().join("a.txt")) > 0);
    }
}
