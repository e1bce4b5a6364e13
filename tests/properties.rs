//! Properties that hold for every input (proptest):
//!
//! - `extract` returns for any string, and every claim's `span` holds exactly its `text`;
//! - values are exact decimals: no float artefacts in the value or in its JSON form;
//! - a number written any supported way (Arabic, full-width, thousands separators, Chinese
//!   numerals with 两/零/〇, financial and traditional forms, 万/亿 scales, percent, per mille,
//!   个百分点) reads back as exactly the value it was generated from.

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// Invariants of a document.

/// Checks every claim of `extract(text)`: span in range and on the claim's text; value exact.
fn check_document(text: &str) -> Result<(), TestCaseError> {
    let doc = gongbao::extract(text);
    let chars: Vec<char> = text.chars().collect();
    for claim in &doc.claims {
        let [start, end] = claim.span;
        prop_assert!(
            start < end && end <= chars.len(),
            "span {:?} outside a text of {} chars: {claim:?}",
            claim.span,
            chars.len()
        );
        let at: String = chars[start..end].iter().collect();
        prop_assert_eq!(&at, &claim.text, "span {:?} of {:?}", claim.span, text);
        check_exact(claim.value.decimal())?;
        prop_assert!(
            is_power_of_ten(claim.precision.decimal()),
            "precision {} is not a power of ten: {claim:?}",
            claim.precision
        );
        if let Some(max) = claim.value_max {
            check_exact(max.decimal())?;
            prop_assert!(max >= claim.value, "value_max below value: {claim:?}");
        }
    }
    // The serialized form of each value reads back as the same decimal.
    for claim in &doc.claims {
        let printed = serde_json::to_string(&claim.value).expect("a value serializes to JSON");
        if significant_digits(claim.value.decimal()) <= 15 {
            let read = Decimal::from_str(&printed)
                .or_else(|_| Decimal::from_scientific(&printed))
                .unwrap_or_else(|e| panic!("value {printed} is not a decimal: {e}"));
            prop_assert_eq!(
                read,
                claim.value.decimal(),
                "JSON prints {} for {}",
                printed,
                claim.value
            );
        }
    }
    let _ = serde_json::to_string(&doc).expect("a document serializes to JSON");
    let _ = yaml_serde::to_string(&doc).expect("a document serializes to YAML");
    Ok(())
}

/// A decimal as bulletins write them has few significant digits; a value computed through a
/// float has a long tail of 9s or 0s (91913999.99999999, 1.2000000000000002).
fn check_exact(d: Decimal) -> Result<(), TestCaseError> {
    let s = d.normalize().to_string();
    if let Some((_, frac)) = s.split_once('.') {
        prop_assert!(
            !frac.contains("999999") && !frac.contains("000000"),
            "{s} looks like a float artefact"
        );
    }
    Ok(())
}

/// 1000, 1, 0.01: the place value of a written digit.
fn is_power_of_ten(d: Decimal) -> bool {
    let s = d.normalize().to_string();
    match s.strip_prefix("0.") {
        Some(frac) => frac.trim_start_matches('0') == "1",
        None => s.trim_end_matches('0') == "1",
    }
}

fn significant_digits(d: Decimal) -> usize {
    let m = d.normalize().mantissa().unsigned_abs().to_string();
    m.trim_end_matches('0').len().max(1)
}

// ---------------------------------------------------------------------------------------------
// Bulletin-like text.

