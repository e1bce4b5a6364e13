//! Audit: rounding-aware consistency checks between claims, within a document and across a series.
//!
//! Every stated figure stands for an interval: 1.5% for [1.45, 1.55], 9191.4万 for
//! [9191.35万, 9191.45万] (its precision, halved, either side). Qualifiers widen or bound it: 以上
//! gives [v, +∞), 以下 (−∞, v], 约 and 左右 ± the larger of a whole unit of the last digit and 5%
//! of the value. A check carries its inputs' intervals through the arithmetic — on exact decimals,
//! never floats — and calls a statement consistent when the computed interval meets the stated one,
//! as the GRIM test does for reported means. Where figures cannot be compared (real growth against
//! nominal levels, different units, a whole that may be zero) the check is `not_checkable` and says
//! why; missing inputs give no check at all. Nothing is ever `inconsistent` for want of data.
//!
//! ```
//! use gongbao::audit::{audit, Relation, Verdict};
//! let doc = gongbao::extract("截至2019年底，中国共产党党员总数为9191.4万名，比上年净增132.0万名，增幅为1.5%。");
//! let checks = audit(&doc);
//! let growth = checks.iter().find(|c| c.relation == Relation::Growth).unwrap();
//! assert_eq!(growth.verdict, Verdict::Consistent);
//! assert_eq!(growth.explanation, "132.0万 ÷ (9191.4万 − 132.0万) = 1.457%, stated 1.5%");
//! ```

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write;

use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::{Deserialize, Serialize};

use crate::model::{Claim, Document, Kind, Qualifier, Value};
use crate::schema::Schemas;

/// What a check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// growth ≈ change ÷ (level − change).
    Growth,
    /// share ≈ part ÷ whole.
    Share,
    /// Listed parts of one total sum to no more than it (to it, when they are all of it).
    PartsWithinTotal,
    /// share(t) − share(t−1) ≈ the stated change in percentage points.
    ShareChange,
    /// Across documents: level(t) − change(t) ≈ level(t−1) (or level(t) ÷ (1 + growth)).
    PreviousLevel,
    /// Across documents: share(t) − share_change(t) ≈ share(t−1).
    PreviousShare,
}

impl Relation {
    /// The name used in the output contract (`parts_within_total`).
    pub fn name(self) -> &'static str {
        match self {
            Relation::Growth => "growth",
            Relation::Share => "share",
            Relation::PartsWithinTotal => "parts_within_total",
            Relation::ShareChange => "share_change",
            Relation::PreviousLevel => "previous_level",
            Relation::PreviousShare => "previous_share",
        }
    }
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The computed interval meets the stated one: rounding explains any difference.
    Consistent,
    /// No rounding of the inputs explains the stated figure.
    Inconsistent,
    /// The figures cannot be compared; the explanation says why.
    NotCheckable,
}

impl Verdict {
    /// The name used in the output contract (`not_checkable`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::NotCheckable => "not_checkable",
        }
    }
}

/// One consistency check: its inputs, what they allow, what the text states, and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What is compared.
    pub relation: Relation,
    /// What the check is about, as the text names it (for parts: the total, then its parts).
    pub subject: String,
    /// The schema metric of the stated figure, where one maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// consistent, inconsistent or not_checkable.
    pub verdict: Verdict,
    /// The stated figure the inputs are checked against, as the output contract writes values.
    pub stated: Value,
    /// The interval the stated figure stands for (its rounding and qualifier); null for no bound.
    pub stated_range: [Option<Value>; 2],
    /// The interval the inputs allow, rounded outward to six significant digits; null for no
    /// bound, or in place of the pair when nothing could be computed.
    pub computed: Option<[Option<Value>; 2]>,
    /// Indexes of the claims involved (into the document's claims), the stated one last.
    pub claims: Vec<usize>,
    /// For checks across documents: the index (into the series) of each claim's document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<usize>,
    /// The document's source (its path), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The arithmetic in one line a person can read.
    pub explanation: String,
}

/// A closed interval of exact decimals; `None` is an unbounded end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// The low end (−∞ when `None`).
    pub lo: Option<Decimal>,
    /// The high end (+∞ when `None`).
    pub hi: Option<Decimal>,
}

impl Interval {
    /// Every number.
    pub const ALL: Interval = Interval { lo: None, hi: None };

    /// [lo, hi].
    pub fn new(lo: Decimal, hi: Decimal) -> Self {
        Interval {
            lo: Some(lo.min(hi)),
            hi: Some(lo.max(hi)),
        }
    }

    /// [d, d].
    pub fn exact(d: Decimal) -> Self {
        Interval::new(d, d)
    }

    /// The interval a claim's figure stands for: its value ± half its precision, its range, and
    /// its qualifier (以上 [v, +∞), 以下 (−∞, v], 约 ± max(precision, 5% of the value)).
    pub fn of_claim(c: &Claim) -> Self {
        let v = c.value.0;
        let top = c.value_max.map_or(v, |m| m.0.max(v));
        let p = c.precision.0.abs();
        let half = p / Decimal::TWO;
        match c.qualifier {
            None => Interval::new(v - half, top + half),
            Some(Qualifier::Approx) => {
                let rel = Decimal::new(5, 2);
                let m = p.max(v.abs() * rel).max(top.abs() * rel);
                Interval::new(v - m, top + m)
            }
            // A negative figure with 超过 (下降超过5%) is at least that large a fall.
            Some(Qualifier::AtLeast) if v.is_sign_negative() && !v.is_zero() => Interval {
                lo: None,
                hi: Some(top),
            },
            Some(Qualifier::AtLeast) => Interval {
                lo: Some(v),
                hi: None,
            },
            Some(Qualifier::AtMost) if v.is_sign_negative() && !v.is_zero() => Interval {
                lo: Some(v),
                hi: None,
            },
            Some(Qualifier::AtMost) => Interval {
                lo: None,
                hi: Some(top),
            },
        }
    }

    /// The interval times a constant.
    pub fn scale(self, k: Decimal) -> Interval {
        let mul = |a: Option<Decimal>| a.and_then(|a| a.checked_mul(k));
        if k.is_sign_negative() {
            Interval {
                lo: mul(self.hi),
                hi: mul(self.lo),
            }
        } else {
            Interval {
                lo: mul(self.lo),
                hi: mul(self.hi),
            }
        }
    }

    /// Whether zero lies in the interval.
    pub fn contains_zero(&self) -> bool {
        self.lo.is_none_or(|l| l <= Decimal::ZERO) && self.hi.is_none_or(|h| h >= Decimal::ZERO)
    }

    /// The quotient, or `None` when the divisor may be zero. The result is widened outward by a
    /// hair (10⁻²⁰ relative) to cover the rounding of decimal division.
    pub fn checked_div(self, o: Interval) -> Option<Interval> {
        if o.contains_zero() {
            return None;
        }
        if o.hi.is_some_and(|h| h < Decimal::ZERO) {
            return (-self).checked_div(-o);
        }
        // Here o ⊂ (0, +∞], with a finite positive low end.
        let c = o.lo?;
        let d = o.hi;
        let q = |a: Decimal, b: Option<Decimal>| match b {
            Some(b) => a.checked_div(b),
            None => Some(Decimal::ZERO),
        };
        let lo = match self.lo {
            None => None,
            Some(a) if a >= Decimal::ZERO => q(a, d),
            Some(a) => a.checked_div(c),
        };
        let hi = match self.hi {
            None => None,
            Some(b) if b >= Decimal::ZERO => b.checked_div(c),
            Some(b) => q(b, d),
        };
        let eps = |x: Decimal| x.abs().max(Decimal::ONE) * Decimal::new(1, 20);
        Some(Interval {
            lo: lo.map(|x| x - eps(x)),
            hi: hi.map(|x| x + eps(x)),
        })
    }

