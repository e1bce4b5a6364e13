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
  gongbao extract --jsonl < docs.jsonl > claims.jsonl

With --jsonl, standard input holds one JSON object per line, {\"id\": …, \"text\": …}, and each
claim is written as one JSON line carrying that id, flushed document by document: gongbao runs as
the mapper of Spark (rdd.pipe), Hadoop Streaming or GNU parallel. A bad line is named on stderr
(by line number) and skipped; the exit code is then 2.

One input gives one document ({claims: [...]}); several give a list of documents.
Exit codes: 0 all inputs read; 2 some input could not be read (named on stderr; the others are
still processed).";

/// Extract every numeric claim from bulletins.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Text files to read (`-` reads standard input).
    #[arg(required_unless_present = "jsonl", value_name = "FILE")]
    files: Vec<String>,
    /// Read JSON Lines {"id", "text"} on standard input; write claims as JSON Lines with the id.
    #[arg(long, conflicts_with_all = ["files", "format"])]
    jsonl: bool,
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
    if args.jsonl {
        return stream_jsonl(&extractor);
    }
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

/// One input line of `--jsonl`.
#[derive(serde::Deserialize)]
struct StreamDoc {
    id: serde_json::Value,
    text: String,
}

/// One output line of `--jsonl`: the input's id and a claim row.
#[derive(serde::Serialize)]
struct StreamRow<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    row: gongbao::output::ClaimRow<'a>,
}

/// `--jsonl`: documents in, claims out, one line at a time.
fn stream_jsonl(extractor: &Extractor) -> anyhow::Result<ExitCode> {
    use std::io::BufRead;
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    let mut buf = Vec::new();
    for n in 1.. {
        buf.clear();
        let read = stdin
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("stdin line {n}: cannot read"))?;
        if read == 0 {
            break;
        }
        // A line that is not UTF-8 costs that line, not the stream.
        let Ok(line) = std::str::from_utf8(&buf) else {
            eprintln!("gongbao: stdin line {n}: not UTF-8 text");
            failed = true;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let input: StreamDoc = match serde_json::from_str(line) {
            Ok(input) => input,
            Err(e) => {
                eprintln!("gongbao: stdin line {n}: not a {{\"id\", \"text\"}} object: {e}");
                failed = true;
                continue;
            }
        };
        let mut doc = extractor.extract(&input.text);
        doc.source = Some(match &input.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        for row in gongbao::output::rows(&doc) {
            let out = StreamRow { id: &input.id, row };
            if write_line(&mut stdout, &out)?.is_break() {
                return Ok(ExitCode::SUCCESS);
            }
        }
        if stdout.flush().is_err() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes one JSON line; a reader that went away (broken pipe) ends the stream quietly.
fn write_line(
    out: &mut impl Write,
    value: &impl serde::Serialize,
) -> anyhow::Result<std::ops::ControlFlow<()>> {
    let mut buf = serde_json::to_vec(value)?;
    buf.push(b'\n');
    match out.write_all(&buf) {
        Ok(()) => Ok(std::ops::ControlFlow::Continue(())),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(std::ops::ControlFlow::Break(()))
        }
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}
