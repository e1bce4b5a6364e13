//! Numerals: the text of one number to its exact value.
//!
//! Arabic digits (half- and full-width, with thousands separators and a decimal point),
//! Chinese numerals (一百三十二万, 两千, 零/〇, 壹贰叁 financial forms, traditional 萬億點兩),
//! and mixed forms (9191.4万, 1.2万亿, 3千万, 1亿2300).
//!
//! The reading rules, and why:
//! - A Chinese integer is split at its largest scale character (兆 > 亿 > 万): the part before
//!   is multiplied by the scale, the part after must be smaller than it. So 万亿 and
//!   一万五千亿 need no rule of their own.
//! - A lone digit after a unit is colloquial shorthand for the next place down (一百二 = 120,
//!   一万五 = 15000), unless a 零 came before it (一千零五 = 1005) or it is written in Arabic
//!   digits (1万600 = 10600): Arabic digits always mean what they say.
//! - Two Chinese digits side by side are never one number: 三五 and 七八 are ranges, 一一 is the
//!   adverb "one by one", 十三五 is a plan's name. Three or more are read digit by digit
//!   (一九九八 = 1998), as years and codes are written.
//! - Whitespace may sit next to a Chinese numeral (PDF line breaks, "7 万5 千"), but not between
//!   two Arabic characters: "1 234" is two numbers.
//! - Everything is exact `Decimal` arithmetic with overflow checks; input longer than
//!   [`MAX_CHARS`] is rejected before any work is done.

use rust_decimal::Decimal;

/// An exact number and the place value of its last written digit.
///
/// ```
/// use gongbao::scan::numeral::parse_number;
/// let n = parse_number("9191.4万").unwrap();
/// assert_eq!(n.value.to_string(), "91914000");
/// assert_eq!(n.precision.to_string(), "1000");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The exact value, scale applied.
    pub value: Decimal,
    /// The place value of the last written digit, scale applied (9191.4万 → 1000).
    pub precision: Decimal,
}

/// No number in a bulletin is longer; the bound keeps hostile input cheap to reject.
pub const MAX_CHARS: usize = 60;

/// Parses a string that is exactly one number, or returns `None`.
pub fn parse_number(s: &str) -> Option<Number> {
    parse_pieces(&[s])
}

/// Parses a number written in pieces, as if they were one string (the digits and the scale
/// read after them: 9191.4 and 万), without joining them first.
pub(crate) fn parse_pieces(pieces: &[&str]) -> Option<Number> {
    let plain = match pieces {
        [digits] | [digits, ""] => plain_arabic(digits, "").or_else(|| lone_digit(digits)),
        [digits, scale] => plain_arabic(digits, scale),
        _ => None,
    };
    plain.or_else(|| parse_general(pieces))
}

/// One Chinese digit alone (一, 两, 〇): a third of the numbers a bulletin's text holds, most of
/// them inside words (进一步), read without the general reader, which gives the same.
fn lone_digit(s: &str) -> Option<Number> {
    let mut chars = s.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let digit = match sym(c)? {
        Sym::Digit(d) => d,
        Sym::Liang => 2,
        _ => return None,
    };
    Some(Number {
        value: Decimal::from(digit),
        precision: Decimal::ONE,
    })
}

/// ASCII digits with at most one decimal point inside, then nothing or 万, 亿, 万亿 (9191.4万,
/// 1.2万亿, 300): most numbers of a bulletin, read straight into a `Decimal`. `None` leaves the
/// string to the general reader, which gives the same value for every string read here.
fn plain_arabic(digits: &str, scale: &str) -> Option<Number> {
    let power: u32 = match scale {
        "" => 0,
        "万" | "萬" => 4,
        "亿" | "億" => 8,
        "万亿" | "萬億" => 12,
        _ => return None,
    };
    let bytes = digits.as_bytes();
    // Up to nineteen bytes (eighteen digits and a point, or nineteen digits) fit a u64; a
    // longer number, or one past that room, is left to the general reader.
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut places = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(b - b'0'),
            b'.' if places == 0 && i > 0 && i + 1 < bytes.len() => places = bytes.len() - i - 1,
            _ => return None,
        }
    }
    // Zero is left to the general reader, which takes 0万 for no number.
    if mantissa == 0 {
        return None;
    }
    let places = u32::try_from(places).ok()?;
    let precision = match power.checked_sub(places) {
        Some(whole) => Decimal::from_i128_with_scale(10i128.pow(whole), 0),
        None => Decimal::from_i128_with_scale(1, places - power),
    };
    // The value in its shortest form (no trailing zeros after the point, as
    // `Decimal::normalize` leaves it), put together in integers: normalizing a `Decimal`
    // divides it by ten a step at a time.
    let (mut value, mut value_places) = (mantissa.checked_mul(10u64.pow(power))?, places);
    while value_places > 0 && value % 10 == 0 {
        value /= 10;
        value_places -= 1;
    }
    Some(Number {
        value: Decimal::from_i128_with_scale(i128::from(value), value_places),
        precision,
    })
}

