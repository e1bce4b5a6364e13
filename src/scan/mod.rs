//! Scan: find quantities — a number, its scale, unit and qualifiers — in text.
//!
//! One compiled pattern (the rule set's `number`) finds where numbers start; the code around it
//! reads what the pattern cannot: 余/多/几 between a number and its scale (500余万, 二十几万), the
//! unit (longest known unit wins, so 千瓦时 is not 千 + 瓦时), qualifiers around it (以上, 左右,
//! 超过了), ranges (3至5万人, 三五万, 20和30之间), lists that share a unit (0.7和0.1个百分点) and
//! ratios (3.9:39.0:57.1).
//!
//! What is not a number is dropped, not merely rejected: a lone numeral character inside a word
//! (四川, 一切, 收拾, 队伍, 零售) and numbers inside a web address.
//!
//! ```
//! let q = gongbao::scan::scan(&gongbao::Rules::default(), "党员总数为9191.4万名，");
//! assert_eq!(q[0].value.to_string(), "91914000");
//! assert_eq!(q[0].unit, "名");
//! ```

pub mod numeral;
pub(crate) mod starts;

use std::ops::Range;

use compact_str::CompactString;

use rust_decimal::Decimal;

use crate::Qualifier;
use crate::chars::CharFilter;
use crate::rules::Rules;
use numeral::{MAX_CHARS, Number, parse_number, parse_pieces, parse_range_pair};

/// Scale characters that may follow a number (9191.4万, 3千万, 1.2万亿).
const SCALE_CHARS: &[char] = &['十', '百', '千', '万', '亿', '萬', '億'];
/// The large scales: a range's low end without one takes the high end's (三至五万 = 3万至5万).
const LARGE_SCALES: &[char] = &['万', '亿', '萬', '億'];
/// Characters that join the two ends of a range (3至5万人, 3%—5%).
const RANGE_JOINERS: &[char] = &['至', '到', '—', '–', '－', '~', '～', '-'];
/// Words that join the two ends of a range closed by 之间 or 间 (20和30之间, 10000与20000间).
const BETWEEN_JOINERS: &[char] = &['和', '与', '與', '及'];
/// What closes a range opened by a [`BETWEEN_JOINERS`] word.
const BETWEEN_CLOSERS: &[&str] = &["之间", "之間", "间", "間"];
/// Characters that join items of a list sharing one unit (0.7和0.1个百分点).
const LIST_JOINERS: &[&str] = &["和", "、", "及", "与", "或"];
/// Words allowed between a qualifier of two or more characters and its number (超过了80, 至少有10).
const QUALIFIER_FILLERS: &[char] = &['了', '有', '是', '为'];
/// Numeral characters that are never a number on their own, being common in words: the
/// financial forms 伍 拾 陆 肆 (队伍, 收拾, 大陆, 放肆) and bare scales (百分位, 万一).
const NEVER_ALONE: &str = "伍拾陆陸肆佰仟百千万亿萬億廿卅卌";
/// Characters after which a lone numeral character is still a number (是五这是, 前三的, 答案是四
/// 不是五, 切两半): particles and conjunctions that do not make a word with it. After any other
/// Han character that is no unit, a lone numeral is part of a word (四川, 一切, 十足, 一是).
const AFTER_LONE_NUMERAL: &str = "的这這那不而却卻也和或与與及了还還又在到至比呢吗嗎吧啊呀半";
/// Chinese digits (not units), as may follow a decimal point.
const CHINESE_DIGITS: &str = "零〇一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖";
/// Dashes that may sign a number.
const DASHES: &[char] = &['-', '−', '－'];

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
    /// Byte offset where the numeral itself starts (after a sign or a prefix such as 百分之).
    pub number_start: usize,
    /// Byte offset where the numeral and its scale end (before its unit and a qualifier after
    /// it; 余 and 几 inside the number, as in 十余万, belong to it).
    pub number_end: usize,
    /// The exact value, scale applied; percents as written.
    pub value: Decimal,
    /// The high end of a range.
    pub value_max: Option<Decimal>,
    /// The place value of the last written digit, scale applied.
    pub precision: Decimal,
    /// The unit as written without the scale (% for 百分之 and 成, 百分点 for 个百分点).
    pub unit: CompactString,
    /// How the unit measures the number.
    pub measure: Measure,
    /// A qualifier written before or after it.
    pub qualifier: Option<Qualifier>,
    /// Written in Chinese numerals (一百三十二万) rather than digits.
    pub chinese: bool,
    /// Its scale (万, 亿) was written after Arabic digits.
    pub scaled: bool,
    /// Part `k` of `n` of a ratio (3.9:39.0:57.1).
    pub ratio: Option<(usize, usize)>,
    /// Why it is not a claim by its form alone (a date, an ordinal, a label), if so.
    pub rejected: Option<&'static str>,
}

