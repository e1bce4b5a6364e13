//! Scan: find quantities — a number, its scale, unit and qualifiers — in text.
//!
//! One compiled pattern (the rule set's `number`) finds where numbers start; the code around it
//! reads what the pattern cannot: 余/多 between a number and its scale (500余万), the unit (longest
//! known unit wins, so 千瓦时 is not 千 + 瓦时), qualifiers after it (以上, 左右), ranges (3至5万人),
//! lists that share a unit (0.7和0.1个百分点) and ratios (3.9:39.0:57.1).
//!
//! ```
//! let q = gongbao::scan::scan(&gongbao::Rules::default(), "党员总数为9191.4万名，");
//! assert_eq!(q[0].value.to_string(), "91914000");
//! assert_eq!(q[0].unit, "名");
//! ```

pub mod numeral;

use rust_decimal::Decimal;

use crate::Qualifier;
use crate::rules::Rules;
use numeral::{Number, parse_number};

/// Scale characters that may follow a number (9191.4万, 3千万, 1.2万亿).
const SCALE_CHARS: &[char] = &['十', '百', '千', '万', '亿', '萬', '億'];
/// Characters that join the two ends of a range (3至5万人, 3%—5%).
const RANGE_JOINERS: &[&str] = &["至", "到", "—", "–", "－", "~", "～", "-"];
/// Characters that join items of a list sharing one unit (0.7和0.1个百分点).
const LIST_JOINERS: &[&str] = &["和", "、", "及", "与", "或"];

/// How a quantity's unit measures it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A count or amount in a unit or measure word (名, 元, 吨) or none.
    Amount,
    /// Percent (%, ％, 百分之, 成, 分之).
    Percent,
    /// Per mille (‰, 千分之).
    PerMille,
    /// Percentage points (个百分点).
    Points,
    /// Times (倍, 翻番).
    Times,
}

/// A number found in text, with what is written around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte offset where the quantity's text starts (the number, or 百分之, or a sign).
    pub start: usize,
    /// Byte offset where its text ends (after the unit and any qualifier after it).
    pub end: usize,
    /// Byte offset where the words that belong to it start (a qualifier before it: 超过, 约).
    pub lead: usize,
    /// The exact value, scale applied; percents as written.
    pub value: Decimal,
    /// The high end of a range.
    pub value_max: Option<Decimal>,
    /// The place value of the last written digit, scale applied.
    pub precision: Decimal,
    /// The unit as written without the scale (% for 百分之 and 成, 百分点 for 个百分点).
    pub unit: String,
    /// How the unit measures the number.
    pub measure: Measure,
    /// A qualifier written before or after it.
    pub qualifier: Option<Qualifier>,
    /// Written in Chinese numerals (一百三十二万) rather than digits.
    pub chinese: bool,
    /// Its scale (万, 亿) was written.
    pub scaled: bool,
    /// Part `k` of `n` of a ratio (3.9:39.0:57.1).
    pub ratio: Option<(usize, usize)>,
    /// Why it is not a claim by its form alone (a date, an ordinal, a label), if so.
    pub rejected: Option<&'static str>,
}

/// Finds every quantity in `text`, in order, including those that are not claims by their form
/// (dates, ordinals, labels), which carry the reason in [`Quantity::rejected`].
pub fn scan(rules: &Rules, text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(m) = rules.number.find_at(text, pos) {
        match read_group(rules, text, m.start()) {
            Some(group) => {
                pos = group.last().map_or(m.end(), |q| q.end.max(m.end()));
                out.extend(group);
            }
            None => pos = m.end(),
        }
    }
    for d in doublings(rules, text) {
        out.retain(|q| q.end <= d.start || q.start >= d.end);
        out.push(d);
    }
    out.sort_by_key(|q| q.start);
    share_list_units(text, &mut out);
    out
}

/// Reads the quantity (or ratio group) at `start`.
fn read_group(rules: &Rules, text: &str, start: usize) -> Option<Vec<Quantity>> {
    let first = read_one(rules, text, start)?;
    if first.unit.is_empty() && starts_with_any(&text[first.end..], &[":", "："]) {
        return Some(read_ratio(rules, text, first));
    }
    let q = read_range(rules, text, first);
    Some(vec![reject_by_context(rules, text, q)])
}

