//! Conformance of the number recogniser against the peers' test cases in tests/conformance/
//! (see its README for what each peer asserts and how its values are written).
//!
//! Every case gets one plan:
//! - skipped, by a named category from [`SKIPS`] (never case by case);
//! - read as one whole number: the peer's full-match cases, and extraction cases whose only
//!   entity is the whole input (a peer that finds exactly one entity spanning the input asserts
//!   a full match too). Numbers go through `parse_number`, percents through [`read_percent`];
//! - scored as an extraction through the scanner (see [`scanner`]). Whole inputs that only the
//!   scanner reads (fractions X分之Y, tenths 九成, ranges 三五万) go through the scanner too.
//!
//! Run `cargo test --test conformance -- --nocapture` for the table. The test fails when a peer's
//! rate falls below its floor in [`FLOORS`]. `CONFORMANCE_LIST=<category>` lists the cases of a
//! skip category, `CONFORMANCE_LIST=failing` the failing extraction cases with what was found.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::LazyLock;

use gongbao::Qualifier;
use gongbao::scan::numeral::parse_number;
use regex::Regex;
use rust_decimal::Decimal;
use serde_json::Value;

/// Skip categories: (name, reason). When several apply to a case, the one listed first wins.
const SKIPS: &[(&str, &str)] = &[
    (
        "not applicable",
        "`applicable: false`: not a Chinese-text case (an2cn error inputs such as 123.1.1)",
    ),
    (
        "converter error",
        "`expect_error`: cn2an's strict whole-string converter must raise; not a claim about text",
    ),
    (
        "not invertible",
        "`invertible: false`: an2cn rounded to 分, so the text does not denote the value",
    ),
    (
        "reference fails",
        "Recognizers-Text `not_supported` includes dotnet: its reference implementation fails it",
    ),
    (
        "cn2an direct mode",
        "digit-by-digit transliteration test (零一 → \"01\"), out of scope by the brief",
    ),
    (
        "an2cn rmb mode",
        "money rewrite (壹元整), out of scope by the brief",
    ),
    (
        "an2cn rewrite",
        "number → Chinese text; the same sentences are scored in the cn2an direction",
    ),
    ("date or time", "dates and clock times are not quantities"),
    ("temperature", "temperatures are out of scope"),
    (
        "age",
        "ages are out of scope (the attribute stage rejects 40岁及以下)",
    ),
    ("ordinal", "ordinals (第一百) are out of scope"),
    (
        "dimension",
        "unit conversions (斤 → grams, 千米 → metres, km/h) are out of scope",
    ),
    (
        "currency",
        "money with currency symbols, codes or conversions ($8000, ¥1.25, 元角分 → cents)",
    ),
    (
        "math or ratio",
        "arithmetic (一加二), plus-or-minus (正负二) and scores (七十八比九十六)",
    ),
    (
        "comparison wording",
        "Recognizers-Text range spans built on words the rules do not hold as qualifiers: \
         大于, 小于等于, 不小于, 比…大, ≥, <, 或者更多, 之下, 位于, 在…之间 (the rules read 超过, \
         至少, 不到, 以上, 以下, ranges with 至/到/~ and X和Y之间)",
    ),
    (
        "ITN option keeps text",
        "WeTextProcessing configurations that leave numerals as Chinese text by option",
    ),
    (
        "ITN split or partial",
        "spoken-style rewrite whose output keeps text or units in the number or splits it (\"100 1\", \"10ms1\")",
    ),
    (
        "ITN keeps approximations",
        "WeTextProcessing leaves 几 approximations as Chinese text (十几万 stays 十几万), so its \
         empty result says nothing about them; we read 十几万 as at least 100000",
    ),
    (
        "spoken digit names",
        "幺 洞 拐 in phone numbers and IP addresses: speech transcription, not print",
    ),
    (
        "beyond Decimal",
        "a 44-digit value: more than Decimal's 28 digits, which parse_number rejects by design",
    ),
    (
        "exponent or SI suffix",
        "2e5, 2^5, 40k, 3M, .0012G: not bulletin notation (and 5G is a network generation)",
    ),
    (
        "slash or mixed fraction",
        "a/b (3/4, 1 4/3), 又 (三又五分之一) and 份 (十份十一): not bulletin notation (X分之Y is \
         scored: we read it as a percent, peers as a ratio)",
    ),
    (
        "discount",
        "折 (75折 = 75 %, 打对折) is a price discount, out of scope by the brief (成 is scored)",
    ),
    ("half", "半 (一半, 半百, 1半) is a word, not a numeral"),
    (
        "pair or dozen",
        "对 雙 打 multiply the count (五對 = 10, 一打 = 12)",
    ),
    (
        "number inside a percent",
        "RT NumberModel takes the bare number out of 百分之X / X个百分点; PercentModel scores our reading",
    ),
    (
        "other model's negative",
        "an empty result of a money, unit or temperature model (JioNLP extract_money, RT \
         CurrencyModel …) says nothing about plain numbers",
    ),
    (
        "awaiting scanner",
        "extraction cases; scored once the scanner is wired into `scanner()`",
    ),
];

