//! Extraction measured against the samples: every `samples/*.expected.yaml` lists what a careful
//! reader finds in its text, and the tool must find it — and nothing else.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    claims: Vec<ExpectedClaim>,
}

#[derive(Debug, Deserialize)]
struct ExpectedClaim {
    kind: String,
    value: f64,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    subject_has: Vec<String>,
}

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt") && p.with_extension("expected.yaml").exists()
        })
        .collect();
    texts.sort();
    texts
}

/// Kinds agree, as the scorer in ../shared/tools counts them: a percent level and a share are
/// one thing to a reader, and so are the kinds of a figure in points.
fn same_kind(got: &str, want: &str, unit: &str) -> bool {
    got == want
        || unit == "%" && ["level", "share"].contains(&got) && ["level", "share"].contains(&want)
        || unit == "百分点" && ["share_change", "change", "level"].contains(&got)
}

#[test]
fn every_expected_claim_is_found_with_its_subject_and_nothing_else() {
    let mut report = Vec::new();
    let (mut expected_total, mut found_total, mut extra_total) = (0, 0, 0);
    for text_path in samples() {
        let text = std::fs::read_to_string(&text_path).unwrap();
        let expected: Expected = yaml_serde::from_str(
            &std::fs::read_to_string(text_path.with_extension("expected.yaml")).unwrap(),
        )
        .unwrap();
        let doc = gongbao::extract(&text);
        let mut used = vec![false; doc.claims.len()];
        for want in &expected.claims {
            let hit = doc.claims.iter().enumerate().position(|(i, c)| {
                !used[i]
                    && same_kind(kind_name(c.kind), &want.kind, &want.unit)
                    && (c.value.to_string().parse::<f64>().unwrap() - want.value).abs()
                        <= 1e-6 * want.value.abs().max(1.0)
                    && c.unit == want.unit
                    && want
                        .subject_has
                        .iter()
                        .all(|w| c.subject.contains(w.as_str()))
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    found_total += 1;
                }
                None => report.push(format!("{}: missed {want:?}", text_path.display())),
            }
        }
        for (c, _) in doc.claims.iter().zip(&used).filter(|(_, u)| !**u) {
            extra_total += 1;
            report.push(format!(
                "{}: extra {:?} {} {} {:?}",
                text_path.display(),
                c.kind,
                c.value,
                c.unit,
                c.subject
            ));
        }
        expected_total += expected.claims.len();
    }
    println!("found {found_total}/{expected_total} with subject, {extra_total} extra");
    assert!(report.is_empty(), "{}", report.join("\n"));
}

fn kind_name(k: gongbao::Kind) -> &'static str {
    use gongbao::Kind::*;
    match k {
        Level => "level",
        Change => "change",
        Growth => "growth",
        Share => "share",
        ShareChange => "share_change",
        Multiple => "multiple",
    }
}

#[test]
fn sample_output_snapshots() {
    insta::glob!("../samples", "*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = gongbao::extract(&text);
        insta::assert_yaml_snapshot!(doc);
    });
}

#[test]
fn spans_point_at_the_text_in_every_sample_and_full_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut paths = samples();
    paths.extend(
        std::fs::read_dir(root.join("full"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let doc = gongbao::extract(&text);
        assert!(!doc.claims.is_empty(), "{}", path.display());
        for c in &doc.claims {
            let [start, end] = c.span;
            let at: String = chars[start..end].iter().collect();
            assert_eq!(at, c.text, "{}: {c:?}", path.display());
            assert!(
                !c.subject.is_empty(),
                "{}: empty subject {c:?}",
                path.display()
            );
        }
    }
}