/// Finds every quantity in `text`, in order, including those that are not claims by their form
/// (dates, ordinals, labels), which carry the reason in [`Quantity::rejected`].
pub fn scan(rules: &Rules, text: &str) -> Vec<Quantity> {
    // The full samples have a number in about every forty bytes: room for nearly all of them
    // at once, as growing moves every quantity found so far (but not room for a huge text's
    // worth before a number is seen).
    let mut out = Vec::with_capacity((text.len() / 32).min(8192));
    let mut pos = 0;
    while let Some(m) = find_number(rules, text, pos) {
        if m.len() > MAX_CHARS * 4 {
            // No number is this long (a run of numerals, a chain of digit groups): skipping it
            // whole keeps the scan linear, as a number may end inside its match.
            pos = m.end;
            continue;
        }
        let before = out.len();
        read_group(rules, text, m.clone(), &mut out);
        // A number may end inside the match (两百|点两, 五十|千): the rest is read again.
        pos = match out[before..].last() {
            Some(q) => q.end.max(m.start + 1),
            None => m.end,
        };
        while !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    let may_double = rules.doubling_first.is_none_or(|c| {
        memchr::memmem::find(text.as_bytes(), c.encode_utf8(&mut [0; 4]).as_bytes()).is_some()
    });
    let doubled: Vec<Quantity> = match may_double {
        true => doublings(rules, text).collect(),
        false => Vec::new(),
    };
    if !doubled.is_empty() {
        let spans: Vec<Range<usize>> = doubled.iter().map(|d| d.start..d.end).collect();
        out.retain(|q| !overlaps(&spans, q.start..q.end));
        out.extend(doubled);
    }
    out.sort_by_key(|q| q.start);
    share_list_units(text, &mut out);
    let addresses = web_addresses(text);
    out.retain(|q| !is_word(text, q) && !inside(&addresses, q.start));
    out
}

/// Reads the quantity (or the parts of a ratio) of the number pattern's match `m` into `out`.
fn read_group(rules: &Rules, text: &str, m: Range<usize>, out: &mut Vec<Quantity>) {
    let Some(first) = read_one(rules, text, m) else {
        return;
    };
    if first.unit.is_empty()
        && first.value_max.is_none()
        && text[first.end..].starts_with([':', '：'])
    {
        read_ratio(rules, text, first, out);
        return;
    }
    // Read on in place: a quantity is large, and each move copies it.
    out.push(first);
    if let Some(q) = out.last_mut() {
        read_range(rules, text, q);
        reject_by_context(rules, text, q);
    }
}

/// A numeral as read: its value (or range), scale and where it ends.
struct Numeral {
    value: Decimal,
    precision: Decimal,
    value_max: Option<Decimal>,
    /// A scale was read after Arabic digits.
    scaled: bool,
    /// 余, 多 or 几 inside the number (十余万, 二十几万).
    qualifier: Option<Qualifier>,
    end: usize,
}

/// The named groups of the rules' number pattern in one match, as byte ranges of the text.
#[derive(Debug, Default, PartialEq)]
struct Groups {
    presign: Option<Range<usize>>,
    frac: Option<Range<usize>>,
    sign: Option<Range<usize>>,
    arabic: Option<Range<usize>>,
    chinese: Option<Range<usize>>,
}

/// The Chinese numerals of the built-in pattern's fractions (三分之一), digits and places.
const FRACTION_NUMERALS: &[char] = &[
    '零', '〇', '一', '二', '两', '兩', '倆', '三', '四', '五', '六', '七', '八', '九', '十', '百',
    '千', '万', '亿', '萬', '億', '壹', '贰', '貳', '叁', '參', '肆', '伍', '陆', '陸', '柒', '捌',
    '玖', '拾', '佰', '仟', '廿', '卅', '卌',
];

/// Characters that may open a sign before a number in the built-in pattern.
const SIGN_CHARS: &[char] = &['-', '−', '－', '负', '負'];

impl Groups {
    /// The groups of the match `m`. Most matches are a plain number; with the built-in pattern
    /// their groups follow from the first character, and the capturing search (the costliest
    /// step of the scan) runs only for fractions and percents written out (百分之, 三分之一).
    fn of(rules: &Rules, text: &str, m: Range<usize>) -> Option<Groups> {
        let found = &text[m.clone()];
        if rules.number_is_builtin && !has_fen(found) {
            let groups = Groups::plain(found, m.start);
            debug_assert_eq!(Some(&groups), Groups::captured(rules, text, m).as_ref());
            return Some(groups);
        }
        Groups::captured(rules, text, m)
    }

    /// A plain number of the built-in pattern: a sign, then Arabic digits or Chinese numerals.
    fn plain(found: &str, at: usize) -> Groups {
        // Most matches start with an ASCII digit, told by its byte; a sign is looked for
        // only before anything else.
        let sign_len = match found.as_bytes() {
            [b'0'..=b'9', ..] => 0,
            _ => found
                .chars()
                .next()
                .filter(|c| SIGN_CHARS.contains(c))
                .map_or(0, char::len_utf8),
        };
        let core = at + sign_len..at + found.len();
        let arabic = digit_len(found.as_bytes(), sign_len).is_some();
        Groups {
            sign: (sign_len > 0).then_some(at..at + sign_len),
            arabic: arabic.then(|| core.clone()),
            chinese: (!arabic).then_some(core),
            ..Groups::default()
        }
    }

    /// The groups as the pattern's capturing search reports them. The built-in pattern looks
    /// at nothing past a match, so its search may stop at the match's end; a pattern of a rule
    /// file may (`\b`, `$`), so it gets the whole text.
    fn captured(rules: &Rules, text: &str, m: Range<usize>) -> Option<Groups> {
        let pattern = &rules.number;
        let haystack = if rules.number_is_builtin {
            &text[..m.end]
        } else {
            text
        };
        let caps = pattern.captures_at(haystack, m.start)?;
        let mut groups = Groups::default();
        for (i, name) in pattern.capture_names().enumerate() {
            let slot = match name {
                Some("presign") => &mut groups.presign,
                Some("frac") => &mut groups.frac,
                Some("sign") => &mut groups.sign,
                Some("arabic") => &mut groups.arabic,
                Some("chinese") => &mut groups.chinese,
                _ => continue,
            };
            *slot = caps.get(i).map(|g| g.range());
        }
        Some(groups)
    }
}

/// The first match of the number pattern at or after byte `pos`.
fn find_number(rules: &Rules, text: &str, pos: usize) -> Option<Range<usize>> {
    match &rules.number_starts {
        Some(search) if rules.number_is_builtin => search.find_at_with(text, pos, plain_number),
        Some(search) => search.find_at(text, pos),
        None => rules.number.find_at(text, pos).map(|m| m.range()),
    }
}

/// The built-in number pattern's match at `start`, when it is a plain number in digits
/// (5.2, 1,234, 1244) or a plain run of Chinese numerals ([`plain_chinese`]): most numbers of
/// a bulletin, read without running the pattern. `None` when the digits may open a fraction
/// (3分之1) or `start` holds neither, for the pattern to read. Debug builds check each answer
/// against the pattern.
fn plain_number(text: &str, start: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if digit_len(bytes, start).is_none() {
        return plain_chinese(text, start);
    }
    let digits = |mut at: usize| {
        while let Some(n) = digit_len(bytes, at) {
            at += n;
        }
        at
    };
    let mut end = digits(start);
    // Most numbers are followed by what no fraction's numerals are (., %, 年, 元).
    let fraction_may_follow = matches!(bytes.get(end), Some(0x80..) | Some(b' ' | b'\t'));
    if fraction_may_follow && may_open_fraction(text, start) {
        return None;
    }
    // Groups of three after a separator: 1,234,567.
    'groups: while let Some(comma) = mark_len(bytes, end, b',', [0xEF, 0xBC, 0x8C]) {
        let mut at = end + comma;
        for _ in 0..3 {
            match digit_len(bytes, at) {
                Some(n) => at += n,
                None => break 'groups,
            }
        }
        end = at;
    }
    if let Some(dot) = mark_len(bytes, end, b'.', [0xEF, 0xBC, 0x8E])
        && digit_len(bytes, end + dot).is_some()
    {
        end = digits(end + dot);
    }
    Some(start..end)
}