    /// Whether two intervals share a point.
    pub fn meets(&self, o: &Interval) -> bool {
        let below = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        below(self.lo, o.hi) && below(o.lo, self.hi)
    }

    /// The bounds as output values, rounded outward to six significant digits.
    fn output(&self) -> [Option<Value>; 2] {
        [
            self.lo.map(|d| Value(round_outward(d, false))),
            self.hi.map(|d| Value(round_outward(d, true))),
        ]
    }

    fn exact_output(&self) -> [Option<Value>; 2] {
        [self.lo.map(Value), self.hi.map(Value)]
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;

    /// The sum: an unbounded end, or an overflow, leaves that end unbounded.
    fn add(self, o: Interval) -> Interval {
        let add = |a: Option<Decimal>, b: Option<Decimal>| a?.checked_add(b?);
        Interval {
            lo: add(self.lo, o.lo),
            hi: add(self.hi, o.hi),
        }
    }
}

impl std::ops::Neg for Interval {
    type Output = Interval;

    fn neg(self) -> Interval {
        Interval {
            lo: self.hi.map(|d| -d),
            hi: self.lo.map(|d| -d),
        }
    }
}

impl std::ops::Sub for Interval {
    type Output = Interval;

    fn sub(self, o: Interval) -> Interval {
        self + -o
    }
}

/// `d` rounded to six significant digits (keeping every integer digit), down or up.
fn round_outward(d: Decimal, up: bool) -> Decimal {
    if d.is_zero() {
        return d;
    }
    let digits = digit_count(d.abs().trunc().normalize().mantissa());
    let keep = if digits > 0 {
        6u32.saturating_sub(digits)
    } else {
        // 0.000123…: six digits after the leading zeros (the scale less the digits written).
        let zeros = d.scale() - digit_count(d.mantissa());
        (zeros + 6).min(28)
    };
    if d.scale() <= keep {
        return d.normalize();
    }
    let strategy = if up {
        RoundingStrategy::ToPositiveInfinity
    } else {
        RoundingStrategy::ToNegativeInfinity
    };
    d.round_dp_with_strategy(keep, strategy).normalize()
}

/// How many decimal digits a mantissa has (none for 0).
fn digit_count(mantissa: i128) -> u32 {
    mantissa
        .unsigned_abs()
        .checked_ilog10()
        .map_or(0, |l| l + 1)
}

/// Checks the figures of documents against each other, with a set of schemas.
#[derive(Debug, Clone, Copy)]
pub struct Auditor<'s> {
    schemas: &'s Schemas,
}

impl Default for Auditor<'static> {
    fn default() -> Self {
        Auditor {
            schemas: Schemas::builtin(),
        }
    }
}

/// Checks within one document, with the built-in schemas.
pub fn audit(doc: &Document) -> Vec<Check> {
    Auditor::default().audit(doc)
}

/// Checks across documents of one series (levels and shares against the previous period's), with
/// the built-in schemas. Periods come from the claims' `period`, else from the order given.
pub fn audit_series(docs: &[Document]) -> Vec<Check> {
    Auditor::default().audit_series(docs)
}

/// Words in a sentence before a growth rate that make it real growth (at comparable prices).
const REAL_GROWTH_MARKERS: &[&str] = &[
    "可比价",
    "不变价",
    "扣除价格因素",
    "实际增长",
    "实际下降",
    "实际提高",
    "实际减少",
];

/// How far (in characters) a share's part may be from the share.
const PART_WINDOW: usize = 300;

impl<'s> Auditor<'s> {
    /// An auditor that maps claims with these schemas.
    pub fn new(schemas: &'s Schemas) -> Self {
        Auditor { schemas }
    }

    /// Checks within one document. Without the text, a growth rate counts as real (at comparable
    /// prices) when its metric says so, or when it follows another rate of the same subject.
    pub fn audit(&self, doc: &Document) -> Vec<Check> {
        let view = View::new(self.schemas, doc, None);
        view.checks()
    }

    /// Checks within one document, reading `text` (the document the claims were extracted from)
    /// for what the claims do not carry: whether a growth rate is at comparable prices.
    pub fn audit_text(&self, doc: &Document, text: &str) -> Vec<Check> {
        let view = View::new(self.schemas, doc, Some(text));
        view.checks()
    }

    /// Checks across documents of one series: each against the one before it.
    pub fn audit_series(&self, docs: &[Document]) -> Vec<Check> {
        let views: Vec<View> = docs
            .iter()
            .map(|d| View::new(self.schemas, d, None))
            .collect();
        let years: Vec<Option<i32>> = views.iter().map(View::year).collect();
        // Dated documents in the order of their years; when none is dated, the order given. An
        // undated document among dated ones has no place in the series.
        let dated = years.iter().any(Option::is_some);
        let mut order: Vec<usize> = (0..docs.len())
            .filter(|&i| !dated || years[i].is_some())
            .collect();
        order.sort_by_key(|&i| years[i]);
        let mut out = Vec::new();
        for w in order.windows(2) {
            let (p, c) = (w[0], w[1]);
            let gap = if dated {
                Some(years[c].unwrap_or(0) - years[p].unwrap_or(0))
            } else {
                None
            };
            if gap == Some(0) {
                continue;
            }
            let start = out.len();
            series_pair(
                &views[p], p, years[p], &views[c], c, years[c], gap, &mut out,
            );
            out[start..].sort_by_key(|k| (k.claims.first().copied(), k.relation, k.claims.clone()));
        }
        out
    }
}

/// One document as the audit reads it: claims with metrics, normalized subjects and what the text
/// says about growth rates, and the claims grouped by what they are about, so that a check looks
/// for its inputs among the claims of its quantity, not among all.
struct View<'a> {
    schemas: &'a Schemas,
    doc: &'a Document,
    metrics: Vec<Option<&'a str>>,
    norms: Vec<&'a str>,
    /// Each claim's period, or the document's where the claim gives none.
    periods: Vec<Option<&'a str>>,
    real: Vec<bool>,
    /// The claims grouped by metric.
    by_metric: Groups<'a>,
    /// The claims grouped by normalized subject.
    by_norm: Groups<'a>,
    /// The level claims, in order.
    levels: Vec<usize>,
}