/// Floors per peer, in whole percent: (peer, whole-number cases, extraction cases).
/// Set just below the rate achieved; raise them as the recogniser improves. Extraction floors
/// measure the scanner (`scan::find_numbers`), whole-number floors `parse_number` (and the
/// scanner for whole fractions, tenths and ranges).
const FLOORS: &[(&str, u32, u32)] = &[
    ("recognizers-text", 99, 95),
    ("duckling", 98, 0),
    ("cn2an", 98, 99),
    ("nemo-text-processing", 99, 0),
    ("rustling-ontology", 99, 0),
    ("wetextprocessing", 99, 90),
    ("chinese2digits", 99, 33),
    ("jionlp", 0, 0),
];

/// One number the scanner found: char offsets and the value (percents as written: 50 for 50%).
#[derive(Debug, Clone, PartialEq)]
struct Hit {
    start: usize,
    /// Where a qualifier before it starts (超过 in 超过80): peers' spans may include it.
    lead: usize,
    /// The end of the finding, unit and qualifier included (9191.4万名, 12个百分点, 四百多).
    end: usize,
    /// The end of its number, before its unit and a qualifier after it (9191.4万, 12, 四百).
    number_end: usize,
    /// The value, per mille as percent (千分之五 → 0.5); the low end of a range.
    value: Decimal,
    value_max: Option<Decimal>,
    qualifier: Option<Qualifier>,
    form: Form,
}

/// How a finding is written, as the peers' models split them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    /// %, ‰, 百分之, 千分之, 个百分点, 成.
    Percent,
    /// X分之Y, which we read as a percent and peers as a ratio.
    Fraction,
}

/// The scanner under test: `gongbao::scan::find_numbers`, as char offsets and values.
/// Returns `None` to score nothing but whole numbers (extraction cases then count as
/// "awaiting scanner").
fn scanner() -> Option<fn(&str) -> Vec<Hit>> {
    Some(|text| {
        let found = gongbao::scan::find_numbers(text).into_iter();
        found
            .map(|f| {
                let per_mille = f.unit == "‰";
                let as_percent = |v: Decimal| if per_mille { v / Decimal::TEN } else { v };
                let form = match f.unit.as_str() {
                    "%" | "‰" | "百分点" if is_fraction(&f.text) => Form::Fraction,
                    "%" | "‰" | "百分点" => Form::Percent,
                    _ => Form::Plain,
                };
                Hit {
                    start: f.start,
                    lead: f.lead,
                    end: f.end,
                    number_end: f.number_end,
                    value: as_percent(f.value),
                    value_max: f.value_max.map(as_percent),
                    qualifier: f.qualifier,
                    form,
                }
            })
            .collect()
    })
}

/// What a case asks of the recogniser.
#[derive(Debug)]
enum Plan {
    Skip(&'static str),
    /// The whole input is one number (or, for `Nothing`, no number at all).
    Whole {
        mode: &'static str,
        kind: &'static str,
        expected: Expected,
    },
    /// These spans, in order, among the findings the peer's model reports (see [`Keep`]).
    Extract {
        spans: Vec<Span>,
        keep: Keep,
    },
}

/// Which of our findings a peer's model would report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    All,
    /// RT PercentModel: percents only (a fraction X分之Y is its NumberModel's), and no ranges
    /// (its NumberRangeModel's: "approximate range 二三十 is not extracted").
    Percents,
    /// RT NumberModel: no percents (its PercentModel's) and no ranges.
    Numbers,
    /// RT NumberRangeModel: ranges and qualified numbers (十几万, 超过80) only.
    Ranges,
}

impl Keep {
    fn of(case: &Value) -> Keep {
        if str_of(case, "peer") != "recognizers-text" {
            return Keep::All;
        }
        match str_of(case, "suite") {
            "PercentModel" => Keep::Percents,
            "NumberModel" => Keep::Numbers,
            s if s.starts_with("NumberRangeModel") => Keep::Ranges,
            _ => Keep::All,
        }
    }