/// Any number [`parse_number`] reads, written in pieces.
fn parse_general(pieces: &[&str]) -> Option<Number> {
    let compact = Compact::of(pieces)?;
    let (negative, body) = split_sign(compact.chars());
    let mut syms = [Sym::Comma; MAX_CHARS];
    for (slot, &c) in syms.iter_mut().zip(body) {
        *slot = sym(c)?;
    }
    let (value, precision) = parse_unsigned(&syms[..body.len()])?;
    let value = if negative { -value } else { value };
    Some(Number {
        value: value.normalize(),
        precision: precision.normalize(),
    })
}

/// Parses an approximate range written with two adjacent digits: 两三 (2~3), 七八 (7~8),
/// 十五六 (15~16), 三五万 (30000~50000), 三四十 (30~40), 一万六七 (16000~17000).
///
/// The digits must be consecutive (三四, 七八), except the idiom 三五 at the start. Exactly one
/// such pair may occur, so 一二三 (123) is not a range and 十三五 (a plan's name) is not 13~15.
pub fn parse_range_pair(s: &str) -> Option<(Number, Number)> {
    let compact = Compact::of(&[s])?;
    let chars = compact.chars();
    let pairs: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| is_range_pair(chars[i], chars[i + 1], i))
        .collect();
    let [i] = pairs[..] else { return None };
    let without = |skip: usize| -> String {
        let kept = chars.iter().enumerate().filter(|&(j, _)| j != skip);
        kept.map(|(_, c)| c).collect()
    };
    let low = parse_number(&without(i + 1))?;
    let high = parse_number(&without(i))?;
    (low.value < high.value).then_some((low, high))
}

fn is_range_pair(a: char, b: char, at: usize) -> bool {
    let (Some(x), Some(y)) = (range_digit(a), range_digit(b)) else {
        return false;
    };
    y == x + 1 || (at == 0 && x == 3 && y == 5)
}

fn range_digit(c: char) -> Option<u8> {
    match sym(c)? {
        Sym::Digit(d) if d > 0 => Some(d),
        Sym::Liang => Some(2),
        _ => None,
    }
}

/// One character of a numeral, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sym {
    /// 0-9, half- or full-width.
    Arabic(u8),
    /// A Chinese digit; 零 and 〇 are 0.
    Digit(u8),
    /// 两/兩: 2 before a unit or alone, but never a digit of a digit-by-digit string.
    Liang,
    /// 廿 卅 卌: twenty, thirty, forty in one character.
    Tens(u8),
    /// 十 百 千 as a power of ten.
    Unit(u32),
    /// 万 亿 兆 as a power of ten.
    Scale(u32),
    /// 点 點
    Point,
    /// . ．
    ArabicPoint,
    /// , ，
    Comma,
}

fn sym(c: char) -> Option<Sym> {
    let s = match c {
        '0'..='9' => Sym::Arabic(c as u8 - b'0'),
        '０'..='９' => Sym::Arabic((c as u32 - '０' as u32) as u8),
        '.' | '．' => Sym::ArabicPoint,
        ',' | '，' => Sym::Comma,
        '点' | '點' => Sym::Point,
        '两' | '兩' | '倆' => Sym::Liang,
        '廿' => Sym::Tens(2),
        '卅' => Sym::Tens(3),
        '卌' => Sym::Tens(4),
        '十' | '拾' => Sym::Unit(1),
        '百' | '佰' => Sym::Unit(2),
        '千' | '仟' => Sym::Unit(3),
        '万' | '萬' => Sym::Scale(4),
        '亿' | '億' => Sym::Scale(8),
        '兆' => Sym::Scale(12),
        _ => Sym::Digit(chinese_digit(c)?),
    };
    Some(s)
}

fn chinese_digit(c: char) -> Option<u8> {
    let d = match c {
        '零' | '〇' => 0,
        '一' | '壹' | '弌' => 1,
        '二' | '贰' | '貳' => 2,
        '三' | '叁' | '參' | '叄' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    };
    Some(d)
}

/// The characters of a number without whitespace, kept on the stack: scan parses thousands of
/// numbers per document, and none has more than [`MAX_CHARS`] characters.
struct Compact {
    buf: [char; MAX_CHARS],
    len: usize,
}

impl Compact {
    /// The characters of `pieces` (read as one string) without whitespace, or `None` when
    /// whitespace splits two Arabic characters or the string, trimmed, is longer than
    /// [`MAX_CHARS`] characters (which ends the walk over a huge input early).
    fn of(pieces: &[&str]) -> Option<Compact> {
        let mut out = Compact {
            buf: ['\0'; MAX_CHARS],
            len: 0,
        };
        // Counted as written, whitespace inside included; whitespace at the ends is trimmed,
        // so a run of it counts only once something follows.
        let mut written = 0;
        let mut spaces = 0;
        for c in pieces.iter().flat_map(|p| p.chars()) {
            if c.is_whitespace() {
                spaces += 1;
                continue;
            }
            if out.len > 0 {
                written += spaces;
            }
            if written >= MAX_CHARS {
                return None;
            }
            let last = out.chars().last().copied();
            if spaces > 0 && last.is_some_and(is_arabic_like) && is_arabic_like(c) {
                return None;
            }
            spaces = 0;
            written += 1;
            out.buf[out.len] = c;
            out.len += 1;
        }
        Some(out)
    }

