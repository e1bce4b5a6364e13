//! Runs extract over the full sample texts many times and prints the time of each stage, for
//! profiling: `cargo run --release --example profile_extract -- 100`
//! (or `perf record target/release/examples/profile_extract 100`).

use std::time::{Duration, Instant};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/full");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .expect("samples/full exists")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    // `-- 100 extract` (or `scan`) times only that, so a profiler sees it without jieba's cut.
    let only = std::env::args().nth(2);
    let extract_only = only.as_deref() == Some("extract");
    let scan_only = only.as_deref() == Some("scan");
    // GONGBAO_COLD=1: forget jieba tags before each text, as if every text were new.
    let cold = std::env::var_os("GONGBAO_COLD").is_some();
    let extractor = gongbao::Extractor::default();
    let bytes: usize = texts.iter().map(String::len).sum::<usize>() * rounds;
    texts.iter().for_each(|t| drop(extractor.extract(t)));
    let jieba = jieba_rs::Jieba::new();
    let mut times = [Duration::ZERO; 6];
    let mut time = |i: usize, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        times[i] += t.elapsed();
    };
    for _ in 0..rounds {
        for t in &texts {
            let mut sentences = Vec::new();
            let mut quantities = Vec::new();
            if cold {
                gongbao::stages::forget_tags(&extractor);
            }
            if scan_only {
                time(1, &mut || drop(gongbao::scan::scan(extractor.rules(), t)));
                continue;
            }
            if extract_only {
                time(3, &mut || drop(extractor.extract(t)));
                continue;
            }
            time(0, &mut || sentences = gongbao::segment::segment(t));
            time(1, &mut || {
                quantities = gongbao::scan::scan(extractor.rules(), t)
            });
            time(2, &mut || {
                std::hint::black_box(gongbao::stages::attribute(
                    &extractor,
                    t,
                    &sentences,
                    &quantities,
                ));
            });
            let mut doc = gongbao::Document::default();
            time(3, &mut || doc = extractor.extract(t));
            time(4, &mut || drop(gongbao::audit::audit(&doc)));
            if !extract_only {
                time(5, &mut || drop(jieba.cut(t, true)));
            }
        }
    }
    let mb = bytes as f64 / 1e6;
    for (name, t) in [
        "segment",
        "scan",
        "attribute",
        "extract (all)",
        "audit",
        "jieba cut (ref)",
    ]
    .iter()
    .zip(times)
    {
        println!(
            "{name:>14}: {:>8.1} ms  {:>7.1} MB/s",
            t.as_secs_f64() * 1e3,
            mb / t.as_secs_f64()
        );
    }
}
