//! The `gongbao` command as users run it: outputs, errors and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn gongbao(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

const PARTY: &str = "samples/party-stats-2019-commentary.txt";

#[test]
fn extract_prints_yaml_with_the_contract_fields() {
    let out = gongbao(&["extract", PARTY], b"");
    assert!(out.status.success());
    let doc: serde_json::Value = yaml_serde::from_slice(&out.stdout).unwrap();
    let first = &doc["claims"][0];
    assert_eq!(first["kind"], "level");
    assert_eq!(first["subject"], "中国共产党党员总数");
    assert_eq!(first["value"], 91914000);
    assert_eq!(first["unit"], "名");
    assert_eq!(first["text"], "9191.4万名");
    assert_eq!(first["span"], serde_json::json!([96, 104]));
}

#[test]
fn json_of_several_files_is_a_list_of_documents() {
    let out = gongbao(
        &[
            "extract",
            "--format",
            "json",
            PARTY,
            "samples/nbs-2024-p03-gdp.txt",
        ],
        b"",
    );
    assert!(out.status.success());
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 2);
    assert_eq!(docs[1]["claims"][0]["value"], 134908400000000u64);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let out = gongbao(
        &["extract", "--format", "json", "-"],
        "增幅为1.5%。".as_bytes(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["claims"][0]["value"], 1.5);
}

#[test]
fn empty_input_gives_no_claims_and_success() {
    let out = gongbao(&["extract", "--format", "json", "-"], b"");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["claims"], serde_json::json!([]));
}

#[test]
fn a_missing_file_is_named_and_the_others_still_processed() {
    let out = gongbao(
        &["extract", "--format", "json", "no/such/file.txt", PARTY],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs[0]["claims"].as_array().unwrap().len(), 25);
}

#[test]
fn a_directory_is_refused_by_name() {
    let out = gongbao(&["extract", "samples"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("samples: is a directory"));
}

#[test]
fn binary_input_is_refused_without_a_panic() {
    let out = gongbao(
        &["extract", "-"],
        &[0u8, 159, 146, 150, 0, 0, 1, 2, 255, 254, 0],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("gongbao: -:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_bad_rule_file_names_file_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("bad.yaml");
    std::fs::write(&rules, "patterns:\n  footnote: '[0-9'\n").unwrap();
    let out = gongbao(&["extract", "--rules", rules.to_str().unwrap(), PARTY], b"");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.yaml: pattern `footnote`"), "{stderr}");
}

#[test]
fn user_rules_add_to_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("more.yaml");
    std::fs::write(&rules, "units: [人年]\n").unwrap();
    let out = gongbao(
        &[
            "extract",
            "--format",
            "json",
            "--rules",
            rules.to_str().unwrap(),
            "-",
        ],
        "投入工作量为350人年。".as_bytes(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["claims"][0]["unit"], "人年");
}

#[test]
fn schema_is_a_json_schema_of_a_document() {
    let out = gongbao(&["schema"], b"");
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Document");
    assert!(
        schema["$defs"]["Claim"]["required"]
            .as_array()
            .unwrap()
            .contains(&"subject".into())
    );
}