    fn chars(&self) -> &[char] {
        &self.buf[..self.len]
    }
}

fn is_arabic_like(c: char) -> bool {
    matches!(sym(c), Some(Sym::Arabic(_) | Sym::ArabicPoint | Sym::Comma))
}

fn split_sign(chars: &[char]) -> (bool, &[char]) {
    match chars.first() {
        Some('-' | '−' | '－' | '﹣' | '负' | '負') => (true, &chars[1..]),
        Some('+' | '＋') => (false, &chars[1..]),
        _ => (false, chars),
    }
}

/// 10^power, or `None` beyond what `Decimal` holds.
fn pow10(power: u32) -> Option<Decimal> {
    if power > 28 {
        return None;
    }
    Decimal::try_from_i128_with_scale(10i128.pow(power), 0).ok()
}

/// Where a part of the number sits, which decides what it may look like.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    /// At the very start of the number: a bare 百 or 千 means one hundred, one thousand
    /// (百二萬, 千一), as it cannot elsewhere (一万千五 is not a number).
    at_start: bool,
    /// Digit-by-digit strings (一九九八) are whole numbers, never a part multiplied by a scale.
    digit_string_ok: bool,
}

impl Ctx {
    /// The number as a whole, before anything is split off.
    const WHOLE: Ctx = Ctx {
        at_start: true,
        digit_string_ok: true,
    };
    /// What follows a scale (一万|零五): never at the start, never a digit string.
    const REMAINDER: Ctx = Ctx {
        at_start: false,
        digit_string_ok: false,
    };
}

/// Value and precision of a number without its sign.
fn parse_unsigned(syms: &[Sym]) -> Option<(Decimal, Decimal)> {
    let point = syms
        .iter()
        .position(|s| matches!(s, Sym::Point | Sym::ArabicPoint));
    match point {
        Some(p) => parse_decimal(&syms[..p], syms[p], &syms[p + 1..]),
        None => parse_integer(syms, Ctx::WHOLE),
    }
}

/// A number with a decimal point: `int` point `fraction digits` and an optional scale suffix
/// that multiplies the whole decimal (9191.4万, 二十点一万, 4.78万亿, 3.1千万).
fn parse_decimal(int: &[Sym], point: Sym, tail: &[Sym]) -> Option<(Decimal, Decimal)> {
    let digits = tail.iter().take_while(|s| is_fraction_digit(s)).count();
    let (frac, suffix) = tail.split_at(digits);
    if !point_fits(int, point, frac) {
        return None;
    }
    let (fraction, places) = fraction_value(frac)?;
    let multiplier = suffix_multiplier(suffix)?;
    // 四百亿点零五 is fine, but a scale on both sides (一亿二点五万) is not one number.
    if !suffix.is_empty() && int.iter().any(|s| matches!(s, Sym::Scale(_))) {
        return None;
    }
    let ctx = Ctx {
        digit_string_ok: suffix.is_empty(),
        ..Ctx::WHOLE
    };
    let whole = match int {
        [] => Decimal::ZERO,
        _ => parse_integer(int, ctx)?.0,
    };
    let value = whole.checked_add(fraction)?.checked_mul(multiplier)?;
    let precision = Decimal::new(1, places).checked_mul(multiplier)?;
    Some((value, precision))
}

fn is_fraction_digit(s: &Sym) -> bool {
    matches!(s, Sym::Arabic(_) | Sym::Digit(_))
}

/// "." goes with Arabic digits on both sides (.77 is fine); 点 follows a Chinese integer
/// (一百点123 is fine, but 10点5 reads as a time of day).
fn point_fits(int: &[Sym], point: Sym, frac: &[Sym]) -> bool {
    let arabic_before = matches!(int.last(), Some(Sym::Arabic(_)));
    match point {
        Sym::ArabicPoint => {
            (int.is_empty() || arabic_before) && frac.iter().all(|s| matches!(s, Sym::Arabic(_)))
        }
        _ => !int.is_empty() && !arabic_before,
    }
}

/// The fraction digits as a decimal below one, and how many places they fill.
fn fraction_value(frac: &[Sym]) -> Option<(Decimal, u32)> {
    let arabic = frac.iter().all(|s| matches!(s, Sym::Arabic(_)));
    let chinese = frac.iter().all(|s| matches!(s, Sym::Digit(_)));
    if frac.is_empty() || frac.len() > 28 || !(arabic || chinese) {
        return None;
    }
    let mantissa = frac.iter().fold(0i128, |m, s| match s {
        Sym::Arabic(d) | Sym::Digit(d) => m * 10 + i128::from(*d),
        _ => m,
    });
    let places = frac.len() as u32;
    Some((
        Decimal::try_from_i128_with_scale(mantissa, places).ok()?,
        places,
    ))
}

