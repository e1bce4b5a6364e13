//! The data gongbao produces: documents, claims and their parts.
//!
//! These types are the output contract of `gongbao extract` (see `DESIGN.md`): field names and
//! meanings are stable; fields may be added.

pub use compact_str::CompactString;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};

/// What kind of numeric claim a figure makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A stated amount: 总数为9191.4万名, 失业率5.1%.
    Level,
    /// An absolute change against a baseline, signed: 净增132.0万名 → +1320000.
    Change,
    /// A relative change in percent, signed: 增长5.0% → 5.0, 下降0.5% → -0.5.
    Growth,
    /// A percent of a whole: 占50.7%.
    Share,
    /// A change of a share in percentage points, signed: 提高1.1个百分点 → 1.1.
    ShareChange,
    /// A figure in 倍: 是上年的1.5倍, 翻一番 → 2.
    Multiple,
}

/// How the text qualifies a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// 以上, 超过, 逾, 余, 多: the true value is at least the stated one.
    AtLeast,
    /// 以下, 不到, 不足, 以内: the true value is at most the stated one.
    AtMost,
    /// 约, 近, 左右: the stated value is approximate.
    Approx,
}

/// An exact decimal number as it appears in the output.
///
/// Serialized as an integer when it has no fraction, otherwise as the shortest floating-point
/// literal that reads back as the same decimal, so 9191.4万 prints as `91914000`, never as
/// `91913999.99999999`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize)]
#[serde(transparent)]
pub struct Value(pub Decimal);

impl Value {
    /// The exact decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0.normalize();
        if d.fract().is_zero() {
            if let Ok(i) = i64::try_from(d) {
                return s.serialize_i64(i);
            }
            if let Ok(i) = i128::try_from(d) {
                return s.serialize_i128(i);
            }
        }
        // Shortest round-trip formatting of the nearest f64 gives back these digits for any
        // decimal of up to 15 significant digits, which covers every figure a bulletin prints.
        let f: f64 = d.to_string().parse().unwrap_or(f64::NAN);
        s.serialize_f64(f)
    }
}

impl JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "An exact decimal, already scaled (9191.4万 is 91914000); percents as written."
        })
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Self {
        Value(d)
    }
}

/// One numeric claim found in a document.
///
/// Its text fields are [`CompactString`]s: they read as `&str` (`claim.subject.as_str()`,
/// `claim.unit == "%"`) and keep a string of up to 24 bytes without allocating, which is most
/// units, texts, periods and metric ids and many subjects, so a bulletin's claims cost a few
/// allocations rather than five or so each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Claim {
    /// What kind of claim this is.
    pub kind: Kind,
    /// What the number is about, as the text names it (中国共产党党员总数).
    pub subject: CompactString,
    /// The exact value with its scale applied; percents as written; signed for change and growth.
    pub value: Value,
    /// The unit or measure word as written, without the scale: 名, 元, %, 百分点, 倍, or "".
    pub unit: CompactString,
    /// The matched text, exactly as in the document.
    pub text: CompactString,
    /// Character (Unicode scalar) offsets of `text` in the decoded document, end exclusive.
    pub span: [usize; 2],
    /// The place value of the last written digit, scaled (9191.4万 → 1000; 1.5% → 0.1).
    pub precision: Value,
    /// What a change, growth or share change is measured against (上年, 上年末, 同比).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<CompactString>,
    /// The whole that a share is a share of, where the text names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<CompactString>,
    /// How the text qualifies the figure (以上, 约 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// For a range (3至5万人): `value` is the low end and this the high end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<Value>,
    /// The period the figure is for, where the text says (2019, 一季度, 12月份).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<CompactString>,
    /// The index (in the document's claims) of the total this figure is listed as a part of:
    /// set for parts after 其中 and for breakdowns that split a total (分门类看, 分产业看).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<usize>,
    /// The canonical metric this claim maps to, where a schema names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<CompactString>,
}

/// The claims of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Where the text came from (a path, `-` for stdin, or an id), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The encoding the bytes were decoded from, when the text was decoded from bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The document's title, when it has one (an HTML `<title>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The SHA-256 of the input bytes, hex, when read from bytes (batch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The period the document reports on (2019 for a bulletin on 2019), when it can be told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Every numeric claim, in reading order.
    pub claims: Vec<Claim>,
    /// What extract noted of the claims' `metric` fields ([`MetricsSet`]), for the audit.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) metrics: MetricsSet,
}

/// That the built-in schemas set the claims' `metric` fields (extract does), so that an audit
/// with those schemas can take them as they are rather than matching every subject again. It
/// holds a fingerprint of what the matching read and wrote (each claim's subject, kind, unit,
/// `part_of` and `metric`, and their number): a claim edited, added or removed since no longer
/// fits it, and the audit matches again. It is a hint, not content: not written out and not
/// compared (`==` holds whatever it says); a document read back from a file has none.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MetricsSet {
    by_builtin_schemas: Option<u64>,
}

impl MetricsSet {
    /// The hint for `claims`, whose metrics the built-in schemas have just set.
    pub(crate) fn by_builtin_schemas(claims: &[Claim]) -> Self {
        MetricsSet {
            by_builtin_schemas: Some(Self::fingerprint(claims)),
        }
    }

    /// Whether the built-in schemas set the metrics of `claims` as they are now.
    pub(crate) fn holds_for(&self, claims: &[Claim]) -> bool {
        self.by_builtin_schemas == Some(Self::fingerprint(claims))
    }

    fn fingerprint(claims: &[Claim]) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        claims.len().hash(&mut h);
        for c in claims {
            (&c.subject, c.kind, &c.unit, c.part_of, &c.metric).hash(&mut h);
        }
        h.finish()
    }
}

impl PartialEq for MetricsSet {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
