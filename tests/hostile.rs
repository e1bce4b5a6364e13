//! Hostile input: whatever comes in, `gongbao` ends with a clear message naming the input and
//! the documented exit code (README: 0 every input read, 2 some input unreadable), never a panic,
//! never a hang.
//!
//! Every run of the binary has a deadline; every crash the fuzzers or the property tests found
//! is a regression test here.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Running the binary with a deadline.

/// How long one run may take before it counts as a hang. Debug builds (plain `cargo test`, as
/// CI runs it) are 10–40× slower on long inputs: the regex engine is not optimized there.
const DEADLINE: Duration = Duration::from_secs(if cfg!(debug_assertions) { 300 } else { 60 });

struct Outcome {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
    /// The child's peak resident memory (VmHWM) as last seen while it ran, in bytes.
    peak_rss: Option<u64>,
}

impl Outcome {
    fn code(&self) -> Option<i32> {
        self.status.code()
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The output of `extract --format json` for one input.
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout()))
    }

    /// No panic, ever, and no death by a signal.
    fn assert_clean(&self) {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "the program panicked: {}",
            self.stderr
        );
        assert!(
            self.status.code().is_some(),
            "killed by a signal: {:?}",
            self.status
        );
    }
}

fn gongbao() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

/// Waits for `child` until `deadline`, collecting its output; a child still running then is
/// killed and the test fails as a hang.
fn finish(mut child: Child, deadline: Duration) -> Outcome {
    let stdout = child.stdout.take().map(|mut out| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            buf
        })
    });
    let stderr = child.stderr.take().map(|mut err| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    });
    let start = Instant::now();
    let mut peak_rss = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for gongbao") {
            break status;
        }
        peak_rss = peak_rss_of(child.id()).or(peak_rss);
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongbao did not finish within {deadline:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        status,
        stdout: stdout.map_or_else(Vec::new, |t| t.join().unwrap()),
        stderr: stderr.map_or_else(String::new, |t| t.join().unwrap()),
        peak_rss,
    }
}

/// Peak resident set size of a running process, from /proc (Linux only).
fn peak_rss_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs `gongbao args…` with stdin closed (reads give end of file at once).
fn run(args: &[&str]) -> Outcome {
    let child = gongbao()
        .args(args)
        .stdin(Stdio::null())
        .spawn()
        .expect("start gongbao");
    let out = finish(child, DEADLINE);
    out.assert_clean();
    out
}

fn extract_json(path: &Path) -> Outcome {
    run(&["extract", "--format", "json", path.to_str().unwrap()])
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn claims(doc: &serde_json::Value) -> &Vec<serde_json::Value> {
    doc["claims"].as_array().expect("a document has claims")
}

/// Asserts the one-line error of an unreadable input: exit 2, stderr names the file and says
/// `what`, and stdout carries no document for it.
fn assert_refused(out: &Outcome, path: &Path, what: &str) {
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    let name = path.to_str().unwrap();
    assert!(
        out.stderr.contains(name) && out.stderr.contains(what),
        "stderr should name {name} and say {what:?}: {}",
        out.stderr
    );
    assert_one_line_per_problem(out, 1);
}

/// Each problem is one line on stderr, starting with the program's name.
fn assert_one_line_per_problem(out: &Outcome, problems: usize) {
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), problems, "{}", out.stderr);
    for line in lines {
        assert!(line.starts_with("gongbao: "), "stray stderr line: {line:?}");
    }
}

const PARTY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/party-stats-2019-commentary.txt"
);
const SENTENCE: &str = "全年国内生产总值1349084亿元，比上年增长5.0%。\n";

// ---------------------------------------------------------------------------------------------
// Empty and blank input.

#[test]
fn an_empty_file_gives_zero_claims_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "empty.txt", b"");
    let out = extract_json(&path);
    assert_eq!(out.code(), Some(0), "stderr: {}", out.stderr);
    assert!(claims(&out.json()).is_empty());
    assert_eq!(out.stderr, "");
}