impl<'a> View<'a> {
    fn new(schemas: &'a Schemas, doc: &'a Document, text: Option<&str>) -> Self {
        let claims = &doc.claims;
        // What extract's own schemas found is there to read; other schemas, or a document
        // from elsewhere, match the subjects again.
        let metrics = if std::ptr::eq(schemas, Schemas::builtin()) && doc.metrics.holds_for(claims)
        {
            claims.iter().map(|c| c.metric.as_deref()).collect()
        } else {
            schemas.metric_ids(claims, true)
        };
        let norms: Vec<&str> = claims.iter().map(|c| normalize(&c.subject)).collect();
        let periods = claims
            .iter()
            .map(|c| c.period.as_deref().or(doc.period.as_deref()))
            .collect();
        let real = match text {
            Some(text) => real_growth_in_text(claims, text),
            None => claims
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    c.kind == Kind::Growth
                        && i > 0
                        && claims[i - 1].kind == Kind::Growth
                        && norms[i - 1] == norms[i]
                })
                .collect(),
        };
        let by_metric = Groups::new(metrics.iter().copied());
        let by_norm = Groups::new(norms.iter().copied().map(Some));
        let levels = (0..claims.len())
            .filter(|&i| claims[i].kind == Kind::Level)
            .collect();
        View {
            schemas,
            doc,
            metrics,
            norms,
            periods,
            real,
            by_metric,
            by_norm,
            levels,
        }
    }

    fn claims(&self) -> &'a [Claim] {
        &self.doc.claims
    }

    fn metric(&self, i: usize) -> Option<&'a str> {
        self.metrics[i]
    }

    /// The claims of metric `m`, in order.
    fn of_metric(&self, m: &str) -> &[usize] {
        self.by_metric.get(m)
    }

    /// The claims whose normalized subject is `norm`, in order.
    fn of_norm(&self, norm: &str) -> &[usize] {
        self.by_norm.get(norm)
    }

    /// The claims about the same quantity as claim `i` ([`View::same_quantity`]), each once, in
    /// no particular order: those of its metric, and those of its subject where either has none.
    fn peers(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let same_norm = match self.norms[i] {
            "" => &[][..],
            _ => self.by_norm.with_claim(i),
        };
        let metric = self.by_metric.of_claim(i);
        let same_norm_other_metric = same_norm
            .iter()
            .copied()
            .filter(move |&j| metric == Groups::NONE || self.by_metric.of_claim(j) == Groups::NONE);
        self.by_metric
            .with_claim(i)
            .iter()
            .copied()
            .chain(same_norm_other_metric)
    }

    /// The document's year: its period, else the most frequent year among the claims' periods
    /// (the latest on a tie).
    fn year(&self) -> Option<i32> {
        if let Some(y) = self.doc.period.as_deref().and_then(year_of) {
            return Some(y);
        }
        let mut years: Vec<i32> = self
            .claims()
            .iter()
            .filter_map(|c| c.period.as_deref().and_then(year_of))
            .collect();
        years.sort();
        let mut best: Option<(usize, i32)> = None;
        for y in years.iter().copied().collect::<BTreeSet<_>>() {
            let n = years.iter().filter(|&&x| x == y).count();
            if best.is_none_or(|(m, _)| n >= m) {
                best = Some((n, y));
            }
        }
        best.map(|(_, y)| y)
    }

    /// Two claims are about the same quantity: one metric, or (where either has none) one subject.
    fn same_quantity(&self, i: usize, j: usize) -> bool {
        match (self.by_metric.of_claim(i), self.by_metric.of_claim(j)) {
            (a, b) if a != Groups::NONE && b != Groups::NONE => a == b,
            _ => !self.norms[i].is_empty() && self.by_norm.of_claim(i) == self.by_norm.of_claim(j),
        }
    }

    /// Whether a growth rate is real (at comparable prices), by the text or by its metric.
    fn is_real_growth(&self, i: usize) -> bool {
        self.real[i]
            || self
                .metric(i)
                .and_then(|m| self.schemas.metric(m))
                .is_some_and(|m| m.growth_at_comparable_prices)
    }

    /// The periods of two claims agree unless both are known and differ.
    fn agree(&self, i: usize, j: usize) -> bool {
        periods_agree(self.periods[i], self.periods[j])
    }

    fn distance(&self, i: usize, j: usize) -> usize {
        let (a, b) = (&self.claims()[i], &self.claims()[j]);
        a.span[0].abs_diff(b.span[0])
    }

    /// The nearest candidate to `at`, preferring those of its period, then those before it.
    fn nearest(&self, at: usize, candidates: impl Iterator<Item = usize>) -> Option<usize> {
        candidates.min_by_key(|&j| (self.periods[j] != self.periods[at], j > at, j.abs_diff(at)))
    }

    fn checks(&self) -> Vec<Check> {
        let mut out = Vec::new();
        self.growth_checks(&mut out);
        self.share_checks(&mut out);
        self.parts_checks(&mut out);
        self.share_change_checks(&mut out);
        for c in &mut out {
            c.source.clone_from(&self.doc.source);
        }
        out.sort_by(|a, b| check_order(a).cmp(&check_order(b)));
        out
    }

    /// growth ≈ change ÷ (level − change), for each growth rate with a change and a level.
    fn growth_checks(&self, out: &mut Vec<Check>) {
        let claims = self.claims();
        for g in (0..claims.len()).filter(|&g| claims[g].kind == Kind::Growth) {
            let gc = &claims[g];
            let change = self.nearest(
                g,
                self.peers(g).filter(|&c| {
                    let cc = &claims[c];
                    cc.kind == Kind::Change
                        && is_amount(cc)
                        && self.agree(g, c)
                        && baseline_class(cc.baseline.as_deref())
                            == baseline_class(gc.baseline.as_deref())
                }),
            );
            let Some(c) = change else { continue };
            let cc = &claims[c];
            // The last level of the change's quantity before it.
            let level = self
                .peers(c)
                .filter(|&l| {
                    let lc = &claims[l];
                    l < c
                        && lc.kind == Kind::Level
                        && lc.unit == cc.unit
                        && self.agree(l, c)
                        && self.distance(l, c) <= PART_WINDOW
                })
                .max();
            let Some(l) = level else { continue };
            let lc = &claims[l];
            let (li, ci) = (Interval::of_claim(lc), Interval::of_claim(cc));
            let computed = ci
                .checked_div(li - ci)
                .map(|q| q.scale(Decimal::ONE_HUNDRED));
            let point = pct(cc.value.0, lc.value.0 - cc.value.0);
            let arithmetic = format!(
                "{} ÷ ({} − {}) = {}, stated {}",
                show(cc),
                show(lc),
                show_operand(cc),
                point.map_or("?".into(), |p| format!("{}%", round3(p))),
                show_stated(gc)
            );
            let mut check = self.check(
                Relation::Growth,
                g,
                vec![l, c, g],
                computed,
                arithmetic.clone(),
            );
            check.subject.replace_range(.., &lc.subject);
            if check.verdict != Verdict::NotCheckable && self.is_real_growth(g) {
                check.verdict = Verdict::NotCheckable;
                check.explanation = format!(
                    "growth {} is real (at comparable prices), the levels nominal: {arithmetic}",
                    show_stated(gc),
                );
            }
            out.push(check);
        }
    }

    /// share ≈ part ÷ whole.
    fn share_checks(&self, out: &mut Vec<Check>) {
        let claims = self.claims();
        for s in (0..claims.len()).filter(|&s| is_share(&claims[s])) {
            let sc = &claims[s];
            // A bare ratio term (第一产业结构 3.9) names its part by a stem (第一产业增加值).
            let stem = ["结构", "比重", "占比"]
                .iter()
                .find_map(|w| sc.subject.strip_suffix(w))
                .unwrap_or(&sc.subject);
            let by_stem =
                sc.unit.is_empty() && stem.chars().count() >= 2 && self.metric(s).is_none();
            let candidates: Box<dyn Iterator<Item = usize>> = if by_stem {
                Box::new(self.levels.iter().copied())
            } else {
                Box::new(self.peers(s))
            };
            let part = self.nearest(
                s,
                candidates.filter(|&p| {
                    let pc = &claims[p];
                    pc.kind == Kind::Level
                        && is_amount(pc)
                        && self.agree(s, p)
                        && self.distance(p, s) <= PART_WINDOW
                        && (self.same_quantity(p, s) || by_stem && pc.subject.starts_with(stem))
                }),
            );
            let Some(p) = part else { continue };
            let Some(w) = self.whole_of(s, p) else {
                continue;
            };
            let (pc, wc) = (&claims[p], &claims[w]);
            let arithmetic = |computed: Option<Decimal>| {
                format!(
                    "{} ÷ {} = {}, stated {}",
                    show(pc),
                    show(wc),
                    computed.map_or("?".into(), |p| format!("{}%", round3(p))),
                    show_stated(sc)
                )
            };
            if pc.unit != wc.unit {
                let mut check = self.check(Relation::Share, s, vec![p, w, s], None, String::new());
                check.explanation = format!(
                    "the part is in {} and the whole in {}: {}",
                    unit_name(&pc.unit),
                    unit_name(&wc.unit),
                    arithmetic(None)
                );
                out.push(check);
                continue;
            }
            let computed = Interval::of_claim(pc)
                .checked_div(Interval::of_claim(wc))
                .map(|q| q.scale(Decimal::ONE_HUNDRED));
            let point = pct(pc.value.0, wc.value.0);
            out.push(self.check(
                Relation::Share,
                s,
                vec![p, w, s],
                computed,
                arithmetic(point),
            ));
        }
    }

    /// The whole a share refers to: named by `of`, else the schema's share_of, else the total the
    /// part is listed under.
    fn whole_of(&self, s: usize, p: usize) -> Option<usize> {
        let claims = self.claims();
        let (sc, pc) = (&claims[s], &claims[p]);
        // The nearest of the candidates that `keep` accepts, preferring a whole in the part's unit.
        let wholes = |candidates: &[usize], keep: &dyn Fn(usize) -> bool| {
            let found = candidates.iter().copied().filter(|&w| {
                w != p
                    && claims[w].kind == Kind::Level
                    && is_amount(&claims[w])
                    && self.agree(s, w)
                    && keep(w)
            });
            let same_unit = found.clone().filter(|&w| claims[w].unit == pc.unit);
            self.nearest(s, same_unit)
                .or_else(|| self.nearest(s, found))
        };
        let any = |_: usize| true;
        if let Some(of) = sc.of.as_deref() {
            if let Some(m) = self.schemas.metric_for_subject(of, Some(Kind::Level), None)
                && let Some(w) = wholes(self.of_metric(m), &any)
            {
                return Some(w);
            }
            let of = normalize(of);
            if let Some(w) = wholes(self.of_norm(of), &any) {
                return Some(w);
            }
            if of.chars().count() >= 2 {
                let by_suffix = self
                    .levels
                    .iter()
                    .copied()
                    .filter(|&w| w != p && is_amount(&claims[w]) && self.norms[w].ends_with(of))
                    .min_by_key(|&w| self.norms[w].chars().count());
                if let Some(best) = by_suffix {
                    let len = self.norms[best].chars().count();
                    if let Some(w) = wholes(&self.levels, &|w| {
                        self.norms[w].ends_with(of) && self.norms[w].chars().count() == len
                    }) {
                        return Some(w);
                    }
                }
            }
            return None;
        }
        let metric = self.metric(s).or(self.metric(p));
        if let Some(m) = metric.and_then(|m| self.schemas.share_whole(m))
            && let Some(w) = wholes(self.of_metric(m), &any)
        {
            return Some(w);
        }
        [pc.part_of, sc.part_of].into_iter().flatten().find(|&q| {
            q < claims.len() && q != p && claims[q].kind == Kind::Level && is_amount(&claims[q])
        })
    }

    /// Listed parts of one total sum to no more than it (to it, when they are all of it).
    ///
    /// Parts come from the text's structure (a claim's `part_of`) and from the schemas'
    /// breakdowns. Parts the schemas place in one breakdown are disjoint, so their sum is checked
    /// strictly. Parts known only from the text (其中) may overlap or nest, so a sum above the
    /// total is `not_checkable` for them, not `inconsistent`.
    fn parts_checks(&self, out: &mut Vec<Check>) {
        let claims = self.claims();
        let mut groups: Vec<PartsGroup> = Vec::new();
        let is_total = |t: usize| claims[t].kind == Kind::Level && is_amount(&claims[t]);
        // Parts by the text's structure (其中, 分门类看): (total, part) pairs, by total.
        let mut listed: Vec<(usize, usize)> = claims
            .iter()
            .enumerate()
            .filter_map(|(p, c)| Some((c.part_of.filter(|&t| t < claims.len() && t != p)?, p)))
            .collect();
        listed.sort_unstable();
        for under_one in listed.chunk_by(|a, b| a.0 == b.0) {
            let t = under_one[0].0;
            if !is_total(t) {
                continue;
            }
            let parts: Vec<usize> = under_one
                .iter()
                .map(|&(_, p)| p)
                .filter(|&p| claims[p].kind == Kind::Level && claims[p].unit == claims[t].unit)
                .collect();
            if !parts.is_empty() {
                let breakdown = self.schema_breakdown(t, &parts);
                groups.push(PartsGroup {
                    total: t,
                    parts,
                    disjoint: breakdown.is_some(),
                    exhaustive: breakdown == Some(true),
                });
            }
        }
        // Parts by the schemas' breakdowns: the first of each part metric after the total and
        // before the total's next mention.
        for t in (0..claims.len()).filter(|&t| self.metric(t).is_some() && is_total(t)) {
            let Some(m) = self.metric(t) else { continue };
            let end = after(self.of_metric(m), t)
                .iter()
                .copied()
                .find(|&n| claims[n].kind == Kind::Level)
                .unwrap_or(claims.len());
            for b in self.schemas.breakdowns_of(m) {
                let mut parts: Vec<usize> = b
                    .parts
                    .iter()
                    .filter_map(|pm| {
                        after(self.of_metric(pm), t).iter().copied().find(|&p| {
                            p < end
                                && claims[p].kind == Kind::Level
                                && claims[p].unit == claims[t].unit
                                && self.agree(t, p)
                        })
                    })
                    .collect();
                if parts.is_empty() {
                    continue;
                }
                parts.sort();
                let exhaustive = b.exhaustive && parts.len() == b.parts.len();
                match groups.iter_mut().find(|g| g.total == t && g.parts == parts) {
                    Some(g) => {
                        g.disjoint = true;
                        g.exhaustive |= exhaustive;
                    }
                    None => groups.push(PartsGroup {
                        total: t,
                        parts,
                        disjoint: true,
                        exhaustive,
                    }),
                }
            }
        }
        for g in groups {
            out.push(self.parts_check(&g));
        }
    }

    /// When `parts` of total `t` all belong to one schema breakdown of its metric: whether they
    /// are all of that breakdown's parts and it is exhaustive.
    fn schema_breakdown(&self, t: usize, parts: &[usize]) -> Option<bool> {
        let m = self.metric(t)?;
        let mut got: Vec<&str> = parts.iter().filter_map(|&p| self.metric(p)).collect();
        got.sort_unstable();
        got.dedup();
        if got.len() != parts.len() {
            return None;
        }
        self.schemas
            .breakdowns_of(m)
            .iter()
            .find(|b| got.iter().all(|pm| b.parts.iter().any(|x| x == pm)))
            .map(|b| b.exhaustive && b.parts.len() == got.len())
    }

    fn parts_check(&self, g: &PartsGroup) -> Check {
        let claims = self.claims();
        let (t, parts) = (g.total, &g.parts);
        let tc = &claims[t];
        let sum = parts
            .iter()
            .fold(Interval::exact(Decimal::ZERO), |acc, &p| {
                acc + Interval::of_claim(&claims[p])
            });
        let total = Interval::of_claim(tc);
        let fits = if g.exhaustive {
            sum.meets(&total)
        } else {
            // Σ parts ≤ total: the smallest sum the parts allow is at most the largest total.
            match (sum.lo, total.hi) {
                (Some(s), Some(t)) => s <= t,
                _ => true,
            }
        };
        let verdict = match (fits, g.disjoint) {
            (true, _) => Verdict::Consistent,
            (false, true) => Verdict::Inconsistent,
            (false, false) => Verdict::NotCheckable,
        };
        let explanation = self.explain_parts(g, &sum, fits);
        // The total, then its parts without the total's name (进出口总额中的出口 → 出口).
        let part_names: Vec<&str> = parts
            .iter()
            .map(|&p| {
                let s = claims[p].subject.as_str();
                let own = s
                    .strip_prefix(tc.subject.as_str())
                    .and_then(|rest| rest.strip_prefix("中的"));
                own.unwrap_or(s)
            })
            .collect();
        let subject = [tc.subject.as_str(), "：", &part_names.join("、")].concat();
        let mut claim_refs = parts.to_vec();
        claim_refs.push(t);
        Check {
            relation: Relation::PartsWithinTotal,
            subject,
            metric: self.metrics[t].map(str::to_string),
            verdict,
            stated: tc.value,
            stated_range: total.exact_output(),
            computed: Some(sum.exact_output()),
            claims: claim_refs,
            documents: Vec::new(),
            source: None,
            explanation,
        }
    }

    /// The arithmetic of a parts check: the parts, their sum, how it stands to the total, and
    /// what the parts allow when it does not fit.
    fn explain_parts(&self, g: &PartsGroup, sum: &Interval, fits: bool) -> String {
        let claims = self.claims();
        let tc = &claims[g.total];
        let mut out = String::with_capacity(64 + 24 * g.parts.len());
        if !fits && !g.disjoint {
            out.push_str(
                "the parts are listed under the total but no schema says they do not overlap: ",
            );
        }
        for (n, &p) in g.parts.iter().enumerate() {
            if n > 0 {
                out.push_str(" + ");
            }
            out.push_str(&show_operand(&claims[p]));
        }
        let point: Decimal = g.parts.iter().map(|&p| claims[p].value.0).sum();
        if g.parts.len() > 1 {
            let _ = write!(out, " = {}", show_scaled(point, tc));
        }
        let total = show(tc);
        let _ = match (g.exhaustive, fits) {
            (true, true) if point == tc.value.0 => write!(out, " = {total} (all its parts)"),
            (true, true) => write!(out, " ≈ {total} (all its parts, within rounding)"),
            (true, false) => write!(out, " ≠ {total} (all its parts), beyond rounding"),
            (false, true) => write!(out, " ≤ {total}"),
            (false, false) => write!(out, " > {total}, beyond rounding"),
        };
        if !fits {
            let allowed = show_interval(sum, |d| show_scaled(d, tc));
            let _ = write!(out, "; the parts allow {allowed}");
        }
        out
    }

    /// share(t) − share(t−1) ≈ the stated change in points, where the document states both shares.
    fn share_change_checks(&self, out: &mut Vec<Check>) {
        let claims = self.claims();
        for d in (0..claims.len()).filter(|&d| claims[d].kind == Kind::ShareChange) {
            let dc = &claims[d];
            let mut shares: Vec<(usize, i32)> = self
                .peers(d)
                .filter(|&s| is_share_like(&claims[s]))
                .filter_map(|s| Some((s, claims[s].period.as_deref().and_then(year_of)?)))
                .collect();
            shares.sort_unstable();
            let now_year = match dc.period.as_deref().and_then(year_of) {
                Some(y) => Some(y),
                None => shares.iter().map(|&(_, y)| y).max(),
            };
            let Some(now_year) = now_year else { continue };
            let Some(&(now, _)) = shares.iter().find(|&&(_, y)| y == now_year) else {
                continue;
            };
            let Some(&(before, before_year)) = shares
                .iter()
                .filter(|&&(_, y)| y < now_year)
                .max_by_key(|&&(_, y)| y)
            else {
                continue;
            };
            let (nc, bc) = (&claims[now], &claims[before]);
            let computed = Interval::of_claim(nc) - Interval::of_claim(bc);
            let arithmetic = format!(
                "{} ({now_year}) − {} ({before_year}) = {}个百分点, stated {}",
                show_stated(nc),
                show_stated(bc),
                round3(nc.value.0 - bc.value.0),
                show_points(dc)
            );
            out.push(self.check(
                Relation::ShareChange,
                d,
                vec![now, before, d],
                Some(computed),
                arithmetic,
            ));
        }
    }

    /// A check of claim `stated` against a computed interval (`None`: nothing could be computed).
    fn check(
        &self,
        relation: Relation,
        stated: usize,
        claims: Vec<usize>,
        computed: Option<Interval>,
        arithmetic: String,
    ) -> Check {
        let sc = &self.claims()[stated];
        let range = Interval::of_claim(sc);
        let (verdict, explanation) = judge(computed, &range, arithmetic, |c| show_outward(c, ""));
        Check {
            relation,
            subject: sc.subject.to_string(),
            metric: self.metrics[stated].map(str::to_string),
            verdict,
            stated: sc.value,
            stated_range: range.exact_output(),
            computed: computed.map(|c| c.output()),
            claims,
            documents: Vec::new(),
            source: None,
            explanation,
        }
    }
}

