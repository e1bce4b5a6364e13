//! `gongbao batch`: one table of claims from an archive of reports.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongbao::audit::{Auditor, Check, Verdict};
use gongbao::output::{WideBy, WideTable, rows};
use gongbao::{Document, Extractor, Rules};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::atomic::AtomicFile;
use super::input;

const EXAMPLES: &str = "\
Examples:
  gongbao batch samples/ -o claims.csv
  gongbao batch archive/ -o claims.jsonl --errors errors.jsonl
  gongbao batch samples/ --wide wide.csv
  gongbao batch archive/ --glob '*.htm' -o claims.csv --excel
  gongbao batch party/ -o claims.jsonl --audit --checks checks.jsonl

Directories are walked recursively; hidden files and files that are not text by their name
(.txt, .text, .htm, .html, .shtml, .xhtml; change with --glob) are skipped. Files named on the
command line are always read. Output goes to a temporary file beside OUT, renamed over OUT at the
end: an interrupted run leaves the previous OUT as it was.

Exit codes: 0 every file was read; 1 some files failed (each named on stderr and in --errors);
2 nothing could be read.

--audit checks each document's figures against each other (as `gongbao audit` does) and, across
documents of one series (files whose names differ only in a year: party-2018.txt, party-2019.txt),
each year's levels and shares against the year before.";

/// File names read when walking a directory, unless --glob says otherwise.
const TEXT_GLOBS: &[&str] = &["*.txt", "*.text", "*.htm", "*.html", "*.shtml", "*.xhtml"];

/// Extract the claims of many reports into one table.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Files and directories to read.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write every claim, one per row, to OUT (.jsonl, .csv, .yaml).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Format of OUT; by default taken from its extension.
    #[arg(long, value_enum)]
    format: Option<BatchFormat>,
    /// Start the CSV with a byte-order mark, so that Excel reads its Chinese text right.
    #[arg(long)]
    excel: bool,
    /// Write a wide table to this CSV: one row per metric, one column per period.
    #[arg(long, value_name = "OUT.csv")]
    wide: Option<PathBuf>,
    /// Rows of the wide table.
    #[arg(long, value_enum, default_value_t = By::Metric)]
    by: By,
    /// Read only files whose name matches (repeatable), instead of the usual text extensions.
    #[arg(long, value_name = "PATTERN")]
    glob: Vec<String>,
    /// Also write each failed file as a JSON line {path, error} to this file.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Audit each document and each series of documents; count inconsistencies in the summary.
    #[arg(long)]
    audit: bool,
    /// Write the audit's checks to this file, one JSON object a line (implies --audit).
    #[arg(long, value_name = "OUT.jsonl")]
    checks: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// A rule file added to the built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BatchFormat {
    Jsonl,
    Csv,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Metric,
    Period,
}