#[test]
fn whitespace_only_gives_zero_claims_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let blank = " \t\n\r\n\u{3000}\u{3000}\n\u{A0}\u{2028}\u{FEFF}   \n".repeat(1000);
    let path = temp_file(&dir, "blank.txt", blank.as_bytes());
    let out = extract_json(&path);
    assert_eq!(out.code(), Some(0), "stderr: {}", out.stderr);
    assert!(claims(&out.json()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Size.

/// 100 MB of bulletin text: read and processed with memory bounded by a small multiple of the
/// input (measured: peak RSS about 5× the input, every claim kept), or refused with a message
/// that names the limit. Debug builds (plain `cargo test`) run 25 MB: the ratio is what is
/// checked, and a debug build needs minutes for 100 MB.
#[test]
fn a_100_mb_file_is_processed_in_bounded_memory_or_refused() {
    let size: usize = if cfg!(debug_assertions) { 25 } else { 100 } << 20;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    // Claims every thousand paragraphs, and filler between: what is measured is how the whole
    // input is held, not how fast claims are found.
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let paragraph = format!("{SENTENCE}{}\n", "\u{3000}".repeat(20));
    let filler = "本段没有数字，只有文字。".repeat(40) + "\n";
    let mut written = 0;
    let mut i = 0;
    while written < size {
        let piece = if i % 1000 == 0 { &paragraph } else { &filler };
        file.write_all(piece.as_bytes()).unwrap();
        written += piece.len();
        i += 1;
    }
    file.flush().unwrap();
    drop(file);
    let out = finish(
        gongbao()
            .args(["extract", "--format", "json", path.to_str().unwrap()])
            .stdin(Stdio::null())
            .spawn()
            .unwrap(),
        DEADLINE.max(Duration::from_secs(180)),
    );
    out.assert_clean();
    match out.code() {
        Some(0) => {
            let doc = out.json();
            let expected = written.div_ceil(filler.len() * 1000) * 2;
            let found = claims(&doc).len();
            assert!(
                found.abs_diff(expected) <= 4,
                "{found} claims, expected about {expected}"
            );
        }
        Some(2) => assert!(
            out.stderr.contains("big.txt") && out.stderr.contains("limit"),
            "a refusal names the file and the limit: {}",
            out.stderr
        ),
        other => panic!("exit code {other:?}: {}", out.stderr),
    }
    if let Some(peak) = out.peak_rss {
        let ratio = peak as f64 / written as f64;
        eprintln!(
            "{} MB input: peak RSS {} MB ({ratio:.1}× the input), exit {:?}",
            written >> 20,
            peak >> 20,
            out.code()
        );
        assert!(
            ratio < 20.0,
            "peak RSS {} MB for {} MB of input",
            peak >> 20,
            written >> 20
        );
    }
}

#[test]
fn one_line_of_ten_million_digits() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "digits.txt", "1".repeat(10_000_000).as_bytes());
    let out = extract_json(&path);
    assert_eq!(out.code(), Some(0), "stderr: {}", out.stderr);
    assert!(claims(&out.json()).is_empty());
}

#[test]
fn runs_of_scale_characters() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("wan.txt", "万".repeat(100_000)),
        ("yi.txt", "亿".repeat(100_000)),
        ("wanyi.txt", "万亿".repeat(50_000)),
        (
            "one-wan.txt",
            format!("总数为1{}名。", "万".repeat(100_000)),
        ),
        ("yi-wan.txt", "一万".repeat(50_000)),
        ("digits-wan.txt", "9万".repeat(50_000)),
        ("percent.txt", "百分之".repeat(30_000)),
        ("fenzhi.txt", "三分之".repeat(30_000)),
    ] {
        let path = temp_file(&dir, name, text.as_bytes());
        let out = extract_json(&path);
        assert_eq!(out.code(), Some(0), "{name}: {}", out.stderr);
        let _ = out.json();
    }
}

#[test]
fn numbers_beyond_ten_to_the_thirty() {
    let text = format!(
        "总数为1{zeros}元，增长{nines}%，另有100000000000000000000000000000000亿名，\
         约一千万亿亿亿人，合计9{zeros}.5万亿元，比上年净增一万万万万万万亿名。",
        zeros = "0".repeat(31),
        nines = "9".repeat(40),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "huge.txt", text.as_bytes());
    let out = extract_json(&path);
    assert_eq!(out.code(), Some(0), "stderr: {}", out.stderr);
    // Figures beyond what an exact decimal holds (about 7.9×10^28) are not claims; nothing is
    // printed rounded or wrapped around.
    for claim in claims(&out.json()) {
        let v = claim["value"].to_string();
        assert!(!v.contains('e') && !v.starts_with('-'), "{claim}");
    }
    // The library agrees.
    check_library(&text);
}

