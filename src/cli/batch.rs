//! `gongbao batch`: one table of claims from an archive of reports.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use anyhow::{Context, bail};
use gongbao::audit::{Auditor, Check, Verdict};
use gongbao::output::{WideBy, WideTable, rows};
use gongbao::{Document, Extractor, Rules};
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
    let output = Output {
        sink: Sink::new(args.output.as_deref(), format, args.excel)?,
        wide: args.wide.is_some().then(WideTable::default),
        series: audit.then(Vec::new),
        failures: Vec::new(),
        checks: Vec::new(),
        documents: 0,
        claims: 0,
    };
    let progress = progress_bar(files.len());
    let threads = pool.current_num_threads();
    let stream = Stream::new(output, &files, threads);
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|_| stream.work(&extractor, keep, &progress));
        }
    });
    let output = stream.finish()?;
    progress.finish_and_clear();
    output.finish(&args, audit)
}

/// The most text scanned ahead of jieba's dictionary, parked until it is built. A scanned text
/// holds about three times its size in quantities; this covers the dictionary's build on the
/// sample archive's texts.
const AHEAD_BYTES: usize = 8 << 20;

/// Files a worker may start ahead of the last one written, per worker: bounds the results held
/// for the writer when one slow file holds up the files after it.
const WINDOW_PER_THREAD: usize = 16;

/// The files of a run going through the workers, and written in their order.
///
/// Each worker takes the next file, reads it and writes what is ready: no barrier between
/// groups of files, where a worker waited for the group's slowest file. The first worker to
/// need jieba's dictionary builds it; the others meanwhile read and scan files ahead (which
/// needs no dictionary) and park them, up to [`AHEAD_BYTES`] of text, then finish the parked
/// files first, in file order, once it is built. No thread is spawned for the dictionary: with
/// two workers on two cores, a third busy thread only took time from them.
struct Stream<'a> {
    files: &'a [PathBuf],
    window: usize,
    state: Mutex<State>,
    /// Signalled when files are written (a worker may wait for room in the window) and when the
    /// run stops.
    room: Condvar,
    /// Taken by one worker at a time, the one that writes; the others go on reading.
    output: Mutex<Output>,
}

/// What the workers share, under one lock held only to take or hand over a file.
#[derive(Default)]
struct State {
    /// The next file to take.
    next: usize,
    /// Files scanned before the dictionary was built, by index.
    parked: BTreeMap<usize, Scanned>,
    parked_bytes: usize,
    /// A worker has taken on building the dictionary.
    building: bool,
    /// Files read and not written yet, by index: the reorder buffer.
    done: BTreeMap<usize, Result<Read, Failure>>,
    /// The next file to write; files before it are written or being written.
    written: usize,
    /// A worker is writing.
    writing: bool,
    /// Why the run stopped early (the output could not be written).
    error: Option<anyhow::Error>,
}

/// A file for a worker: a new one to read, or one scanned ahead of the dictionary.
enum Job {
    Read(usize),
    /// Boxed: a scanned file is large, and most jobs are reads.
    Parked(usize, Box<Scanned>),
}