/// The claims of a sorted list after claim `t`.
fn after(claims: &[usize], t: usize) -> &[usize] {
    &claims[claims.partition_point(|&c| c <= t)..]
}

/// Claims grouped by a key (a metric, a normalized subject): each group's claims in order.
struct Groups<'a> {
    /// Each key's group.
    /// Fx (rustc's hash) is fast on the short keys claims are grouped by. It is not keyed, so
    /// a document made to collide could slow its own audit down to the quadratic search it
    /// replaces.
    ids: FxHashMap<&'a str, u32>,
    /// Each claim's group, [`Groups::NONE`] for a claim without a key.
    groups: Vec<u32>,
    /// Group `g`'s claims are `members[starts[g]..starts[g + 1]]`.
    starts: Vec<usize>,
    members: Vec<usize>,
}

impl<'a> Groups<'a> {
    /// The group of a claim without a key.
    const NONE: u32 = u32::MAX;

    /// Groups claims by their keys (`None`: in no group).
    fn new(keys: impl ExactSizeIterator<Item = Option<&'a str>>) -> Self {
        let mut ids: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(keys.len(), FxBuildHasher);
        let groups: Vec<u32> = keys
            .map(|key| match key {
                Some(key) => {
                    let next = ids.len() as u32;
                    *ids.entry(key).or_insert(next)
                }
                None => Self::NONE,
            })
            .collect();
        // Count each group's claims, then place each claim after those before it.
        let mut starts = vec![0; ids.len() + 1];
        for &g in groups.iter().filter(|&&g| g != Self::NONE) {
            starts[g as usize + 1] += 1;
        }
        for g in 1..starts.len() {
            starts[g] += starts[g - 1];
        }
        let mut next = starts.clone();
        let mut members = vec![0; starts[ids.len()]];
        for (i, &g) in groups.iter().enumerate().filter(|&(_, &g)| g != Self::NONE) {
            members[next[g as usize]] = i;
            next[g as usize] += 1;
        }
        Groups {
            ids,
            groups,
            starts,
            members,
        }
    }