// ---------------------------------------------------------------------------------------------
// Bytes that are not clean text.

#[test]
fn nul_bytes_are_refused_as_binary_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "nul.txt", b"abc\0def \xe5\xa2\x9e\xe9\x95\xbf5%.");
    let out = extract_json(&path);
    assert_refused(&out, &path, "not text");
    assert!(out.stdout.is_empty(), "no document: {}", out.stdout());
}

#[test]
fn a_nul_byte_deep_inside_text_does_not_break_extraction() {
    // Past the binary sniffer's window a NUL reaches the pipeline as a character.
    let mut bytes = SENTENCE.repeat(400).into_bytes();
    bytes.extend_from_slice(b"\0\0\0");
    bytes.extend_from_slice(SENTENCE.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "late-nul.txt", &bytes);
    let out = extract_json(&path);
    match out.code() {
        Some(0) => assert!(claims(&out.json()).len() >= 800),
        _ => assert_refused(&out, &path, "NUL"),
    }
    check_library(&String::from_utf8(bytes).unwrap());
}

#[test]
fn invalid_utf8_in_the_middle_of_a_utf8_file_is_named_with_its_offset() {
    let good = SENTENCE.repeat(50).into_bytes();
    let half = good.len() / 2;
    let half = (half..)
        .find(|&i| good[i] < 0x80 || good[i] >= 0xC0)
        .unwrap();
    let mut bytes = good[..half].to_vec();
    bytes.extend_from_slice(b"\xff\xfe");
    bytes.extend_from_slice(&good[half..]);
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "damaged.txt", &bytes);
    let out = extract_json(&path);
    assert_refused(&out, &path, &format!("offset {half}"));
}

#[test]
fn gbk_behind_a_utf8_bom_is_refused_with_advice() {
    let text = SENTENCE.repeat(20);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(&gbk);
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "bom-gbk.txt", &bytes);
    let out = extract_json(&path);
    assert_refused(&out, &path, "byte-order mark");
    assert!(out.stderr.contains("GB18030"), "{}", out.stderr);
    // The library says the same, as a typed error.
    match gongbao::decode::decode(&bytes) {
        Err(gongbao::decode::DecodeError::BomMismatch { looks_like, .. }) => {
            assert_eq!(looks_like, Some("GB18030"));
        }
        other => panic!("expected a BOM mismatch, got {other:?}"),
    }
}

#[test]
fn random_binary_is_refused_or_read_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    // A deterministic stream of bytes (xorshift), in several sizes.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes = Vec::new();
    for _ in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push(x as u8);
    }
    for len in [1, 2, 3, 7, 100, 4096, 200_000] {
        let path = temp_file(&dir, &format!("random-{len}.bin"), &bytes[..len]);
        let out = extract_json(&path);
        match out.code() {
            Some(0) => {
                let _ = out.json();
            }
            Some(2) => assert!(out.stderr.contains(path.to_str().unwrap())),
            other => panic!("exit {other:?}: {}", out.stderr),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Paths that are not readable files.

#[test]
fn a_directory_given_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = extract_json(dir.path());
    assert_refused(&out, dir.path(), "directory");
}

#[test]
fn a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-file.txt");
    let out = extract_json(&path);
    assert_refused(&out, &path, "cannot read");
}

