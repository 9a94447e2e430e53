//! The index's directory: tantivy's memory-mapped files, readable from a read-only
//! volume.
//!
//! tantivy takes a lock file (`.tantivy-meta.lock`) while a reader opens the files
//! of the last commit, so that a writer's clean-up cannot delete them in between. On
//! a read-only volume (a replica of the index mounted read-only, the documented way
//! to scale out readers) that lock file cannot be created, and every reader failed.
//! Nothing can write there, so nothing can delete files under a reader either: when
//! the volume refuses the lock file, a reader goes ahead without it. The writer's
//! lock is never waived.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::Directory;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// A directory that delegates everything to `D`, except that the readers' lock is
/// waived when the volume cannot hold a lock file.
#[derive(Debug, Clone)]
pub struct ReaderTolerant<D> {
    inner: D,
}

impl ReaderTolerant<MmapDirectory> {
    /// The memory-mapped directory at `path`.
    pub fn open(path: &Path) -> tantivy::Result<Self> {
        Ok(ReaderTolerant {
            inner: MmapDirectory::open(path)?,
        })
    }
}

impl<D> ReaderTolerant<D> {
    /// Wraps `inner`.
    pub fn new(inner: D) -> Self {
        ReaderTolerant { inner }
    }
}

/// Whether an I/O error says this volume (or folder) cannot be written.
pub fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    )
}

impl<D: Directory + Clone> Directory for ReaderTolerant<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && is_read_only(&e) =>
            {
                tracing::debug!(error = %e, "index volume is read-only; reading without the readers' lock");
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::{INDEX_WRITER_LOCK, RamDirectory};
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, doc};

    /// A directory on a volume that refuses new files, like a read-only mount.
    #[derive(Debug, Clone)]
    struct RefusesNewFiles(RamDirectory);

    impl Directory for RefusesNewFiles {
        fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
            self.0.get_file_handle(path)
        }
        fn delete(&self, path: &Path) -> Result<(), DeleteError> {
            self.0.delete(path)
        }
        fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
            self.0.exists(path)
        }
        fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
            Err(OpenWriteError::wrap_io_error(
                io::Error::from(io::ErrorKind::ReadOnlyFilesystem),
                path.to_owned(),
            ))
        }
        fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
            self.0.atomic_read(path)
        }
        fn atomic_write(&self, _: &Path, _: &[u8]) -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::ReadOnlyFilesystem))
        }
        fn sync_directory(&self) -> io::Result<()> {
            Ok(())
        }
        fn watch(&self, cb: WatchCallback) -> tantivy::Result<WatchHandle> {
            self.0.watch(cb)
        }
    }

    /// An index with one document, written while the volume was writable.
    fn written() -> (RamDirectory, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT | STORED);
        let ram = RamDirectory::create();
        let index = Index::create(ram.clone(), builder.build(), Default::default()).unwrap();
        let mut writer = index.writer(15_000_000).unwrap();
        writer
            .add_document(doc!(body => "putin met trump"))
            .unwrap();
        writer.commit().unwrap();
        (ram, body)
    }

    #[test]
    fn a_read_only_volume_can_be_searched() {
        let (ram, _) = written();
        let plain = Index::open(RefusesNewFiles(ram.clone())).unwrap();
        assert!(
            plain.reader().is_err(),
            "tantivy's own directory needs the lock"
        );
        let index = Index::open(ReaderTolerant::new(RefusesNewFiles(ram))).unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 1);
    }

    #[test]
    fn the_writers_lock_is_never_waived() {
        let (ram, _) = written();
        let index = Index::open(ReaderTolerant::new(RefusesNewFiles(ram))).unwrap();
        assert!(
            index
                .writer::<tantivy::TantivyDocument>(15_000_000)
                .is_err()
        );
        let dir = ReaderTolerant::new(RefusesNewFiles(RamDirectory::create()));
        assert!(dir.acquire_lock(&INDEX_WRITER_LOCK).is_err());
    }
}