const SUBJECTS: &[&str] = &[
    "中国共产党党员总数",
    "国内生产总值",
    "城镇常住人口",
    "女党员",
    "少数民族党员",
    "大专及以上学历党员",
    "全国居民人均可支配收入",
    "基层党组织",
    "其中",
    "第一产业增加值",
];
const CUES: &[&str] = &[
    "为",
    "达到",
    "比上年",
    "净增",
    "增长",
    "下降",
    "占",
    "占党员总数的",
    "提高",
    "减少",
    "是上年的",
    "分别提高",
    "分别为",
    "同比",
    "比上年末",
    "约",
    "近",
    "超过",
    "逾",
    "不到",
    "不足",
];
const AFTER: &[&str] = &[
    "万名",
    "亿元",
    "万亿元",
    "%",
    "％",
    "‰",
    "个百分点",
    "个百分點",
    "倍",
    "人",
    "个",
    "吨",
    "成",
    "万个",
    "以上",
    "以下",
    "左右",
    "余",
    "多",
    "余万",
    "多万人",
    "千瓦时",
    "岁",
    "年",
    "月",
];
const PUNCT: &[&str] = &[
    "，",
    "。",
    "；",
    "、",
    ",",
    ";",
    ":",
    "：",
    "\n",
    "\u{3000}\u{3000}",
    " ",
    "（",
    "）",
    "和",
    "及",
    "至",
    "—",
    "～",
    "-",
    "~",
    "的",
    "“",
    "”",
    "！",
    "？",
    "\t",
    "\r\n",
];
const MARKERS: &[&str] = &[
    "[2]",
    "［1］",
    "①",
    "③",
    "[10]",
    "表1",
    "第二",
    "一是",
    "十四五",
    "十三五",
    "三会一课",
    "四个意识",
    "一肩挑",
    "截至2019年底",
    "2024年末",
    "一季度",
    "12月份",
    "40岁及以下",
    "规模以上",
    "翻一番",
    "翻两番",
    "两三个",
    "三五万",
    "3.9:39.0:57.1",
    "8:30",
    "PM2.5",
    "5A级",
    "1.2.3",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(list).prop_map(str::to_string)
}

/// One piece of a bulletin: words, numbers in every form, punctuation, markers, noise.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => pick(SUBJECTS),
        3 => pick(CUES),
        4 => written().prop_map(|w| w.text),
        3 => pick(AFTER),
        3 => pick(PUNCT),
        2 => pick(MARKERS),
        1 => any::<char>().prop_map(String::from),
        1 => "[0-9０-９.,，．]{1,12}",
        1 => "[零〇一二两三四五六七八九十百千万亿点兆萬億兩點壹贰叁拾佰仟]{1,12}",
        1 => "[万亿]{1,8}",
    ]
}

fn bulletin() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
}

// ---------------------------------------------------------------------------------------------
// Numbers written every supported way, with the value they stand for.

/// A number as text, and the exact value (and, where the form fixes it, the precision) that
/// text stands for.
#[derive(Debug, Clone)]
struct Written {
    text: String,
    value: Decimal,
    precision: Option<Decimal>,
}

/// Scale suffixes after Arabic digits; those starting with a unit (千万) only after a single
/// digit or a decimal.
const ARABIC_SCALES: &[(&str, u32)] = &[
    ("", 0),
    ("万", 4),
    ("亿", 8),
    ("万亿", 12),
    ("萬", 4),
    ("億", 8),
    ("千万", 7),
    ("百万", 6),
    ("千亿", 11),
];

fn pow10(p: u32) -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(p), 0)
}

/// `m` with `places` decimal places, as ASCII text ("12.050" for 12050, 3).
fn plain(m: u64, places: u32) -> String {
    let s = format!("{m:0width$}", width = places as usize + 1);
    if places == 0 {
        return s;
    }
    let (int, frac) = s.split_at(s.len() - places as usize);
    format!("{int}.{frac}")
}