/// Runs `gongbao args…` as the user `nobody` through setpriv, for permission checks that root
/// would pass; `None` (with the reason printed) where that cannot be done.
#[cfg(unix)]
fn run_as_nobody(args: &[&str]) -> Option<Outcome> {
    let child = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(child) = child else {
        eprintln!("skipped: running as root, and setpriv cannot run the binary as nobody");
        return None;
    };
    let out = finish(child, DEADLINE);
    out.assert_clean();
    if out.stderr.starts_with("setpriv") {
        eprintln!(
            "skipped: running as root, and setpriv failed: {}",
            out.stderr
        );
        return None;
    }
    Some(out)
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = temp_file(&dir, "secret.txt", SENTENCE.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = ["extract", "--format", "json", path.to_str().unwrap()];
    // Root reads any file: then the binary runs as `nobody`.
    let out = if std::fs::File::open(&path).is_err() {
        run(&args)
    } else {
        match run_as_nobody(&args) {
            Some(out) => out,
            None => return,
        }
    };
    assert_refused(&out, &path, "ermission denied");
}

#[test]
fn a_bad_input_does_not_stop_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let bad = temp_file(&dir, "nul.bin", b"\0\0\0\0");
    let missing = dir.path().join("missing.txt");
    let out = run(&[
        "extract",
        "--format",
        "json",
        PARTY,
        bad.to_str().unwrap(),
        missing.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert_one_line_per_problem(&out, 3);
    let docs = out.json();
    let docs = docs.as_array().expect("several inputs give a list");
    assert_eq!(docs.len(), 1, "the good document is kept");
    assert!(claims(&docs[0]).len() >= 25);
}

// ---------------------------------------------------------------------------------------------
// Standard input and output closed early.

#[test]
fn stdin_closed_gives_an_empty_document() {
    let out = run(&["extract", "--format", "json", "-"]);
    assert_eq!(out.code(), Some(0), "stderr: {}", out.stderr);
    assert!(claims(&out.json()).is_empty());
}

#[test]
fn stdin_closed_half_way_keeps_what_was_sent() {
    let mut child = gongbao()
        .args(["extract", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The writer gives up in the middle of a character and closes the pipe.
    let text = SENTENCE.repeat(3);
    let cut = text.len() - 2;
    stdin.write_all(&text.as_bytes()[..cut]).unwrap();
    drop(stdin);
    let out = finish(child, DEADLINE);
    out.assert_clean();
    match out.code() {
        // Either the figures before the cut are kept …
        Some(0) => assert!(claims(&out.json()).len() >= 4, "{}", out.stdout()),
        // … or the truncated character is reported, naming standard input.
        Some(2) => assert!(out.stderr.starts_with("gongbao: -:"), "{}", out.stderr),
        other => panic!("exit {other:?}: {}", out.stderr),
    }
}

/// A reader that stops early (`gongbao extract … | head -c 100`): no panic, a clean exit.
#[test]
fn stdout_closed_early_is_a_clean_exit() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(PARTY).unwrap().repeat(100);
    let path = temp_file(&dir, "long.txt", text.as_bytes());
    let mut child = gongbao()
        .args(["extract", path.to_str().unwrap()])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0u8; 100];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = finish(child, DEADLINE);
    out.assert_clean();
    assert!(
        out.code() == Some(0) || out.code() == Some(2) && out.stderr.contains("standard output"),
        "exit {:?}: {}",
        out.code(),
        out.stderr
    );
}

/// A full disk behind standard output is an error that says so, with exit 2.
#[cfg(target_os = "linux")]
#[test]
fn stdout_on_a_full_device_is_an_error() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        eprintln!("skipped: /dev/full cannot be opened here");
        return;
    };
    let child = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(["extract", PARTY])
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = finish(child, DEADLINE);
    out.assert_clean();
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("standard output"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// Rule files with errors: the message names the file, the line and the rule.

fn with_rules(dir: &tempfile::TempDir, name: &str, yaml: &str) -> (PathBuf, Outcome) {
    let path = temp_file(dir, name, yaml.as_bytes());
    let out = run(&["extract", "--rules", path.to_str().unwrap(), PARTY]);
    (path, out)
}

fn assert_rule_error(out: &Outcome, path: &Path, needles: &[&str]) {
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty(), "no output with bad rules");
    let first = out.stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains(path.to_str().unwrap()),
        "names the file: {}",
        out.stderr
    );
    for needle in needles {
        assert!(
            out.stderr.contains(needle),
            "says {needle:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_rule_file_with_an_unknown_field() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(&dir, "unknown.yaml", "units: [吨]\nunitz: [x]\n");
    assert_rule_error(&out, &path, &["unitz", "line 2"]);
}

#[test]
fn a_rule_file_with_a_wrong_type() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(&dir, "wrong-type.yaml", "units: [吨]\nscope_after: 5\n");
    assert_rule_error(&out, &path, &["scope_after", "line 2"]);
}

#[test]
fn a_rule_file_with_an_unknown_cue_kind() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(&dir, "cue.yaml", "cues:\n  up: [增长]\n  sideways: [x]\n");
    assert_rule_error(&out, &path, &["sideways", "line 3"]);
}

#[test]
fn a_rule_file_that_is_not_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(&dir, "broken.yaml", "units: [吨\n  foo: ]]\n");
    assert_rule_error(&out, &path, &["line 2"]);
}