/// The multiplier of a scale suffix after a decimal: one optional unit (十百千) followed by
/// scales that do not shrink (千万, 万亿). Empty means one.
fn suffix_multiplier(suffix: &[Sym]) -> Option<Decimal> {
    let mut power = 0;
    let mut last_scale = 0;
    for (i, s) in suffix.iter().enumerate() {
        match *s {
            Sym::Unit(p) if i == 0 => power += p,
            Sym::Scale(p) if p >= last_scale => {
                power += p;
                last_scale = p;
            }
            _ => return None,
        }
    }
    pow10(power)
}

/// An integer: split at its largest scale, or Arabic digits, or a digit string, or a section.
fn parse_integer(syms: &[Sym], ctx: Ctx) -> Option<(Decimal, Decimal)> {
    if let Some(top) = top_scale(syms) {
        return split_at_scale(syms, top, ctx);
    }
    if syms
        .iter()
        .all(|s| matches!(s, Sym::Arabic(_) | Sym::Comma))
    {
        return Some((arabic_integer(syms)?, Decimal::ONE));
    }
    if syms.iter().all(|s| matches!(s, Sym::Digit(_) | Sym::Liang)) {
        return digit_string(syms, ctx.digit_string_ok);
    }
    section(syms, ctx.at_start)
}

fn top_scale(syms: &[Sym]) -> Option<u32> {
    syms.iter()
        .filter_map(|s| match s {
            Sym::Scale(p) => Some(*p),
            _ => None,
        })
        .max()
}

/// `head` × scale + `rest`, splitting at the last occurrence of the largest scale, so that
/// 一万亿 is (一万)×亿 and 四千五百六十九万八千三百一十一亿… keeps its 万 inside the 亿 group.
fn split_at_scale(syms: &[Sym], top: u32, ctx: Ctx) -> Option<(Decimal, Decimal)> {
    let at = syms.iter().rposition(|s| *s == Sym::Scale(top))?;
    let (left, right) = (&syms[..at], &syms[at + 1..]);
    // The same scale again on the left is only the doubled scale 万万 (= 亿), never 一亿二亿.
    if left.contains(&Sym::Scale(top)) && left.last() != Some(&Sym::Scale(top)) {
        return None;
    }
    let (head, head_precision) = parse_integer(
        left,
        Ctx {
            digit_string_ok: false,
            ..ctx
        },
    )?;
    if head.is_zero() {
        return None;
    }
    let scale = pow10(top)?;
    let head = head.checked_mul(scale)?;
    if right.is_empty() {
        return Some((head, head_precision.checked_mul(scale)?));
    }
    let (tail, precision) = remainder(right, top)?;
    if tail >= scale {
        return None;
    }
    Some((head.checked_add(tail)?, precision))
}

/// What follows a scale: after 零 a plain number (一万零五 = 10005); a lone Chinese digit is
/// the next place down (一万五 = 15000, 一百二十万三 = 1203000); otherwise a number below it.
fn remainder(right: &[Sym], top: u32) -> Option<(Decimal, Decimal)> {
    let zeros = right.iter().take_while(|s| **s == Sym::Digit(0)).count();
    let rest = &right[zeros..];
    let colloquial = match rest {
        [Sym::Digit(d)] if zeros == 0 => Some(*d),
        [Sym::Liang] if zeros == 0 => Some(2),
        _ => None,
    };
    if let Some(d) = colloquial {
        let place = pow10(top - 1)?;
        return Some((Decimal::from(d).checked_mul(place)?, place));
    }
    if rest.is_empty() {
        return None; // a trailing 零 (十万零) ends nothing
    }
    parse_integer(rest, Ctx::REMAINDER)
}

/// Arabic digits with optional thousands separators, in valid groups of three only.
fn arabic_integer(syms: &[Sym]) -> Option<Decimal> {
    let grouped = syms.contains(&Sym::Comma);
    // Digits are summed in an integer and made a Decimal once: the sum only grows, so it
    // overflows the Decimal at the end exactly when it would have on the way.
    let mut value: u128 = 0;
    for (i, group) in syms.split(|s| *s == Sym::Comma).enumerate() {
        let len_ok = match (grouped, i) {
            (false, _) => !group.is_empty(),
            (true, 0) => (1..=3).contains(&group.len()),
            (true, _) => group.len() == 3,
        };
        if !len_ok {
            return None;
        }
        for s in group {
            let Sym::Arabic(d) = s else { return None };
            value = value.checked_mul(10)?.checked_add(u128::from(*d))?;
        }
    }
    Decimal::try_from_i128_with_scale(i128::try_from(value).ok()?, 0).ok()
}

