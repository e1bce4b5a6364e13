//! The audit: snapshots of every sample's checks, planted errors that must be caught, samples that
//! must stay clean, checks across the years of one series, and the `gongbao audit` command.

use std::path::{Path, PathBuf};
use std::process::Command;

use gongbao::audit::{Auditor, Check, Relation, Verdict, audit, audit_series};
use gongbao::model::{Claim, Document, Kind, Value};
use serde::{Deserialize, Serialize};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The samples with an expected file beside them.
fn samples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| p.with_extension("expected.yaml").exists())
        .collect();
    paths.sort();
    assert!(paths.len() >= 17, "samples/ holds the 17 samples");
    paths
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The checks of a text, as `gongbao audit` makes them.
fn audit_text(text: &str, source: &str) -> Vec<Check> {
    let mut doc = gongbao::extract(text);
    doc.source = Some(source.to_string());
    Auditor::default().audit_text(&doc, text)
}

#[derive(Debug, Deserialize)]
struct Expected {
    #[serde(default)]
    checks: Vec<ExpectedCheck>,
}

#[derive(Debug, Deserialize)]
struct ExpectedCheck {
    relation: String,
    about: String,
}

fn expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path.with_extension("expected.yaml")).unwrap();
    yaml_serde::from_str(&text).unwrap()
}

fn finds(checks: &[Check], relation: &str, about: &str, verdict: Verdict) -> bool {
    checks
        .iter()
        .any(|c| c.relation.name() == relation && c.subject.contains(about) && c.verdict == verdict)
}

fn describe(checks: &[Check]) -> String {
    checks
        .iter()
        .map(|c| {
            format!(
                "  {} {} {}: {}\n",
                c.verdict.name(),
                c.relation.name(),
                c.subject,
                c.explanation
            )
        })
        .collect()
}

#[derive(Serialize)]
struct Report<'a> {
    checks: &'a [Check],
}

/// Each sample's audit, as `gongbao audit --format yaml` prints it.
#[test]
fn audit_snapshots() {
    insta::glob!("../samples", "*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let checks = audit_text(&text, &format!("samples/{}", name(path)));
        insta::assert_snapshot!(yaml_serde::to_string(&Report { checks: &checks }).unwrap());
    });
}

/// Every check an expected file lists is found consistent, and nothing is inconsistent.
#[test]
fn unmodified_samples_are_consistent() {
    for path in samples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let checks = audit_text(&text, &name(&path));
        let bad: Vec<Check> = checks
            .iter()
            .filter(|c| c.verdict == Verdict::Inconsistent)
            .cloned()
            .collect();
        assert!(bad.is_empty(), "{}:\n{}", name(&path), describe(&bad));
        for e in expected(&path).checks {
            assert!(
                finds(&checks, &e.relation, &e.about, Verdict::Consistent),
                "{}: no consistent {} check about {}:\n{}",
                name(&path),
                e.relation,
                e.about,
                describe(&checks)
            );
        }
    }
}

/// One figure of a sample changed beyond its rounding, and the check it must break.
struct Planted {
    sample: &'static str,
    relation: &'static str,
    about: &'static str,
    from: &'static str,
    to: &'static str,
}

const fn plant(
    sample: &'static str,
    relation: &'static str,
    about: &'static str,
    from: &'static str,
    to: &'static str,
) -> Planted {
    Planted {
        sample,
        relation,
        about,
        from,
        to,
    }
}