#[test]
fn a_rule_file_with_a_bad_regex_names_the_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(
        &dir,
        "bad-regex.yaml",
        "units: [吨]\npatterns:\n  footnote: \"(unclosed\"\n",
    );
    assert_rule_error(&out, &path, &["footnote", "unclosed"]);
}

/// A regex error names the file, the pattern and the line it is on.
#[test]
fn a_rule_file_with_a_bad_regex_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(
        &dir,
        "bad-regex.yaml",
        "units: [吨]\npatterns:\n  footnote: \"(unclosed\"\n",
    );
    assert_rule_error(&out, &path, &["footnote", "line 3"]);
}

#[test]
fn a_rule_file_with_a_regex_too_big_to_compile() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(
        &dir,
        "big-regex.yaml",
        "patterns:\n  huge: \"a{1000}{1000}{1000}\"\n",
    );
    assert_rule_error(&out, &path, &["huge"]);
}

/// Replacing the built-in `number` pattern with one that lacks the groups the
/// scanner reads (`arabic`, `chinese`) is accepted, and every figure silently disappears.
#[test]
fn a_rule_file_that_breaks_the_number_pattern_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, out) = with_rules(&dir, "number.yaml", "patterns:\n  number: \"[0-9]+\"\n");
    assert_rule_error(&out, &path, &["number"]);
}

#[test]
fn a_missing_or_unreadable_rule_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.yaml");
    let out = run(&["extract", "--rules", missing.to_str().unwrap(), PARTY]);
    assert_rule_error(&out, &missing, &["cannot read"]);
    let out = run(&["extract", "--rules", dir.path().to_str().unwrap(), PARTY]);
    assert_rule_error(&out, dir.path(), &["cannot read"]);
    let binary = temp_file(&dir, "binary.yaml", b"\xff\xfe\0\0");
    let out = run(&["extract", "--rules", binary.to_str().unwrap(), PARTY]);
    assert_rule_error(&out, &binary, &[]);
}

#[test]
fn rule_errors_from_the_library_name_file_rule_and_line() {
    let Err(err) = gongbao::Rules::from_sources(&[("my.yaml", "units: [吨]\nunitz: [x]\n")])
    else {
        panic!("an unknown field is an error");
    };
    let msg = err.to_string();
    assert!(
        msg.contains("my.yaml") && msg.contains("unitz") && msg.contains("line 2"),
        "{msg}"
    );
    let Err(err) = gongbao::Rules::from_sources(&[("my.yaml", "patterns:\n  footnote: '[0-9'\n")])
    else {
        panic!("a bad regex is an error");
    };
    let msg = err.to_string();
    assert!(msg.contains("my.yaml") && msg.contains("footnote"), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// The library on hostile strings, and the regressions found by fuzzing and property tests.

/// `extract` on `text` in a thread with a deadline: no panic, no hang, spans on their text.
fn check_library(text: &str) -> gongbao::Document {
    let owned = text.to_string();
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let doc = gongbao::extract(&owned);
        let _ = tx.send(());
        (doc, owned)
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(()) => {}
        // The worker panicked before sending: join to rethrow its panic here.
        Err(mpsc::RecvTimeoutError::Disconnected) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("extract did not finish within {DEADLINE:?}")
        }
    }
    let (doc, text) = worker
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let chars: Vec<char> = text.chars().collect();
    for claim in &doc.claims {
        let [start, end] = claim.span;
        assert!(start < end && end <= chars.len(), "span {:?}", claim.span);
        let at: String = chars[start..end].iter().collect();
        assert_eq!(at, claim.text);
    }
    doc
}

#[test]
fn library_on_long_runs() {
    // The binary gets the full 10 million digits (`one_line_of_ten_million_digits`).
    check_library(&"1".repeat(if cfg!(debug_assertions) {
        1_000_000
    } else {
        10_000_000
    }));
    check_library(&"万".repeat(100_000));
    check_library(&"亿".repeat(100_000));
    check_library(&"１２３，".repeat(100_000));
    check_library(&"1,".repeat(100_000));
    check_library(&"1.".repeat(100_000));
    check_library(&"3.9:".repeat(100_000));
    check_library(&"3至".repeat(100_000));
    check_library(&"0.7和".repeat(100_000));
    check_library(&"增长5%，".repeat(20_000));
    check_library(&"。".repeat(100_000));
    check_library(&"\n".repeat(100_000));
    check_library(&"[2]".repeat(50_000));
}

