//! `gongbao extract`: every numeric claim of each input, as YAML or JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use gongbao::{Document, Extractor, Rules};

use super::{Format, input};

const EXAMPLES: &str = "\
Examples:
  gongbao extract samples/party-stats-2019-commentary.txt
  gongbao extract --format json report.txt > claims.json
  cat report.txt | gongbao extract -
  gongbao extract --rules my-rules.yaml a.txt b.txt

One input gives one document ({claims: [...]}); several give a list of documents.
Exit codes: 0 all inputs read; 2 some input could not be read (named on stderr; the others are
still processed).";

/// Extract every numeric claim from bulletins.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Text files to read (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    format: Format,
    /// A rule file whose words and patterns are added to the built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = match &args.rules {
        Some(path) => Rules::with_file(path)?,
        None => Rules::default(),
    };
    let extractor = Extractor::new(rules);
    let mut docs = Vec::new();
    let mut failed = false;
    for name in &args.files {
        match input::read_text(name) {
            Ok(decoded) => {
                let mut doc = extractor.extract(&decoded.text);
                doc.source = Some(name.clone());
                doc.encoding = Some(decoded.encoding.to_string());
                doc.title = decoded.title;
                docs.push(doc);
            }
            Err(err) => {
                eprintln!("gongbao: {err:#}");
                failed = true;
            }
        }
    }
    write_documents(&docs, args.files.len() == 1, args.format)?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes one document as a mapping, several as a list.
fn write_documents(docs: &[Document], single: bool, format: Format) -> anyhow::Result<()> {
    if single && docs.is_empty() {
        return Ok(());
    }
    let out = match (format, single) {
        (Format::Yaml, true) => yaml_serde::to_string(&docs[0])?,
        (Format::Yaml, false) => yaml_serde::to_string(docs)?,
        (Format::Json, true) => serde_json::to_string_pretty(&docs[0])? + "\n",
        (Format::Json, false) => serde_json::to_string_pretty(docs)? + "\n",
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}