    fn keeps(self, h: &Hit) -> bool {
        match self {
            Keep::All => true,
            Keep::Percents => h.form == Form::Percent && h.value_max.is_none(),
            Keep::Numbers => h.form != Form::Percent && h.value_max.is_none(),
            Keep::Ranges => h.value_max.is_some() || h.qualifier.is_some(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expected {
    Value(Want),
    /// The peer asserts the span only (`ignore_resolution`, or no value given).
    AnyValue,
    Nothing,
}

/// A peer's value, normalised.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    /// A number; percents as written (50 for 50%).
    Number(Decimal),
    /// A fraction as a ratio (二分之一 → 0.5), which we read as a percent (50).
    Ratio(Decimal),
    /// A range from low to high; a side left open is "at least" or "at most".
    Range(Option<Decimal>, Option<Decimal>),
}

impl Want {
    fn met_by(self, h: &Hit) -> bool {
        let single = h.value_max.is_none();
        match self {
            Want::Number(v) => single && h.value == v,
            Want::Ratio(r) => {
                single
                    && h.form == Form::Fraction
                    && (r * Decimal::ONE_HUNDRED).round_dp(6) == h.value
            }
            Want::Range(Some(low), Some(high)) if low == high => single && h.value == low,
            Want::Range(Some(low), Some(high)) => h.value == low && h.value_max == Some(high),
            Want::Range(Some(low), None) => {
                single && h.value == low && h.qualifier == Some(Qualifier::AtLeast)
            }
            Want::Range(None, Some(high)) => {
                single && h.value == high && h.qualifier == Some(Qualifier::AtMost)
            }
            Want::Range(None, None) => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Span {
    start: usize,
    end: usize,
    value: Option<Want>,
}

impl Span {
    /// Peers differ on what a span holds: RT includes 个百分点 and qualifiers (超过了80, 五百以上),
    /// WeTextProcessing and RT NumberModel leave measure words and 多 out (199个, 四百多).
    fn met_by(&self, h: &Hit) -> bool {
        let start_ok = h.start == self.start || h.lead == self.start;
        let end_ok = h.end == self.end || h.number_end == self.end;
        start_ok && end_ok && self.value.is_none_or(|v| v.met_by(h))
    }
}

/// Words that qualify a number (500余万, 一千多万): the scanner's business, not the numeral's.
const QUALIFIERS: &[&str] = &["余", "多", "几", "幾", "来", "左右", "上下", "约", "近"];

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn entities(case: &Value) -> &[Value] {
    case["expected"].as_array().map_or(&[], Vec::as_slice)
}

fn plan(case: &Value) -> Plan {
    if let Some(category) = skip_category(case) {
        return Plan::Skip(category);
    }
    let input = str_of(case, "input");
    let full = str_of(case, "match") == "full";
    match entities(case) {
        [] if full => Plan::Whole {
            mode: "full",
            kind: "negative",
            expected: Expected::Nothing,
        },
        [e] if full => whole(case, e, "full"),
        [e] if str_of(e, "text") == input.trim() && !has_qualifier(input) => {
            whole(case, e, "whole-input")
        }
        spans => match scanner() {
            Some(_) => Plan::Extract {
                spans: spans.iter().map(|e| span(case, e)).collect(),
                keep: Keep::of(case),
            },
            None => Plan::Skip("awaiting scanner"),
        },
    }
}

fn whole(case: &Value, entity: &Value, mode: &'static str) -> Plan {
    let expected = match expected_value(case, entity) {
        Some(v) => Expected::Value(v),
        None => Expected::AnyValue,
    };
    Plan::Whole {
        mode,
        kind: entity_kind(entity),
        expected,
    }
}

/// What an entity is, for the table: a fraction X分之Y, tenths (九成), a range, a percent or a
/// number.
fn entity_kind(entity: &Value) -> &'static str {
    let text = str_of(entity, "text");
    let value = str_of(entity, "value");
    if is_fraction(text) {
        "fraction"
    } else if text.contains('成') {
        "tenths"
    } else if str_of(entity, "kind") == "range" || range_value(value).is_some() {
        "range"
    } else if str_of(entity, "kind") == "percent" {
        "percent"
    } else {
        "number"
    }
}

/// The kind of an extraction case for the table: its entities' kind, `mixed`, or `negative`.
fn case_kind(case: &Value) -> &'static str {
    let mut kinds = entities(case).iter().map(entity_kind);
    match kinds.next() {
        None => "negative",
        Some(first) if kinds.all(|k| k == first) => first,
        Some(_) => "mixed",
    }
}

fn span(case: &Value, entity: &Value) -> Span {
    let offset = |key: &str| entity[key].as_u64().expect("char offset") as usize;
    Span {
        start: offset("start"),
        end: offset("end"),
        value: expected_value(case, entity),
    }
}

fn has_qualifier(text: &str) -> bool {
    QUALIFIERS.iter().any(|q| text.contains(q))
}

/// The skip category of a case: of all that apply, the one listed first in [`SKIPS`].
fn skip_category(case: &Value) -> Option<&'static str> {
    let mut found = vec![
        case_flag_category(case),
        cn2an_category(case),
        wetextprocessing_category(case),
    ];
    found.extend(entities(case).iter().map(kind_category));
    found.extend(entities(case).iter().map(|e| form_category(case, e)));
    found
        .into_iter()
        .flatten()
        .min_by_key(|c| SKIPS.iter().position(|(name, _)| name == c))
}

fn case_flag_category(case: &Value) -> Option<&'static str> {
    let not_supported = case["not_supported"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if case["applicable"] == false {
        Some("not applicable")
    } else if case["expect_error"] == true {
        Some("converter error")
    } else if case["invertible"] == false {
        Some("not invertible")
    } else if not_supported.iter().any(|p| p == "dotnet") {
        Some("reference fails")
    } else if entities(case).is_empty() && !asserts_no_number(case) {
        Some("other model's negative")
    } else {
        None
    }
}

/// Whether an empty `expected` means "no number here" rather than "none of my kind here".
fn asserts_no_number(case: &Value) -> bool {
    match str_of(case, "peer") {
        "jionlp" => false,
        "recognizers-text" => ["NumberModel", "PercentModel"].contains(&str_of(case, "suite")),
        _ => true,
    }
}

fn cn2an_category(case: &Value) -> Option<&'static str> {
    if str_of(case, "peer") != "cn2an" {
        return None;
    }
    let modes: Vec<&str> = case["modes"]
        .as_array()
        .map_or(vec![], |m| m.iter().filter_map(Value::as_str).collect());
    let only = |mode: &str| !modes.is_empty() && modes.iter().all(|m| *m == mode);
    let direct_call = str_of(case, "transform_call").contains("direct=True");
    if only("direct") || direct_call {
        Some("cn2an direct mode")
    } else if only("rmb") {
        Some("an2cn rmb mode")
    } else if str_of(case, "id").starts_with("cn2an/transform/")
        && str_of(case, "direction") == "an2cn"
    {
        Some("an2cn rewrite")
    } else {
        None
    }
}

fn kind_category(entity: &Value) -> Option<&'static str> {
    match str_of(entity, "kind") {
        "date" | "time" => Some("date or time"),
        "temperature" => Some("temperature"),
        "age" => Some("age"),
        "ordinal" => Some("ordinal"),
        "dimension" => Some("dimension"),
        "currency" => Some("currency"),
        "math" | "ratio" => Some("math or ratio"),
        _ if str_of(entity, "value").contains('±') => Some("math or ratio"),
        _ => None,
    }
}

fn wetextprocessing_category(case: &Value) -> Option<&'static str> {
    if str_of(case, "peer") != "wetextprocessing" {
        return None;
    }
    let converts_all =
        |c: &Value| c["enable_standalone_number"] == true && c["enable_0_to_9"] == true;
    let configs = case["configs"].as_array().map_or(&[][..], Vec::as_slice);
    if !configs.iter().any(converts_all) {
        return Some("ITN option keeps text");
    }
    if APPROXIMATION_KEPT.is_match(str_of(case, "expected_output")) {
        return Some("ITN keeps approximations");
    }
    // A written value keeps a space, letters, or Chinese other than the scales 万 亿 兆.
    let partial = |e: &Value| {
        let value = str_of(e, "value");
        let chinese = |c: char| c == '〇' || ('\u{4e00}'..='\u{9fff}').contains(&c);
        let text_kept = |c: char| c.is_ascii_alphabetic() || (chinese(c) && !"万亿兆".contains(c));
        value.contains(' ') || value.chars().any(text_kept)
    };
    entities(case)
        .iter()
        .any(partial)
        .then_some("ITN split or partial")
}