/// A file that could not be read, and why.
#[derive(Debug, serde::Serialize)]
struct Failure {
    path: String,
    error: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.output.is_none() && args.wide.is_none() {
        bail!("nothing to write: give -o OUT and/or --wide OUT.csv");
    }
    let format = match &args.output {
        Some(out) => Some(output_format(out, args.format)?),
        None => None,
    };
    let rules = match &args.rules {
        Some(path) => Rules::with_file(path)?,
        None => Rules::default(),
    };
    let files = collect_files(&args.inputs, &args.glob)?;
    if files.is_empty() {
        bail!("no input files found in {}", show_paths(&args.inputs));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let extractor = Extractor::new(rules);
    let audit = args.audit || args.checks.is_some();
    let keep = Keep {
        audit,
        documents: audit || args.wide.is_some(),
        render: Render(format),
    };
    let mut output = Output {
        sink: Sink::new(args.output.as_deref(), format, args.excel)?,
        wide: args.wide.is_some().then(WideTable::default),
        series: audit.then(Vec::new),
        failures: Vec::new(),
        checks: Vec::new(),
        documents: 0,
        claims: 0,
    };
    let progress = progress_bar(files.len());
    let chunk = pool.current_num_threads() * 16;
    std::thread::scope(|scope| {
        // With more than one worker, jieba's dictionary is built on a thread of its own while
        // the first files are read and scanned, which needs none: built by the first worker to
        // need it, it held up the others. (One worker has no core to spare.)
        let ahead = if pool.current_num_threads() > 1 {
            scope.spawn(|| extractor.load_dictionary());
            scan_ahead(&pool, &extractor, &files, chunk)
        } else {
            Vec::new()
        };
        let mut run = Run {
            pool: &pool,
            output: &mut output,
            pending: Vec::new(),
            progress: &progress,
        };
        let (scanned, rest) = (ahead.len(), &files[ahead.len()..]);
        let mut ahead = ahead.into_iter();
        for _ in (0..scanned).step_by(chunk) {
            let files: Vec<_> = ahead.by_ref().take(chunk).collect();
            run.step(|| {
                files
                    .into_par_iter()
                    .map(|file| file.and_then(|f| finish_file(&extractor, f, keep)))
                    .inspect(|_| progress.inc(1))
                    .collect()
            })?;
        }
        for files in rest.chunks(chunk) {
            run.step(|| {
                files
                    .par_iter()
                    .map(|path| read_document(&extractor, path, keep))
                    .inspect(|_| progress.inc(1))
                    .collect()
            })?;
        }
        run.finish()
    })?;
    progress.finish_and_clear();
    output.finish(&args, audit)
}

/// The most text read ahead of jieba's dictionary. A scanned text holds about three times its
/// size in quantities; this covers the dictionary's build on the sample archive's texts.
const AHEAD_BYTES: usize = 8 << 20;

/// Reads and scans files, a chunk at a time, until jieba's dictionary is built, all are read
/// or [`AHEAD_BYTES`] of text is held.
fn scan_ahead(
    pool: &rayon::ThreadPool,
    extractor: &Extractor,
    files: &[PathBuf],
    chunk: usize,
) -> Vec<Result<Scanned, Failure>> {
    let mut ahead: Vec<Result<Scanned, Failure>> = Vec::new();
    let mut held = 0;
    for files in files.chunks(chunk) {
        if extractor.dictionary_loaded() || held > AHEAD_BYTES {
            break;
        }
        let scanned: Vec<_> = pool.install(|| {
            files
                .par_iter()
                .map(|path| scan_file(extractor, path))
                .collect()
        });
        held += scanned
            .iter()
            .map(|f| f.as_ref().map_or(0, |f| f.text.len()))
            .sum::<usize>();
        ahead.extend(scanned);
    }
    ahead
}

/// Chunks of files going through: one chunk written out while the next is read, so that
/// memory holds two chunks' documents, not the archive's.
struct Run<'a> {
    pool: &'a rayon::ThreadPool,
    output: &'a mut Output,
    pending: Vec<Result<Read, Failure>>,
    progress: &'a indicatif::ProgressBar,
}

impl Run<'_> {
    /// Reads a chunk with `read` while the chunk before is written.
    fn step(
        &mut self,
        read: impl FnOnce() -> Vec<Result<Read, Failure>> + Send,
    ) -> anyhow::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let (output, progress) = (&mut *self.output, self.progress);
        let (results, written) = self
            .pool
            .install(|| rayon::join(read, || output.write_chunk(pending, progress)));
        written?;
        self.pending = results;
        Ok(())
    }

    /// Writes the last chunk.
    fn finish(self) -> anyhow::Result<()> {
        self.output.write_chunk(self.pending, self.progress)
    }
}

/// What the files read come to: the output written so far, and what is kept for the end.
struct Output {
    sink: Sink,
    wide: Option<WideTable>,
    /// The documents, kept for the audit across the documents of a series.
    series: Option<Vec<Document>>,
    failures: Vec<Failure>,
    checks: Vec<Check>,
    documents: usize,
    claims: usize,
}