/// Each 两, 万 and 人 is in some not-claim phrase and no clause mark breaks the run: a search for
/// phrases from the run's start at each figure (`Phrases::cover`), and a look for the next
/// Arabic digit after each (`Attributor::sizes_scope`), took quadratic time.
#[test]
fn library_on_long_runs_of_phrase_characters() {
    check_library(&"两万人".repeat(200_000));
}

/// A figure's subject is read from a bounded stretch of text around it: in one clause of
/// "两万人的" repeated, each figure's subject was all the text after it, so the output grew with
/// the square of the input (24 MB of JSON for 24 KB of text).
#[test]
fn subjects_of_one_endless_clause_stay_short() {
    let doc = check_library(&"两万人的".repeat(20_000));
    assert!(!doc.claims.is_empty());
    let longest = doc.claims.iter().map(|c| c.subject.len()).max();
    assert!(longest <= Some(600), "longest subject {longest:?} bytes");
}

#[test]
fn library_on_control_characters() {
    check_library("\0\0增长5%\0。");
    check_library("总数为9191.4万\u{0}名，比上年净增132.0\u{7f}万名。");
    check_library("\u{FEFF}\u{200B}总数为9191.4万名\u{202E}，\u{FFFD}增长1.5%。");
    check_library("总数为\r9191.4万名\r\n比上年净增132.0万名\r");
}

/// Found by the property tests: a range whose low end is written without a scale takes the
/// high end's scale, and the multiplication overflowed (`scan::read_range`, src/scan/mod.rs).
#[test]
fn regression_range_scale_overflow() {
    check_library("10000000000000000000至1万亿");
    check_library("7922816251426433759354395033至1万亿");
    check_library("七万九千二百二十八亿一千六百二十五万一千四百二十七至1万万亿");
    check_library("兩億億亿十至零点零亿中国共产党党员总数");
    // Found by cargo fuzz (target `extract`, fork mode), minimized with `cargo fuzz tmin`.
    check_library("\u{FFFD}77777777777777777777777777～百万");
    check_library("77777777777777777777777777～百万");
}

/// The same overflow in a list sharing one unit: 0.7和0.1个百分点 (`scan::share_list_units`).
#[test]
fn regression_list_scale_overflow() {
    check_library("10000000000000000000和1万亿个");
    check_library("792281625142643375935439503和1万亿个");
}

/// A fraction's numerator times 100 overflowed (`scan::fraction`, 三分之…).
#[test]
fn regression_fraction_overflow() {
    check_library("三分之9999999999999999999999999999");
    check_library("三分之一万亿亿亿");
}

// ---------------------------------------------------------------------------------------------
// JSON Lines on standard input (`extract --jsonl`).

fn extract_jsonl(input: &[u8]) -> Outcome {
    let mut child = gongbao()
        .args(["extract", "--jsonl"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread, so that a child that stops reading cannot block the test.
    let writer = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = finish(child, DEADLINE);
    let _ = writer.join();
    out.assert_clean();
    out
}

/// The ids of the JSON Lines records on stdout.
fn jsonl_ids(out: &Outcome) -> Vec<String> {
    let mut ids: Vec<String> = out
        .stdout()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    ids.dedup();
    ids
}

#[test]
fn jsonl_bad_records_are_named_by_line_and_the_good_ones_kept() {
    let input = "{\"id\":\"a\",\"text\":\"增长5%。\"}\n\
                 not json\n\
                 {\"id\":1,\"text\":5}\n\
                 {\"text\":\"no id\"}\n\
                 \n\
                 {\"id\":\"b\",\"text\":\"增长6%。\"}\n";
    let out = extract_jsonl(input.as_bytes());
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert_eq!(jsonl_ids(&out), ["a", "b"]);
    for line in ["line 2", "line 3", "line 4"] {
        assert!(out.stderr.contains(line), "names {line}: {}", out.stderr);
    }
}

#[test]
fn jsonl_on_closed_stdin_is_empty_and_fine() {
    let child = gongbao()
        .args(["extract", "--jsonl"])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let out = finish(child, DEADLINE);
    out.assert_clean();
    assert_eq!(out.code(), Some(0), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty());
}

/// Gap, reported: a line that is not UTF-8 ends the read, and every record after it is lost.
#[test]
fn jsonl_a_line_of_invalid_utf8_does_not_lose_the_lines_after_it() {
    let mut input = "{\"id\":\"a\",\"text\":\"增长5%。\"}\n".as_bytes().to_vec();
    input.extend_from_slice(b"\xff\xfe garbage\n");
    input.extend_from_slice("{\"id\":\"b\",\"text\":\"增长6%。\"}\n".as_bytes());
    let out = extract_jsonl(&input);
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("line 2"), "{}", out.stderr);
    assert_eq!(jsonl_ids(&out), ["a", "b"]);
}

// ---------------------------------------------------------------------------------------------
// Output files (`batch -o`): an output that cannot be written is an error naming it, and no
// output is left half-written (nor a temporary file beside it).

/// A directory of inputs: two good bulletins and one that is not text.
fn batch_inputs(dir: &tempfile::TempDir) -> PathBuf {
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["nbs-2024-p01-population.txt", "nbs-2024-p03-gdp.txt"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        std::fs::copy(from, inputs.join(name)).unwrap();
    }
    std::fs::write(inputs.join("binary.txt"), b"\0\0\0\0").unwrap();
    inputs
}

/// The names in `dir` that look like leftovers of an interrupted write.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.starts_with(".gongbao"))
        .collect()
}

