//! Reading inputs named on the command line: files, or `-` for standard input.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};

/// Reads one input as text. The error names the input and the problem.
pub fn read_text(name: &str) -> anyhow::Result<String> {
    let bytes = read_bytes(name)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text)
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
