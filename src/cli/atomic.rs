//! Output files written whole or not at all: each is written to a temporary file beside its
//! target and renamed over it at the end. An interrupted run (Ctrl-C) removes its temporary files
//! and leaves the previous outputs as they were.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use anyhow::Context;
use tempfile::NamedTempFile;

/// Temporary files in flight, removed if the process is interrupted.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes in-flight temporary files on Ctrl-C (SIGINT/SIGTERM) before exiting with 130.
fn install_interrupt_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Ok(paths) = IN_FLIGHT.lock() {
                for p in paths.iter() {
                    let _ = std::fs::remove_file(p);
                }
            }
            eprintln!("gongbao: interrupted; outputs left as they were");
            std::process::exit(130);
        });
    });
}

/// A file being written; [`AtomicFile::commit`] puts it in place.
pub struct AtomicFile {
    writer: BufWriter<NamedTempFile>,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `target` (nothing at `target` changes until commit).
    pub fn create(target: &Path) -> anyhow::Result<Self> {
        install_interrupt_handler();
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".gongbao-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("{}: cannot write here", target.display()))?;
        if let Ok(mut paths) = IN_FLIGHT.lock() {
            paths.push(temp.path().to_path_buf());
        }
        Ok(AtomicFile {
            writer: BufWriter::new(temp),
            target: target.to_path_buf(),
        })
    }

    /// Flushes and renames the file over its target.
    pub fn commit(self) -> anyhow::Result<()> {
        let target = self.target;
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("{}: cannot write", target.display()))?;
        let temp_path = temp.path().to_path_buf();
        temp.as_file()
            .sync_all()
            .with_context(|| format!("{}: cannot write", target.display()))?;
        // A temporary file is private (0600); the output gets the old file's permissions or the
        // usual ones.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = std::fs::metadata(&target)
                .map(|m| m.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
            let _ = temp.as_file().set_permissions(permissions);
        }
        temp.persist(&target)
            .map_err(|e| e.error)
            .with_context(|| format!("{}: cannot replace", target.display()))?;
        if let Ok(mut paths) = IN_FLIGHT.lock() {
            paths.retain(|p| *p != temp_path);
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}