/// A Chinese numeral next to 几 left in an ITN output (十几万, 几十万).
static APPROXIMATION_KEPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[一二两三四五六七八九十百千万亿][几幾]|[几幾][十百千万亿]").unwrap()
});

/// Comparison and position words in a Recognizers-Text range span (see the skip category).
static COMPARISON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"大于|小于|等于|[≥≤<>＜＞=]|比|之下|更多|或者|位于|^在").unwrap());

static EXPONENT_OR_SI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\^|[0-9０-９.．]\s*([kKｋＫMＭGＧ]|[eEｅＥ]\s*[-+－]?\s*[0-9０-９])").unwrap()
});

/// Categories that follow from how a number is written, checked in [`SKIPS`] order.
fn form_category(case: &Value, entity: &Value) -> Option<&'static str> {
    let text: String = str_of(entity, "text").split_whitespace().collect();
    let value = str_of(entity, "value");
    let has = |chars: &str| text.chars().any(|c| chars.contains(c));
    let rt_range = str_of(case, "peer") == "recognizers-text" && str_of(entity, "kind") == "range";
    if has("幺洞拐") {
        Some("spoken digit names")
    } else if value.len() > 28 && value.chars().all(|c| c.is_ascii_digit()) {
        Some("beyond Decimal")
    } else if EXPONENT_OR_SI.is_match(&text) {
        Some("exponent or SI suffix")
    } else if has("又份／/") {
        Some("slash or mixed fraction")
    } else if rt_range && COMPARISON.is_match(&text) {
        Some("comparison wording")
    } else if has("折") {
        Some("discount")
    } else if has("半") {
        Some("half")
    } else if has("对對双雙打") {
        Some("pair or dozen")
    } else if is_number_inside_percent(case, entity) {
        Some("number inside a percent")
    } else {
        None
    }
}