impl Output {
    /// Writes a chunk's documents and notes its failures, in the order of the files.
    fn write_chunk(
        &mut self,
        results: Vec<Result<Read, Failure>>,
        progress: &indicatif::ProgressBar,
    ) -> anyhow::Result<()> {
        for result in results {
            match result {
                Ok(read) => {
                    self.documents += 1;
                    self.claims += read.claims;
                    self.sink.write(&read.rows)?;
                    self.checks.extend(read.checks);
                    let Some(doc) = read.doc else { continue };
                    if let Some(wide) = &mut self.wide {
                        wide.add(&doc);
                    }
                    if let Some(series) = &mut self.series {
                        series.push(doc);
                    }
                }
                Err(failure) => {
                    progress.suspend(|| eprintln!("gongbao: {}: {}", failure.path, failure.error));
                    self.failures.push(failure);
                }
            }
        }
        Ok(())
    }

    /// Commits the outputs, writes the side files and the summary line; the exit code.
    fn finish(mut self, args: &Args, audit: bool) -> anyhow::Result<ExitCode> {
        self.sink.commit()?;
        if let (Some(path), Some(wide)) = (&args.wide, &self.wide) {
            let mut file = AtomicFile::create(path)?;
            let by = if args.by == By::Period {
                WideBy::Period
            } else {
                WideBy::Metric
            };
            wide.write_csv(&mut file, by)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            file.commit()?;
        }
        if let Some(path) = &args.errors {
            write_failures(path, &self.failures)?;
        }
        self.checks
            .extend(audit_series(self.series.take().unwrap_or_default()));
        if let Some(path) = &args.checks {
            write_json_lines(path, &self.checks)?;
        }
        eprintln!("gongbao: {}", self.summary(audit));
        Ok(match (self.documents, self.failures.len()) {
            (0, _) => ExitCode::from(2),
            (_, 0) => ExitCode::SUCCESS,
            _ => ExitCode::from(1),
        })
    }

    fn summary(&self, audit: bool) -> String {
        let (documents, claims, failures) = (self.documents, self.claims, self.failures.len());
        let mut line = format!("{documents} documents, {claims} claims, {failures} failures");
        if audit {
            let inconsistent = self
                .checks
                .iter()
                .filter(|c| c.verdict == Verdict::Inconsistent)
                .count();
            let n = self.checks.len();
            line += &format!(", {inconsistent} inconsistencies in {n} checks");
        }
        if let Some(wide) = self.wide.as_ref().filter(|w| w.conflicts > 0) {
            line += &format!(
                ", {} figures left out of the wide table (their series already had that period)",
                wide.conflicts
            );
        }
        line
    }
}

fn output_format(out: &Path, given: Option<BatchFormat>) -> anyhow::Result<BatchFormat> {
    if let Some(f) = given {
        return Ok(f);
    }
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jsonl") | Some("ndjson") => Ok(BatchFormat::Jsonl),
        Some("csv") => Ok(BatchFormat::Csv),
        Some("yaml") | Some("yml") => Ok(BatchFormat::Yaml),
        _ => bail!(
            "{}: cannot tell the format from the extension; use .jsonl, .csv or .yaml, or --format",
            out.display()
        ),
    }
}

/// What a run keeps of each file it reads.
#[derive(Debug, Clone, Copy)]
struct Keep {
    /// The document's own checks.
    audit: bool,
    /// The document itself, for the wide table or the audit across a series.
    documents: bool,
    /// Its rows, rendered for OUT.
    render: Render,
}

/// One file as read: how many claims, its rows rendered for OUT, its checks, and the
/// document when the run keeps documents.
struct Read {
    claims: usize,
    rows: Vec<u8>,
    checks: Vec<Check>,
    doc: Option<Document>,
}

/// A file read, decoded and scanned, its claims not read yet (they may need jieba's dictionary).
struct Scanned {
    path: PathBuf,
    name: String,
    sha256: String,
    encoding: &'static str,
    title: Option<String>,
    text: String,
    reading: gongbao::Reading,
}