/// Thousands separators in the integer part.
fn grouped(s: &str) -> String {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

/// Arabic digits: plain, full-width or grouped, with an optional scale.
fn arabic() -> impl Strategy<Value = Written> {
    (
        0u64..10_000_000_000,
        0u32..=4,
        proptest::sample::select(ARABIC_SCALES),
        0..3,
    )
        .prop_map(|(m, places, (scale, power), style)| {
            // A scale that starts with a unit (3千万) follows one digit or a decimal.
            let unit_first = scale.starts_with(['千', '百']);
            let m = if unit_first && places == 0 {
                m % 9 + 1
            } else {
                m
            };
            let digits = plain(m, places);
            let body = match style {
                0 => digits,
                1 => full_width(&digits),
                _ => grouped(&digits),
            };
            let scale_factor = pow10(power);
            Written {
                text: format!("{body}{scale}"),
                value: Decimal::new(m as i64, places) * scale_factor,
                precision: Some(Decimal::new(1, places) * scale_factor),
            }
        })
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A number below 10^4 with units (一千零五, 三百二十); `leading` when nothing is before it,
/// where 10..19 is written 十X rather than 一十X.
fn section(n: u64, leading: bool) -> String {
    let mut out = String::new();
    let (mut started, mut zero) = (false, false);
    for place in (0..4).rev() {
        let d = (n / 10u64.pow(place) % 10) as usize;
        if d == 0 {
            zero |= started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if place == 1 && d == 1 && !started && leading {
            out.push('十');
        } else {
            out.push(DIGITS[d]);
            out.push_str(["", "十", "百", "千"][place as usize]);
        }
        started = true;
    }
    out
}

/// The canonical Chinese numeral of `n` (below 10^16): 一百三十二万, 一亿零五十万, 十万零五.
fn chinese(n: u64, leading: bool) -> String {
    for (scale, power) in [("亿", 8), ("万", 4)] {
        let unit = 10u64.pow(power);
        if n >= unit {
            let (head, rest) = (n / unit, n % unit);
            let mut s = chinese(head, leading) + scale;
            if rest > 0 {
                if rest < unit / 10 {
                    s.push('零');
                }
                s += &chinese(rest, false);
            }
            return s;
        }
    }
    if n == 0 {
        "零".into()
    } else {
        section(n, leading)
    }
}

/// Variants of a canonical numeral that mean the same: 两 for 二 before 千/百/万/亿, 〇 for 零,
/// the financial forms (壹贰叁拾佰仟), the traditional forms (萬億兩).
fn restyle(s: &str, style: u8) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| chars[j]);
        // Not in the digits after 点, which are read one by one (零点零二万).
        let in_fraction = chars[..i].contains(&'点');
        let liang = c == '二'
            && !in_fraction
            && matches!(next, Some('千' | '百' | '万' | '亿'))
            && matches!(prev, None | Some('千' | '百' | '万' | '亿' | '零'));
        let mapped = match style {
            // 两
            1 if liang => '两',
            // 〇 for 零
            2 if c == '零' => '〇',
            // financial
            3 => match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                '千' => '仟',
                c => c,
            },
            // traditional
            4 => match c {
                '万' => '萬',
                '亿' => '億',
                '二' if liang => '兩',
                '点' => '點',
                c => c,
            },
            _ => c,
        };
        out.push(mapped);
    }
    out
}

/// Chinese numerals: integers up to 10^16, decimals with 点 and an optional scale after them
/// (二十点一万), and digit-by-digit strings (二〇二四).
fn chinese_number() -> impl Strategy<Value = Written> {
    let integer = (0u64..10_000_000_000_000_000, 0u8..5).prop_map(|(n, style)| Written {
        text: restyle(&chinese(n, true), style),
        value: Decimal::from(n),
        precision: None,
    });
    let small = (0u64..100_000, 0u8..5).prop_map(|(n, style)| Written {
        text: restyle(&chinese(n, true), style),
        value: Decimal::from(n),
        precision: None,
    });
    let decimal = (
        0u64..100_000_000,
        1u32..=4,
        0u64..10_000,
        proptest::sample::select(&[("", 0u32), ("万", 4), ("亿", 8), ("万亿", 12)][..]),
        0u8..5,
    )
        .prop_map(|(int, places, frac, (scale, power), style)| {
            let frac = frac % 10u64.pow(places);
            // A scale after the decimal (二十点一万) needs an integer part below 万.
            let int = if scale.is_empty() { int } else { int % 10_000 };
            let frac_digits: String = format!("{frac:0width$}", width = places as usize)
                .chars()
                .map(|c| DIGITS[c.to_digit(10).unwrap() as usize])
                .collect();
            let text = format!("{}点{frac_digits}{scale}", chinese(int, true));
            let value = (Decimal::from(int) + Decimal::new(frac as i64, places)) * pow10(power);
            let precision = Some(Decimal::new(1, places) * pow10(power));
            Written {
                text: restyle(&text, style),
                value,
                precision,
            }
        });
    let digit_string =
        (proptest::collection::vec(0usize..10, 3..8), any::<bool>()).prop_map(|(ds, circle)| {
            let text: String = ds
                .iter()
                .map(|&d| if d == 0 && circle { '〇' } else { DIGITS[d] })
                .collect();
            let value = ds.iter().fold(0u64, |v, &d| v * 10 + d as u64);
            Written {
                text,
                value: Decimal::from(value),
                precision: Some(Decimal::ONE),
            }
        });
    prop_oneof![3 => integer, 3 => small, 3 => decimal, 1 => digit_string]
}