/// For each check of each expected file: a copy of the text with one input changed beyond rounding.
/// Some change a part or a whole, some the stated figure; some raise a sum, some lower it.
const PLANTED: &[Planted] = &[
    plant(
        "luoyang-2023-p01-gdp",
        "share",
        "第一产业",
        "214.1亿元",
        "254.1亿元",
    ),
    plant(
        "luoyang-2023-p01-gdp",
        "share",
        "第二产业",
        "3.9:39.0:57.1",
        "3.9:36.0:57.1",
    ),
    plant(
        "luoyang-2023-p01-gdp",
        "share",
        "第三产业",
        "3128.5亿元",
        "3428.5亿元",
    ),
    plant(
        "luoyang-2023-p01-gdp",
        "parts_within_total",
        "生产总值",
        "5481.6亿元",
        "5681.6亿元",
    ),
    plant(
        "luoyang-2023-p02-tourism",
        "parts_within_total",
        "景区",
        "4A级景区30处",
        "4A级景区40处",
    ),
    plant(
        "nbs-2024-p03-gdp",
        "share",
        "第一产业",
        "比重为6.8%",
        "比重为7.8%",
    ),
    plant(
        "nbs-2024-p03-gdp",
        "share",
        "第二产业",
        "492087亿元",
        "452087亿元",
    ),
    plant(
        "nbs-2024-p03-gdp",
        "share",
        "第三产业",
        "比重为56.7%",
        "比重为58.7%",
    ),
    plant(
        "nbs-2024-p03-gdp",
        "parts_within_total",
        "国内生产总值",
        "1349084亿元",
        "1389084亿元",
    ),
    plant(
        "nbs-2024-p05-employment",
        "share",
        "城镇就业人员",
        "64.5%",
        "66.5%",
    ),
    plant(
        "nbs-2024-p05-employment",
        "parts_within_total",
        "农民工",
        "本地农民工12102万人",
        "本地农民工13102万人",
    ),
    plant(
        "nbs-2024-p07-trade",
        "parts_within_total",
        "货物进出口",
        "进口183923亿元",
        "进口193923亿元",
    ),
    plant(
        "nbs-2024-p07-trade",
        "parts_within_total",
        "一带一路",
        "进口98589亿元",
        "进口98489亿元",
    ),
    plant("nbs-2024-p07-trade", "share", "民营企业", "55.5%", "53.5%"),
    plant(
        "nbs-2024-p08-industrial-profits",
        "parts_within_total",
        "利润",
        "制造业55141亿元",
        "制造业58141亿元",
    ),
    plant(
        "party-stats-2019-commentary",
        "growth",
        "党员总数",
        "增幅为1.5%",
        "增幅为1.8%",
    ),
    plant(
        "party-stats-2019-commentary",
        "share",
        "大专及以上学历党员",
        "4661.5万名",
        "4961.5万名",
    ),
    plant(
        "party-stats-2019-commentary",
        "share",
        "35岁及以下党员",
        "188.3万名",
        "198.3万名",
    ),
    plant(
        "party-stats-2019-commentary",
        "share",
        "一线",
        "占新发展党员数的52.1%",
        "占新发展党员数的55.1%",
    ),
    plant(
        "party-stats-2019-commentary",
        "parts_within_total",
        "基层党组织",
        "147.7万个",
        "347.7万个",
    ),
    plant(
        "qiandongnan-2020-p01-gdp",
        "share",
        "第一产业",
        "244.81亿元",
        "264.81亿元",
    ),
    plant(
        "qiandongnan-2020-p01-gdp",
        "share",
        "第二产业",
        "21.7%",
        "23.7%",
    ),
    plant(
        "qiandongnan-2020-p01-gdp",
        "share",
        "第三产业",
        "57.8%",
        "55.8%",
    ),
    plant(
        "qiandongnan-2020-p01-gdp",
        "parts_within_total",
        "地区生产总值",
        "1191.52亿元",
        "1291.52亿元",
    ),
    plant(
        "qiandongnan-2020-p03-medical-insurance",
        "parts_within_total",
        "基本医疗保险",
        "420.64万人",
        "430.64万人",
    ),
];

#[test]
fn every_expected_check_has_a_planted_error() {
    for path in samples() {
        let sample = name(&path).trim_end_matches(".txt").to_string();
        for e in expected(&path).checks {
            assert!(
                PLANTED
                    .iter()
                    .any(|p| p.sample == sample && p.relation == e.relation && p.about == e.about),
                "{sample}: no planted error for the {} check about {}",
                e.relation,
                e.about
            );
        }
    }
}