/// X分之Y where X is a number (五分之一, 一百分之二), not the bare 百分之/千分之/万分之 of a percent.
fn is_fraction(text: &str) -> bool {
    let text: String = text.split_whitespace().collect();
    let Some(at) = text.find("分之") else {
        return false;
    };
    let before = text[..at].trim_start_matches(['负', '負', '-', '－', '的']);
    !before.is_empty() && !before.chars().all(|c| "百千万萬佰仟".contains(c))
}

fn is_number_inside_percent(case: &Value, entity: &Value) -> bool {
    let input: String = str_of(case, "input").split_whitespace().collect();
    str_of(case, "suite") == "NumberModel"
        && str_of(entity, "kind") == "number"
        && !is_fraction(str_of(entity, "text"))
        && ["百分之", "个百分点", "個百分點"]
            .iter()
            .any(|m| input.contains(m))
}

/// The peer's value, normalised per the README ("1,001", "1万", "1億", "50%", "5E-06",
/// "1亿2300"; fractions "1/2" or "0.5"; ranges "[1,5)", "(500,)", "3~5万", "15-6"); percents as
/// written (50 for 50%). `None` when the peer gives none.
fn expected_value(case: &Value, entity: &Value) -> Option<Want> {
    if case["ignore_resolution"] == true {
        return None;
    }
    let raw = entity["value"].as_str()?;
    let unreadable = || panic!("unreadable peer value {raw:?}");
    if is_fraction(str_of(entity, "text")) {
        let ratio = match raw.split_once('/') {
            Some((a, b)) => peer_decimal(a)?.checked_div(peer_decimal(b)?)?,
            None => peer_decimal(raw).unwrap_or_else(unreadable),
        };
        return Some(Want::Ratio(ratio));
    }
    if let Some((low, high)) = range_value(raw) {
        return Some(Want::Range(low, high));
    }
    let mut value = peer_decimal(raw).unwrap_or_else(unreadable);
    // chinese2digits converts percents to fractions (百分之5 → 0.05) when asked to.
    let converted = case["options"]["percent_convert"] == true;
    if str_of(case, "peer") == "chinese2digits" && converted && str_of(entity, "kind") == "percent"
    {
        value *= Decimal::ONE_HUNDRED;
    }
    Some(Want::Number(value))
}

static INTERVAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\[(]([^,]*),([^,]*)[\])]$").unwrap());
static TILDE_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([-0-9.]+)([^~0-9.]*)~([-0-9.]+)(\D*)$").unwrap());
/// WeTextProcessing's shortened ranges: 15-6 is 15~16, 730-40 is 730~740, 16000-7000 is
/// 16000~17000 (the high end replaces the low end's last digits).
static SHORT_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+)-([0-9]+)(\D*)$").unwrap());