/// Chinese digits only: one is a digit, two are a range or an adverb (三五, 一一), three or
/// more are read digit by digit (二〇二四) where a whole number may be.
fn digit_string(syms: &[Sym], digit_string_ok: bool) -> Option<(Decimal, Decimal)> {
    if syms == [Sym::Liang] {
        return Some((Decimal::TWO, Decimal::ONE));
    }
    let readable = syms.len() == 1 || (syms.len() >= 3 && digit_string_ok);
    if !readable {
        return None;
    }
    let mut value = Decimal::ZERO;
    for s in syms {
        let Sym::Digit(d) = s else { return None };
        value = value
            .checked_mul(Decimal::TEN)?
            .checked_add(Decimal::from(*d))?;
    }
    Some((value, Decimal::ONE))
}

/// A number below 万 written with units: 一百三十二, 两千零五, 十一, 百二, 1百01, 廿二.
fn section(syms: &[Sym], at_start: bool) -> Option<(Decimal, Decimal)> {
    let mut section = Section::default();
    let mut i = 0;
    while i < syms.len() {
        let step = match syms[i] {
            Sym::Arabic(_) => {
                let run = syms[i..]
                    .iter()
                    .take_while(|s| matches!(s, Sym::Arabic(_) | Sym::Comma))
                    .count();
                section.number(arabic_integer(&syms[i..i + run])?, true)?;
                run
            }
            Sym::Digit(0) => section.zero().map(|_| 1)?,
            Sym::Digit(d) => section.number(d.into(), false).map(|_| 1)?,
            Sym::Liang => section.number(2.into(), false).map(|_| 1)?,
            Sym::Unit(p) => section.unit(p, None, at_start && i == 0).map(|_| 1)?,
            Sym::Tens(k) => section.unit(1, Some(k), false).map(|_| 1)?,
            _ => return None,
        };
        i += step;
    }
    section.finish()
}

/// The state of reading one section, left to right.
#[derive(Debug, Default)]
struct Section {
    value: Decimal,
    precision: Decimal,
    /// A number not yet given its place, and whether it was written in Arabic digits.
    pending: Option<(Decimal, bool)>,
    /// The power of the last unit read: units must fall (千 then 百 then 十).
    last_unit: Option<u32>,
    /// A 零 since the last unit: what follows is a plain number, not shorthand.
    after_zero: bool,
}

impl Section {
    fn number(&mut self, n: Decimal, arabic: bool) -> Option<()> {
        // Two numbers side by side (十三五, 两三) are not one number.
        if self.pending.is_some() {
            return None;
        }
        self.pending = Some((n, arabic));
        Some(())
    }

    fn zero(&mut self) -> Option<()> {
        // 三零 is digit-by-digit writing, which a section cannot hold; after 十 no place is
        // left for a gap to skip (十零五).
        if self.pending.is_some() || self.last_unit == Some(1) {
            return None;
        }
        self.after_zero = true;
        Some(())
    }

    fn unit(&mut self, power: u32, built_in: Option<u8>, may_imply_one: bool) -> Option<()> {
        let multiplier = match (built_in, self.pending.take()) {
            (Some(k), None) => Decimal::from(k),
            (None, Some((n, _))) if (Decimal::ONE..=Decimal::from(9)).contains(&n) => n,
            // 十 alone is ten anywhere (十二, 一百十一); 百 and 千 only at the start (百二, 千一).
            (None, None) if power == 1 || may_imply_one => Decimal::ONE,
            _ => return None,
        };
        if self.last_unit.is_some_and(|last| power >= last) {
            return None;
        }
        let place = pow10(power)?;
        self.value = self.value.checked_add(multiplier.checked_mul(place)?)?;
        self.precision = place;
        self.last_unit = Some(power);
        self.after_zero = false;
        Some(())
    }