#[test]
fn planted_errors_are_caught() {
    let mut missed = Vec::new();
    for p in PLANTED {
        let path = root().join("samples").join(format!("{}.txt", p.sample));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(p.from).count(),
            1,
            "{}: `{}` must occur once",
            p.sample,
            p.from
        );
        // Before: the check holds.
        let before = audit_text(&text, p.sample);
        assert!(
            finds(&before, p.relation, p.about, Verdict::Consistent),
            "{}: {} about {} does not hold before planting:\n{}",
            p.sample,
            p.relation,
            p.about,
            describe(&before)
        );
        let planted = text.replacen(p.from, p.to, 1);
        let after = audit_text(&planted, p.sample);
        if !finds(&after, p.relation, p.about, Verdict::Inconsistent) {
            missed.push(format!(
                "{}: {} → {} not caught as an inconsistent {} about {}:\n{}",
                p.sample,
                p.from,
                p.to,
                p.relation,
                p.about,
                describe(&after)
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

const PARTY_2018: &str = "截至2018年底，中国共产党党员总数为9059.4万名，比上年净增103.5万名。\
党的基层组织总数为461.0万个，比上年净增3.8万个。2018年全国共发展党员205.5万名。\
大专及以上学历党员4493.7万名，占49.6%。";

fn party_2019() -> String {
    std::fs::read_to_string(root().join("samples/party-stats-2019-commentary.txt")).unwrap()
}

fn series_of(texts: &[&str]) -> Vec<Check> {
    let docs: Vec<Document> = texts.iter().map(|t| gongbao::extract(t)).collect();
    audit_series(&docs)
}

#[test]
fn two_years_of_the_party_bulletin_agree() {
    let y2019 = party_2019();
    // Given newest first: the series is ordered by the documents' periods.
    let checks = series_of(&[&y2019, PARTY_2018]);
    for (relation, about) in [
        ("previous_level", "党员总数"),
        ("previous_level", "基层组织总数"),
        ("previous_level", "发展党员"),
        ("previous_share", "大专及以上学历党员"),
    ] {
        assert!(
            finds(&checks, relation, about, Verdict::Consistent),
            "no consistent {relation} about {about}:\n{}",
            describe(&checks)
        );
    }
    assert!(
        checks.iter().all(|c| c.verdict == Verdict::Consistent),
        "{}",
        describe(&checks)
    );
    // Claims refer to the documents of the series: the 2019 bulletin is document 0.
    let members = checks
        .iter()
        .find(|c| c.relation == Relation::PreviousLevel && c.subject.contains("党员总数"))
        .unwrap();
    assert_eq!(members.documents, vec![0, 0, 1]);
    assert_eq!(
        members.explanation,
        "9191.4万 − 132.0万 = 9059.4万, stated 9059.4万 (2018)"
    );
}

#[test]
fn a_wrong_figure_for_the_previous_year_is_caught() {
    let y2019 = party_2019();
    let wrong = PARTY_2018
        .replace("9059.4万名", "9099.4万名")
        .replace("占49.6%", "占49.9%");
    let wrong = wrong.replace("4493.7万名", "4540.0万名");
    let checks = series_of(&[&wrong]);
    assert!(checks.is_empty(), "one document is no series");
    let checks = series_of(&[&wrong, &y2019]);
    assert!(
        finds(&checks, "previous_level", "党员总数", Verdict::Inconsistent),
        "{}",
        describe(&checks)
    );
    assert!(
        finds(
            &checks,
            "previous_share",
            "大专及以上学历党员",
            Verdict::Inconsistent
        ),
        "{}",
        describe(&checks)
    );
    // The organizations' figures were left alone.
    assert!(finds(
        &checks,
        "previous_level",
        "基层组织总数",
        Verdict::Consistent
    ));
}

fn claim(kind: Kind, subject: &str, value: &str, unit: &str, text: &str, precision: &str) -> Claim {
    Claim {
        kind,
        subject: subject.into(),
        value: Value(value.parse().unwrap()),
        unit: unit.into(),
        text: text.into(),
        span: [0, 0],
        precision: Value(precision.parse().unwrap()),
        baseline: None,
        of: None,
        qualifier: None,
        value_max: None,
        period: None,
        part_of: None,
        metric: None,
    }
}

fn doc(claims: Vec<Claim>) -> Document {
    let mut doc = Document::default();
    doc.claims = claims;
    doc
}

#[test]
fn undated_documents_are_a_series_in_the_order_given() {
    let mut change = claim(
        Kind::Change,
        "年末全国人口",
        "-1390000",
        "人",
        "139万人",
        "10000",
    );
    change.baseline = Some("上年末".into());
    let before = doc(vec![claim(
        Kind::Level,
        "全国人口",
        "1409670000",
        "人",
        "140967万人",
        "10000",
    )]);
    let after = doc(vec![
        claim(
            Kind::Level,
            "年末全国人口",
            "1408280000",
            "人",
            "140828万人",
            "10000",
        ),
        change,
    ]);
    let checks = audit_series(&[before.clone(), after.clone()]);
    assert_eq!(checks.len(), 1, "{}", describe(&checks));
    assert_eq!(checks[0].verdict, Verdict::Consistent);
    assert_eq!(checks[0].metric.as_deref(), Some("population.total"));
    assert_eq!(
        checks[0].explanation,
        "140828万 − (−139万) = 140967万, stated 140967万 (the previous document)"
    );
    // In the other order, 2 then 1, nothing pairs: the later document states no change.
    assert!(audit_series(&[after, before]).is_empty());
}

#[test]
fn growth_at_comparable_prices_is_not_checked_against_nominal_levels() {
    let text = "全年全市生产总值5000亿元，比上年增加300亿元，按可比价格计算，增长4.0%。\
全年居民人均可支配收入30000元，比上年增加1500元，增长5.3%，扣除价格因素，实际增长4.1%。";
    let checks = audit_text(text, "t");
    let growth: Vec<&Check> = checks
        .iter()
        .filter(|c| c.relation == Relation::Growth)
        .collect();
    assert_eq!(growth.len(), 3, "{}", describe(&checks));
    assert_eq!(growth[0].verdict, Verdict::NotCheckable);
    assert!(
        growth[0].explanation.starts_with("growth 4.0% is real"),
        "{}",
        growth[0].explanation
    );
    assert_eq!(growth[1].verdict, Verdict::Consistent, "nominal 5.3%");
    assert_eq!(growth[2].verdict, Verdict::NotCheckable, "real 4.1%");
    assert!(checks.iter().all(|c| c.verdict != Verdict::Inconsistent));
    // Without the text, the schema still knows that GDP growth is real.
    let without = audit(&gongbao::extract(text));
    assert!(
        without.iter().all(|c| c.verdict != Verdict::Inconsistent),
        "{}",
        describe(&without)
    );
}

#[test]
fn missing_inputs_and_other_units_are_never_inconsistent() {
    // A share with no part stated, and a growth with no change: no check at all.
    let checks = audit_text(
        "40岁及以下党员占党员总数的33.8%。全年国内生产总值1349084亿元，比上年增长5.0%。",
        "t",
    );
    assert!(checks.is_empty(), "{}", describe(&checks));
    // A part in 人次 and a whole in 人: not checkable, with the reason.
    let mut share = claim(Kind::Share, "接待游客", "40", "%", "40%", "1");
    share.of = Some("全市人口".into());
    let d = doc(vec![
        claim(Kind::Level, "全市人口", "1000000", "人", "100万人", "10000"),
        claim(
            Kind::Level,
            "接待游客",
            "900000",
            "人次",
            "90万人次",
            "10000",
        ),
        share,
    ]);
    let checks = audit(&d);
    assert_eq!(checks.len(), 1, "{}", describe(&checks));
    assert_eq!(checks[0].verdict, Verdict::NotCheckable);
    assert!(
        checks[0].explanation.contains("人次"),
        "{}",
        checks[0].explanation
    );
}

#[test]
fn qualified_figures_widen_the_interval() {
    // 约: ± the larger of a whole unit of the last digit and 5% of the value; 以上: at least.
    let mut share = claim(Kind::Share, "女党员", "28", "%", "约28%", "1");
    share.qualifier = Some(gongbao::Qualifier::Approx);
    share.of = Some("党员总数".into());
    let d = doc(vec![
        claim(
            Kind::Level,
            "党员总数",
            "91914000",
            "名",
            "9191.4万名",
            "1000",
        ),
        claim(
            Kind::Level,
            "女党员",
            "25599000",
            "名",
            "2559.9万名",
            "1000",
        ),
        share,
    ]);
    // 2559.9 / 9191.4 = 27.85%: inside 约28% = [27, 29].
    assert_eq!(audit(&d)[0].verdict, Verdict::Consistent);
    let mut d2 = d.clone();
    d2.claims[2].value = Value("30".parse().unwrap());
    d2.claims[2].text = "约30%".into();
    // 约30% allows 30 ± max(1, 5% of 30) = [28.5, 31.5]: 27.85% is outside, even so.
    assert_eq!(audit(&d2)[0].verdict, Verdict::Inconsistent);
    let mut d3 = d.clone();
    d3.claims[2].value = Value("27".parse().unwrap());
    d3.claims[2].text = "27%以上".into();
    d3.claims[2].qualifier = Some(gongbao::Qualifier::AtLeast);
    assert_eq!(audit(&d3)[0].verdict, Verdict::Consistent);
}

#[test]
fn parts_known_only_from_the_text_may_overlap() {
    // 其中 lists may overlap (因私出境 and 赴港澳台出境): a sum above the total is not checkable.
    let mut a = claim(
        Kind::Level,
        "因私出境",
        "140150000",
        "人次",
        "14015万人次",
        "10000",
    );
    let mut b = claim(
        Kind::Level,
        "赴港澳台出境",
        "97120000",
        "人次",
        "9712万人次",
        "10000",
    );
    a.part_of = Some(0);
    b.part_of = Some(0);
    let d = doc(vec![
        claim(
            Kind::Level,
            "内地居民出境",
            "145890000",
            "人次",
            "14589万人次",
            "10000",
        ),
        a,
        b,
    ]);
    let checks = audit(&d);
    assert_eq!(checks.len(), 1, "{}", describe(&checks));
    assert_eq!(checks[0].verdict, Verdict::NotCheckable);
    // A schema breakdown makes parts disjoint: 城镇 + 乡村 must not exceed the population.
    let mut urban = claim(
        Kind::Level,
        "城镇常住人口",
        "943500000",
        "人",
        "94350万人",
        "10000",
    );
    let mut rural = claim(
        Kind::Level,
        "乡村常住人口",
        "564780000",
        "人",
        "56478万人",
        "10000",
    );
    urban.part_of = Some(0);
    rural.part_of = Some(0);
    let d = doc(vec![
        claim(
            Kind::Level,
            "全国人口",
            "1408280000",
            "人",
            "140828万人",
            "10000",
        ),
        urban,
        rural,
    ]);
    let checks = audit(&d);
    assert_eq!(checks.len(), 1, "{}", describe(&checks));
    assert_eq!(
        checks[0].verdict,
        Verdict::Inconsistent,
        "{}",
        describe(&checks)
    );
    assert!(
        checks[0].explanation.contains("all its parts"),
        "{}",
        checks[0].explanation
    );
}

// --- the command --------------------------------------------------------------------------------

fn gongbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn the_party_commentary_audits_clean() {
    let out = gongbao(&["audit", "samples/party-stats-2019-commentary.txt"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("✓ growth")
            && table.contains("132.0万 ÷ (9191.4万 − 132.0万) = 1.457%, stated 1.5%"),
        "{table}"
    );
    assert_eq!(table.matches('✓').count(), 5, "{table}");
    assert!(
        table.contains("5 consistent, 0 inconsistent, 0 not checkable"),
        "{table}"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let out = gongbao(&[
        "audit",
        "--format",
        "json",
        "samples/party-stats-2019-commentary.txt",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 5);
    let growth = &checks[0];
    for key in [
        "relation",
        "subject",
        "verdict",
        "stated",
        "computed",
        "claims",
        "explanation",
    ] {
        assert!(growth.get(key).is_some(), "no {key} in {growth}");
    }
    assert_eq!(growth["relation"], "growth");
    assert_eq!(growth["verdict"], "consistent");
    assert_eq!(growth["stated"], 1.5);
    assert_eq!(growth["claims"], serde_json::json!([0, 1, 4]));
    let computed = growth["computed"].as_array().unwrap();
    let (lo, hi) = (computed[0].as_f64().unwrap(), computed[1].as_f64().unwrap());
    assert!(lo < 1.4566 && hi > 1.4575 && hi < 1.458, "{computed:?}");
}

#[test]
fn exit_codes_gate_a_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let text = party_2019().replace("4661.5万名", "4961.5万名");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, text).unwrap();
    let bad = bad.to_str().unwrap();
    let out = gongbao(&["audit", bad]);
    assert_eq!(out.status.code(), Some(1));
    let out = gongbao(&["audit", "--only-inconsistent", "--format", "yaml", bad]);
    assert_eq!(out.status.code(), Some(1));
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert_eq!(yaml.matches("relation:").count(), 1, "{yaml}");
    assert!(
        yaml.contains("verdict: inconsistent") && yaml.contains("4961.5万 ÷ 9191.4万"),
        "{yaml}"
    );
    let out = gongbao(&["audit", "samples/no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.txt"));
}

#[test]
fn several_files_are_also_a_series() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("2018.txt");
    std::fs::write(&old, PARTY_2018).unwrap();
    let out = gongbao(&[
        "audit",
        "--format",
        "json",
        "samples/party-stats-2019-commentary.txt",
        old.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let series: Vec<&serde_json::Value> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["relation"] == "previous_level" || c["relation"] == "previous_share")
        .collect();
    assert!(series.len() >= 4, "{v:#}");
    assert!(
        series[0]["source"].as_str().unwrap().contains(" → "),
        "{v:#}"
    );
}

#[test]
fn a_schema_file_adds_metrics_and_a_bad_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("tourism.yaml");
    std::fs::write(
        &good,
        "name: extra\nmetrics:\n  - id: tourism.hotels.star\n    subject: [{regex: '^星级酒店$'}]\n",
    )
    .unwrap();
    let out = gongbao(&[
        "audit",
        "--schema",
        good.to_str().unwrap(),
        "samples/luoyang-2023-p02-tourism.txt",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "name: extra\nmetrics:\n  - id: tourism.hotels.star\n    subject: [{regex: '^星级酒店$'}]\n    parts_off: tourism.scenic_spots.total\n",
    )
    .unwrap();
    let out = gongbao(&[
        "audit",
        "--schema",
        bad.to_str().unwrap(),
        "samples/luoyang-2023-p02-tourism.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.yaml: line 5: metric `tourism.hotels.star`") && err.contains("parts_off"),
        "{err}"
    );
}

#[test]
fn two_shares_of_different_periods_check_the_stated_change() {
    let share = |value: &str, year: &str| {
        let mut c = claim(
            Kind::Share,
            "大专及以上学历党员",
            value,
            "%",
            &format!("{value}%"),
            "0.1",
        );
        c.period = Some(year.into());
        c
    };
    let mut change = claim(
        Kind::ShareChange,
        "大专及以上学历党员",
        "1.1",
        "百分点",
        "1.1个百分点",
        "0.1",
    );
    change.period = Some("2019".into());
    let d = doc(vec![share("49.6", "2018"), share("50.7", "2019"), change]);
    let checks = audit(&d);
    assert_eq!(checks.len(), 1, "{}", describe(&checks));
    assert_eq!(checks[0].relation, Relation::ShareChange);
    assert_eq!(checks[0].verdict, Verdict::Consistent);
    assert_eq!(checks[0].claims, vec![1, 0, 2]);
    assert_eq!(
        checks[0].explanation,
        "50.7% (2019) − 49.6% (2018) = 1.1个百分点, stated 1.1个百分点"
    );
    let mut wrong = d.clone();
    wrong.claims[2].value = Value("1.4".parse().unwrap());
    wrong.claims[2].text = "1.4个百分点".into();
    assert_eq!(audit(&wrong)[0].verdict, Verdict::Inconsistent);
}

/// Audit takes the metrics extract set as they are; a document read back from JSON carries no
/// such note and has its subjects matched again. Both must come to the same checks.
#[test]
fn an_extracted_document_audits_as_it_does_read_back_from_json() {
    let mut texts: Vec<PathBuf> = samples();
    texts.extend(
        std::fs::read_dir(root().join("samples/full"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let mut checked = 0;
    for path in texts {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = gongbao::extract(&text);
        let back: Document = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
        let checks = audit(&doc);
        assert_eq!(checks, audit(&back), "{}", name(&path));
        checked += checks.len();
    }
    assert!(checked > 100, "the samples make checks ({checked})");
}

/// Claims edited after extract are matched to metrics again, as in a document built by hand:
/// what extract noted about their metrics no longer holds.
#[test]
fn edited_claims_are_matched_again() {
    let text = "年末中国共产党党员总数为9191.4万名，比上年净增132.0万名，增长1.5%。";
    let mut edited = gongbao::extract(text);
    for claim in &mut edited.claims {
        claim.metric = None;
    }
    let fresh = doc(edited.claims.clone());
    let checks = audit(&edited);
    assert!(
        checks
            .iter()
            .any(|c| c.metric.as_deref() == Some("party.members.total")),
        "{checks:?}"
    );
    assert_eq!(checks, audit(&fresh));
}