/// Reads, decodes and extracts one file, and renders its rows.
fn read_document(extractor: &Extractor, path: &Path, keep: Keep) -> Result<Read, Failure> {
    scan_file(extractor, path).and_then(|file| finish_file(extractor, file, keep))
}

fn failure(name: &str, error: String) -> Failure {
    Failure {
        path: name.to_string(),
        error,
    }
}

/// Reads, decodes and scans one file.
fn scan_file(extractor: &Extractor, path: &Path) -> Result<Scanned, Failure> {
    let name = path.display().to_string();
    let bytes = input::read_bytes(&name).map_err(|e| failure(&name, root_cause(&e)))?;
    if bytes.is_empty() {
        return Err(failure(&name, "empty file".into()));
    }
    let decoded = gongbao::decode::decode(&bytes).map_err(|e| failure(&name, e.to_string()))?;
    Ok(Scanned {
        path: path.to_path_buf(),
        sha256: hex(&Sha256::digest(&bytes)),
        encoding: decoded.encoding,
        title: decoded.title,
        reading: extractor.read(&decoded.text),
        text: decoded.text,
        name,
    })
}

/// Reads a scanned file's claims, audits them if asked, and renders its rows. A file whose rows
/// cannot be rendered is a failure of that file, as one that cannot be read is.
fn finish_file(extractor: &Extractor, file: Scanned, keep: Keep) -> Result<Read, Failure> {
    let name = file.name;
    let mut doc = extractor.claims_of(&file.text, file.reading);
    doc.source = Some(name.clone());
    doc.sha256 = Some(file.sha256);
    doc.encoding = Some(file.encoding.to_string());
    doc.title = file.title;
    doc.period = doc.period.or_else(|| year_in_name(&file.path));
    let mut checks = if keep.audit {
        Auditor::default().audit_text(&doc, &file.text)
    } else {
        Vec::new()
    };
    for c in &mut checks {
        c.source = Some(name.clone());
    }
    let rows = keep
        .render
        .rows(&doc)
        .map_err(|e| failure(&name, format!("cannot render its rows: {e}")))?;
    Ok(Read {
        claims: doc.claims.len(),
        rows,
        checks,
        doc: keep.documents.then_some(doc),
    })
}

fn root_cause(e: &anyhow::Error) -> String {
    e.chain()
        .skip(1)
        .map(ToString::to_string)
        .next()
        .unwrap_or_else(|| e.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A four-digit year in the file name (luoyang-2023-p01.txt → 2023).
fn year_in_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let w = &bytes[i..i + 4];
        let boundary = |j: Option<&u8>| j.is_none_or(|b| !b.is_ascii_digit());
        let year =
            w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20"));
        (year
            && boundary(i.checked_sub(1).and_then(|j| bytes.get(j)))
            && boundary(bytes.get(i + 4)))
        .then(|| String::from_utf8_lossy(w).into_owned())
    })
}

/// The files to read: named files as given, directories walked in name order.
fn collect_files(inputs: &[PathBuf], globs: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let patterns: Vec<&str> = if globs.is_empty() {
        TEXT_GLOBS.to_vec()
    } else {
        globs.iter().map(String::as_str).collect()
    };
    let mut set = globset::GlobSetBuilder::new();
    for p in &patterns {
        set.add(globset::Glob::new(p).with_context(|| format!("--glob {p}: not a valid pattern"))?);
    }
    let set = set.build()?;
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(input).sort_by_file_name().into_iter();
        for entry in walk.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name())) {
            match entry {
                Ok(e) if e.file_type().is_file() && set.is_match(e.file_name()) => {
                    files.push(e.into_path())
                }
                Ok(_) => {}
                Err(err) => files.push(
                    err.path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| input.clone()),
                ),
            }
        }
    }
    Ok(files)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn show_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn progress_bar(n: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files {elapsed_precise} eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

fn write_failures(path: &Path, failures: &[Failure]) -> anyhow::Result<()> {
    write_json_lines(path, failures)
}

fn write_json_lines<T: serde::Serialize>(path: &Path, items: &[T]) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(path)?;
    for item in items {
        serde_json::to_writer(&mut file, item)?;
        file.write_all(b"\n")?;
    }
    file.commit()
}