    fn group(&self, g: u32) -> &[usize] {
        &self.members[self.starts[g as usize]..self.starts[g as usize + 1]]
    }

    /// The claims with key `key`, in order.
    fn get(&self, key: &str) -> &[usize] {
        self.ids.get(key).map_or(&[], |&g| self.group(g))
    }

    /// Claim `i`'s group.
    fn of_claim(&self, i: usize) -> u32 {
        self.groups[i]
    }

    /// The claims with the key of claim `i` (none when it has none), in order.
    fn with_claim(&self, i: usize) -> &[usize] {
        match self.groups[i] {
            Self::NONE => &[],
            g => self.group(g),
        }
    }

    /// Every key.
    fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.ids.keys().copied()
    }
}

/// The order checks are reported in: by their first claim, relation, then claims.
fn check_order(c: &Check) -> (Option<usize>, Relation, &[usize]) {
    (c.claims.iter().min().copied(), c.relation, &c.claims)
}

/// Parts of one total, to be summed.
struct PartsGroup {
    total: usize,
    parts: Vec<usize>,
    /// The parts do not overlap (a schema breakdown says so), so a sum above the total is an error.
    disjoint: bool,
    /// The parts are all of the total.
    exhaustive: bool,
}

/// Checks of document `c` against the document `p` before it in a series.
#[allow(clippy::too_many_arguments)]
fn series_pair(
    pv: &View,
    p: usize,
    p_year: Option<i32>,
    cv: &View,
    c: usize,
    c_year: Option<i32>,
    gap: Option<i32>,
    out: &mut Vec<Check>,
) {
    let (pcs, ccs) = (pv.claims(), cv.claims());
    let in_period = |claim: &Claim, year: Option<i32>| match (claim.period.as_deref(), year) {
        (Some(period), Some(y)) => {
            year_of(period).is_none_or(|py| py == y) && year_of(period).is_some()
        }
        (Some(period), None) => year_of(period).is_some(),
        (None, _) => true,
    };
    let baseline_ok = |b: Option<&str>| match b.and_then(year_of) {
        Some(y) => p_year == Some(y),
        None => baseline_class(b) == baseline_class(None) && gap.is_none_or(|g| g == 1),
    };
    let previous = match p_year {
        Some(y) => y.to_string(),
        None => "the previous document".to_string(),
    };
    let metrics: BTreeSet<&str> = cv.by_metric.keys().collect();
    for m in metrics {
        let first = |v: &View, cs: &[Claim], year: Option<i32>, keep: &dyn Fn(&Claim) -> bool| {
            v.of_metric(m)
                .iter()
                .copied()
                .find(|&i| in_period(&cs[i], year) && keep(&cs[i]))
        };
        // previous_level: level(t) − change(t) ≈ level(t−1), and level(t) ÷ (1 + growth(t)).
        let level = |cl: &Claim| cl.kind == Kind::Level && is_amount(cl);
        if let Some(lc) = first(cv, ccs, c_year, &level) {
            let lcc = &ccs[lc];
            let same_unit = |cl: &Claim| level(cl) && cl.unit == lcc.unit;
            if let Some(lp) = first(pv, pcs, p_year, &same_unit) {
                let lpc = &pcs[lp];
                let change = cv.of_metric(m).iter().copied().find(|&i| {
                    let x = &ccs[i];
                    i > lc
                        && x.kind == Kind::Change
                        && x.unit == lcc.unit
                        && baseline_ok(x.baseline.as_deref())
                });
                if let Some(ch) = change {
                    let chc = &ccs[ch];
                    let computed = Interval::of_claim(lcc) - Interval::of_claim(chc);
                    let arithmetic = format!(
                        "{} − {} = {}, stated {} ({previous})",
                        show(lcc),
                        show_operand(chc),
                        show_scaled(lcc.value.0 - chc.value.0, lpc),
                        show(lpc)
                    );
                    out.push(series_check(
                        Relation::PreviousLevel,
                        m,
                        lcc,
                        lpc,
                        vec![(c, lc), (c, ch), (p, lp)],
                        Some(computed),
                        arithmetic,
                        |i| show_interval(i, |d| show_scaled(d, lpc)),
                    ));
                }
                let growth = cv.of_metric(m).iter().copied().find(|&i| {
                    let x = &ccs[i];
                    x.kind == Kind::Growth
                        && in_period(x, c_year)
                        && baseline_ok(x.baseline.as_deref())
                });
                if let Some(g) = growth {
                    let gc = &ccs[g];
                    let factor = Interval::exact(Decimal::ONE)
                        + Interval::of_claim(gc).scale(Decimal::new(1, 2));
                    let computed = Interval::of_claim(lcc).checked_div(factor);
                    let factor = Decimal::ONE + gc.value.0 / Decimal::ONE_HUNDRED;
                    let point = if factor.is_zero() {
                        None
                    } else {
                        lcc.value.0.checked_div(factor)
                    };
                    let arithmetic = format!(
                        "{} ÷ (1 + {}) = {}, stated {} ({previous})",
                        show(lcc),
                        show_stated(gc),
                        point.map_or("?".into(), |x| show_scaled_round(x, lpc)),
                        show(lpc)
                    );
                    let mut check = series_check(
                        Relation::PreviousLevel,
                        m,
                        lcc,
                        lpc,
                        vec![(c, lc), (c, g), (p, lp)],
                        computed,
                        arithmetic.clone(),
                        |i| show_interval(i, |d| show_scaled(d, lpc)),
                    );
                    let real = cv.is_real_growth(g);
                    if real && check.verdict != Verdict::NotCheckable {
                        check.verdict = Verdict::NotCheckable;
                        check.explanation = format!(
                            "growth {} is real (at comparable prices), the levels nominal: {arithmetic}",
                            show_stated(gc),
                        );
                    }
                    out.push(check);
                }
            }
        }
        // previous_share: share(t) − share_change(t) ≈ share(t−1).
        if let Some(sc) = first(cv, ccs, c_year, &is_share_like)
            && let Some(sp) = first(pv, pcs, p_year, &is_share_like)
        {
            let change = cv.of_metric(m).iter().copied().find(|&i| {
                let x = &ccs[i];
                x.kind == Kind::ShareChange && baseline_ok(x.baseline.as_deref())
            });
            if let Some(d) = change {
                let (scc, spc, dc) = (&ccs[sc], &pcs[sp], &ccs[d]);
                let computed = Interval::of_claim(scc) - Interval::of_claim(dc);
                let arithmetic = format!(
                    "{} − {} = {}%, stated {} ({previous})",
                    show_stated(scc),
                    show_points(dc),
                    round3(scc.value.0 - dc.value.0),
                    show_stated(spc)
                );
                out.push(series_check(
                    Relation::PreviousShare,
                    m,
                    scc,
                    spc,
                    vec![(c, sc), (c, d), (p, sp)],
                    Some(computed),
                    arithmetic,
                    |i| show_outward(i, "%"),
                ));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn series_check(
    relation: Relation,
    metric: &str,
    now: &Claim,
    before: &Claim,
    refs: Vec<(usize, usize)>,
    computed: Option<Interval>,
    arithmetic: String,
    show_range: impl Fn(&Interval) -> String,
) -> Check {
    let range = Interval::of_claim(before);
    let (verdict, explanation) = judge(computed, &range, arithmetic, show_range);
    Check {
        relation,
        subject: now.subject.to_string(),
        metric: Some(metric.to_string()),
        verdict,
        stated: before.value,
        stated_range: range.exact_output(),
        computed: computed.map(|c| c.output()),
        claims: refs.iter().map(|&(_, i)| i).collect(),
        documents: refs.iter().map(|&(d, _)| d).collect(),
        source: None,
        explanation,
    }
}

/// For each claim: a growth rate whose sentence, before it, says it is real (可比价, 扣除价格因素 …).
fn real_growth_in_text(claims: &[Claim], text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    claims
        .iter()
        .map(|c| {
            if c.kind != Kind::Growth {
                return false;
            }
            let end = c.span[0].min(chars.len());
            let start = chars[..end]
                .iter()
                .rposition(|&ch| matches!(ch, '。' | '！' | '？' | '!' | '?' | '\n'))
                .map_or(0, |i| i + 1);
            let before: String = chars[start..end].iter().collect();
            REAL_GROWTH_MARKERS.iter().any(|m| before.contains(m))
        })
        .collect()
}

/// A subject without the scope words that do not change what it names (全国, 全年, 中国共产党 …).
fn normalize(subject: &str) -> &str {
    const LEADING: &[&str] = &[
        "全年",
        "年末",
        "年底",
        "全国",
        "全省",
        "全市",
        "全州",
        "全县",
        "全区",
        "中国共产党",
        "共有",
        "全社会",
    ];
    let mut s = crate::schema::trim(subject);
    // Every leading word starts with one of these; most subjects start with none.
    while s.starts_with(['全', '年', '中', '共']) {
        let before = s.len();
        for w in LEADING {
            if let Some(rest) = s.strip_prefix(w)
                && rest.chars().count() >= 2
            {
                s = rest;
            }
        }
        if s.len() == before {
            break;
        }
    }
    // 新发展党员数 names what 新发展党员 does.
    if let Some(rest) = s.strip_suffix('数')
        && rest.ends_with('员')
    {
        s = rest;
    }
    s
}

/// Figures that can be summed or divided: levels not in %, ‰, points or multiples.
fn is_amount(c: &Claim) -> bool {
    !matches!(c.unit.as_str(), "%" | "％" | "‰" | "百分点" | "倍")
}

/// A share the audit can divide for: in percent, or a bare ratio term (3.9:39.0:57.1).
fn is_share(c: &Claim) -> bool {
    c.kind == Kind::Share && matches!(c.unit.as_str(), "%" | "％" | "")
}

/// A share, or a level in percent (城镇化率 67.00%), which share changes refer to.
fn is_share_like(c: &Claim) -> bool {
    is_share(c) || c.kind == Kind::Level && matches!(c.unit.as_str(), "%" | "％")
}

/// Periods agree unless both are given and differ.
fn periods_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Baselines that all mean the previous year's figure are one class.
fn baseline_class(b: Option<&str>) -> Option<&str> {
    match b {
        None
        | Some(
            "上年" | "上年末" | "上年底" | "去年" | "上年同期" | "去年同期" | "同比" | "上一年"
            | "前一年",
        ) => None,
        other => other,
    }
}

/// The year at the start of a period (2019, 2019年底).
fn year_of(period: &str) -> Option<i32> {
    let digits: String = period.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// a ÷ b × 100, or `None` for b = 0.
fn pct(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b).map(|q| q * Decimal::ONE_HUNDRED)
}

fn round3(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
}

/// A figure as the text writes it, without its unit (9191.4万名 → 9191.4万); signed for a fall.
fn show(c: &Claim) -> Cow<'_, str> {
    let t = c.text.trim();
    let bare = if !c.unit.is_empty() && !matches!(c.unit.as_str(), "%" | "％" | "‰") {
        t.strip_suffix(c.unit.as_str()).unwrap_or(t)
    } else {
        t
    };
    let signed = bare.starts_with(['-', '−', '－']);
    if c.value.0.is_sign_negative() && !c.value.0.is_zero() && !signed {
        Cow::Owned(format!("−{bare}"))
    } else {
        Cow::Borrowed(bare)
    }
}

/// A figure as an operand after − or +: parenthesized when negative.
fn show_operand(c: &Claim) -> Cow<'_, str> {
    let s = show(c);
    if s.starts_with(['-', '−', '－']) {
        Cow::Owned(format!("({s})"))
    } else {
        s
    }
}

/// A stated figure as written, with its sign (1.5%, −3.3%, 3.9).
fn show_stated(c: &Claim) -> Cow<'_, str> {
    let t = c.text.trim();
    let signed = t.starts_with(['-', '−', '－']);
    if c.value.0.is_sign_negative() && !c.value.0.is_zero() && !signed {
        Cow::Owned(format!("−{t}"))
    } else {
        Cow::Borrowed(t)
    }
}

/// A change in percentage points, signed (1.1个百分点, −0.30个百分点).
fn show_points(c: &Claim) -> String {
    let v = c.value.0;
    let digits = c
        .text
        .trim()
        .trim_end_matches("个百分点")
        .trim_end_matches("百分点");
    let digits = digits.trim_start_matches(['-', '−', '－', '+']);
    let digits = if digits.is_empty() || !digits.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
    {
        v.abs().normalize().to_string()
    } else {
        digits.to_string()
    };
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "−"
    } else {
        ""
    };
    format!("{sign}{digits}个百分点")
}

