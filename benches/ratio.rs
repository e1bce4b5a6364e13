//! The measure, taken so that a busy machine does not decide it: runs of jieba-rs
//! `cut` over samples/full and runs of gongbao's decode + extract + audit over the same text
//! alternate, and each pair of runs gives one ratio of their times. Whatever slows the machine
//! down for a while slows both halves of a pair, where criterion's groups, one after the other,
//! may catch it in one and not the other. Each run is a few passes after a few untimed ones,
//! so that neither is timed in the caches the other left: jieba's dictionary is large, and
//! timed right after gongbao it runs a quarter slower.
//!
//! Run: `cargo bench --bench ratio` (prints the median ratio and its quartiles; above 1.0
//! gongbao is the faster). `-- PAIRS` sets the number of pairs (default 100).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use gongbao::Extractor;

fn main() {
    let pairs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/full");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("samples/full exists")
        .map(|e| e.expect("a readable directory").path())
        .collect();
    paths.sort();
    let raw: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("a readable sample"))
        .collect();
    let texts: Vec<String> = raw
        .iter()
        .map(|b| String::from_utf8(b.clone()).expect("UTF-8 samples"))
        .collect();
    let bytes: usize = raw.iter().map(Vec::len).sum();

    let jieba = jieba_rs::Jieba::new();
    let extractor = Extractor::default();
    let cut = || -> usize {
        texts
            .iter()
            .map(|t| jieba.cut(black_box(t), true).len())
            .sum()
    };
    let extract_and_audit = |forget: bool| -> usize {
        if forget {
            gongbao::stages::forget_tags(&extractor);
        }
        raw.iter()
            .map(|b| {
                let text = gongbao::decode::decode(black_box(b))
                    .expect("the samples decode")
                    .text;
                gongbao::audit::audit(&extractor.extract(&text)).len()
            })
            .sum()
    };
    // Warm up: the dictionaries, the caches, the allocator.
    for _ in 0..20 {
        black_box(cut());
        black_box(extract_and_audit(false));
    }

    println!(
        "samples/full ({} KB), {pairs} alternating pairs of runs of {TIMED} passes, median [quartiles]",
        bytes / 1000
    );
    for (name, forget) in [
        ("extract+audit", false),
        ("extract+audit, tags forgotten each pass", true),
    ] {
        let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..pairs {
            let t = run(|| black_box(cut()));
            let g = run(|| black_box(extract_and_audit(forget)));
            theirs.push(t);
            ours.push(g);
            ratios.push(t.as_secs_f64() / g.as_secs_f64());
        }
        let mib = |d: Duration| bytes as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
        let (t, g) = (quartiles(&mut theirs), quartiles(&mut ours));
        println!("{name}:");
        println!("  jieba-rs cut (reference)     {:>6.1} MiB/s", mib(t[1]));
        println!("  gongbao                      {:>6.1} MiB/s", mib(g[1]));
        let r = quartiles(&mut ratios);
        println!(
            "  throughput, gongbao / jieba: {:.2}x [{:.2} {:.2}] (target >= 1.0)",
            r[1], r[0], r[2]
        );
    }
}

/// Untimed passes before each run's timed ones, and timed passes in a run.
const UNTIMED: usize = 3;
const TIMED: usize = 5;

/// The time of one pass of `f`, from a run of passes after untimed ones.
fn run(mut f: impl FnMut() -> usize) -> Duration {
    for _ in 0..UNTIMED {
        black_box(f());
    }
    let start = Instant::now();
    for _ in 0..TIMED {
        black_box(f());
    }
    start.elapsed() / TIMED as u32
}

/// The first quartile, median and third quartile of `xs`.
fn quartiles<T: PartialOrd + Copy>(xs: &mut [T]) -> [T; 3] {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = |q: usize| xs[(xs.len() - 1) * q / 4];
    [at(1), at(2), at(3)]
}
