//! The index lock: one indexer per index at a time. The lock is an OS file lock on
//! `newsdex.lock` in the index folder, holding the indexer's process id; the OS releases it when
//! the process ends, however it ends, so a killed indexer never leaves a stale lock.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The lock file's name in the index folder.
pub const LOCK_FILE: &str = "newsdex.lock";

/// Holds the lock until dropped.
#[derive(Debug)]
pub struct IndexLock {
    _file: File,
}

impl IndexLock {
    /// Takes the lock of the index at `index` (which must exist), without waiting.
    ///
    /// # Errors
    /// [`Error::Locked`] naming the process that holds it, or [`Error::Io`].
    pub fn acquire(index: &Path) -> Result<IndexLock> {
        let path = index.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                return Err(Error::Locked {
                    path: index.to_path_buf(),
                    pid: pid.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        let write_pid = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            write!(file, "{}", std::process::id())?;
            file.flush()
        };
        write_pid(&mut file).map_err(|e| Error::io(&path, e))?;
        Ok(IndexLock { _file: file })
    }
}

/// Whether another process is indexing into `index` now.
pub fn is_locked(index: &Path) -> bool {
    let Ok(file) = File::open(index.join(LOCK_FILE)) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_with_the_holders_pid_and_frees_on_drop() {
        let dir = tempfile::tempdir().expect("a folder");
        let first = IndexLock::acquire(dir.path()).expect("first lock");
        match IndexLock::acquire(dir.path()) {
            Err(Error::Locked { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected Locked, got {other:?}"),
        }
        assert!(is_locked(dir.path()));
        drop(first);
        assert!(!is_locked(dir.path()));
        assert!(
            IndexLock::acquire(dir.path()).is_ok(),
            "free again after drop"
        );
    }
}