/// Checks across the documents of each series: files whose names differ only in a year.
fn audit_series(docs: Vec<Document>) -> Vec<Check> {
    let mut by_series: std::collections::BTreeMap<String, Vec<Document>> = Default::default();
    for doc in docs {
        let name = doc
            .source
            .as_deref()
            .map(Path::new)
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy());
        let Some(name) = name else { continue };
        let key = match year_in_name(Path::new(name.as_ref())) {
            Some(year) => name.replacen(&year, "YYYY", 1),
            None => continue,
        };
        by_series.entry(key).or_default().push(doc);
    }
    let auditor = Auditor::default();
    by_series
        .into_values()
        .filter(|docs| docs.len() > 1)
        .flat_map(|docs| {
            let mut checks = auditor.audit_series(&docs);
            for c in &mut checks {
                let mut sources: Vec<&str> = Vec::new();
                for source in c
                    .documents
                    .iter()
                    .filter_map(|&i| docs.get(i)?.source.as_deref())
                {
                    if !sources.contains(&source) {
                        sources.push(source);
                    }
                }
                c.source = Some(sources.join(" → "));
            }
            checks
        })
        .collect()
}

/// How a document's rows are written, rendered to bytes on the worker threads: serializing on
/// the writing thread was the part of a run that more threads could not share.
#[derive(Debug, Clone, Copy)]
struct Render(Option<BatchFormat>);

impl Render {
    /// The rows of `doc` as bytes of the format; for CSV, starting with the header line.
    fn rows(self, doc: &Document) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        match self.0 {
            None => {}
            Some(BatchFormat::Jsonl) => {
                for row in rows(doc) {
                    serde_json::to_writer(&mut out, &row)?;
                    out.push(b'\n');
                }
            }
            Some(BatchFormat::Csv) => {
                let mut w = csv::Writer::from_writer(&mut out);
                for row in rows(doc) {
                    w.serialize(&row)?;
                }
                w.flush()?;
            }
            Some(BatchFormat::Yaml) => {
                out = yaml_serde::to_string(std::slice::from_ref(doc))?.into_bytes();
            }
        }
        Ok(out)
    }
}

/// Where rendered rows go: the output file, which holds the CSV header once.
struct Sink {
    file: Option<AtomicFile>,
    csv: bool,
    header_written: bool,
}

impl Sink {
    fn new(out: Option<&Path>, format: Option<BatchFormat>, excel: bool) -> anyhow::Result<Self> {
        let (Some(out), Some(format)) = (out, format) else {
            return Ok(Sink {
                file: None,
                csv: false,
                header_written: false,
            });
        };
        let mut file = AtomicFile::create(out)?;
        let csv = format == BatchFormat::Csv;
        if csv && excel {
            file.write_all("\u{feff}".as_bytes())?;
        }
        Ok(Sink {
            file: Some(file),
            csv,
            header_written: false,
        })
    }

    /// Writes one document's rendered rows.
    fn write(&mut self, rendered: &[u8]) -> anyhow::Result<()> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let mut rows = rendered;
        if self.csv && !rows.is_empty() {
            if self.header_written {
                // Every document's rows come with the header; the file has it already.
                let line_end = memchr::memchr(b'\n', rows).map_or(rows.len(), |i| i + 1);
                rows = &rows[line_end..];
            }
            self.header_written = true;
        }
        file.write_all(rows)
            .with_context(|| format!("{}: cannot write", file.target().display()))
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        match self.file.take() {
            Some(file) => file.commit(),
            None => Ok(()),
        }
    }
}