/// The built-in pattern's match at `start` when it is a run of Chinese numerals that nothing
/// after can continue (一 of 进一步, 二〇二三 of 二〇二三年): a third of a bulletin's places a
/// number may start. `None` when `start` is no numeral, or what follows may make the match
/// longer or a fraction (a space, 兆, 点, 分, a digit), for the pattern to read.
fn plain_chinese(text: &str, start: usize) -> Option<Range<usize>> {
    let mut end = start;
    for c in text[start..].chars() {
        if is_chinese_numeral(c) {
            end += c.len_utf8();
            continue;
        }
        let may_continue = matches!(c, ' ' | '\t' | '\u{3000}' | '兆' | '点' | '點' | '分');
        if may_continue || is_digit(c) {
            return None;
        }
        break;
    }
    (end > start).then_some(start..end)
}

/// Whether `c` is one of the built-in pattern's Chinese numerals.
fn is_chinese_numeral(c: char) -> bool {
    CHINESE_NUMERALS.may_contain(Some(c)) && FRACTION_NUMERALS.contains(&c)
}

/// [`FRACTION_NUMERALS`] as a filter that turns most other characters away at once.
static CHINESE_NUMERALS: CharFilter = CharFilter::of_chars(FRACTION_NUMERALS);

/// The length of the digit (half- or full-width) at byte `at`, if there is one.
fn digit_len(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..)? {
        [b'0'..=b'9', ..] => Some(1),
        [0xEF, 0xBC, 0x90..=0x99, ..] => Some(3),
        _ => None,
    }
}

/// The length of the mark at byte `at`, if it is `half` or (in UTF-8) `full`.
fn mark_len(bytes: &[u8], at: usize, half: u8, full: [u8; 3]) -> Option<usize> {
    match bytes.get(at..)? {
        [b, ..] if *b == half => Some(1),
        [a, b, c, ..] if [*a, *b, *c] == full => Some(3),
        _ => None,
    }
}

/// Whether numerals and spaces from `start` on reach a 分, as in 3分之1: the pattern may read
/// a fraction there. Up to six numerals may come before it.
fn may_open_fraction(text: &str, start: usize) -> bool {
    let mut numerals = 0;
    for c in text[start..].chars() {
        match c {
            '分' => return true,
            ' ' | '\t' | '\u{3000}' => {}
            c if is_digit(c) || FRACTION_NUMERALS.contains(&c) => {
                numerals += 1;
                if numerals > 6 {
                    return false;
                }
            }
            _ => return false,
        }
    }
    false
}

/// The match of the number pattern that starts exactly at `at`, if any.
fn number_at(rules: &Rules, text: &str, at: usize) -> Option<Range<usize>> {
    if let Some(search) = &rules.number_starts {
        return search.at(text, at);
    }
    let m = rules.number.find_at(text, at)?;
    (m.start() == at).then(|| m.range())
}

/// One number with its scale, unit and qualifiers, from the number pattern's match `m`.
fn read_one(rules: &Rules, text: &str, m: Range<usize>) -> Option<Quantity> {
    let at = m.start;
    let groups = Groups::of(rules, text, m)?;
    let chinese = groups.chinese.is_some();
    let core = groups.arabic.or(groups.chinese)?;
    let frac = groups.frac.map(|f| &text[f]);
    let mut start = at;
    // 负百分之十三 is −13 %; 负三分之负一 is a third.
    let mut negative = groups.presign.is_some() != groups.sign.is_some();
    if let Some(sign) = groups.sign
        && frac.is_none()
        && sign.start == at
        && text[..at].ends_with(DASHES)
    {
        // －－9: a dash after a dash signs nothing.
        start = sign.end;
        negative = false;
    }
    let core_end = if chinese {
        denominator_given_back(text, core.start, core.end)
    } else {
        arabic_core_end(text, core.start, core.end)
    };
    let numeral = read_numeral(rules, text, core.start, core_end, chinese)?;
    let (mut value, mut precision, mut value_max) =
        (numeral.value, numeral.precision, numeral.value_max);
    if negative {
        (value, value_max) = match value_max {
            Some(max) => (-max, Some(-value)),
            None => (-value, None),
        };
    }
    let (mut unit, mut measure) = (CompactString::default(), Measure::Amount);
    let mut end = numeral.end;
    if let Some(frac) = frac {
        let prefix: String = frac.split_whitespace().collect();
        let max = match value_max {
            Some(m) => Some(fraction(&prefix, m, precision)?.0),
            None => None,
        };
        (value, precision, unit, measure) = fraction(&prefix, value, precision)?;
        value_max = max;
    } else {
        let space = horizontal_space(&text[end..]);
        if let Some(u) = rules.units.prefix_of(&text[end + space..]) {
            // 成 is tenths, so at most ten of them (十成); 30成为 is 30 and a verb.
            let tenths = u == "成";
            if !tenths || value.abs() <= Decimal::TEN {
                end += space + u.len();
                (unit, measure) = normalize_unit(u);
            }
            if tenths && !unit.is_empty() {
                value *= Decimal::TEN;
                precision *= Decimal::TEN;
                value_max = match value_max {
                    Some(m) => Some(m.checked_mul(Decimal::TEN)?),
                    None => None,
                };
            }
        }
    }
    let mut qualifier = numeral.qualifier;
    if let Some((w, q)) = rules.qualifier_after(&text[end..]) {
        end += w.len();
        qualifier = Some(q);
    }
    let mut lead = start;
    if let Some((len, q)) = qualifier_before(rules, &text[..start]) {
        lead = start - len;
        qualifier = qualifier.or(Some(q));
    }
    Some(Quantity {
        start,
        end,
        lead,
        number_start: core.start,
        number_end: numeral.end,
        value,
        value_max,
        precision,
        unit,
        measure,
        qualifier,
        chinese,
        scaled: numeral.scaled,
        ratio: None,
        rejected: None,
    })
}

