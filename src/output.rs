//! Output: documents as flat claim rows (JSON Lines, CSV) and as a wide table of values.
//!
//! A row carries its document's fields (source, sha256, encoding, title, period) so that a file
//! of rows from a whole archive stands on its own.
//!
//! ```
//! let mut doc = gongbao::extract("党员总数为9191.4万名。");
//! doc.source = Some("a.txt".into());
//! let rows: Vec<_> = gongbao::output::rows(&doc).collect();
//! assert_eq!(rows[0].source, "a.txt");
//! assert_eq!(rows[0].value.to_string(), "91914000");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Claim, Document, Kind, Qualifier, Value};

/// One claim with its document's fields, flat, for JSON Lines and CSV.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow<'a> {
    /// The document's path.
    pub source: &'a str,
    /// SHA-256 of the document's bytes.
    pub sha256: Option<&'a str>,
    /// The encoding the document was decoded from.
    pub encoding: Option<&'a str>,
    /// The document's title.
    pub title: Option<&'a str>,
    /// The period the document reports on.
    pub document_period: Option<&'a str>,
    /// The claim's index in its document.
    pub index: usize,
    /// See [`Claim::kind`].
    pub kind: Kind,
    /// See [`Claim::subject`].
    pub subject: &'a str,
    /// See [`Claim::metric`].
    pub metric: Option<&'a str>,
    /// See [`Claim::value`].
    pub value: Value,
    /// See [`Claim::unit`].
    pub unit: &'a str,
    /// See [`Claim::text`].
    pub text: &'a str,
    /// Start of [`Claim::span`].
    pub span_start: usize,
    /// End of [`Claim::span`].
    pub span_end: usize,
    /// See [`Claim::precision`].
    pub precision: Value,
    /// See [`Claim::baseline`].
    pub baseline: Option<&'a str>,
    /// See [`Claim::of`].
    pub of: Option<&'a str>,
    /// See [`Claim::qualifier`].
    pub qualifier: Option<Qualifier>,
    /// See [`Claim::value_max`].
    pub value_max: Option<Value>,
    /// See [`Claim::period`].
    pub period: Option<&'a str>,
    /// See [`Claim::part_of`].
    pub part_of: Option<usize>,
}

/// The rows of one document, in reading order.
pub fn rows(doc: &Document) -> impl Iterator<Item = ClaimRow<'_>> {
    doc.claims
        .iter()
        .enumerate()
        .map(move |(index, c)| row(doc, index, c))
}

fn row<'a>(doc: &'a Document, index: usize, c: &'a Claim) -> ClaimRow<'a> {
    ClaimRow {
        source: doc.source.as_deref().unwrap_or(""),
        sha256: doc.sha256.as_deref(),
        encoding: doc.encoding.as_deref(),
        title: doc.title.as_deref(),
        document_period: doc.period.as_deref(),
        index,
        kind: c.kind,
        subject: &c.subject,
        metric: c.metric.as_deref(),
        value: c.value,
        unit: &c.unit,
        text: &c.text,
        span_start: c.span[0],
        span_end: c.span[1],
        precision: c.precision,
        baseline: c.baseline.as_deref(),
        of: c.of.as_deref(),
        qualifier: c.qualifier,
        value_max: c.value_max,
        period: c.period.as_deref(),
        part_of: c.part_of,
    }
}

/// How a wide table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WideBy {
    /// One row per metric, one column per period.
    #[default]
    Metric,
    /// One row per period, one column per metric.
    Period,
}

/// Values by series and period: the table researchers build from an archive.
///
/// A series is the claim's metric and unit where a schema names a metric (`population.total (人)`),
/// else its kind, subject and unit (`level:全国人口 (人)`), so figures without a metric still line
/// up when worded alike; a kind other than level is named (`gdp.total growth (%)`); a part of a year is added to the series (`gdp.growth (%) [一季度]`). The first
/// figure of a series in a period wins; a later one from another document is counted in
/// [`WideTable::conflicts`].
#[derive(Debug, Default)]
pub struct WideTable {
    cells: BTreeMap<String, BTreeMap<String, Value>>,
    periods: BTreeSet<String>,
    /// Figures dropped because their series already had a value for that period.
    pub conflicts: usize,
}

impl WideTable {
    /// Adds every claim of a document, under the claim's period or else the document's.
    pub fn add(&mut self, doc: &Document) {
        for c in &doc.claims {
            // A year names a column; a part of a year (一季度, 12月份) names a series of its own.
            let claim_year = c.period.as_deref().filter(|p| is_year(p));
            let Some(period) = claim_year.or(doc.period.as_deref()) else {
                continue;
            };
            let mut series = series_name(c);
            if let Some(part) = c.period.as_ref().filter(|p| !is_year(p)) {
                series = format!("{series} [{part}]");
            }
            let row = self.cells.entry(series).or_default();
            if row.contains_key(period) {
                self.conflicts += 1;
                continue;
            }
            row.insert(period.to_string(), c.value);
            self.periods.insert(period.to_string());
        }
    }

    /// Writes the table as CSV.
    pub fn write_csv<W: std::io::Write>(&self, out: W, by: WideBy) -> csv::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let periods: Vec<&String> = self.periods.iter().collect();
        match by {
            WideBy::Metric => {
                w.write_record(
                    std::iter::once("series").chain(periods.iter().map(|p| p.as_str())),
                )?;
                for (series, row) in &self.cells {
                    let cells = periods
                        .iter()
                        .map(|p| row.get(*p).map(ToString::to_string).unwrap_or_default());
                    w.write_record(std::iter::once(series.clone()).chain(cells))?;
                }
            }
            WideBy::Period => {
                w.write_record(
                    std::iter::once("period").chain(self.cells.keys().map(String::as_str)),
                )?;
                for p in &periods {
                    let cells = self
                        .cells
                        .values()
                        .map(|row| row.get(*p).map(ToString::to_string).unwrap_or_default());
                    w.write_record(std::iter::once(p.to_string()).chain(cells))?;
                }
            }
        }
        w.flush()?;
        Ok(())
    }
}

fn is_year(p: &str) -> bool {
    p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit())
}

fn series_name(c: &Claim) -> String {
    let kind = serde_json::to_value(c.kind).ok();
    let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("claim");
    match &c.metric {
        Some(m) if c.kind == Kind::Level => format!("{m} ({})", c.unit),
        Some(m) => format!("{m} {kind} ({})", c.unit),
        None => format!("{kind}:{} ({})", c.subject, c.unit),
    }
}