/// One number with its scale, unit and qualifiers.
fn read_one(rules: &Rules, text: &str, start: usize) -> Option<Quantity> {
    let caps = rules.number.captures_at(text, start)?;
    let whole = caps.get(0)?;
    if whole.start() != start {
        return None;
    }
    let core = caps.name("arabic").or_else(|| caps.name("chinese"))?;
    let chinese = caps.name("chinese").is_some();
    let core_end = arabic_core_end(text, core.start(), core.end(), chinese);
    let negative = caps.name("sign").is_some();
    let (scale, mut qualifier, mut end) = read_scale(rules, text, core_end);
    let numeral = format!("{}{}", &text[core.start()..core_end], scale);
    let Number { value, precision } = parse_number(&numeral)?;
    let value = if negative { -value } else { value };
    let (mut value, mut precision, mut unit, mut measure) =
        (value, precision, String::new(), Measure::Amount);
    if let Some(frac) = caps.name("frac") {
        (value, precision, unit, measure) = fraction(frac.as_str(), value, precision)?;
    } else if let Some(u) = rules.units.prefix_of(&text[end..]) {
        end += u.len();
        (unit, measure) = normalize_unit(u);
        if u == "成" {
            if value > Decimal::TEN {
                return None;
            }
            (value, precision) = (value * Decimal::TEN, precision * Decimal::TEN);
        }
    }
    if let Some((w, q)) = rules.qualifier_after(&text[end..]) {
        end += w.len();
        qualifier = Some(q);
    }
    let mut lead = start;
    if let Some((w, q)) = rules.qualifier_before(&text[..start]) {
        lead = start - w.len();
        qualifier = qualifier.or(Some(q));
    }
    Some(Quantity {
        start,
        end,
        lead,
        value,
        value_max: None,
        precision,
        unit,
        measure,
        qualifier,
        chinese,
        scaled: !scale.is_empty(),
        ratio: None,
        rejected: None,
    })
}