/// Every supported way of writing a bare number.
fn written() -> impl Strategy<Value = Written> {
    prop_oneof![arabic(), chinese_number()]
}

/// A number with a unit as `find_numbers` reports it: value (percents as written) and unit.
#[derive(Debug, Clone)]
struct WithUnit {
    text: String,
    value: Decimal,
    unit: &'static str,
}

fn with_unit() -> impl Strategy<Value = WithUnit> {
    let units = proptest::sample::select(
        &[
            ("%", "%"),
            ("％", "%"),
            ("‰", "‰"),
            ("个百分点", "百分点"),
            ("個百分點", "百分点"),
            ("倍", "倍"),
            ("名", "名"),
            ("元", "元"),
            ("吨", "吨"),
        ][..],
    );
    let after = (written(), units).prop_map(|(w, (written_unit, unit))| WithUnit {
        text: format!("{}{written_unit}", w.text),
        value: w.value,
        unit,
    });
    let small_chinese = (0u64..10_000, 0u32..=2, 0u64..100)
        .prop_map(|(int, places, frac)| {
            let frac = frac % 10u64.pow(places);
            let mut text = chinese(int, true);
            if places > 0 {
                text.push('点');
                text.extend(
                    format!("{frac:0width$}", width = places as usize)
                        .chars()
                        .map(|c| DIGITS[c.to_digit(10).unwrap() as usize]),
                );
            }
            (text, Decimal::from(int) + Decimal::new(frac as i64, places))
        })
        .boxed();
    let fractions = (
        small_chinese,
        proptest::sample::select(&[("百分之", "%"), ("千分之", "‰")][..]),
    )
        .prop_map(|((text, value), (prefix, unit))| WithUnit {
            text: format!("{prefix}{text}"),
            value,
            unit,
        });
    prop_oneof![3 => after, 1 => fractions]
}