fn unit_name(unit: &str) -> String {
    if unit.is_empty() {
        "no unit".into()
    } else {
        unit.to_string()
    }
}

/// The scale a figure is written in (万, 亿, 万亿), from its text.
fn scale_of(c: &Claim) -> (Decimal, &'static str) {
    let t = c.text.as_str();
    if t.contains("万亿") {
        (Decimal::new(1_000_000_000_000, 0), "万亿")
    } else if t.contains('亿') {
        (Decimal::new(100_000_000, 0), "亿")
    } else if t.contains('万') {
        (Decimal::new(10_000, 0), "万")
    } else {
        (Decimal::ONE, "")
    }
}

/// An amount written in the scale of a reference figure (3255000 → 325.5万).
fn show_scaled(d: Decimal, reference: &Claim) -> String {
    let (scale, suffix) = scale_of(reference);
    // Dividing by a power of ten only moves the decimal point.
    let mut x = d;
    let moved = scale
        .mantissa()
        .checked_ilog10()
        .is_some_and(|k| x.set_scale(d.scale() + k).is_ok());
    if !moved {
        x = d / scale;
    }
    let mut x = x.normalize();
    if x.scale() > 6 {
        x = x.round_dp(6).normalize();
    }
    let written = written_decimals(reference);
    if x.scale() < written {
        x.rescale(written);
    }
    let sign = if x.is_sign_negative() && !x.is_zero() {
        "−"
    } else {
        ""
    };
    format!("{sign}{}{suffix}", x.abs())
}

