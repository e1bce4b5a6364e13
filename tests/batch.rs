//! `gongbao batch` over a hostile archive built from the samples: copies in other encodings and
//! forms must give the clean text's claims, bad files must cost only themselves.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gongbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(root().join("samples").join(name)).unwrap()
}

/// A traditional-script paragraph, as a Hong Kong or Taiwan archive holds it (Big5 has no
/// simplified characters, so no sample can be copied to Big5 as it is).
const TRADITIONAL: &str = "全年共接待國內外遊客1.4億人次，比上年增長67.7%。旅遊總收入1041.7億元，增長72.2%。\
年末共有A級旅遊景區67處。其中，5A級景區5處，4A級景區30處。年末共有星級酒店42家，國際國內旅行社145家。";

/// Text as a PDF extraction gives it: hard breaks every 37 characters, a page footer, and
/// spaces before units.
fn pdf_style(text: &str) -> String {
    let spaced = text.replace("亿元", " 亿元").replace('%', " %");
    let chars: Vec<char> = spaced.trim().chars().collect();
    let lines: Vec<String> = chars.chunks(37).map(|c| c.iter().collect()).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        if i == 1 {
            out.push_str("— 2 —\n");
        }
    }
    out
}

fn html(text: &str) -> String {
    let body: String = text
        .lines()
        .map(|l| format!("<p>{}</p>\n", l.replace('&', "&amp;")))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>统计公报 &amp; 数据</title>\
         <script>var x = '增长99.9%';</script></head><body>\n{body}</body></html>"
    )
}

/// Builds the archive; returns the expected clean text of each good file.
fn build_archive(dir: &Path) -> BTreeMap<String, String> {
    let party = sample("party-stats-2019-commentary.txt");
    let gdp = sample("nbs-2024-p03-gdp.txt");
    let trade = sample("nbs-2024-p07-trade.txt");
    let tourism = TRADITIONAL.to_string();
    assert!(
        !encoding_rs::BIG5.encode(&tourism).2,
        "the paragraph fits Big5"
    );
    assert_eq!(
        gongbao::extract(&tourism).claims.len(),
        9,
        "traditional units and cues are read"
    );
    let nested = dir.join("2019/party");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::create_dir_all(dir.join("2024/html")).unwrap();
    std::fs::create_dir_all(dir.join("bad")).unwrap();
    let mut good = BTreeMap::new();
    let mut put = |rel: &str, bytes: Vec<u8>, clean: Option<&str>| {
        std::fs::write(dir.join(rel), bytes).unwrap();
        if let Some(clean) = clean {
            good.insert(rel.to_string(), clean.to_string());
        }
    };
    put(
        "2019/party/clean.txt",
        party.clone().into_bytes(),
        Some(&party),
    );
    put(
        "2019/party/gbk.txt",
        encoding_rs::GBK.encode(&party).0.into_owned(),
        Some(&party),
    );
    put(
        "2023-big5.txt",
        encoding_rs::BIG5.encode(&tourism).0.into_owned(),
        Some(&tourism),
    );
    put("2024/html/gdp.html", html(&gdp).into_bytes(), Some(&gdp));
    put(
        "2024/pdf-trade.txt",
        pdf_style(&trade).into_bytes(),
        Some(&trade),
    );
    put("bad/empty.txt", Vec::new(), None);
    put(
        "bad/binary.txt",
        vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3, 0xff, 0],
        None,
    );
    let mut broken = party.clone().into_bytes();
    broken.splice(300..300, [0xff, 0xfe, 0xfd]);
    put("bad/invalid-bytes.txt", broken, None);
    put(".hidden.txt", b"hidden: 9191.4\xe4\xb8\x87".to_vec(), None);
    put("2024/notes.pdf", b"%PDF-1.4 not text".to_vec(), None);
    good
}

/// Claims compared across copies: what they say, not where they sit.
fn claim_keys(claims: &[Value]) -> Vec<String> {
    claims
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {}",
                c["kind"], c["value"], c["unit"], c["subject"], c["text"]
            )
        })
        .collect()
}

fn clean_claims(text: &str) -> Vec<String> {
    let doc = serde_json::to_value(gongbao::extract(text)).unwrap();
    claim_keys(doc["claims"].as_array().unwrap())
}