/// The numeral from `start` to `core_end` with the scale and 余/多/几 after it. A Chinese run
/// that is not one number may be a range of two adjacent digits (三五万), or a number followed
/// by what cannot continue it (两百|点两, 五十|千): then the number ends there.
fn read_numeral(
    rules: &Rules,
    text: &str,
    start: usize,
    core_end: usize,
    chinese: bool,
) -> Option<Numeral> {
    let (scale, qualifier, end) = read_scale(rules, text, core_end);
    let mut core = &text[start..core_end];
    if qualifier.is_some() {
        // 一百零几万: the 零 holds the place of the unknown digit.
        core = core.trim_end_matches(['零', '〇']);
    }
    let scaled = !chinese && !scale.is_empty();
    if let Some(Number { value, precision }) = parse_pieces(&[core, &scale]) {
        return Some(Numeral {
            value,
            precision,
            value_max: None,
            scaled,
            qualifier,
            end,
        });
    }
    if !chinese {
        return None;
    }
    let written = format!("{core}{scale}");
    if let Some((low, high)) = parse_range_pair(&written).filter(|_| !is_name(rules, &written)) {
        return Some(Numeral {
            value: low.value,
            precision: low.precision,
            value_max: Some(high.value),
            scaled,
            qualifier,
            end,
        });
    }
    let cut = text[start..start + cut_point(core)?].trim_end();
    let Number { value, precision } = parse_number(cut)?;
    Some(Numeral {
        value,
        precision,
        value_max: None,
        scaled: false,
        qualifier: None,
        end: start + cut.len(),
    })
}

/// Whether the whole of `written` is a phrase of the rules that names something (十四五 is a
/// plan, not 14 or 15).
fn is_name(rules: &Rules, written: &str) -> bool {
    rules
        .not_claim_phrases
        .as_ref()
        .and_then(|p| p.find(written))
        .is_some_and(|m| m.start() == 0 && m.end() == written.len())
}

/// Where a Chinese run that is not one number can end: before a 点 that starts no decimal
/// (两百点两), or right after a unit and before one no smaller (五十千, 七十百分位). Never
/// between two digits (十三五, 三百九十九三) nor between a digit and its unit (八百一千): those
/// are not a number followed by another. The part before must hold a digit (千千万万 is none).
fn cut_point(core: &str) -> Option<usize> {
    let mut last_unit = None;
    let mut prev = None;
    let mut digit_seen = false;
    for (i, c) in core.char_indices() {
        let after_unit = prev.is_some_and(|p: char| "十拾百佰千仟万萬亿億".contains(p));
        let power = match c {
            '点' | '點' if digit_seen => return Some(i),
            '十' | '拾' => 1,
            '百' | '佰' => 2,
            '千' | '仟' => 3,
            _ => {
                if LARGE_SCALES.contains(&c) || c == '兆' {
                    last_unit = None;
                } else if !c.is_whitespace() {
                    digit_seen = true;
                }
                if !c.is_whitespace() {
                    prev = Some(c);
                }
                continue;
            }
        };
        if digit_seen && after_unit && last_unit.is_some_and(|last| power >= last) {
            return Some(i);
        }
        last_unit = Some(power);
        prev = Some(c);
    }
    None
}

/// A run of Chinese numerals right before 分之 leaves its last 百, 千 or 万 to the fraction that
/// follows: 百分之四百三十二万分之四 is 432 % and then 万分之四.
fn denominator_given_back(text: &str, start: usize, end: usize) -> usize {
    if !text[end..].starts_with("分之") {
        return end;
    }
    match text[start..end].char_indices().next_back() {
        Some((i, '百' | '千' | '万' | '萬')) if i > 0 => start + i,
        _ => end,
    }
}

/// Where an Arabic number really ends: a full-width comma is a thousands separator only when
/// it cannot be a clause break (two or more groups, or a decimal point after), a group
/// followed by more digits was not a group at all, and in a dotted sequence (2222.2222.222,
/// 127.0.0.1) a dot is no decimal point.
fn arabic_core_end(text: &str, start: usize, end: usize) -> usize {
    let core = &text[start..end];
    if core.bytes().all(|b| b.is_ascii_digit()) {
        return end; // no point and no separator: nothing to decide (most numbers)
    }
    let point = core.find(['.', '．']);
    if let Some(p) = point
        && (dot_then_digit(&text[end..]) || digit_then_dot(&text[..start]))
    {
        return arabic_core_end(text, start, start + p);
    }
    let next_is_digit = text[end..].chars().next().is_some_and(is_digit);
    let fullwidth_groups = core.matches('，').count();
    let first_sep = core.find([',', '，']);
    match first_sep {
        Some(i) if next_is_digit || (fullwidth_groups == 1 && point.is_none()) => start + i,
        _ => end,
    }
}

fn dot_then_digit(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('.' | '．')) && chars.next().is_some_and(is_digit)
}

