//! Runs extract over the full sample texts many times, for a profiler:
//! `cargo build --release --example profile_extract && perf record target/release/examples/profile_extract`.

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/full");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .expect("samples/full exists")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    let rounds: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(50);
    let extractor = gongbao::Extractor::default();
    let mut claims = 0;
    for _ in 0..rounds {
        for t in &texts {
            claims += extractor.extract(t).claims.len();
        }
    }
    println!("{claims} claims");
}