// ---------------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn extract_holds_on_any_string(text in any::<String>()) {
        check_document(&text)?;
    }

    #[test]
    fn extract_holds_on_bulletin_like_text(text in bulletin()) {
        check_document(&text)?;
    }

    #[test]
    fn decode_returns_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(decoded) = gongbao::decode::decode(&bytes) {
            check_document(&decoded.text)?;
        }
    }

    #[test]
    fn decode_returns_on_text_in_any_encoding(text in bulletin(), encoding in 0..5usize, bom in any::<bool>()) {
        let encoder = [
            encoding_rs::UTF_8,
            encoding_rs::GBK,
            encoding_rs::GB18030,
            encoding_rs::BIG5,
            encoding_rs::UTF_16LE,
        ][encoding];
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(b"\xef\xbb\xbf");
        }
        if encoder == encoding_rs::UTF_16LE {
            bytes = b"\xff\xfe".to_vec();
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        } else {
            bytes.extend_from_slice(&encoder.encode(&text).0);
        }
        if let Ok(decoded) = gongbao::decode::decode(&bytes) {
            check_document(&decoded.text)?;
        }
    }

    #[test]
    fn extract_holds_on_lines_of_bulletin_text(lines in proptest::collection::vec(bulletin(), 1..6)) {
        check_document(&lines.join("\n"))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn numeral_readers_return_on_any_numeral_string(
        s in "[-+负0-9０-９.．,，零〇一二两兩三四五六七八九十百千万亿兆萬億點点壹贰叁拾佰仟廿卅卌 ]{0,70}"
    ) {
        if let Some(n) = gongbao::scan::numeral::parse_number(&s) {
            check_exact(n.value)?;
            prop_assert!(is_power_of_ten(n.precision), "precision {} of {:?}", n.precision, s);
        }
        if let Some((low, high)) = gongbao::scan::numeral::parse_range_pair(&s) {
            prop_assert!(low.value < high.value, "{:?}: {:?} {:?}", s, low, high);
        }
        let found = gongbao::scan::find_numbers(&s);
        let chars: Vec<char> = s.chars().collect();
        for f in found {
            prop_assert!(f.start < f.end && f.end <= chars.len());
            let at: String = chars[f.start..f.end].iter().collect();
            prop_assert_eq!(at, f.text);
        }
    }


}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn parse_number_gives_the_written_value(w in written(), sign in 0..3) {
        let (prefix, negative) = [("", false), ("-", true), ("负", true)][sign as usize];
        let text = format!("{prefix}{}", w.text);
        let n = gongbao::scan::numeral::parse_number(&text);
        prop_assert!(n.is_some(), "{:?} did not parse (expected {})", text, w.value);
        let n = n.unwrap();
        let expected = if negative { -w.value } else { w.value };
        prop_assert_eq!(n.value, expected, "value of {:?}", text);
        prop_assert_eq!(n.value.to_string(), expected.normalize().to_string());
        if let Some(p) = w.precision {
            prop_assert_eq!(n.precision, p, "precision of {:?}", text);
        }
    }

    #[test]
    fn find_numbers_gives_the_written_value_and_unit(w in with_unit()) {
        let text = format!("总量为{}。", w.text);
        let found = gongbao::scan::find_numbers(&text);
        prop_assert_eq!(found.len(), 1, "{:?}: {:?}", text, found);
        let f = &found[0];
        prop_assert_eq!(&f.text, &w.text, "matched text in {:?}", text);
        prop_assert_eq!(f.value, w.value, "value of {:?}", text);
        prop_assert_eq!(f.value.normalize().to_string(), w.value.normalize().to_string());
        prop_assert_eq!(f.unit.as_str(), w.unit, "unit of {:?}", text);
        prop_assert_eq!((f.start, f.end), (3, 3 + w.text.chars().count()));
    }

    #[test]
    fn extract_gives_the_written_value(w in arabic(), unit in 0..4) {
        // A level claim in a plain sentence keeps the exact value.
        let (written_unit, unit) = [("名", "名"), ("元", "元"), ("%", "%"), ("个", "个")][unit as usize];
        let text = format!("截至2019年底，全国党员总数为{}{written_unit}。", w.text);
        let doc = gongbao::extract(&text);
        prop_assert_eq!(doc.claims.len(), 1, "{:?}: {:?}", text, doc.claims);
        let claim = &doc.claims[0];
        prop_assert_eq!(claim.value.decimal(), w.value, "value of {:?}", text);
        prop_assert_eq!(claim.unit.as_str(), unit);
        prop_assert_eq!(claim.value.to_string(), w.value.normalize().to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// The generators themselves: a wrong expectation would make the properties meaningless.

#[test]
fn the_chinese_writer_writes_as_people_do() {
    let cases = [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (1320000, "一百三十二万"),
        (723000, "七十二万三千"),
        (100005, "十万零五"),
        (105_000_000, "一亿零五百万"),
        (1_000_000_000_000, "一万亿"),
        (2_0000, "二万"),
    ];
    for (n, text) in cases {
        assert_eq!(chinese(n, true), text);
    }
    assert_eq!(restyle("二千二百二十二万", 1), "两千两百二十二万");
    assert_eq!(restyle("一千零五", 3), "壹仟零伍");
    assert_eq!(plain(12050, 3), "12.050");
    assert_eq!(plain(5, 2), "0.05");
    assert_eq!(grouped("1234567.5"), "1,234,567.5");
    assert_eq!(grouped("123"), "123");
}