fn digit_then_dot(s: &str) -> bool {
    let mut chars = s.chars().rev();
    matches!(chars.next(), Some('.' | '．')) && chars.next().is_some_and(is_digit)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Bytes of spaces and tabs (half- or full-width) at the start of `s`: PDF text puts them
/// between a number and its scale or unit (十 余 万, １０ 成).
fn horizontal_space(s: &str) -> usize {
    // By bytes: this runs several times for every number, and most numbers have no space.
    let bytes = s.as_bytes();
    let mut at = 0;
    loop {
        match bytes[at..] {
            [b' ' | b'\t', ..] => at += 1,
            [0xE3, 0x80, 0x80, ..] => at += 3,
            _ => return at,
        }
    }
}

/// Scale characters and 余/多/几 after a number; stops where a unit begins with a scale character
/// (千瓦时, 百分点).
fn read_scale(
    rules: &Rules,
    text: &str,
    mut pos: usize,
) -> (CompactString, Option<Qualifier>, usize) {
    let mut scale = CompactString::default();
    let mut qualifier = None;
    // The character before, for 几: only asked for then.
    let mut last = None;
    loop {
        let space = horizontal_space(&text[pos..]);
        let rest = &text[pos + space..];
        let Some(c) = rest.chars().next() else { break };
        let approximate = match c {
            // 500余万, 3700多万, 十多个: before a scale or a unit, or after a scale.
            '余' | '多' => {
                !scale.is_empty() || scale_or_unit_follows(rules, &rest[c.len_utf8()..])
            }
            // 二十几万, 一百零几万, 十几: only after a place (几 alone after a digit is no number).
            '几' | '幾' => last
                .or_else(|| text[..pos].chars().next_back())
                .is_some_and(|l| "十百千万亿萬億拾佰仟零〇".contains(l)),
            _ => false,
        };
        if approximate {
            qualifier = Some(Qualifier::AtLeast);
        } else if SCALE_CHARS.contains(&c)
            && !unit_starts_with_scale(rules, rest)
            && !rest[c.len_utf8()..].starts_with("分之")
        {
            scale.push(c);
        } else {
            break;
        }
        pos += space + c.len_utf8();
        last = Some(c);
    }
    (scale, qualifier, pos)
}

fn scale_or_unit_follows(rules: &Rules, rest: &str) -> bool {
    let rest = &rest[horizontal_space(rest)..];
    rest.starts_with(SCALE_CHARS) || rules.units.prefix_of(rest).is_some()
}

fn unit_starts_with_scale(rules: &Rules, rest: &str) -> bool {
    rules
        .units
        .prefix_of(rest)
        .is_some_and(|u| u.chars().count() > 1)
}

/// The qualifier right before a number, and its length in bytes: a word of the rules, or a
/// word of two or more characters and a filler (超过了80, 至少有10, 最多为5).
fn qualifier_before(rules: &Rules, before: &str) -> Option<(usize, Qualifier)> {
    if let Some((w, q)) = rules.qualifier_before(before) {
        return Some((w.len(), q));
    }
    let filler = before
        .chars()
        .next_back()
        .filter(|c| QUALIFIER_FILLERS.contains(c))?;
    let rest = &before[..before.len() - filler.len_utf8()];
    let (w, q) = rules.qualifier_before(rest)?;
    (w.chars().count() >= 2).then_some((w.len() + filler.len_utf8(), q))
}

/// 百分之五十 → 50 %, 千分之五 → 5 ‰, 三分之一 → 33.333333 %.
fn fraction(
    prefix: &str,
    value: Decimal,
    precision: Decimal,
) -> Option<(Decimal, Decimal, CompactString, Measure)> {
    match prefix {
        "百分之" => Some((value, precision, "%".into(), Measure::Percent)),
        "千分之" => Some((value, precision, "‰".into(), Measure::PerMille)),
        "万分之" | "萬分之" => Some((
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
            let percent = value
                .checked_mul(Decimal::ONE_HUNDRED)?
                .checked_div(denominator)?
                .round_dp(6);
            Some((percent, Decimal::new(1, 6), "%".into(), Measure::Percent))
        }
    }
}

/// The unit as the output names it, and what it measures.
fn normalize_unit(u: &str) -> (CompactString, Measure) {
    match u {
        "%" | "％" | "成" => ("%".into(), Measure::Percent),
        "‰" => ("‰".into(), Measure::PerMille),
        "个百分点" | "百分点" | "個百分點" | "百分點" => {
            ("百分点".into(), Measure::Points)
        }
        "倍" => ("倍".into(), Measure::Times),
        _ => (u.into(), Measure::Amount),
    }
}

/// A range: 3至5万人, 3%—5%, 5~8倍, 20 - 100个, 20和30之间, 百分之三十到四十一. The low end takes
/// the high end's large scale and unit when it has none.
fn read_range(rules: &Rules, text: &str, low: &mut Quantity) {
    if low.value_max.is_some() {
        return;
    }
    let space_before = horizontal_space(&text[low.end..]);
    let mut at = low.end + space_before;
    let rest = &text[at..];
    // Every joiner is one character: the next one is compared with them, not the text with each.
    let Some(joiner) = rest.chars().next() else {
        return;
    };
    let between = match joiner {
        j if RANGE_JOINERS.contains(&j) => false,
        j if BETWEEN_JOINERS.contains(&j) => true,
        _ => return,
    };
    at += joiner.len_utf8();
    let space_after = horizontal_space(&text[at..]);
    // 20 - 100 is a range; in a table row, 9.94\t-10.4 is two figures, the second negative.
    if (space_before > 0) != (space_after > 0) {
        return;
    }
    at += space_after;
    let Some(mut high) = number_at(rules, text, at).and_then(|m| read_one(rules, text, m)) else {
        return;
    };
    let mut end = high.end;
    if between {
        // 间 closes the range even where it could be a measure word (10000与20000间).
        let after = high.number_end;
        let close = &text[after + horizontal_space(&text[after..])..];
        let Some(c) = BETWEEN_CLOSERS.iter().find(|c| close.starts_with(**c)) else {
            return;
        };
        end = text.len() - close.len() + c.len();
        if high.end <= end {
            (high.unit, high.measure, high.qualifier) =
                (CompactString::default(), Measure::Amount, None);
        } else {
            end = high.end;
        }
    }
    if high.unit.is_empty() && percent_prefix(text, low) {
        // 百分之三十到四十一: the prefix gives both ends their unit.
        (high.unit, high.measure) = (low.unit.clone(), low.measure);
    }
    if !low.unit.is_empty() && low.unit != high.unit {
        return;
    }
    let factor = large_scale(text, &high);
    let (value, precision) = if low.unit.is_empty() && large_scale(text, low) == Decimal::ONE {
        match (
            low.value.checked_mul(factor),
            low.precision.checked_mul(factor),
        ) {
            (Some(v), Some(p)) => (v, p),
            _ => return, // beyond Decimal: no range
        }
    } else {
        (low.value, low.precision)
    };
    let high_value = high.value_max.unwrap_or(high.value);
    if high_value <= value {
        return;
    }
    low.qualifier = high.qualifier.or(low.qualifier);
    (low.end, low.number_end) = (end, high.number_end);
    (low.value, low.precision, low.value_max) = (value, precision, Some(high_value));
    (low.unit, low.measure) = (high.unit, high.measure);
}

/// Whether the quantity was written with the prefix 百分之 or 千分之, which can serve a range.
fn percent_prefix(text: &str, q: &Quantity) -> bool {
    let prefix: String = text[q.start..q.number_start].split_whitespace().collect();
    prefix.ends_with("百分之") || prefix.ends_with("千分之")
}

/// The factor of the large scale written at the end of a numeral (5万 → 10000, 3.2亿 → 10^8,
/// 500余万 → 10000), or one. Arabic digits count their whole written scale (3千 → 1000).
fn large_scale(text: &str, q: &Quantity) -> Decimal {
    let mut factor = Decimal::ONE;
    for c in text[q.number_start..q.number_end].chars().rev() {
        let power = match c {
            '万' | '萬' => 4,
            '亿' | '億' => 8,
            '千' if !q.chinese => 3,
            '百' if !q.chinese => 2,
            '十' if !q.chinese => 1,
            '余' | '多' | '几' | '幾' | ' ' | '\t' | '\u{3000}' => 0,
            _ => break,
        };
        factor = factor
            .checked_mul(Decimal::from(10u64.pow(power)))
            .unwrap_or(factor);
    }
    factor
}

/// A ratio 3.9:39.0:57.1: each part a quantity. Two integer parts (8:30) read as a clock time
/// and are rejected.
fn read_ratio(rules: &Rules, text: &str, first: Quantity, out: &mut Vec<Quantity>) {
    let mut parts = vec![first];
    loop {
        let last_end = parts[parts.len() - 1].end;
        let rest = &text[last_end..];
        let Some(sep) = [":", "："].into_iter().find(|s| rest.starts_with(s)) else {
            break;
        };
        let next = number_at(rules, text, last_end + sep.len());
        match next.and_then(|m| read_one(rules, text, m)) {
            Some(q) if q.unit.is_empty() && q.value_max.is_none() => parts.push(q),
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
            reject_by_context(rules, text, q);
            q.qualifier = None;
        }
    }
    out.extend(parts);
}

/// A lone numeral character that is part of a word, not a number: 四川, 一切, 两岸, 十足 (a
/// digit followed by a Han character that is neither a unit nor in [`AFTER_LONE_NUMERAL`]), and
/// [`NEVER_ALONE`] characters anywhere (队伍, 收拾, 大陆, 百分位). A digit before 点 and a digit
/// (一点两) is a number, and so is one after 第, 每 or /.
fn is_word(text: &str, q: &Quantity) -> bool {
    let mut numeral = text[q.number_start..q.number_end].chars();
    let (Some(c), None) = (numeral.next(), numeral.next()) else {
        return false;
    };
    // A sign alone (负百) does not make a number of a lone character; 百分之百 does.
    let prefix_only_sign = !has_fen(&text[q.start..q.number_start]);
    let bare = q.chinese
        && prefix_only_sign
        && (q.start == q.number_start || NEVER_ALONE.contains(c))
        && q.qualifier.is_none()
        && q.value_max.is_none()
        && q.ratio.is_none();
    if !bare {
        return false;
    }
    if text[..q.start].ends_with(['第', '每', '/', '／']) {
        return false; // an ordinal or a rate's base (第一产业, 每百元, 部/百人): rejected later
    }
    if NEVER_ALONE.contains(c) {
        return true; // even before a measure word: 登陆部队, 拾起, 百家, 万人 (but 近万人, 千余人)
    }
    if !q.unit.is_empty() {
        return false;
    }
    if text[q.number_end..].starts_with("分之") {
        return false; // the denominator of an unfinished fraction (还有二分之。)
    }
    let mut after = text[q.number_end..].chars();
    match after.next() {
        Some('点' | '點') => after.next().is_none_or(|d| !CHINESE_DIGITS.contains(d)),
        Some(next) => is_han(next) && !AFTER_LONE_NUMERAL.contains(next),
        None => false,
    }
}

/// Whether `s` holds 分 (E5 88 86), found by its last byte: `str::contains` sets up a
/// substring search, which costs more than the short texts of numbers take to read.
fn has_fen(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(0x86, b).any(|i| i >= 2 && b[i - 2..i] == [0xE5, 0x88])
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Byte ranges of web addresses (https://…, www.…), in order: the numbers in them are not
/// numbers of the text.
fn web_addresses(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut marks: Vec<usize> = memchr::memmem::find_iter(bytes, b"://").collect();
    marks.extend(memchr::memmem::find_iter(bytes, b"www."));
    if marks.is_empty() {
        return Vec::new();
    }
    marks.sort_unstable();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for i in marks {
        if spans.last().is_some_and(|s| i < s.end) {
            continue;
        }
        // The scheme before :// (https), at most a few letters.
        let scheme = text[..i]
            .chars()
            .rev()
            .take(16)
            .take_while(char::is_ascii_alphabetic)
            .count();
        let end = text[i..]
            .find(|c: char| !c.is_ascii_graphic())
            .map_or(text.len(), |t| i + t);
        spans.push(i - scheme..end);
    }
    spans
}

/// Whether `r` overlaps one of `spans` (in order, not overlapping each other).
fn overlaps(spans: &[Range<usize>], r: Range<usize>) -> bool {
    let i = spans.partition_point(|s| s.end <= r.start);
    spans.get(i).is_some_and(|s| s.start < r.end)
}

fn inside(spans: &[Range<usize>], at: usize) -> bool {
    let i = spans.partition_point(|s| s.end <= at);
    spans.get(i).is_some_and(|s| s.contains(&at))
}

/// Marks quantities that are not claims by what is written right around them.
fn reject_by_context(rules: &Rules, text: &str, q: &mut Quantity) {
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
            number_start: m.start(),
            number_end: m.end(),
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
        if large_scale(text, a) == Decimal::ONE {
            let factor = large_scale(text, b);
            match (a.value.checked_mul(factor), a.precision.checked_mul(factor)) {
                (Some(v), Some(p)) => (a.value, a.precision) = (v, p),
                _ => continue, // beyond Decimal: not one list
            }
        }
        a.unit = b.unit.clone();
        a.measure = b.measure;
        if a.rejected.is_none() && b.rejected.is_some() {
            a.rejected = b.rejected;
        }
    }
}

/// A number as the conformance test and other recognizers see it: text, character offsets and
/// value (percents as written: 50 for 50%).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The matched text.
    pub text: String,
    /// Character offset of its start.
    pub start: usize,
    /// Character offset of its end (exclusive), after its unit and a qualifier after it.
    pub end: usize,
    /// Character offset where a qualifier before it starts (超过 in 超过80), or `start`.
    pub lead: usize,
    /// Character offset where the number and its scale end, before its unit and a qualifier
    /// after it (9191.4万 in 9191.4万名, 四百 in 四百多).
    pub number_end: usize,
    /// The exact value; the low end of a range.
    pub value: Decimal,
    /// The high end of a range.
    pub value_max: Option<Decimal>,
    /// The unit as the output names it.
    pub unit: String,
    /// A qualifier written with it (超过, 以上, 余, 几, 左右).
    pub qualifier: Option<Qualifier>,
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
    // Quantities come in order of their start: count characters once, forward.
    let (mut byte, mut chars) = (0, 0);
    scan(rules, text)
        .into_iter()
        .map(|q| {
            chars += text[byte..q.start].chars().count();
            byte = q.start;
            let from_start = |at: usize| chars + text[q.start..at].chars().count();
            Found {
                text: text[q.start..q.end].to_string(),
                start: chars,
                end: from_start(q.end),
                lead: chars - text[q.lead..q.start].chars().count(),
                number_end: from_start(q.number_end.max(q.start)),
                value: q.value,
                value_max: q.value_max,
                unit: q.unit.into(),
                qualifier: q.qualifier,
            }
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

    fn texts(text: &str) -> Vec<String> {
        scan(&Rules::default(), text)
            .iter()
            .map(|q| text[q.start..q.end].to_string())
            .collect()
    }

    #[test]
    fn numeral_characters_inside_words_are_not_numbers() {
        for text in [
            "我家在四川",
            "一切",
            "我一看你就笑",
            "两岸关系",
            "美味十足",
            "这是我的队伍",
            "退伍",
            "小明每天收拾房间",
            "《朝花夕拾》",
            "这个人很放肆",
            "远离大陆",
            "登陆部队",
            "拾起石子",
            "社会消费品零售总额",
            "一共",
            "拾",
            "百分位",
            "十四五规划",
            "一是",
            "千千万万",
        ] {
            assert_eq!(texts(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn lone_numerals_in_numeral_context_are_numbers() {
        assert_eq!(texts("这不是四川这是五"), ["五"]);
        assert_eq!(texts("答案是四不是五"), ["四", "五"]);
        assert_eq!(texts("排名前三的品牌"), ["三"]);
        assert_eq!(texts("一点两小时"), ["一", "两小时"]);
        assert_eq!(texts("第一产业"), ["一"]);
        assert_eq!(texts("每百元"), ["百元"]);
        assert_eq!(texts("近千人"), ["千人"]);
        assert_eq!(texts("还有二分之。"), ["二"]);
    }

    #[test]
    fn approximations_join_the_number() {
        let q = one("十 余 万");
        assert_eq!(
            (q.value, q.qualifier),
            (Decimal::from(100_000), Some(Qualifier::AtLeast))
        );
        assert_eq!(one("二十几万").value, Decimal::from(200_000));
        assert_eq!(one("一百零几万").value, Decimal::from(1_000_000));
        assert_eq!(
            one("一百 二 十 几亿").value,
            Decimal::from(12_000_000_000u64)
        );
        assert_eq!(
            one("三十万多亿").value,
            Decimal::from(30_000_000_000_000u64)
        );
        let q = one("十多个");
        assert_eq!((q.value, q.unit.as_str()), (Decimal::TEN, "个"));
        assert_eq!(one("十多个").qualifier, Some(Qualifier::AtLeast));
        let q = one("四百多");
        assert_eq!((q.value, q.number_end), (Decimal::from(400), "四百".len()));
    }

    #[test]
    fn zhao_joins_numerals_but_not_units() {
        check("四十九兆九千五百九十二億元", "49959200000000", "元");
        check("一兆零三百万两千三百人", "1000003002300", "人");
        check("装机3兆瓦", "3", "兆瓦");
    }

    #[test]
    fn a_run_that_is_no_number_ends_where_it_breaks() {
        assert_eq!(texts("两百点两"), ["两百", "两"]);
        assert_eq!(texts("五十千"), ["五十"]);
        assert_eq!(texts("百分之七十百分位"), ["百分之七十"]);
        assert!(texts("三百九十九三").is_empty());
        assert!(texts("八百一千").is_empty());
        let qs = scan(&Rules::default(), "五十千克");
        assert_eq!(
            (qs[0].value, qs[0].unit.as_str()),
            (Decimal::from(50), "千克")
        );
    }

    #[test]
    fn more_ranges() {
        let range = |text: &str| {
            let q = one(text);
            (q.value, q.value_max.unwrap(), q.unit)
        };
        let d = Decimal::from;
        assert_eq!(range("5-20%"), (d(5), d(20), "%".into()));
        assert_eq!(range("20 - 100个"), (d(20), d(100), "个".into()));
        assert_eq!(range("三五万"), (d(30_000), d(50_000), "".into()));
        assert_eq!(range("三至五万人"), (d(30_000), d(50_000), "人".into()));
        assert_eq!(range("一千到一千五百"), (d(1000), d(1500), "".into()));
        assert_eq!(range("位于20和30之间"), (d(20), d(30), "".into()));
        assert_eq!(range("10000与20000间"), (d(10_000), d(20_000), "".into()));
        assert_eq!(range("百分之三十到四十一"), (d(30), d(41), "%".into()));
        assert_eq!(range("三四成"), (d(30), d(40), "%".into()));
        // A table row: two figures, the second negative.
        assert_eq!(texts("9.94\t-10.4"), ["9.94", "-10.4"]);
        assert_eq!(texts("0.7和0.1"), ["0.7", "0.1"]);
    }

    #[test]
    fn fractions_tenths_and_signs() {
        check("负百分之十三", "-13", "%");
        check("负的百分之二十", "-20", "%");
        check("负千分之15", "-15", "‰");
        check("二分 之一", "50", "%");
        check("一万万分之七", "0.000007", "%");
        check("负３分之负一百五十七", "5233.333333", "%");
        check("９成", "90", "%");
        check("六 点 五 成", "65", "%");
        check("１０ 成", "100", "%");
        assert_eq!(
            texts("百分之四百三十二万分之四"),
            ["百分之四百三十二", "万分之四"]
        );
        let q = one("30成为");
        assert_eq!((q.value, q.unit.as_str()), (Decimal::from(30), ""));
        assert_eq!(texts("－－9"), ["9"]);
    }

    #[test]
    fn qualifier_with_a_filler() {
        for (text, lead) in [("超过了80", 0), ("至少有10个", 0), ("最多为5", 0)] {
            let q = one(text);
            assert_eq!(q.lead, lead, "{text}");
            assert!(q.qualifier.is_some(), "{text}");
        }
        // A one-character qualifier takes no filler: 最近有3个 is not "about 3".
        assert_eq!(one("最近有3个").qualifier, None);
    }

    #[test]
    fn dotted_sequences_and_addresses() {
        assert_eq!(
            texts("2222.2222.22222.222"),
            ["2222", "2222", "22222", "222"]
        );
        assert!(texts("访问 https://www.test.com/search?q=30%25%2020% 可见").is_empty());
        assert_eq!(texts("见www.stats.gov.cn，增长5%"), ["5%"]);
    }

    /// Wherever the built-in pattern reads a fraction after a digit (1三分之1, 1 分之1), the
    /// plain reading steps aside for it: the numerals `may_open_fraction` knows are the
    /// pattern's. (It may step aside where the pattern reads none; that only costs time.)
    #[test]
    fn plain_numbers_leave_every_fraction_to_the_pattern() {
        let rules = crate::default_rules();
        let chars = (0..0x80).chain(0x3000..0xA000).chain(0xFF00..0xFFF0);
        for c in chars.filter_map(char::from_u32) {
            let text = format!("1{c}分之1");
            let fen = 1 + c.len_utf8();
            let reads_fraction = number_at(rules, &text, 0).is_some_and(|m| m.end > fen);
            if reads_fraction {
                assert!(may_open_fraction(&text, 0), "{text}");
            }
        }
    }

    /// Every character the plain reading takes for a Chinese numeral is one to the pattern,
    /// and a run of them before any character it does not step aside for is the pattern's
    /// whole match.
    #[test]
    fn plain_chinese_runs_are_the_patterns_matches() {
        let rules = crate::default_rules();
        let chars = (0..0x80).chain(0x3000..0xA000).chain(0xFF00..0xFFF0);
        for c in chars.filter_map(char::from_u32) {
            for text in [format!("{c}步"), format!("三{c}"), format!("十{c}五")] {
                if let Some(m) = plain_chinese(&text, 0) {
                    assert_eq!(Some(m), number_at(rules, &text, 0), "{text}");
                }
            }
            let numeral = number_at(rules, &format!("{c}步"), 0).is_some_and(|m| m.start == 0);
            let by_pattern = numeral && !SIGN_CHARS.contains(&c) && !is_digit(c);
            assert_eq!(is_chinese_numeral(c), by_pattern, "{c}");
        }
    }

    #[test]
    fn fen_is_found_by_its_bytes() {
        for s in [
            "分",
            "百分之",
            "三分之一",
            "",
            "5",
            "份",
            "一二分",
            "\u{8886}",
        ] {
            assert_eq!(has_fen(s), s.contains('分'), "{s}");
        }
    }

    #[test]
    fn values_beyond_decimal_do_not_panic() {
        for text in [
            "10000000000000000000至1万亿",
            "7922816251426433759354395033至1万亿",
            "七万九千二百二十八亿一千六百二十五万一千四百二十七至1万万亿",
            "77777777777777777777777777～百万",
            "10000000000000000000和1万亿个",
            "792281625142643375935439503和1万亿个",
            "三分之9999999999999999999999999999",
            "三分之一万亿亿亿",
            "9999999999999999999999999999成",
        ] {
            let _ = find_numbers(text);
        }
    }

    #[test]
    fn find_numbers_counts_characters() {
        let f = find_numbers("甲超过了八十余万人以上，乙");
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].lead, f[0].start, f[0].number_end, f[0].end),
            (1, 4, 8, 11)
        );
        assert_eq!(f[0].text, "八十余万人以上");
    }

    #[test]
    fn negative_and_chinese() {
        check("自然增长率为-0.99‰", "-0.99", "‰");
        check("百分之五十", "50", "%");
        check("三分之一", "33.333333", "%");
    }

    proptest::proptest! {
        /// The plain numbers read without the pattern are the pattern's matches.
        #[test]
        fn numbers_are_found_as_the_pattern_finds_them(
            s in "[0-9０-９.．,，分之 \t\u{3000}一二十百万亿兆点點〇兩壹廿年步%－负-]{0,40}"
        ) {
            let rules = crate::default_rules();
            let mut pos = 0;
            loop {
                let ours = find_number(rules, &s, pos);
                let theirs = rules.number.find_at(&s, pos).map(|m| m.range());
                proptest::prop_assert_eq!(&ours, &theirs);
                let Some(m) = ours else { break };
                pos = m.end.max(m.start + 1);
                while !s.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }

        #[test]
        fn never_panics_on_numeral_soup(
            s in "[0-9０-９.．,，:：%％‰ \t\u{3000}点點零〇一二两兩倆三四五六七八九十百千万亿兆萬億壹拾伍陆肆几幾余多分之负－~到至和间成个人元第每/a-z]{0,60}"
        ) {
            let rules = crate::default_rules();
            for q in scan(rules, &s) {
                proptest::prop_assert!(q.lead <= q.start && q.start < q.end && q.end <= s.len());
                proptest::prop_assert!(q.number_start <= q.number_end);
            }
            let _ = find_numbers(&s);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,80}") {
            let _ = find_numbers(&s);
        }
    }
}
