//! gongbao: numeric claims from Chinese-language official bulletins.
pub mod model;
pub mod scan;

pub use model::{Claim, Document, Kind, Qualifier, Value};
