//! Reading inputs named on the command line: files, or `-` for standard input.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use gongbao::decode::{Decoded, decode};

/// Reads one input and decodes it to text (see [`gongbao::decode`]). The error names the input
/// and the problem.
pub fn read_text(name: &str) -> anyhow::Result<Decoded> {
    let bytes = read_bytes(name)?;
    decode(&bytes).with_context(|| name.to_string())
}

/// The largest input read, in bytes. Extraction holds a few times its input in memory; a
/// bulletin is well under a megabyte, so anything past this is refused rather than risking the
/// machine's memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads one input's bytes, up to [`MAX_INPUT_BYTES`].
pub fn read_bytes(name: &str) -> anyhow::Result<Vec<u8>> {
    let too_large = || {
        anyhow::anyhow!(
            "{name}: larger than the {} MiB limit; split it into smaller files",
            MAX_INPUT_BYTES >> 20
        )
    };
    if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .context("-: cannot read standard input")?;
        if buf.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_large());
        }
        return Ok(buf);
    }
    let path = Path::new(name);
    if path.is_dir() {
        bail!("{name}: is a directory, not a file");
    }
    let file = std::fs::File::open(path).with_context(|| format!("{name}: cannot read"))?;
    let mut buf = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
        .with_context(|| format!("{name}: cannot read"))?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(buf)
}