/// Where an Arabic number really ends: a full-width comma is a thousands separator only when
/// it cannot be a clause break (two or more groups, or a decimal point after), and a group
/// followed by more digits was not a group at all.
fn arabic_core_end(text: &str, start: usize, end: usize, chinese: bool) -> usize {
    if chinese {
        return end;
    }
    let core = &text[start..end];
    let next_is_digit = text[end..].chars().next().is_some_and(is_digit);
    let fullwidth_groups = core.matches('，').count();
    let has_point = core.contains(['.', '．']);
    let first_sep = core.find([',', '，']);
    match first_sep {
        Some(i) if next_is_digit || (fullwidth_groups == 1 && !has_point) => start + i,
        _ => end,
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Scale characters and 余/多 after a number; stops where a unit begins with a scale character
/// (千瓦时, 百分点).
fn read_scale(rules: &Rules, text: &str, mut pos: usize) -> (String, Option<Qualifier>, usize) {
    let mut scale = String::new();
    let mut qualifier = None;
    while let Some(c) = text[pos..].chars().next() {
        let rest = &text[pos..];
        if (c == '余' || c == '多') && (!scale.is_empty() || next_is_scale(rest)) {
            qualifier = Some(Qualifier::AtLeast);
        } else if SCALE_CHARS.contains(&c) && !unit_starts_with_scale(rules, rest) {
            scale.push(c);
        } else {
            break;
        }
        pos += c.len_utf8();
    }
    (scale, qualifier, pos)
}

fn next_is_scale(rest: &str) -> bool {
    rest.chars()
        .nth(1)
        .is_some_and(|c| SCALE_CHARS.contains(&c))
}

fn unit_starts_with_scale(rules: &Rules, rest: &str) -> bool {
    rules
        .units
        .prefix_of(rest)
        .is_some_and(|u| u.chars().count() > 1)
}

/// 百分之五十 → 50 %, 千分之五 → 5 ‰, 三分之一 → 33.333333 %.
fn fraction(
    prefix: &str,
    value: Decimal,
    precision: Decimal,
) -> Option<(Decimal, Decimal, String, Measure)> {
    match prefix {
        "百分之" => Some((value, precision, "%".into(), Measure::Percent)),
        "千分之" => Some((value, precision, "‰".into(), Measure::PerMille)),
        "万分之" => Some((
            value / Decimal::from(100),
            precision / Decimal::from(100),
            "%".into(),
            Measure::Percent,
        )),
        _ => {
            let denominator = parse_number(prefix.strip_suffix("分之")?)?.value;
            if denominator.is_zero() {
                return None;
            }
            let percent = (value * Decimal::ONE_HUNDRED)
                .checked_div(denominator)?
                .round_dp(6);
            Some((percent, Decimal::new(1, 6), "%".into(), Measure::Percent))
        }
    }
}

/// The unit as the output names it, and what it measures.
fn normalize_unit(u: &str) -> (String, Measure) {
    match u {
        "%" | "％" | "成" => ("%".into(), Measure::Percent),
        "‰" => ("‰".into(), Measure::PerMille),
        "个百分点" | "百分点" | "個百分點" | "百分點" => {
            ("百分点".into(), Measure::Points)
        }
        "倍" => ("倍".into(), Measure::Times),
        _ => (u.to_string(), Measure::Amount),
    }
}

/// A range: 3至5万人, 3%—5%, 5~8倍. The low end takes the high end's scale and unit when it has none.
fn read_range(rules: &Rules, text: &str, low: Quantity) -> Quantity {
    let rest = &text[low.end..];
    let Some(joiner) = RANGE_JOINERS.iter().find(|j| rest.starts_with(**j)) else {
        return low;
    };
    let at = low.end + joiner.len();
    let Some(high) = rules.number.find_at(text, at).filter(|m| m.start() == at) else {
        return low;
    };
    let Some(high) = read_one(rules, text, high.start()) else {
        return low;
    };
    if !low.unit.is_empty() && low.unit != high.unit {
        return low;
    }
    let (value, precision) = if low.unit.is_empty() && !low.scaled && high.scaled {
        let factor = high
            .value
            .checked_div(high.raw_value())
            .unwrap_or(Decimal::ONE);
        (low.value * factor, low.precision * factor)
    } else {
        (low.value, low.precision)
    };
    if high.value < value {
        return low;
    }
    Quantity {
        end: high.end,
        value,
        precision,
        value_max: Some(high.value),
        unit: high.unit.clone(),
        measure: high.measure,
        qualifier: high.qualifier.or(low.qualifier),
        ..low
    }
}

impl Quantity {
    /// The value without its written scale (for 5万: 5), used to carry a scale across a range.
    fn raw_value(&self) -> Decimal {
        let mut v = self.value;
        let mut p = self.precision;
        // The precision of an unscaled integer is 1, so the ratio is the scale factor.
        while p > Decimal::ONE && v.fract().is_zero() {
            v /= Decimal::TEN;
            p /= Decimal::TEN;
        }
        v
    }
}

/// A ratio 3.9:39.0:57.1: each part a quantity. Two integer parts (8:30) read as a clock time
/// and are rejected.
fn read_ratio(rules: &Rules, text: &str, first: Quantity) -> Vec<Quantity> {
    let mut parts = vec![first];
    loop {
        let last_end = parts[parts.len() - 1].end;
        let rest = &text[last_end..];
        let Some(sep) = [":", "："].into_iter().find(|s| rest.starts_with(s)) else {
            break;
        };
        match read_one(rules, text, last_end + sep.len()) {
            Some(q) if q.unit.is_empty() => parts.push(q),
            _ => break,
        }
    }
    let n = parts.len();
    let clock = n == 2 && parts.iter().all(|q| q.precision >= Decimal::ONE);
    for (k, q) in parts.iter_mut().enumerate() {
        q.ratio = Some((k, n));
        if clock {
            q.rejected = Some("clock time");
        } else {
            *q = reject_by_context(rules, text, q.clone());
            q.qualifier = None;
        }
    }
    parts
}

/// Marks quantities that are not claims by what is written right around them.
fn reject_by_context(rules: &Rules, text: &str, mut q: Quantity) -> Quantity {
    let before = &text[..q.start];
    let after = &text[q.end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    q.rejected =
        if prev == Some('[') && next == Some(']') || prev == Some('［') && next == Some('］') {
            Some("footnote marker")
        } else if prev.is_some_and(|c| c.is_ascii_alphabetic())
            || next.is_some_and(|c| c.is_ascii_alphabetic())
        {
            Some("part of a code or name (5A级, PM2.5)")
        } else if rules.not_claim_units.contains(&q.unit) {
            Some("date, duration or age")
        } else if rules.not_claim_before.suffix_of(before).is_some() {
            Some("ordinal or label (第二, 每百元, 表1)")
        } else if prev.is_some_and(|c| c == '.' || c == '．')
            || next == Some('.') && !after[1..].starts_with(char::is_whitespace)
        {
            Some("part of a dotted code")
        } else {
            None
        };
    q
}

/// 翻一番 → 2 倍, 翻两番 → 4 倍, 翻番 → 2 倍.
fn doublings<'a>(rules: &'a Rules, text: &'a str) -> impl Iterator<Item = Quantity> + 'a {
    rules.doubling.captures_iter(text).filter_map(|c| {
        let m = c.get(0)?;
        let times: u32 = match c.name("n").map(|n| n.as_str()) {
            None | Some("一") => 1,
            Some("两") | Some("二") => 2,
            Some("三") => 3,
            _ => 4,
        };
        Some(Quantity {
            start: m.start(),
            end: m.end(),
            lead: m.start(),
            value: Decimal::from(2u32.pow(times)),
            value_max: None,
            precision: Decimal::ONE,
            unit: "倍".into(),
            measure: Measure::Times,
            qualifier: None,
            chinese: true,
            scaled: false,
            ratio: None,
            rejected: None,
        })
    })
}

/// In 0.7和0.1个百分点 the first figure takes the unit (and scale) of the last.
fn share_list_units(text: &str, qs: &mut [Quantity]) {
    for i in (0..qs.len().saturating_sub(1)).rev() {
        let (head, tail) = qs.split_at_mut(i + 1);
        let (a, b) = (&mut head[i], &tail[0]);
        let Some(between) = text.get(a.end..b.start) else {
            continue;
        };
        if !a.unit.is_empty()
            || b.unit.is_empty()
            || a.ratio.is_some()
            || !LIST_JOINERS.contains(&between)
        {
            continue;
        }
        if b.scaled && !a.scaled {
            let factor = b.value.checked_div(b.raw_value()).unwrap_or(Decimal::ONE);
            a.value *= factor;
            a.precision *= factor;
        }
        a.unit = b.unit.clone();
        a.measure = b.measure;
        if a.rejected.is_none() && b.rejected.is_some() {
            a.rejected = b.rejected;
        }
    }
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// A number as the conformance test and other recognizers see it: text, character offsets and
/// value (percents as written: 50 for 50%).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The matched text.
    pub text: String,
    /// Character offset of its start.
    pub start: usize,
    /// Character offset of its end (exclusive).
    pub end: usize,
    /// The exact value.
    pub value: Decimal,
    /// The high end of a range.
    pub value_max: Option<Decimal>,
    /// The unit as the output names it.
    pub unit: String,
}

/// Every number in `text` with the default rules, dates and labels included.
///
/// ```
/// let found = gongbao::scan::find_numbers("增长百分之五十");
/// assert_eq!(found[0].text, "百分之五十");
/// assert_eq!(found[0].value.to_string(), "50");
/// ```
pub fn find_numbers(text: &str) -> Vec<Found> {
    let rules = crate::default_rules();
    scan(rules, text)
        .into_iter()
        .map(|q| Found {
            text: text[q.start..q.end].to_string(),
            start: text[..q.start].chars().count(),
            end: text[..q.end].chars().count(),
            value: q.value,
            value_max: q.value_max,
            unit: q.unit,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let rules = Rules::default();
        let qs = scan(&rules, text);
        assert_eq!(qs.len(), 1, "{text}: {qs:?}");
        qs.into_iter().next().unwrap()
    }

    fn check(text: &str, value: &str, unit: &str) {
        let q = one(text);
        assert_eq!(
            (q.value.normalize().to_string().as_str(), q.unit.as_str()),
            (value, unit),
            "{text}"
        );
    }

    #[test]
    fn arabic_with_scale_and_unit() {
        check("总数为9191.4万名，", "91914000", "名");
        check("1.2万亿元", "1200000000000", "元");
        check("产值3千万元", "30000000", "元");
        check("1,234.5万人", "12345000", "人");
        check("９１９１．４万名", "91914000", "名");
    }

    #[test]
    fn precision_follows_last_digit() {
        assert_eq!(one("9191.4万名").precision.normalize().to_string(), "1000");
        assert_eq!(one("增长1.5%").precision.normalize().to_string(), "0.1");
    }

    #[test]
    fn percents_points_and_times() {
        check("增长1.5%", "1.5", "%");
        check("增长1.5％", "1.5", "%");
        check("提高1.1个百分点", "1.1", "百分点");
        check("出生率为6.77‰", "6.77", "‰");
        check("是上年的1.5倍", "1.5", "倍");
        check("三成", "30", "%");
        check("翻一番", "2", "倍");
        check("翻两番", "4", "倍");
    }

    #[test]
    fn unit_beginning_with_scale_char_is_a_unit() {
        check("发电量1000千瓦时", "1000", "千瓦时");
    }

    #[test]
    fn qualifiers() {
        let q = one("超过126万亿元");
        assert_eq!(q.qualifier, Some(Qualifier::AtLeast));
        assert_eq!(q.lead, 0);
        assert_eq!(one("1200万人以上").qualifier, Some(Qualifier::AtLeast));
        assert_eq!(one("5%左右").qualifier, Some(Qualifier::Approx));
        let q = one("500余万人");
        assert_eq!(
            (q.value, q.qualifier),
            (Decimal::from(5_000_000), Some(Qualifier::AtLeast))
        );
        let q = one("3700多万学生");
        assert_eq!((q.value, q.unit.as_str()), (Decimal::from(37_000_000), ""));
    }

    #[test]
    fn ranges() {
        let q = one("3至5万人");
        assert_eq!(
            (q.value, q.value_max),
            (Decimal::from(30_000), Some(Decimal::from(50_000)))
        );
        let q = one("3%—5%");
        assert_eq!(
            (q.value, q.value_max, q.unit.as_str()),
            (Decimal::from(3), Some(Decimal::from(5)), "%")
        );
    }

    #[test]
    fn list_shares_the_unit() {
        let qs = scan(&Rules::default(), "分别提高0.7和0.1个百分点");
        assert_eq!(qs.len(), 2);
        assert!(qs.iter().all(|q| q.unit == "百分点"));
    }

    #[test]
    fn ratio_parts() {
        let qs = scan(&Rules::default(), "结构为3.9:39.0:57.1。");
        assert_eq!(qs.len(), 3);
        assert_eq!(qs[2].ratio, Some((2, 3)));
        assert!(qs.iter().all(|q| q.rejected.is_none()));
    }

    #[test]
    fn labels_dates_and_footnotes_are_rejected() {
        for text in [
            "国内生产总值[2]1349084亿元",
            "5A级景区",
            "2019年底",
            "第一产业",
            "每百元",
            "40岁及以下",
            "8:30",
        ] {
            let qs = scan(&Rules::default(), text);
            assert!(qs.iter().any(|q| q.rejected.is_some()), "{text}: {qs:?}");
        }
        let qs = scan(&Rules::default(), "国内生产总值[2]1349084亿元");
        assert!(qs[1].rejected.is_none());
    }

    #[test]
    fn negative_and_chinese() {
        check("自然增长率为-0.99‰", "-0.99", "‰");
        check("百分之五十", "50", "%");
        check("三分之一", "33.333333", "%");
    }
}