#[test]
fn batch_output_in_a_missing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch_inputs(&dir);
    let out_path = dir.path().join("no-such-dir").join("claims.jsonl");
    let out = run(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("claims.jsonl"), "{}", out.stderr);
    assert!(!out_path.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn batch_output_that_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch_inputs(&dir);
    let target = dir.path().join("out.jsonl");
    std::fs::create_dir(&target).unwrap();
    let out = run(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("out.jsonl"), "{}", out.stderr);
    assert!(target.is_dir(), "the directory is left alone");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[cfg(unix)]
#[test]
fn batch_output_in_a_read_only_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let inputs = batch_inputs(&dir);
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let target = locked.join("claims.jsonl");
    let args = [
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ];
    // Root writes anywhere: then the binary runs as `nobody`.
    let out = if std::fs::write(locked.join("probe"), b"").is_err() {
        run(&args)
    } else {
        std::fs::remove_file(locked.join("probe")).unwrap();
        match run_as_nobody(&args) {
            Some(out) => out,
            None => return,
        }
    };
    assert_eq!(out.code(), Some(2), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("claims.jsonl"), "{}", out.stderr);
    assert!(!target.exists());
    assert!(leftovers(&locked).is_empty());
}

#[test]
fn batch_keeps_the_good_documents_and_replaces_its_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch_inputs(&dir);
    let target = dir.path().join("claims.jsonl");
    std::fs::write(&target, "old content\n").unwrap();
    let out = run(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(
        matches!(out.code(), Some(1 | 2)),
        "a failed input is not success: {:?} {}",
        out.code(),
        out.stderr
    );
    assert!(out.stderr.contains("binary.txt"), "{}", out.stderr);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(!written.contains("old content"));
    let rows: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("every row is whole JSON"))
        .collect();
    assert!(rows.len() >= 10, "the good documents' claims are kept");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

/// Gap, reported: the atomic rename replaces a symbolic link (such as `-o /dev/stdout`) with a
/// regular file instead of writing where it points.
#[cfg(unix)]
#[test]
fn batch_output_through_a_symlink_writes_where_it_points() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch_inputs(&dir);
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, "old\n").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let _ = run(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        link.to_str().unwrap(),
    ]);
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(std::fs::read_to_string(&real).unwrap().lines().count() >= 10);
}

/// Gap, reported: a value with more than 15 significant digits is printed through an f64, so
/// its last digits change (1234567890123456.789 prints as 1234567890123456.8). No bulletin
/// writes such a figure, but the output is then not the exact decimal the contract promises.
#[test]
#[ignore = "gap reported to the lead: Value's serializer goes through f64 (src/model.rs)"]
fn long_decimals_are_printed_exactly() {
    let doc = gongbao::extract("总数为123456789012.3456789万名，比上年增长1.23456789012345678%。");
    assert_eq!(doc.claims.len(), 2);
    for claim in &doc.claims {
        let printed = serde_json::to_string(&claim.value).unwrap();
        assert_eq!(printed, claim.value.to_string());
    }
}
