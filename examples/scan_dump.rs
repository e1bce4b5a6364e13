//! Prints every quantity scan finds in the samples and in the conformance inputs, one per line,
//! so that a change to the scanner can be compared with the output before it:
//! `cargo run --release --example scan_dump > before.txt`.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = gongbao::Rules::default();
    let mut inputs: Vec<String> = Vec::new();
    for dir in ["samples", "samples/full"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("samples exist")
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        inputs.extend(files.iter().filter_map(|f| std::fs::read_to_string(f).ok()));
    }
    let mut suites: Vec<_> = std::fs::read_dir(root.join("tests/conformance"))
        .expect("conformance cases exist")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    suites.sort();
    for suite in suites {
        let text = std::fs::read_to_string(suite).unwrap_or_default();
        for line in text.lines() {
            let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(input) = case.get("input").and_then(|i| i.as_str()) {
                inputs.push(input.to_string());
            }
        }
    }
    for input in &inputs {
        for q in gongbao::scan::scan(&rules, input) {
            println!("{:?} {q:?}", &input[q.lead..q.end]);
        }
    }
}