    fn finish(self) -> Option<(Decimal, Decimal)> {
        let last = self.last_unit?;
        match self.pending {
            None if self.after_zero => None,
            None => Some((self.value, self.precision)),
            Some((n, false)) if !self.after_zero => {
                // 一百二 = 120: the digit takes the place below the last unit.
                let place = pow10(last - 1)?;
                Some((self.value.checked_add(n.checked_mul(place)?)?, place))
            }
            Some((n, _)) if n < pow10(last)? => Some((self.value.checked_add(n)?, Decimal::ONE)),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Asserts value and precision, both written as plain decimals.
    fn check(input: &str, value: &str, precision: &str) {
        let n = parse_number(input).unwrap_or_else(|| panic!("{input:?} did not parse"));
        assert_eq!(n.value, dec(value), "value of {input:?}");
        assert_eq!(n.precision, dec(precision), "precision of {input:?}");
    }

    fn value(input: &str) -> Option<Decimal> {
        parse_number(input).map(|n| n.value)
    }

    proptest::proptest! {
        #[test]
        fn plain_arabic_reads_like_the_general_reader(
            digits in "[0-9]{1,12}(\\.[0-9]{1,6})?|[0-9]{17,20}|[0-9.]{1,6}",
            scale in proptest::sample::select(vec!["", "万", "亿", "万亿", "萬", "億", "千万", "十"]),
        ) {
            if let Some(fast) = plain_arabic(&digits, scale) {
                let general = parse_general(&[&digits, scale]);
                proptest::prop_assert_eq!(Some(fast), general);
                // Written the same, too (a Decimal equals another of the same value whatever
                // its trailing zeros).
                let written = |n: Number| (n.value.to_string(), n.precision.to_string());
                proptest::prop_assert_eq!(Some(written(fast)), general.map(written));
            }
        }
    }

    #[test]
    fn lone_digits_read_like_the_general_reader() {
        let chars = (0..0x80).chain(0x3000..0xA000).chain(0xFF00..0xFFF0);
        let written = |n: Number| (n.value.to_string(), n.precision.to_string());
        let mut read = 0;
        for c in chars.filter_map(char::from_u32) {
            let s = c.to_string();
            if let Some(fast) = lone_digit(&s) {
                assert_eq!(
                    Some(written(fast)),
                    parse_general(&[&s]).map(written),
                    "{c}"
                );
                read += 1;
            }
        }
        assert!(read >= 20, "the digits and their financial forms: {read}");
    }

    #[test]
    fn precision_examples_from_the_brief() {
        check("9191.4万", "91914000", "1000");
        check("1349084亿", "134908400000000", "100000000");
        check("132", "132", "1");
        check("1.50", "1.5", "0.01");
        check("一百三十二万", "1320000", "10000");
        check("七十二万三千", "723000", "1000");
    }

    #[test]
    fn values_print_without_scale_artifacts() {
        let n = parse_number("9191.4万").unwrap();
        assert_eq!(n.value.to_string(), "91914000");
        assert_eq!(n.precision.to_string(), "1000");
        assert_eq!(
            parse_number("16.4亿").unwrap().value.to_string(),
            "1640000000"
        );
        assert_eq!(parse_number("-0").unwrap().value.to_string(), "0");
    }

    #[test]
    fn arabic_digits() {
        check("0", "0", "1");
        check("01.10", "1.1", "0.01");
        check(".77", "0.77", "0.01");
        check("１２３", "123", "1");
        check("９１９１．４", "9191.4", "0.1");
    }

    #[test]
    fn thousands_separators_only_in_groups_of_three() {
        check("1,234.5", "1234.5", "0.1");
        check("1,200,000", "1200000", "1");
        check("82，225.00", "82225", "0.01");
        check("４，５６５", "4565", "1");
        assert_eq!(value("1,23"), None);
        assert_eq!(value("12,3456"), None);
        assert_eq!(value("1,234,56"), None);
        assert_eq!(value(",123"), None);
        assert_eq!(value("123,"), None);
        assert_eq!(value("1,,234"), None);
        assert_eq!(value("1.234,5"), None);
    }

    #[test]
    fn signs() {
        check("-10.1", "-10.1", "0.1");
        check("−5", "-5", "1");
        check("－1２２", "-122", "1");
        check("负十一", "-11", "1");
        check("負五萬點三", "-50000.3", "0.1");
        check("+1", "1", "1");
        check("- 1,200,000", "-1200000", "1");
        check("负 1200000", "-1200000", "1");
        assert_eq!(value("--9"), None);
        assert_eq!(value("负"), None);
        assert_eq!(value("-"), None);
        assert_eq!(value("5-"), None);
    }

    #[test]
    fn chinese_integers() {
        check("零", "0", "1");
        check("〇", "0", "1");
        check("十", "10", "10");
        check("十二", "12", "1");
        check("一十一", "11", "1");
        check("二十", "20", "10");
        check("一百零一", "101", "1");
        check("一千零五", "1005", "1");
        check("一千零五十", "1050", "10");
        check("一百十一", "111", "1");
        check("两千", "2000", "1000");
        check("九千九百九十九", "9999", "1");
        check("一千零十", "1010", "10");
    }

    #[test]
    fn colloquial_trailing_digit() {
        check("一百二", "120", "10");
        check("三千五", "3500", "100");
        check("一万五", "15000", "1000");
        check("两万三", "23000", "1000");
        check("一百二十万三", "1203000", "1000");
        check("两千四百五", "2450", "10");
        check("一亿五", "150000000", "10000000");
        check("百二萬", "1200000", "100000");
        check("千一", "1100", "100");
        check("百", "100", "100");
    }

    #[test]
    fn sections_by_wan_and_yi() {
        check("一亿二千万", "120000000", "10000000");
        check("一万亿", "1000000000000", "1000000000000");
        check("十万亿", "10000000000000", "10000000000000");
        check("一万五千亿", "1500000000000", "100000000000");
        check("一亿零一", "100000001", "1");
        check("十万零一千", "101000", "1000");
        check("五亿零六", "500000006", "1");
        check("一千零一万一千零一", "10011001", "1");
        check("一亿五千万零六千三百五十五", "150006355", "1");
        check(
            "九千八百七十六万五千四百三十二亿九千八百七十六万五千四百三十二",
            "9876543298765432",
            "1",
        );
        check("四万万", "400000000", "100000000");
        check("五兆六十二亿四万五千二", "5006200045200", "100");
    }

    #[test]
    fn traditional_and_financial_forms() {
        check("三萬四千五百六十七", "34567", "1");
        check("參萬肆仟伍佰陸拾柒", "34567", "1");
        check("壹佰萬零伍拾肆", "1000054", "1");
        check("貳佰零參", "203", "1");
        check("一億零一萬", "100010000", "10000");
        check("負壹佰貳拾萬", "-1200000", "100000");
        check("兩千六", "2600", "100");
        check("倆千两百贰拾二", "2222", "1");
        check("一點一", "1.1", "0.1");
        check("拾", "10", "10");
        check("玖仟陆佰陆拾伍", "9665", "1");
    }

    #[test]
    fn tens_characters() {
        check("廿", "20", "10");
        check("廿二", "22", "1");
        check("卅三", "33", "1");
        check("五百卅四", "534", "1");
        check("一萬零卌", "10040", "10");
        assert_eq!(value("二廿"), None);
    }

    #[test]
    fn chinese_decimals() {
        check("十二点五", "12.5", "0.1");
        check("零点五", "0.5", "0.1");
        check("零點77", "0.77", "0.01");
        check("一百点123", "100.123", "0.001");
        check("两千万点五五四四", "20000000.5544", "0.0001");
        check("十二万三千点零", "123000", "0.1");
        check("四百亿点零五零", "40000000000.05", "0.001");
        check(
            "零点零零零零零零零零零零零零零零一",
            "0.000000000000001",
            "0.000000000000001",
        );
        check("一七二零点一三四", "1720.134", "0.001");
        check("两千三点一", "2300.1", "0.1");
        assert_eq!(value("零点"), None);
        assert_eq!(value("点一"), None);
        assert_eq!(value("零点点"), None);
        assert_eq!(value("两百点两"), None);
        assert_eq!(value("10点5"), None, "a time of day, not a decimal");
        assert_eq!(value("一百.5"), None);
        assert_eq!(value("1.五"), None);
    }

    #[test]
    fn digit_by_digit_strings() {
        check("一九九八", "1998", "1");
        check("二〇二四", "2024", "1");
        check("一二三", "123", "1");
        check("零零三", "3", "1");
        check("一零零零零五四", "1000054", "1");
        assert_eq!(value("两三四"), None, "两 is not read digit by digit");
        assert_eq!(value("一二三万"), None, "a digit string takes no scale");
    }

    #[test]
    fn mixed_arabic_and_chinese() {
        check("1.2万亿", "1200000000000", "100000000000");
        check("3千万", "30000000", "10000000");
        check("5百万", "5000000", "1000000");
        check("1亿2300", "100002300", "1");
        check("1万2千", "12000", "1000");
        check("2.5亿", "250000000", "10000000");
        check("1万600", "10600", "1");
        check("100万三千", "1003000", "1000");
        check("200亿零四千230", "20000004230", "1");
        check("1百01", "101", "1");
        check("1,100.9亿", "110090000000", "10000000");
        check("4.78萬億", "4780000000000", "10000000000");
        check("3.1千万", "31000000", "1000000");
        check("二十点一万", "201000", "1000");
        check("１１.92亿", "1192000000", "1000000");
        check("10万万", "1000000000", "100000000");
        assert_eq!(
            value("1万60000"),
            None,
            "the part after 万 must be below 万"
        );
        assert_eq!(value("1百200"), None);
        assert_eq!(value("20千"), None, "a unit takes a single digit");
    }

    #[test]
    fn whitespace_next_to_chinese_only() {
        check("7 万5 千4 百", "75400", "100");
        check("1000  万", "10000000", "10000");
        check("一百 五 十 二", "152", "1");
        check("四百 点 五", "400.5", "0.1");
        check(" 12 ", "12", "1");
        check("1.34\n万", "13400", "100");
        assert_eq!(value("1 234"), None);
        assert_eq!(value("1, 234"), None);
        assert_eq!(value("1 .5"), None);
    }

    #[test]
    fn not_one_number() {
        for s in [
            "",
            " ",
            "万",
            "亿",
            "万万",
            "万亿",
            "一是",
            "十三五",
            "三五",
            "两三",
            "一一",
            "七八",
            "abc",
            "12a",
            "一万二万",
            "一亿二亿",
            "三零万",
            "十万零",
            "百千",
            "千百",
            "十十",
            "百十一千",
            "一百一千",
            "零百",
            "万九",
            "１２３４５６７8９０ａ",
            "%",
            "50%",
            "一点两",
            "127.0.0.1",
            "2e5",
            "3M",
            "一百元",
            "第一",
            "一万零",
            "0万",
            "零万",
        ] {
            assert_eq!(value(s), None, "{s:?} should not parse");
        }
        assert_eq!(value("十零五"), None, "no gap after 十");
    }

    #[test]
    fn overflow_and_long_input_are_rejected_quickly() {
        let ten_pow_40 = format!("1{}", "0".repeat(40));
        assert_eq!(value(&ten_pow_40), None);
        assert_eq!(value(&"9".repeat(30)), None);
        assert_eq!(value("99999999999999999999万亿亿"), None);
        assert_eq!(value("1亿亿亿亿"), None);
        assert_eq!(value(&format!("0.{}", "1".repeat(29))), None);
        let start = std::time::Instant::now();
        assert_eq!(value(&"1".repeat(10_000_000)), None);
        assert_eq!(value(&"一".repeat(10_000_000)), None);
        assert!(
            start.elapsed().as_millis() < 1000,
            "long input must be rejected early"
        );
    }

    #[test]
    fn largest_values_still_fit() {
        check(
            "79228162514264337593543950335",
            "79228162514264337593543950335",
            "1",
        );
        check(
            "9999万亿亿",
            "999900000000000000000000",
            "100000000000000000000",
        );
        assert_eq!(value("79228162514264337593543950336"), None);
    }

    #[test]
    fn range_pairs() {
        let pair = |s: &str| parse_range_pair(s).map(|(a, b)| (a.value, b.value));
        assert_eq!(pair("两三"), Some((dec("2"), dec("3"))));
        assert_eq!(pair("三五"), Some((dec("3"), dec("5"))));
        assert_eq!(pair("七八"), Some((dec("7"), dec("8"))));
        assert_eq!(pair("十五六"), Some((dec("15"), dec("16"))));
        assert_eq!(pair("三五万"), Some((dec("30000"), dec("50000"))));
        assert_eq!(pair("三四十万"), Some((dec("300000"), dec("400000"))));
        assert_eq!(pair("五六十"), Some((dec("50"), dec("60"))));
        assert_eq!(pair("一万六七"), Some((dec("16000"), dec("17000"))));
        assert_eq!(pair("七百三四十"), Some((dec("730"), dec("740"))));
        let (low, high) = parse_range_pair("三五万").unwrap();
        assert_eq!(
            (low.precision, high.precision),
            (dec("10000"), dec("10000"))
        );
        for s in [
            "十三五",
            "一二三",
            "三",
            "十五",
            "五三",
            "三三",
            "",
            "二〇二四",
            "两两",
        ] {
            assert_eq!(pair(s), None, "{s:?} is not a range pair");
        }
    }

    /// The standard way to write `n` (below 10^16) in Chinese numerals, to read back.
    fn chinese(n: u64) -> String {
        if n == 0 {
            return "零".to_string();
        }
        let (high, low) = (n / 100_000_000, n % 100_000_000);
        match (high, low) {
            (0, _) => below_yi(low),
            (_, 0) => below_yi(high) + "亿",
            _ => {
                let gap = if low < 10_000_000 { "零" } else { "" };
                below_yi(high) + "亿" + gap + &below_yi(low)
            }
        }
    }

    fn below_yi(n: u64) -> String {
        let (high, low) = (n / 10_000, n % 10_000);
        match (high, low) {
            (0, _) => section_text(low),
            (_, 0) => section_text(high) + "万",
            _ => {
                let gap = if low < 1000 { "零" } else { "" };
                section_text(high) + "万" + gap + &section_text(low)
            }
        }
    }

    fn section_text(n: u64) -> String {
        const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        const UNITS: [&str; 4] = ["", "十", "百", "千"];
        let mut out = String::new();
        let (mut started, mut zero) = (false, false);
        for place in (0..4).rev() {
            let d = (n / 10u64.pow(place)) % 10;
            if d == 0 {
                zero |= started;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            out.push_str(DIGITS[d as usize]);
            out.push_str(UNITS[place as usize]);
            started = true;
        }
        out
    }

    #[test]
    fn standard_chinese_writer_reads_back() {
        assert_eq!(chinese(100_001), "一十万零一");
        assert_eq!(chinese(1_2345_0000_0000), "一万二千三百四十五亿");
        assert_eq!(chinese(1_0100_0000), "一亿零一百万");
        assert_eq!(
            value(&chinese(1_2345_0000_0000)),
            Some(dec("1234500000000"))
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_numeral_soup(
            s in "[0-9０-９.．,，点點零〇一二两三四五六七八九十百千万亿兆廿卅卌负＋+ 壹拾佰仟萬億]{0,70}"
        ) {
            let _ = parse_number(&s);
            let _ = parse_range_pair(&s);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,80}") {
            let _ = parse_number(&s);
            let _ = parse_range_pair(&s);
        }

        #[test]
        fn arabic_integers_read_exactly(n in proptest::num::u64::ANY) {
            proptest::prop_assert_eq!(value(&n.to_string()), Some(Decimal::from(n)));
        }

        #[test]
        fn standard_chinese_reads_exactly(n in 0u64..10_000_000_000_000_000) {
            proptest::prop_assert_eq!(value(&chinese(n)), Some(Decimal::from(n)), "{}", chinese(n));
        }

        #[test]
        fn decimals_keep_their_places(int in 0u64..1_000_000, frac in "[0-9]{1,8}") {
            let n = parse_number(&format!("{int}.{frac}")).unwrap();
            let places = u32::try_from(frac.len()).unwrap();
            proptest::prop_assert_eq!(n.precision, Decimal::new(1, places));
            let exact = Decimal::from_str(&format!("{int}.{frac}")).unwrap();
            proptest::prop_assert_eq!(n.value, exact);
        }
    }
}
