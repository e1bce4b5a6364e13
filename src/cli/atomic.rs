//! Output files written whole or not at all: each is written to a temporary file beside its
//! target and renamed over it at the end. An interrupted run (Ctrl-C) removes its temporary files
//! and leaves the previous outputs as they were. A symlink is followed (the file it points to is
//! replaced); a target that is not a regular file (/dev/stdout, a FIFO, a device) is written
//! directly, since renaming over it would replace the device itself.

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
    writer: BufWriter<Destination>,
    target: PathBuf,
}

/// Where the bytes go until commit.
enum Destination {
    /// A temporary file beside the target, renamed over it at commit.
    Replace(Temp),
    /// The target itself, when it is not a regular file.
    Direct(std::fs::File),
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Destination::Replace(t) => t.write(buf),
            Destination::Direct(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Destination::Replace(t) => t.file.flush(),
            Destination::Direct(f) => f.flush(),
        }
    }
}

impl AtomicFile {
    /// Starts writing `target` (nothing at `target` changes until commit).
    pub fn create(target: &Path) -> anyhow::Result<Self> {
        install_interrupt_handler();
        // A symlink's file is the one to replace, not the link.
        let target = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
        let is_special = std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let destination = if is_special {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .with_context(|| format!("{}: cannot write", target.display()))?;
            Destination::Direct(file)
        } else {
            Destination::Replace(Temp {
                file: temp_beside(&target)?,
                written: 0,
                submitted: 0,
            })
        };
        Ok(AtomicFile {
            writer: BufWriter::new(destination),
            target,
        })
    }

    /// The file this will become.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes and renames the file over its target.
    pub fn commit(self) -> anyhow::Result<()> {
        let target = self.target;
        let destination = self
            .writer
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("{}: cannot write", target.display()))?;
        let temp = match destination {
            Destination::Direct(mut file) => {
                return file
                    .flush()
                    .with_context(|| format!("{}: cannot write", target.display()));
            }
            Destination::Replace(temp) => temp.file,
        };
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

/// A temporary file being written, whose pages are sent to the disk as it grows.
struct Temp {
    file: NamedTempFile,
    /// Bytes written so far.
    written: u64,
    /// Bytes whose writeback has been started.
    submitted: u64,
}

/// How many bytes are written between two starts of writeback.
const WRITEBACK_STEP: u64 = 4 << 20;

impl Temp {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.submitted >= WRITEBACK_STEP {
            start_writeback(self.file.as_file(), self.submitted, self.written);
            self.submitted = self.written;
        }
        Ok(n)
    }
}

/// Starts sending the bytes `from..to` of `file` to the disk without waiting for them, so that
/// the fsync at commit has little left to wait for: on a large output, that wait was most of
/// the run's serial tail. Only a hint; on failure the fsync does it all, as without it.
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File, from: u64, to: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(len)) = (i64::try_from(from), i64::try_from(to - from)) else {
        return;
    };
    // SAFETY: the descriptor is open (borrowed from `file`) and the call reads no memory of
    // ours; SYNC_FILE_RANGE_WRITE only queues the range's dirty pages for writing.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &std::fs::File, _from: u64, _to: u64) {}

/// A temporary file in the target's directory, registered for removal on Ctrl-C.
fn temp_beside(target: &Path) -> anyhow::Result<NamedTempFile> {
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
    Ok(temp)
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}
