//! Scan: find quantities (number, scale, unit, qualifiers) in text.
pub mod numeral;
