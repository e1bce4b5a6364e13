//! Runs extract over the full sample texts many times and prints the time of each stage, for
//! profiling: `cargo run --release --example profile_extract -- 100`.
//!
//! `-- 100 extract`, `scan`, `audit`, `jieba` or `pipeline` (extract then audit, as the
//! benchmarks time them) runs only that, so a profiler sees it alone
//! (`perf record --call-graph dwarf target/release/examples/profile_extract 100 extract`, or
//! `valgrind --tool=callgrind … 5 scan` for instruction counts that a busy machine does not
//! disturb). `GONGBAO_COLD=1` forgets jieba tags before each text, as if every text were new
//! (in the all-stages run, only the attribute row is cold: extract runs after it on the same text).

use std::time::{Duration, Instant};

const STAGES: [&str; 7] = [
    "segment",
    "scan",
    "attribute",
    "extract (all)",
    "audit",
    "jieba cut (ref)",
    "extract+audit",
];

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
    let only = std::env::args().nth(2);
    if !matches!(
        only.as_deref(),
        None | Some("extract" | "scan" | "audit" | "jieba" | "pipeline")
    ) {
        eprintln!("usage: profile_extract [ROUNDS] [extract|scan|audit|jieba|pipeline]");
        std::process::exit(2);
    }
    let cold = std::env::var_os("GONGBAO_COLD").is_some();
    let extractor = gongbao::Extractor::default();
    // Extracting every text once builds the extractor's jieba dictionary (once per process)
    // before timing, and gives audit its documents; scan and jieba alone need neither.
    let docs: Vec<gongbao::Document> = match only.as_deref() {
        Some("scan" | "jieba") => Vec::new(),
        _ => texts.iter().map(|t| extractor.extract(t)).collect(),
    };
    let jieba = matches!(only.as_deref(), None | Some("jieba")).then(jieba_rs::Jieba::new);
    let mut times = [Duration::ZERO; 7];
    let mut time = |i: usize, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        times[i] += t.elapsed();
    };
    for _ in 0..rounds {
        for (k, t) in texts.iter().enumerate() {
            if cold {
                gongbao::stages::forget_tags(&extractor);
            }
            match only.as_deref() {
                Some("scan") => time(1, &mut || drop(gongbao::scan::scan(extractor.rules(), t))),
                Some("audit") => time(4, &mut || drop(gongbao::audit::audit(&docs[k]))),
                Some("pipeline") => time(6, &mut || {
                    drop(gongbao::audit::audit(&extractor.extract(t)))
                }),
                Some("jieba") => {
                    let jieba = jieba.as_ref().expect("built for this mode");
                    time(5, &mut || drop(jieba.cut(t, true)))
                }
                Some(_) => time(3, &mut || drop(extractor.extract(t))),
                None => every_stage(&extractor, jieba.as_ref(), t, &mut time),
            }
        }
    }
    let mb = (texts.iter().map(String::len).sum::<usize>() * rounds) as f64 / 1e6;
    for (name, t) in STAGES.iter().zip(times) {
        if !t.is_zero() {
            println!(
                "{name:>15}: {:>8.1} ms  {:>7.1} MB/s",
                t.as_secs_f64() * 1e3,
                mb / t.as_secs_f64()
            );
        }
    }
}

fn every_stage(
    extractor: &gongbao::Extractor,
    jieba: Option<&jieba_rs::Jieba>,
    t: &str,
    time: &mut impl FnMut(usize, &mut dyn FnMut()),
) {
    let mut sentences = gongbao::segment::Segments::default();
    let mut quantities = Vec::new();
    time(0, &mut || sentences = gongbao::segment::segment(t));
    time(1, &mut || {
        quantities = gongbao::scan::scan(extractor.rules(), t)
    });
    time(2, &mut || {
        std::hint::black_box(gongbao::stages::attribute(
            extractor,
            t,
            &sentences,
            &quantities,
        ));
    });
    let mut doc = gongbao::Document::default();
    time(3, &mut || doc = extractor.extract(t));
    time(4, &mut || drop(gongbao::audit::audit(&doc)));
    if let Some(jieba) = jieba {
        time(5, &mut || drop(jieba.cut(t, true)));
    }
}