impl<'a> Stream<'a> {
    fn new(output: Output, files: &'a [PathBuf], threads: usize) -> Self {
        Stream {
            files,
            window: threads.max(1) * WINDOW_PER_THREAD,
            state: Mutex::new(State::default()),
            room: Condvar::new(),
            output: Mutex::new(output),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock means a worker panicked; the scope re-raises that panic once the others
        // are done, so they only need the state to stop.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One worker: takes files until there are none left or the run stops.
    fn work(&self, extractor: &Extractor, keep: Keep, progress: &indicatif::ProgressBar) {
        // A worker that panics stops the others, who might otherwise wait for its file forever.
        let _stop = StopOnPanic(self);
        while let Some(job) = self.take(extractor) {
            let (index, scanned) = match job {
                Job::Parked(index, scanned) => (index, Ok(*scanned)),
                Job::Read(index) => {
                    let scanned = scan_file(extractor, &self.files[index]);
                    match scanned {
                        Ok(scanned) if !extractor.dictionary_loaded() => {
                            match self.park_or_build(extractor, index, scanned) {
                                Some(scanned) => (index, Ok(scanned)),
                                None => continue,
                            }
                        }
                        other => (index, other),
                    }
                }
            };
            let read = scanned.and_then(|file| finish_file(extractor, file, keep));
            self.hand_over(index, read, progress);
        }
    }

    /// The next file for a worker, waiting while the window is full; `None` when all are taken
    /// or the run stops.
    fn take(&self, extractor: &Extractor) -> Option<Job> {
        let mut state = self.lock();
        loop {
            if state.error.is_some() {
                return None;
            }
            let loaded = extractor.dictionary_loaded();
            if loaded && let Some((index, scanned)) = state.parked.pop_first() {
                state.parked_bytes -= scanned.text.len();
                return Some(Job::Parked(index, Box::new(scanned)));
            }
            if state.next >= self.files.len() {
                if state.parked.is_empty() {
                    return None;
                }
                // Only parked files are left: wait for the dictionary, then finish them.
                drop(state);
                extractor.load_dictionary();
                state = self.lock();
                continue;
            }
            // Before the dictionary is built, what is parked is bounded by its bytes instead.
            if !loaded || state.next < state.written + self.window {
                state.next += 1;
                return Some(Job::Read(state.next - 1));
            }
            state = self
                .room
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A file scanned before jieba's dictionary was built: the first worker to get here builds
    /// it and goes on with its file; the others park theirs and read on, until [`AHEAD_BYTES`]
    /// are parked, when they wait for the dictionary. The file, when it is to be finished now.
    fn park_or_build(&self, extractor: &Extractor, index: usize, file: Scanned) -> Option<Scanned> {
        let mut state = self.lock();
        if extractor.dictionary_loaded() {
            return Some(file);
        }
        if !state.building {
            state.building = true;
        } else if state.parked_bytes < AHEAD_BYTES {
            state.parked_bytes += file.text.len();
            state.parked.insert(index, file);
            return None;
        }
        drop(state);
        extractor.load_dictionary();
        Some(file)
    }

    /// Hands a file's result to the writer; writes, if no other worker is writing, every file
    /// that is next in order.
    fn hand_over(
        &self,
        index: usize,
        read: Result<Read, Failure>,
        progress: &indicatif::ProgressBar,
    ) {
        let mut state = self.lock();
        state.done.insert(index, read);
        if state.writing {
            // The writer looks again for the next file before it stops.
            return;
        }
        state.writing = true;
        loop {
            let mut ready = Vec::new();
            let State { done, written, .. } = &mut *state;
            while let Some(read) = done.remove(written) {
                ready.push(read);
                *written += 1;
            }
            if ready.is_empty() {
                state.writing = false;
                return;
            }
            drop(state);
            // Room in the window for the files after these.
            self.room.notify_all();
            let written = self
                .output
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .write_results(ready, progress);
            state = self.lock();
            if let Err(e) = written {
                // `writing` stays set: nothing more is written, and the workers stop.
                state.error = Some(e);
                drop(state);
                self.room.notify_all();
                return;
            }
        }
    }

    /// The output, once every worker is done, or why the run stopped.
    fn finish(self) -> anyhow::Result<Output> {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(e) = state.error {
            return Err(e);
        }
        Ok(self
            .output
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner))
    }
}

/// Stops a run when its worker unwinds.
struct StopOnPanic<'s, 'a>(&'s Stream<'a>);

impl Drop for StopOnPanic<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().error = Some(anyhow::anyhow!("a worker thread panicked"));
            self.0.room.notify_all();
        }
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
    /// Writes files' documents and notes their failures, in the order given.
    fn write_results(
        &mut self,
        results: Vec<Result<Read, Failure>>,
        progress: &indicatif::ProgressBar,
    ) -> anyhow::Result<()> {
        for result in results {
            progress.inc(1);
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