/// A range value: interval notation (an empty side is open), `lo~hi` with a unit or scale after
/// either end, or WeTextProcessing's shortened `15-6`.
fn range_value(raw: &str) -> Option<(Option<Decimal>, Option<Decimal>)> {
    let side = |s: &str| match s.trim() {
        "" => Some(None),
        s => peer_decimal(s).map(Some),
    };
    if let Some(m) = INTERVAL.captures(raw) {
        return Some((side(&m[1])?, side(&m[2])?));
    }
    if let Some(m) = TILDE_RANGE.captures(raw) {
        // 3~5万, 30~41%: a suffix written once serves both ends.
        let low_suffix = if m[2].is_empty() { &m[4] } else { &m[2] };
        let low = peer_decimal(&format!("{}{low_suffix}", &m[1]))?;
        let high = peer_decimal(&format!("{}{}", &m[3], &m[4]))?;
        return Some((Some(low), Some(high)));
    }
    let m = SHORT_RANGE.captures(raw)?;
    let (low, tail) = (&m[1], &m[2]);
    let kept = low.len().checked_sub(tail.len())?;
    let high = format!("{}{tail}{}", &low[..kept], &m[3]);
    Some((
        Some(peer_decimal(&format!("{low}{}", &m[3]))?),
        Some(peer_decimal(&high)?),
    ))
}

/// A peer's written value: Arabic digits with separators, exponents, or scale characters.
/// Written independently of `parse_number`, so that the two cannot share a mistake.
fn peer_decimal(raw: &str) -> Option<Decimal> {
    let s: String = raw
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let value = if s.chars().any(|c| "万萬亿億兆".contains(c)) {
        scaled_decimal(&s)?
    } else if s.contains(['e', 'E']) {
        Decimal::from_scientific(&s).ok()?
    } else {
        Decimal::from_str_exact(&s).ok()?
    };
    Some(if negative { -value } else { value })
}

/// "1兆320万5000", "20.1万", "100万1111": a sum of Arabic parts times their scale.
fn scaled_decimal(s: &str) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut part = String::new();
    for c in s.chars() {
        let power = match c {
            '万' | '萬' => 4,
            '亿' | '億' => 8,
            '兆' => 12,
            _ => {
                part.push(c);
                continue;
            }
        };
        let scale = Decimal::from_i128_with_scale(10i128.pow(power), 0);
        total += Decimal::from_str_exact(&part).ok()? * scale;
        part.clear();
    }
    if !part.is_empty() {
        total += Decimal::from_str_exact(&part).ok()?;
    }
    Some(total)
}

/// A number read by `parse_number`, allowing a trailing measure word (零个, 二個): the scanner
/// reads it as the unit.
fn read_number(input: &str) -> Option<Decimal> {
    let trimmed = input.trim();
    parse_number(trimmed)
        .or_else(|| parse_number(trimmed.strip_suffix(['个', '個'])?))
        .map(|n| n.value)
}

static PERCENT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([负負\-－−]?)\s*((?:[百千万萬佰仟]\s*)+)分\s*之?\s*(.+)$").unwrap()
});
static PERCENT_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s*(%|％|‰|[个個]\s*百\s*分\s*[点點])\s*$").unwrap());

/// A percent as written (50 for 50%): 百分之X, 千分之X (‰), 万分之X, X%, X‰, X个百分点.
/// Percentage points count as percent, as Recognizers-Text resolves them.
fn read_percent(input: &str) -> Option<Decimal> {
    if let Some(m) = PERCENT_PREFIX.captures(input) {
        let per: Decimal = m[2]
            .chars()
            .filter_map(|c| match c {
                '百' | '佰' => Some(Decimal::ONE_HUNDRED),
                '千' | '仟' => Some(Decimal::ONE_THOUSAND),
                '万' | '萬' => Some(Decimal::from(10_000)),
                _ => None,
            })
            .product();
        let n = parse_number(&m[3])?.value * Decimal::ONE_HUNDRED / per;
        return Some(if m[1].is_empty() { n } else { -n });
    }
    let m = PERCENT_SUFFIX.captures(input)?;
    let n = parse_number(&m[1])?.value;
    Some(if &m[2] == "‰" { n / Decimal::TEN } else { n })
}

