//! Throughput of each stage and of the whole of extract on the real texts of samples/full, with
//! jieba-rs segmenting the same text in the same run as the reference; batch over many copies of
//! the samples with one and two threads.
//!
//! Run: `cargo bench --bench pipeline`. Criterion prints each figure as time and throughput.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gongbao::{Extractor, Rules};

fn full_texts() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/full");
    let mut texts: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    texts.sort();
    texts
}

fn stages(c: &mut Criterion) {
    let texts = full_texts();
    let bytes: u64 = texts.iter().map(|(_, b)| b.len() as u64).sum();
    let strings: Vec<String> = texts
        .iter()
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .collect();
    let extractor = Extractor::new(Rules::default());
    let jieba = jieba_rs::Jieba::new();
    // Build the extractor's lazily loaded dictionary before timing.
    for s in &strings {
        extractor.extract(s);
    }
    let docs: Vec<gongbao::Document> = strings.iter().map(|s| extractor.extract(s)).collect();

    let mut g = c.benchmark_group("samples-full");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("jieba-cut (reference)", |b| {
        b.iter(|| {
            strings
                .iter()
                .map(|s| jieba.cut(black_box(s), true).len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract (decode+segment+scan+attribute+schema)", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|(_, raw)| {
                    let text = gongbao::decode::decode(black_box(raw)).unwrap().text;
                    extractor.extract(&text).claims.len()
                })
                .sum::<usize>()
        })
    });
    // Decodes, extracts and audits every text; the number of checks.
    let extract_and_audit = || -> usize {
        texts
            .iter()
            .map(|(_, raw)| {
                let text = gongbao::decode::decode(black_box(raw)).unwrap().text;
                gongbao::audit::audit(&extractor.extract(&text)).len()
            })
            .sum()
    };
    g.bench_function("extract+audit", |b| b.iter(extract_and_audit));
    // The extractor remembers the jieba tags of the short strings it asks about, and a run
    // that repeats one text finds them all remembered: forgetting them before each pass
    // measures the texts as an archive's new texts would be.
    g.bench_function("extract+audit, tags forgotten each pass", |b| {
        b.iter(|| {
            gongbao::stages::forget_tags(&extractor);
            extract_and_audit()
        })
    });
    g.bench_function("stage: decode", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|(_, raw)| gongbao::decode::decode(black_box(raw)).unwrap().text.len())
                .sum::<usize>()
        })
    });
    g.bench_function("stage: segment", |b| {
        b.iter(|| {
            strings
                .iter()
                .map(|s| gongbao::segment::segment(black_box(s)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("stage: scan", |b| {
        b.iter(|| {
            strings
                .iter()
                .map(|s| gongbao::scan::scan(extractor.rules(), black_box(s)).len())
                .sum::<usize>()
        })
    });
    let prepared: Vec<_> = strings
        .iter()
        .map(|s| {
            (
                gongbao::segment::segment(s),
                gongbao::scan::scan(extractor.rules(), s),
            )
        })
        .collect();
    g.bench_function("stage: attribute", |b| {
        b.iter(|| {
            strings
                .iter()
                .zip(&prepared)
                .map(|(s, (sentences, qs))| {
                    gongbao::stages::attribute(&extractor, black_box(s), sentences, qs)
                })
                .sum::<usize>()
        })
    });
    g.bench_function("stage: audit", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| gongbao::audit::audit(black_box(d)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// A directory holding `copies` copies of every sample and full text.
fn archive(copies: usize) -> (tempfile::TempDir, u64) {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(
        std::fs::read_dir(samples.join("full"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    let mut bytes = 0;
    for i in 0..copies {
        let sub = dir.path().join(format!("{i:04}"));
        std::fs::create_dir(&sub).unwrap();
        for f in &files {
            bytes += std::fs::copy(f, sub.join(f.file_name().unwrap())).unwrap();
        }
    }
    (dir, bytes)
}

fn batch(c: &mut Criterion) {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gongbao");
    if !bin.exists() {
        eprintln!("skipping batch benchmarks: build the binary first (cargo build --release)");
        return;
    }
    // 48 copies: 1,008 documents, 11 MB. A run loads jieba's dictionary once (≈ 0.1 s, on one
    // thread); an archive much smaller than this measures mostly that.
    let (dir, bytes) = archive(48);
    let out = dir.path().join("out.jsonl");
    let mut g = c.benchmark_group("batch-1008-documents");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    for threads in [1, 2] {
        g.bench_function(format!("threads={threads}"), |b| {
            b.iter(|| {
                let status = Command::new(&bin)
                    .args([
                        "batch",
                        dir.path().to_str().unwrap(),
                        "-o",
                        out.to_str().unwrap(),
                        "--threads",
                    ])
                    .arg(threads.to_string())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, batch);
criterion_main!(benches);