/// An amount in the reference's scale, to one more digit than the reference writes.
fn show_scaled_round(d: Decimal, reference: &Claim) -> String {
    let (scale, suffix) = scale_of(reference);
    let written = written_decimals(reference);
    let x = (d / scale).round_dp_with_strategy(written + 1, RoundingStrategy::MidpointAwayFromZero);
    format!("{x}{suffix}")
}

/// How many digits a figure's text writes after its decimal point (9191.4万 → 1).
fn written_decimals(c: &Claim) -> u32 {
    c.text.split(['.', '．']).nth(1).map_or(0, |f| {
        f.chars().take_while(char::is_ascii_digit).count() as u32
    })
}

/// An interval rounded outward to six significant digits, with a unit after each bound.
fn show_outward(i: &Interval, unit: &str) -> String {
    let lo = i.lo.map_or("−∞".to_string(), |d| {
        format!("{}{unit}", round_outward(d, false))
    });
    let hi = i.hi.map_or("+∞".to_string(), |d| {
        format!("{}{unit}", round_outward(d, true))
    });
    format!("[{lo}, {hi}]")
}

fn show_interval(i: &Interval, fmt: impl Fn(Decimal) -> String) -> String {
    let lo = i.lo.map_or("−∞".to_string(), &fmt);
    let hi = i.hi.map_or("+∞".to_string(), &fmt);
    format!("[{lo}, {hi}]")
}