/// Whether the recogniser meets the plan, and what it read (for the failure list).
fn score(input: &str, plan: &Plan) -> (bool, String) {
    let scan = || scanner().expect("scored through the scanner without one")(input);
    match plan {
        Plan::Skip(_) => unreachable!("skipped cases are not scored"),
        Plan::Whole {
            kind: kind @ ("number" | "percent" | "negative"),
            expected,
            ..
        } => {
            let got = match *kind {
                "percent" => read_percent(input),
                _ => read_number(input),
            };
            let ok = match expected {
                Expected::Value(Want::Number(v)) => got == Some(*v),
                Expected::Value(_) => false,
                Expected::AnyValue => got.is_some(),
                Expected::Nothing => got.is_none(),
            };
            (ok, format!("{got:?}"))
        }
        // Fractions, tenths and ranges: one finding of the scanner spanning the input.
        Plan::Whole { expected, .. } => {
            let hits = scan();
            let span = Span {
                start: input.chars().take_while(|c| c.is_whitespace()).count(),
                end: input.trim_end().chars().count(),
                value: match expected {
                    Expected::Value(w) => Some(*w),
                    _ => None,
                },
            };
            let ok = matches!(&hits[..], [h] if span.met_by(h));
            (ok, format!("{hits:?}"))
        }
        Plan::Extract { spans, keep } => {
            let mut hits = scan();
            hits.retain(|h| keep.keeps(h));
            let ok = hits.len() == spans.len() && hits.iter().zip(spans).all(|(h, s)| s.met_by(h));
            (ok, format!("{hits:?}"))
        }
    }
}

#[derive(Default)]
struct Tally {
    passed: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.passed += usize::from(ok);
    }

    fn rate(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.passed as f64 / self.total as f64
        }
    }
}

fn load_cases() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/conformance")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| {
            let text = fs::read_to_string(p).expect("readable case file");
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            lines
        })
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn peers_conform() {
    let mut rows: BTreeMap<(String, &str, &str), Tally> = BTreeMap::new();
    let mut per_peer: BTreeMap<(String, bool), Tally> = BTreeMap::new();
    let mut skipped: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // CONFORMANCE_LIST=discount lists the cases a skip category holds; CONFORMANCE_LIST=failing
    // the failing extraction cases.
    let list_category = std::env::var("CONFORMANCE_LIST").ok();
    for case in load_cases() {
        let peer = str_of(&case, "peer").to_string();
        let input = str_of(&case, "input");
        let plan = plan(&case);
        let (mode, kind) = match &plan {
            Plan::Skip(category) => {
                if list_category.as_deref() == Some(*category) {
                    println!("{category}: {} {input:?}", str_of(&case, "id"));
                }
                assert!(
                    SKIPS.iter().any(|(n, _)| n == category),
                    "unlisted category {category}"
                );
                *skipped
                    .entry(category)
                    .or_default()
                    .entry(peer)
                    .or_default() += 1;
                continue;
            }
            Plan::Whole { mode, kind, .. } => (*mode, *kind),
            Plan::Extract { .. } => ("extraction", case_kind(&case)),
        };
        let (ok, got) = score(input, &plan);
        if !ok && mode == "extraction" && list_category.as_deref() == Some("failing") {
            println!(
                "failing: {} {input:?}\n  want {plan:?}\n  got  {got}",
                str_of(&case, "id")
            );
        }
        rows.entry((peer.clone(), mode, kind)).or_default().add(ok);
        per_peer
            .entry((peer.clone(), mode == "extraction"))
            .or_default()
            .add(ok);
        if !ok {
            let id = str_of(&case, "id");
            failures
                .entry(peer)
                .or_default()
                .push(format!("{id} {input:?}: want {plan:?}, got {got}"));
        }
    }
    print_report(&rows, &per_peer, &skipped, &failures);
    check_floors(&per_peer);
}

fn print_report(
    rows: &BTreeMap<(String, &str, &str), Tally>,
    per_peer: &BTreeMap<(String, bool), Tally>,
    skipped: &BTreeMap<&str, BTreeMap<String, usize>>,
    failures: &BTreeMap<String, Vec<String>>,
) {
    println!(
        "\n{:<22} {:<12} {:<9} {:>7} {:>7}",
        "peer", "mode", "kind", "passed", "rate"
    );
    for ((peer, mode, kind), t) in rows {
        let passed = format!("{}/{}", t.passed, t.total);
        println!(
            "{peer:<22} {mode:<12} {kind:<9} {passed:>7} {:>6.1}%",
            t.rate()
        );
    }
    println!(
        "\n{:<22} {:<12} {:>9} {:>7}",
        "peer", "cases", "passed", "rate"
    );
    for ((peer, extraction), t) in per_peer {
        let what = if *extraction { "extraction" } else { "whole" };
        let passed = format!("{}/{}", t.passed, t.total);
        println!("{peer:<22} {what:<12} {passed:>9} {:>6.1}%", t.rate());
    }
    println!("\n{:<24} {:>5}  by peer", "skipped", "cases");
    for (name, _reason) in SKIPS {
        let Some(by_peer) = skipped.get(name) else {
            continue;
        };
        let total: usize = by_peer.values().sum();
        let detail: Vec<String> = by_peer.iter().map(|(p, n)| format!("{p} {n}")).collect();
        println!("{name:<24} {total:>5}  {}", detail.join(", "));
    }
    println!("\nfailures:");
    for (peer, list) in failures {
        for line in list {
            println!("  {peer}: {line}");
        }
    }
}