#[test]
fn hostile_archive_keeps_all_good_data_and_names_each_bad_file() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let good = build_archive(&archive);
    let out = tmp.path().join("claims.jsonl");
    let errors = tmp.path().join("errors.jsonl");
    let run = gongbao(&[
        "batch",
        archive.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--errors",
        errors.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let rows: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (rel, clean) in &good {
        let path = archive.join(rel).display().to_string();
        let got: Vec<Value> = rows
            .iter()
            .filter(|r| r["source"] == path.as_str())
            .cloned()
            .collect();
        assert!(!got.is_empty(), "no claims from {rel}: {stderr}");
        assert_eq!(claim_keys(&got), clean_claims(clean), "{rel}");
        assert_eq!(got[0]["sha256"].as_str().unwrap().len(), 64);
    }
    let encoding_of = |rel: &str| {
        let path = archive.join(rel).display().to_string();
        rows.iter().find(|r| r["source"] == path.as_str()).unwrap()["encoding"].clone()
    };
    assert_eq!(encoding_of("2019/party/gbk.txt"), "GB18030");
    assert_eq!(encoding_of("2023-big5.txt"), "Big5");
    let html_row = rows
        .iter()
        .find(|r| r["source"].as_str().unwrap().ends_with("gdp.html"))
        .unwrap();
    assert_eq!(html_row["title"], "统计公报 & 数据");

    let failures: BTreeMap<String, String> = std::fs::read_to_string(&errors)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_string(),
                v["error"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let bad = |rel: &str| archive.join(rel).display().to_string();
    assert_eq!(failures.len(), 3, "{failures:?}");
    assert!(failures[&bad("bad/empty.txt")].contains("empty"));
    assert!(
        failures[&bad("bad/binary.txt")].contains("not text"),
        "{failures:?}"
    );
    assert!(
        failures[&bad("bad/invalid-bytes.txt")].contains("offset"),
        "{failures:?}"
    );
    for path in failures.keys() {
        assert!(
            stderr.contains(path.as_str()),
            "stderr names {path}: {stderr}"
        );
    }
    assert!(stderr.contains("5 documents"), "{stderr}");
}

#[test]
fn csv_read_back_equals_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let (csv_out, jsonl_out) = (tmp.path().join("c.csv"), tmp.path().join("c.jsonl"));
    for out in [&csv_out, &jsonl_out] {
        let run = gongbao(&["batch", "samples", "-o", out.to_str().unwrap()]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let jsonl: Vec<Value> = std::fs::read_to_string(&jsonl_out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut reader = csv::Reader::from_path(&csv_out).unwrap();
    let headers = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), jsonl.len());
    assert!(jsonl.len() > 1000);
    for (record, json) in records.iter().zip(&jsonl) {
        for (name, field) in headers.iter().zip(record.iter()) {
            let want = match &json[name] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(field, want, "{name} of {json}");
        }
    }
}

#[test]
fn excel_csv_starts_with_a_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.csv");
    let run = gongbao(&[
        "batch",
        "samples/party-stats-2019-commentary.txt",
        "-o",
        out.to_str().unwrap(),
        "--excel",
    ]);
    assert!(run.status.success());
    assert!(
        std::fs::read(&out)
            .unwrap()
            .starts_with("\u{feff}source,".as_bytes())
    );
}

#[test]
fn nothing_readable_exits_2_and_unwritable_output_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = tmp.path().join("o.jsonl");
    let run = gongbao(&[
        "batch",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));

    let run = gongbao(&["batch", "samples", "-o", "/nonexistent-dir/o.csv"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("/nonexistent-dir/o.csv"));
}

/// Ctrl-C in the middle of a run leaves the previous output as it was and no partial file.
#[test]
fn interrupted_run_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    std::fs::copy(
        root().join("samples/nbs-2024-p03-gdp.txt"),
        archive.join("a.txt"),
    )
    .unwrap();
    // A FIFO nobody writes to, named on the command line (a walk skips FIFOs): the batch blocks
    // on it, mid-run, for as long as the test likes.
    let fifo = tmp.path().join("b.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("claims.csv");
    std::fs::write(&out, "previous run\n").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args([
            "batch",
            archive.to_str().unwrap(),
            fifo.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--threads",
            "1",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !temp_files(&out_dir).iter().any(|n| n.ends_with(".tmp")) {
        assert!(Instant::now() < deadline, "the batch never started writing");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous run\n");
    assert_eq!(temp_files(&out_dir), vec!["claims.csv".to_string()]);
}

fn temp_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `extract --jsonl` as a streaming mapper: several documents in, claims out with their ids, a
/// bad line named and skipped.
#[test]
fn jsonl_stream_maps_documents_to_claims_with_ids() {
    use std::io::Write;
    let party = sample("party-stats-2019-commentary.txt");
    let gdp = sample("nbs-2024-p03-gdp.txt");
    let mut input = String::new();
    input.push_str(&serde_json::json!({"id": "party-2019", "text": party}).to_string());
    input.push_str("\n{broken\n");
    input.push_str(&serde_json::json!({"id": 42, "text": gdp}).to_string());
    input.push('\n');
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(["extract", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin line 2"));
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |id: Value| {
        rows.iter()
            .filter(|r| r["id"] == id)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        claim_keys(&of(serde_json::json!("party-2019"))),
        clean_claims(&party)
    );
    assert_eq!(claim_keys(&of(serde_json::json!(42))), clean_claims(&gdp));
}

/// `--audit` checks each document and, across a series (names that differ in a year), each
/// year against the one before: a wrong 2018 total is caught.
#[test]
fn audit_across_a_series_of_yearly_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("party");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        root().join("samples/party-stats-2019-commentary.txt"),
        dir.join("party-2019.txt"),
    )
    .unwrap();
    let checks = tmp.path().join("checks.jsonl");
    let run_with_2018 = |total: &str| {
        std::fs::write(
            dir.join("party-2018.txt"),
            format!("截至2018年底，中国共产党党员总数为{total}名。"),
        )
        .unwrap();
        let run = gongbao(&[
            "batch",
            dir.to_str().unwrap(),
            "-o",
            tmp.path().join("c.jsonl").to_str().unwrap(),
            "--checks",
            checks.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let checks: Vec<Value> = std::fs::read_to_string(&checks)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let previous = checks
            .iter()
            .find(|c| {
                c["relation"] == "previous_level"
                    && c["explanation"].as_str().unwrap().contains("132.0万")
            })
            .cloned();
        (
            previous.expect("a previous_level check"),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    let (check, summary) = run_with_2018("9059.4万");
    assert_eq!(check["verdict"], "consistent", "{check}");
    assert!(summary.contains("0 inconsistencies"), "{summary}");
    let (check, summary) = run_with_2018("9000.0万");
    assert_eq!(check["verdict"], "inconsistent", "{check}");
    assert!(!summary.contains(" 0 inconsistencies"), "{summary}");
}

/// The wide table of the bundled sample paragraphs: one row per series, one column per year.
#[test]
fn wide_table_of_the_samples() {
    let tmp = tempfile::tempdir().unwrap();
    let wide = tmp.path().join("wide.csv");
    let mut files: Vec<String> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| format!("samples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    let mut args = vec!["batch", "--wide", wide.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let run = gongbao(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    insta::assert_snapshot!(std::fs::read_to_string(&wide).unwrap());
}

/// Workers finish files out of order (a large file first, small ones after, one bad one among
/// them; some scanned ahead of jieba's dictionary and parked): the outputs are still in file
/// order, the same bytes with one worker as with several.
#[test]
fn outputs_in_file_order_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    std::fs::create_dir(&dir).unwrap();
    let full = sample("full/gov-work-report-2024.txt");
    std::fs::write(dir.join("a-large-2023.txt"), full.repeat(8)).unwrap();
    let small: Vec<String> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for i in 0..40 {
        let text = &small[i % small.len()];
        std::fs::write(dir.join(format!("b-{i:02}-2024.txt")), text).unwrap();
    }
    std::fs::write(dir.join("b-20-bad.txt"), b"").unwrap();
    let run = |threads: &str, ext: &str| {
        let out = tmp.path().join(format!("claims-{threads}.{ext}"));
        let checks = tmp.path().join(format!("checks-{threads}-{ext}.jsonl"));
        let errors = tmp.path().join(format!("errors-{threads}-{ext}.jsonl"));
        let run = gongbao(&[
            "batch",
            dir.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--checks",
            checks.to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
            "--threads",
            threads,
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("41 documents"), "{stderr}");
        let read = |p: &Path| std::fs::read(p).unwrap();
        (read(&out), read(&checks), read(&errors), stderr)
    };
    for ext in ["jsonl", "csv"] {
        let one = run("1", ext);
        for threads in ["2", "4"] {
            let many = run(threads, ext);
            assert!(one.0 == many.0, "{ext} rows differ with {threads} threads");
            assert!(one.1 == many.1, "checks differ with {threads} threads");
            assert_eq!(one.2, many.2, "errors differ with {threads} threads");
            assert_eq!(one.3, many.3, "stderr differs with {threads} threads");
        }
    }
    let rows = String::from_utf8(run("4", "jsonl").0).unwrap();
    let mut sources: Vec<String> = Vec::new();
    for line in rows.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let source = row["source"].as_str().unwrap().to_string();
        if sources.last() != Some(&source) {
            sources.push(source);
        }
    }
    let mut sorted = sources.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sources, sorted, "every file's rows together, in name order");
    assert_eq!(sources.len(), 41);
}
