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

/// Reads one input's bytes.
pub fn read_bytes(name: &str) -> anyhow::Result<Vec<u8>> {
    if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("-: cannot read standard input")?;
        return Ok(buf);
    }
    let path = Path::new(name);
    if path.is_dir() {
        bail!("{name}: is a directory, not a file");
    }
    std::fs::read(path).with_context(|| format!("{name}: cannot read"))
}