fn check_floors(per_peer: &BTreeMap<(String, bool), Tally>) {
    let mut below = vec![];
    for ((peer, extraction), t) in per_peer {
        let floor = FLOORS
            .iter()
            .find(|(p, ..)| p == peer)
            .map_or(
                0,
                |&(_, whole, extract)| if *extraction { extract } else { whole },
            );
        if t.rate() < f64::from(floor) {
            let what = if *extraction {
                "extraction"
            } else {
                "whole-number"
            };
            below.push(format!("{peer} {what}: {:.1}% < floor {floor}%", t.rate()));
        }
    }
    assert!(below.is_empty(), "below floor: {below:#?}");
}

#[test]
fn percent_reader() {
    let pct = |s: &str| read_percent(s).map(|d| d.normalize().to_string());
    assert_eq!(pct("百分之五十").as_deref(), Some("50"));
    assert_eq!(pct("50%").as_deref(), Some("50"));
    assert_eq!(pct("－1２２％").as_deref(), Some("-122"));
    assert_eq!(pct("1.5个百分点").as_deref(), Some("1.5"));
    assert_eq!(pct("一 百 五 十 个 百 分 点").as_deref(), Some("150"));
    assert_eq!(pct("5‰").as_deref(), Some("0.5"));
    assert_eq!(pct("千分之五").as_deref(), Some("0.5"));
    assert_eq!(pct("万分之三").as_deref(), Some("0.03"));
    assert_eq!(pct("百万分之五").as_deref(), Some("0.0005"));
    assert_eq!(pct("负百分之十三").as_deref(), Some("-13"));
    assert_eq!(pct("百分之负三点八").as_deref(), Some("-3.8"));
    assert_eq!(pct("百分之百").as_deref(), Some("100"));
    assert_eq!(pct("五十"), None);
}

#[test]
fn peer_values_normalise() {
    let d = |s: &str| peer_decimal(s).map(|d| d.normalize().to_string());
    assert_eq!(d("1,001").as_deref(), Some("1001"));
    assert_eq!(d("1万").as_deref(), Some("10000"));
    assert_eq!(d("1,000億").as_deref(), Some("100000000000"));
    assert_eq!(d("-1200000").as_deref(), Some("-1200000"));
    assert_eq!(d("50%").as_deref(), Some("50"));
    assert_eq!(d("5E-06").as_deref(), Some("0.000005"));
    assert_eq!(d("1.23e5").as_deref(), Some("123000"));
    assert_eq!(d("1亿2300").as_deref(), Some("100002300"));
    assert_eq!(d("1兆320万5000").as_deref(), Some("1000003205000"));
    assert_eq!(d("20.1万").as_deref(), Some("201000"));
    assert_eq!(d("-50,000.245").as_deref(), Some("-50000.245"));
}

#[test]
fn peer_ranges_normalise() {
    let r = |s: &str| {
        range_value(s).map(|(a, b)| {
            let show = |v: Option<Decimal>| v.map(|v| v.normalize().to_string());
            (show(a), show(b))
        })
    };
    let both = |a: &str, b: &str| Some((Some(a.to_string()), Some(b.to_string())));
    assert_eq!(r("[1,5)"), both("1", "5"));
    assert_eq!(r("(500,)"), Some((Some("500".into()), None)));
    assert_eq!(r("(,100]"), Some((None, Some("100".into()))));
    assert_eq!(r("[-10000,20000)"), both("-10000", "20000"));
    assert_eq!(r("3~5万"), both("30000", "50000"));
    assert_eq!(r("300~500"), both("300", "500"));
    assert_eq!(r("30~41%"), both("30", "41"));
    assert_eq!(r("15-6"), both("15", "16"));
    assert_eq!(r("730-40"), both("730", "740"));
    assert_eq!(r("16000-7000"), both("16000", "17000"));
    assert_eq!(r("45-6万"), both("450000", "460000"));
    assert_eq!(r("-13%"), None);
    assert_eq!(r("1,000"), None);
}