/// The verdict on a stated figure's range given the interval its inputs allow, and the line that
/// explains it: consistent when the intervals meet; not checkable when nothing could be computed.
fn judge(
    computed: Option<Interval>,
    range: &Interval,
    arithmetic: String,
    show_range: impl Fn(&Interval) -> String,
) -> (Verdict, String) {
    match computed {
        None => (
            Verdict::NotCheckable,
            format!("the divisor may be zero: {arithmetic}"),
        ),
        Some(c) if c.meets(range) => (Verdict::Consistent, arithmetic),
        Some(c) => (
            Verdict::Inconsistent,
            format!("{arithmetic}; the inputs allow {}", show_range(&c)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn claim(
        kind: Kind,
        subject: &str,
        value: &str,
        unit: &str,
        text: &str,
        precision: &str,
    ) -> Claim {
        Claim {
            kind,
            subject: subject.into(),
            value: Value(d(value)),
            unit: unit.into(),
            text: text.into(),
            span: [0, 0],
            precision: Value(d(precision)),
            baseline: None,
            of: None,
            qualifier: None,
            value_max: None,
            period: None,
            part_of: None,
            metric: None,
        }
    }

    #[test]
    fn claim_intervals() {
        let c = claim(Kind::Level, "x", "91914000", "名", "9191.4万名", "1000");
        assert_eq!(
            Interval::of_claim(&c),
            Interval::new(d("91913500"), d("91914500"))
        );
        let mut c = claim(Kind::Share, "x", "99", "%", "99%以上", "1");
        c.qualifier = Some(Qualifier::AtLeast);
        assert_eq!(
            Interval::of_claim(&c),
            Interval {
                lo: Some(d("99")),
                hi: None
            }
        );
        let mut c = claim(Kind::Growth, "x", "5", "%", "5%左右", "1");
        c.qualifier = Some(Qualifier::Approx);
        assert_eq!(Interval::of_claim(&c), Interval::new(d("4"), d("6")));
        let mut c = claim(Kind::Level, "x", "30000", "人", "3至5万人", "10000");
        c.value_max = Some(Value(d("50000")));
        assert_eq!(
            Interval::of_claim(&c),
            Interval::new(d("25000"), d("55000"))
        );
    }

    #[test]
    fn interval_division() {
        let a = Interval::new(d("1315000"), d("1325000"));
        let b = Interval::new(d("90589000"), d("90599000"));
        let q = a.checked_div(b).unwrap().scale(Decimal::ONE_HUNDRED);
        assert_eq!(
            q.output(),
            [Some(Value(d("1.45145"))), Some(Value(d("1.46265")))]
        );
        assert!(a.checked_div(Interval::new(d("-1"), d("1"))).is_none());
        let neg = Interval::new(d("-10"), d("-5"))
            .checked_div(Interval::new(d("2"), d("5")))
            .unwrap();
        assert!(neg.lo.unwrap() < d("-4.99") && neg.hi.unwrap() > d("-1.0001"));
        let open = Interval {
            lo: Some(d("1")),
            hi: None,
        }
        .checked_div(Interval::new(d("2"), d("4")))
        .unwrap();
        assert!(open.hi.is_none() && open.lo.unwrap() < d("0.25") + d("0.0001"));
    }

    #[test]
    fn rounding_outward() {
        assert_eq!(round_outward(d("1.4565587734"), false), d("1.45655"));
        assert_eq!(round_outward(d("1.4565587734"), true), d("1.45656"));
        assert_eq!(round_outward(d("325500"), true), d("325500"));
        assert_eq!(round_outward(d("0.000123456789"), true), d("0.000123457"));
    }

    #[test]
    fn subjects_normalize() {
        assert_eq!(normalize("中国共产党党员总数"), "党员总数");
        assert_eq!(normalize("新发展党员数"), "新发展党员");
        assert_eq!(normalize("全州地区生产总值"), "地区生产总值");
    }

    #[test]
    fn growth_from_hand_built_claims() {
        let mut doc = Document::default();
        doc.claims.push(claim(
            Kind::Level,
            "党员总数",
            "91914000",
            "名",
            "9191.4万名",
            "1000",
        ));
        doc.claims.push(claim(
            Kind::Change,
            "党员总数",
            "1320000",
            "名",
            "132.0万名",
            "1000",
        ));
        doc.claims
            .push(claim(Kind::Growth, "党员总数", "1.5", "%", "1.5%", "0.1"));
        let checks = audit(&doc);
        assert_eq!(checks.len(), 1, "{checks:#?}");
        assert_eq!(checks[0].verdict, Verdict::Consistent);
        assert_eq!(checks[0].claims, vec![0, 1, 2]);
        doc.claims[2].value = Value(d("1.7"));
        doc.claims[2].text = "1.7%".into();
        assert_eq!(audit(&doc)[0].verdict, Verdict::Inconsistent);
    }

    #[test]
    fn parts_of_a_total_from_part_of() {
        let mut doc = Document::default();
        doc.claims
            .push(claim(Kind::Level, "某总数", "100", "个", "100个", "1"));
        for v in ["40", "35", "30"] {
            let mut c = claim(Kind::Level, "某部分", v, "个", &format!("{v}个"), "1");
            c.part_of = Some(0);
            doc.claims.push(c);
        }
        let checks = audit(&doc);
        assert_eq!(checks.len(), 1, "{checks:#?}");
        assert_eq!(checks[0].relation, Relation::PartsWithinTotal);
        // Parts known only from the text may overlap: a sum above the total is not an error.
        assert_eq!(checks[0].verdict, Verdict::NotCheckable, "{checks:#?}");
        doc.claims[3].value = Value(d("25"));
        doc.claims[3].text = "25个".into();
        let checks = audit(&doc);
        assert_eq!(checks[0].verdict, Verdict::Consistent, "{checks:#?}");
        assert_eq!(checks[0].claims, vec![1, 2, 3, 0]);
    }
}
