//! Schemas: canonical metrics, the subject patterns that refer to them, and how they relate, as data.
//!
//! A schema file (YAML) names metrics such as `party.members.total` or `gdp.primary` and, for each,
//! the patterns a claim's subject must fit to be about it, so that different wordings across years
//! (党员总数, 中国共产党党员总数) land on one metric. It also states relations the audit uses:
//! `parts_of` (this metric is one part of a total; `exhaustive` when the parts of its `breakdown`
//! are all of the total) and `share_of` (the whole a share of this metric refers to when the text
//! does not name it), and `growth_at_comparable_prices` (its growth rates are real, so they are not
//! checked against nominal levels). A wording may also name a metric only in context:
//! `listed_under: M` maps a claim that the text lists as a part (`part_of`) of a claim of metric M,
//! so that a bare 制造业 after 规模以上工业企业利润……分门类看 is manufacturing profits, and nothing
//! elsewhere.
//!
//! The built-in schemas (`schemas/party.yaml`, `schemas/communique.yaml`) are embedded; a user's
//! files are added with [`Schemas::with_files`] and matched first, so they can refine the built-in
//! wordings.
//!
//! ```
//! use gongbao::schema::Schemas;
//! let doc = gongbao::extract("截至2019年底，中国共产党党员总数为9191.4万名，比上年净增132.0万名。");
//! assert_eq!(Schemas::builtin().metric_for(&doc.claims[0]), Some("party.members.total"));
//! ```
//!
//! A file looks like this:
//!
//! ```yaml
//! name: party
//! title: 中国共产党党内统计公报
//! metrics:
//!   - id: party.members.total
//!     label: 党员总数
//!     subject:                       # alternatives; one must fit
//!       - regex: '^(中国共产党)?党员总数$'
//!     kinds: [level, change, growth] # optional: the kinds of claim that may map here
//!     units: [名]                    # optional: units a level or change must have
//!   - id: party.organizations.government
//!     subject:
//!       - all: [机关, 基层党组织]     # every word must occur
//!         none: [先进]               # no word may occur (also `any`: at least one)
//!     parts_of: party.organizations.total
//!     breakdown: sector              # parts of one total in one breakdown are summed together
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{Claim, CompactString, Kind};
pub(crate) use matching::trim;
use matching::{IndexKeys, MatcherIndex, SubjectRegex, required_literals};

/// The embedded schema for 中国共产党党内统计公报.
pub const PARTY_SCHEMA: &str = include_str!("../schemas/party.yaml");
/// The embedded schema for 国民经济和社会发展统计公报 (national and local).
pub const COMMUNIQUE_SCHEMA: &str = include_str!("../schemas/communique.yaml");

/// A schema file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The file could not be read.
    #[error("{path}: cannot read schema file: {source}")]
    Read {
        /// The schema file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid YAML of the schema shape, or an entry in it is wrong.
    #[error("{path}: line {line}: {entry}: {message}")]
    Invalid {
        /// The schema file.
        path: String,
        /// The line (1-based) where the problem is, or where its entry starts.
        line: usize,
        /// The entry: `metric `id`` or the top level of the file.
        entry: String,
        /// What is wrong.
        message: String,
    },
}

/// One subject pattern: every condition given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternEntry {
    /// Words that must all occur in the subject.
    #[serde(default)]
    all: Vec<String>,
    /// Words of which at least one must occur.
    #[serde(default)]
    any: Vec<String>,
    /// Words none of which may occur.
    #[serde(default)]
    none: Vec<String>,
    /// A regular expression the subject must match.
    #[serde(default)]
    regex: Option<String>,
}

/// One metric entry of a file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricEntry {
    id: String,
    #[serde(default)]
    label: Option<String>,
    subject: Vec<PatternEntry>,
    #[serde(default)]
    kinds: Vec<Kind>,
    #[serde(default)]
    units: Vec<String>,
    #[serde(default)]
    parts_of: Option<String>,
    #[serde(default)]
    breakdown: Option<String>,
    #[serde(default)]
    exhaustive: bool,
    #[serde(default)]
    share_of: Option<String>,
    #[serde(default)]
    growth_at_comparable_prices: bool,
    #[serde(default)]
    listed_under: Option<String>,
}

/// The shape of a schema file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaFile {
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    title: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    metrics: Vec<MetricEntry>,
}

/// A compiled subject pattern.
#[derive(Debug, Clone)]
struct Pattern {
    all: Vec<String>,
    any: Vec<String>,
    none: Vec<String>,
    regex: Option<SubjectRegex>,
}

impl Pattern {
    fn fits(&self, subject: &str) -> bool {
        self.all.iter().all(|w| subject.contains(w.as_str()))
            && (self.any.is_empty() || self.any.iter().any(|w| subject.contains(w.as_str())))
            && !self.none.iter().any(|w| subject.contains(w.as_str()))
            && self.regex.as_ref().is_none_or(|r| r.is_match(subject))
    }

    /// Every subject this pattern fits, when it is only a regex of fixed wordings.
    fn exact_wordings(&self) -> Option<Vec<String>> {
        let plain = self.all.is_empty() && self.any.is_empty() && self.none.is_empty();
        match &self.regex {
            Some(SubjectRegex::Wordings(wordings, _)) if plain => Some(wordings.all()),
            _ => None,
        }
    }

    /// Words of which every subject this pattern fits contains at least one; `None` when no such
    /// words are known (the pattern is then tried on every subject).
    fn required_words(&self) -> Option<Vec<String>> {
        if let Some(word) = self
            .all
            .iter()
            .filter(|w| !w.is_empty())
            .max_by_key(|w| w.len())
        {
            return Some(vec![word.clone()]);
        }
        if let Some(words) = self
            .regex
            .as_ref()
            .and_then(|r| required_literals(r.as_str()))
        {
            return Some(words);
        }
        if !self.any.is_empty() && self.any.iter().all(|w| !w.is_empty()) {
            return Some(self.any.clone());
        }
        None
    }
}

/// One way of naming a metric: patterns with kind and unit constraints.
#[derive(Debug, Clone)]
struct Matcher {
    id: String,
    patterns: Vec<Pattern>,
    kinds: Vec<Kind>,
    units: Vec<String>,
    /// The wording names this metric only in a claim listed as a part of (`part_of`) a claim
    /// of this metric: 制造业 after 规模以上工业企业利润……分门类看.
    listed_under: Option<String>,
}

impl Matcher {
    /// How the index finds this matcher: by the subjects it fits, when each of its patterns
    /// only chooses among fixed wordings (most do); else by the words every subject it fits
    /// contains one of, from those of its patterns; else not at all (it is tried on every
    /// subject).
    fn index_keys(&self) -> IndexKeys {
        let wordings: Option<Vec<String>> = self
            .patterns
            .iter()
            .map(Pattern::exact_wordings)
            .collect::<Option<Vec<Vec<String>>>>()
            .map(|w| w.concat());
        if let Some(wordings) = wordings {
            return IndexKeys::Exact(wordings);
        }
        let words: Option<Vec<Vec<String>>> =
            self.patterns.iter().map(Pattern::required_words).collect();
        words.map_or(IndexKeys::None, |w| IndexKeys::Words(w.concat()))
    }

    fn fits(&self, subject: &str, kind: Option<Kind>, unit: Option<&str>) -> bool {
        self.takes(kind, unit) && self.patterns.iter().any(|p| p.fits(subject))
    }

    /// Whether the matcher's kind and unit constraints let a claim of `kind` in `unit` through.
    fn takes(&self, kind: Option<Kind>, unit: Option<&str>) -> bool {
        let Some(kind) = kind else {
            return true;
        };
        if !self.kinds.is_empty() && !self.kinds.contains(&kind) {
            return false;
        }
        let Some(unit) = unit else {
            return true;
        };
        !matches!(kind, Kind::Level | Kind::Change)
            || self.units.is_empty()
            || self.units.iter().any(|u| u == unit)
    }
}

/// What a schema says about one metric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    /// The canonical id (`party.members.total`).
    pub id: String,
    /// A human name (党员总数), when the schema gives one.
    pub label: Option<String>,
    /// The total this metric is one part of.
    pub parts_of: Option<String>,
    /// The breakdown of that total it belongs to (parts of different breakdowns overlap).
    pub breakdown: String,
    /// The parts of this breakdown are all of the total (they sum to it).
    pub exhaustive: bool,
    /// The whole a share of this metric refers to, when the text does not name it.
    pub share_of: Option<String>,
    /// Growth rates of this metric are stated at comparable prices (real growth).
    pub growth_at_comparable_prices: bool,
    /// The schema file that defines it.
    pub file: String,
}

/// A breakdown of a total into parts, as the schemas define it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The total's metric.
    pub total: String,
    /// The breakdown's name ("" when the schema gives none).
    pub name: String,
    /// The metrics that are parts of the total in this breakdown.
    pub parts: Vec<String>,
    /// The parts are all of the total.
    pub exhaustive: bool,
}

/// A set of schemas: metrics, how subjects map to them, and their relations.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    matchers: Vec<Matcher>,
    /// Which matchers may fit a subject, so that a subject is not tried against every pattern.
    index: MatcherIndex,
    metrics: HashMap<String, Metric>,
    names: Vec<String>,
    /// The breakdowns of each total into parts.
    breakdowns: HashMap<String, Vec<Breakdown>>,
}

impl Schemas {
    /// The built-in schemas, compiled once.
    pub fn builtin() -> &'static Schemas {
        static BUILTIN: OnceLock<Schemas> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Schemas::from_sources(&[
                ("schemas/party.yaml", PARTY_SCHEMA),
                ("schemas/communique.yaml", COMMUNIQUE_SCHEMA),
            ])
            .expect("the built-in schemas are valid")
        })
    }

    /// The built-in schemas with the given files added; the files' patterns are matched first.
    pub fn with_files<P: AsRef<Path>>(paths: &[P]) -> Result<Schemas, SchemaError> {
        let mut texts = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
                path: path.display().to_string(),
                source,
            })?;
            texts.push((path.display().to_string(), text));
        }
        let mut sources: Vec<(&str, &str)> = texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        sources.push(("schemas/party.yaml", PARTY_SCHEMA));
        sources.push(("schemas/communique.yaml", COMMUNIQUE_SCHEMA));
        Schemas::from_sources(&sources)
    }

    /// Schemas from (name, text) pairs, matched in the order given.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Schemas, SchemaError> {
        let mut set = Schemas::default();
        // Where each metric's relations were defined, for error messages: (file, line).
        let mut defined_at: HashMap<String, (String, usize)> = HashMap::new();
        let mut references = Vec::new();
        for (path, text) in sources {
            let file: SchemaFile = yaml_serde::from_str(text).map_err(|e| {
                let line = e.location().map_or(1, |l| l.line());
                SchemaError::Invalid {
                    path: path.to_string(),
                    line,
                    entry: entry_at(text, line),
                    message: e.to_string(),
                }
            })?;
            set.names.push(file.name.clone());
            let mut cursor = LineCursor::default();
            for entry in file.metrics {
                let line = id_line(text, &entry.id, &mut cursor);
                let fail = |message: String| SchemaError::Invalid {
                    path: path.to_string(),
                    line,
                    entry: format!("metric `{}`", entry.id),
                    message,
                };
                if entry.id.is_empty()
                    || !entry
                        .id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
                {
                    return Err(fail(
                        "a metric id is made of ASCII letters, digits, `_` and `.`".into(),
                    ));
                }
                if entry.subject.is_empty() {
                    return Err(fail("`subject` lists no pattern".into()));
                }
                let mut patterns = Vec::new();
                for p in &entry.subject {
                    if p.all.is_empty() && p.any.is_empty() && p.regex.is_none() {
                        return Err(fail(
                            "a subject pattern needs `all`, `any` or `regex` (`none` alone fits almost anything)".into(),
                        ));
                    }
                    let regex = match &p.regex {
                        Some(r) => Some(
                            SubjectRegex::new(r).map_err(|e| fail(format!("regex `{r}`: {e}")))?,
                        ),
                        None => None,
                    };
                    patterns.push(Pattern {
                        all: p.all.clone(),
                        any: p.any.clone(),
                        none: p.none.clone(),
                        regex,
                    });
                }
                if entry.parts_of.is_none() && (entry.exhaustive || entry.breakdown.is_some()) {
                    return Err(fail("`exhaustive` and `breakdown` need `parts_of`".into()));
                }
                for target in [&entry.parts_of, &entry.share_of, &entry.listed_under]
                    .into_iter()
                    .flatten()
                {
                    if *target == entry.id {
                        return Err(fail(format!("`{target}` cannot be related to itself")));
                    }
                    references.push((path.to_string(), line, entry.id.clone(), target.clone()));
                }
                let metric = Metric {
                    id: entry.id.clone(),
                    label: entry.label.clone(),
                    parts_of: entry.parts_of.clone(),
                    breakdown: entry.breakdown.clone().unwrap_or_default(),
                    exhaustive: entry.exhaustive,
                    share_of: entry.share_of.clone(),
                    growth_at_comparable_prices: entry.growth_at_comparable_prices,
                    file: path.to_string(),
                };
                match set.metrics.get_mut(&entry.id) {
                    None => {
                        set.metrics.insert(entry.id.clone(), metric);
                        defined_at.insert(entry.id.clone(), (path.to_string(), line));
                    }
                    Some(known) => {
                        // Another entry for the same metric adds wordings; its relations, where
                        // it states any, must agree with the first.
                        let states = metric.parts_of.is_some()
                            || metric.share_of.is_some()
                            || metric.growth_at_comparable_prices;
                        let same = metric.parts_of == known.parts_of
                            && metric.breakdown == known.breakdown
                            && metric.exhaustive == known.exhaustive
                            && metric.share_of == known.share_of
                            && metric.growth_at_comparable_prices
                                == known.growth_at_comparable_prices;
                        let known_states = known.parts_of.is_some()
                            || known.share_of.is_some()
                            || known.growth_at_comparable_prices;
                        if states && known_states && !same {
                            let (f, l) = &defined_at[&entry.id];
                            return Err(fail(format!(
                                "its relations differ from those given at {f} line {l}"
                            )));
                        }
                        if states && !known_states {
                            let label = known.label.take().or(metric.label.clone());
                            *known = Metric { label, ..metric };
                            defined_at.insert(entry.id.clone(), (path.to_string(), line));
                        } else if known.label.is_none() {
                            known.label = metric.label;
                        }
                    }
                }
                set.matchers.push(Matcher {
                    id: entry.id,
                    patterns,
                    kinds: entry.kinds,
                    units: entry.units,
                    listed_under: entry.listed_under,
                });
            }
        }
        for (path, line, id, target) in references {
            if !set.metrics.contains_key(&target) {
                return Err(SchemaError::Invalid {
                    path,
                    line,
                    entry: format!("metric `{id}`"),
                    message: format!("refers to `{target}`, which no schema defines"),
                });
            }
        }
        // All parts of one breakdown agree on whether they are all of the total.
        for b in set.breakdowns_all() {
            let flags: Vec<bool> = b.parts.iter().map(|p| set.metrics[p].exhaustive).collect();
            if flags.iter().any(|&f| f != flags[0]) {
                let part = &set.metrics[&b.parts[0]];
                let (path, line) = defined_at[&part.id].clone();
                return Err(SchemaError::Invalid {
                    path,
                    line,
                    entry: format!("metric `{}`", part.id),
                    message: format!(
                        "the parts of `{}` (breakdown `{}`) disagree on `exhaustive`",
                        b.total, b.name
                    ),
                });
            }
        }
        set.index = MatcherIndex::new(set.matchers.iter().map(Matcher::index_keys));
        for b in set.breakdowns_all() {
            set.breakdowns.entry(b.total.clone()).or_default().push(b);
        }
        Ok(set)
    }

    /// The names of the schema files in this set, in matching order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// What the schemas say about a metric.
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.get(id)
    }

    /// The metric a claim maps to: the first whose patterns its subject fits, with its kind and unit.
    pub fn metric_for(&self, claim: &Claim) -> Option<&str> {
        self.metric_for_subject(&claim.subject, Some(claim.kind), Some(&claim.unit))
    }

    /// The metric a subject maps to; `kind` and `unit`, when given, must fit the metric's constraints.
    pub fn metric_for_subject(
        &self,
        subject: &str,
        kind: Option<Kind>,
        unit: Option<&str>,
    ) -> Option<&str> {
        let subject = trim(subject);
        if subject.is_empty() {
            return None;
        }
        self.first_fitting(subject, kind, unit, |m| m.listed_under.is_none())
    }

    /// The metric of each claim of a document: a claim's own `metric` where `keep` and it has
    /// one, else the first metric its subject fits; then, for a claim still without one that is
    /// listed as a part of another (`part_of`), a wording that names a metric only there.
    pub fn metrics_for(&self, claims: &[Claim], keep: bool) -> Vec<Option<String>> {
        self.metric_ids(claims, keep)
            .into_iter()
            .map(|id| id.map(str::to_string))
            .collect()
    }

    /// [`Schemas::metrics_for`], with the ids borrowed from the claims and the schemas.
    pub(crate) fn metric_ids<'a>(
        &'a self,
        claims: &'a [Claim],
        keep: bool,
    ) -> Vec<Option<&'a str>> {
        let mut ids: Vec<Option<&str>> = claims
            .iter()
            .map(|c| match &c.metric {
                Some(own) if keep => Some(own.as_str()),
                _ => self.metric_for(c),
            })
            .collect();
        for (i, c) in claims.iter().enumerate() {
            if ids[i].is_some() {
                continue;
            }
            let Some(total) = c.part_of.filter(|&t| t < claims.len() && t != i) else {
                continue;
            };
            let Some(under) = ids[total] else {
                continue;
            };
            ids[i] = self.first_fitting(trim(&c.subject), Some(c.kind), Some(&c.unit), |m| {
                m.listed_under.as_deref() == Some(under)
            });
        }
        ids
    }

    /// The id of the first matcher, in schema order, that `accept`s and fits the (trimmed)
    /// subject with its kind and unit. Only the matchers the index names as candidates are tried.
    fn first_fitting(
        &self,
        subject: &str,
        kind: Option<Kind>,
        unit: Option<&str>,
        accept: impl Fn(&Matcher) -> bool,
    ) -> Option<&str> {
        let mut first: Option<usize> = None;
        self.index.for_each_candidate(subject, |i, named| {
            let m = &self.matchers[i];
            // A matcher found by the subject itself fits it: only its constraints are left.
            let fits = if named {
                m.takes(kind, unit)
            } else {
                m.fits(subject, kind, unit)
            };
            if first.is_none_or(|f| i < f) && accept(m) && fits {
                first = Some(i);
            }
        });
        first.map(|i| self.matchers[i].id.as_str())
    }

    /// Sets each claim's `metric` to the metric it maps to (or none).
    pub fn assign(&self, claims: &mut [Claim]) {
        let metrics: Vec<Option<CompactString>> = self
            .metric_ids(claims, false)
            .into_iter()
            .map(|id| id.map(CompactString::from))
            .collect();
        for (claim, metric) in claims.iter_mut().zip(metrics) {
            claim.metric = metric;
        }
    }

    /// The claims with their `metric` set ([`Schemas::assign`], by value).
    pub fn with_metrics(&self, mut claims: Vec<Claim>) -> Vec<Claim> {
        self.assign(&mut claims);
        claims
    }

    /// The whole a share of `id` refers to: its `share_of`, else the total it is a part of.
    pub fn share_whole(&self, id: &str) -> Option<&str> {
        let m = self.metrics.get(id)?;
        m.share_of.as_deref().or(m.parts_of.as_deref())
    }

    /// The breakdowns of the total `id` into parts.
    pub fn breakdowns(&self, total: &str) -> Vec<Breakdown> {
        self.breakdowns_of(total).to_vec()
    }

    /// The breakdowns of the total `id` into parts, borrowed.
    pub(crate) fn breakdowns_of(&self, total: &str) -> &[Breakdown] {
        self.breakdowns.get(total).map_or(&[], Vec::as_slice)
    }

    fn breakdowns_all(&self) -> Vec<Breakdown> {
        let mut ids: Vec<&String> = self.metrics.keys().collect();
        ids.sort();
        let mut out: Vec<Breakdown> = Vec::new();
        for id in ids {
            let m = &self.metrics[id];
            let Some(total) = &m.parts_of else { continue };
            match out
                .iter_mut()
                .find(|b| &b.total == total && b.name == m.breakdown)
            {
                Some(b) => {
                    b.parts.push(id.clone());
                    b.exhaustive &= m.exhaustive;
                }
                None => out.push(Breakdown {
                    total: total.clone(),
                    name: m.breakdown.clone(),
                    parts: vec![id.clone()],
                    exhaustive: m.exhaustive,
                }),
            }
        }
        out
    }
}

/// Matching subjects quickly: an index of the words patterns require, and a matcher for the
/// regexes that only choose among fixed wordings.
mod matching {
    use crate::chars::{CharFilter, starts_with};
    use regex::Regex;
    use rustc_hash::FxHashMap;

    /// The matchers a subject may fit, found by the words their patterns require: a pattern can
    /// only fit a subject that contains one of its required words (an `all` word, a literal every
    /// match of its regex contains, or its `any` words), so only matchers with such a word in the
    /// subject, and those whose patterns require none, are tried.
    #[derive(Debug, Clone, Default)]
    pub(super) struct MatcherIndex {
        /// The matchers of each subject that matchers name exactly (their patterns only choose
        /// among fixed wordings): one lookup finds them.
        exact: FxHashMap<Box<str>, Vec<usize>>,
        /// Required words with the matcher each keys, grouped by the bucket of their first
        /// character.
        keys: Vec<IndexKey>,
        /// Where each bucket's keys start in `keys` (one more entry than buckets, for the last
        /// end).
        bucket_starts: Vec<u32>,
        /// The first characters of the keys: most characters of a subject start none, and
        /// runs of them are skipped at once.
        firsts: CharFilter,
        /// Matchers with a pattern that requires no known word: candidates for every subject.
        unkeyed: Vec<usize>,
    }

    /// How the index finds one matcher ([`super::Matcher::index_keys`]).
    pub(super) enum IndexKeys {
        /// The subjects it fits, exactly.
        Exact(Vec<String>),
        /// Words one of which every subject it fits contains.
        Words(Vec<String>),
        /// None known: it is tried on every subject.
        None,
    }

    #[derive(Debug, Clone)]
    struct IndexKey {
        word: String,
        /// The word's first (up to) eight bytes and their mask ([`head`]), for a quick first test.
        head: (u64, u64),
        matcher: usize,
    }

    impl IndexKey {
        fn new(word: String, matcher: usize) -> Self {
            IndexKey {
                head: head(word.as_bytes()),
                word,
                matcher,
            }
        }

        fn first(&self) -> char {
            self.word.chars().next().unwrap_or_default()
        }

        /// Whether `text` starts with the key's word; `text_head` is [`head`] of `text`.
        fn starts(&self, text: &str, text_head: u64) -> bool {
            let (head, mask) = self.head;
            text_head & mask == head && starts_with(text.as_bytes(), self.word.as_bytes())
        }
    }

    /// The first (up to) eight bytes of `bytes` as a number, and the mask of the bytes present.
    fn head(bytes: &[u8]) -> (u64, u64) {
        if let Some(first) = bytes.first_chunk::<8>() {
            return (u64::from_le_bytes(*first), u64::MAX);
        }
        let n = bytes.len();
        let mut first = [0u8; 8];
        first[..n].copy_from_slice(&bytes[..n]);
        let mask = u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
        (u64::from_le_bytes(first), mask)
    }

    impl MatcherIndex {
        /// Characters are bucketed by their low bits; few share a bucket with another key's.
        const BUCKETS: usize = 2048;

        fn bucket(c: char) -> usize {
            c as usize % Self::BUCKETS
        }

        /// The index of matchers given, for each, how to find it.
        pub(super) fn new(keys: impl Iterator<Item = IndexKeys>) -> Self {
            let mut index = MatcherIndex::default();
            for (i, keys) in keys.enumerate() {
                match keys {
                    IndexKeys::Exact(subjects) => {
                        for subject in subjects {
                            let matchers = index.exact.entry(subject.into()).or_default();
                            if matchers.last() != Some(&i) {
                                matchers.push(i);
                            }
                        }
                    }
                    IndexKeys::Words(words) => index
                        .keys
                        .extend(words.into_iter().map(|word| IndexKey::new(word, i))),
                    IndexKeys::None => index.unkeyed.push(i),
                }
            }
            index.keys.sort_by_key(|k| Self::bucket(k.first()));
            index.bucket_starts = (0..=Self::BUCKETS)
                .map(|b| index.keys.partition_point(|k| Self::bucket(k.first()) < b) as u32)
                .collect();
            index.firsts = CharFilter::of(index.keys.iter().map(IndexKey::first));
            index
        }

        /// Calls `visit` with each matcher that may fit `subject` (trimmed), and whether it is
        /// one that names the subject exactly (it fits, as far as its patterns go).
        pub(super) fn for_each_candidate(&self, subject: &str, mut visit: impl FnMut(usize, bool)) {
            if let Some(matchers) = self.exact.get(subject) {
                matchers.iter().for_each(|&i| visit(i, true));
            }
            self.firsts.for_each_candidate(subject, |at, c| {
                let b = Self::bucket(c);
                let bucket =
                    &self.keys[self.bucket_starts[b] as usize..self.bucket_starts[b + 1] as usize];
                let rest = &subject[at..];
                let rest_head = head(rest.as_bytes()).0;
                for key in bucket {
                    if key.starts(rest, rest_head) {
                        visit(key.matcher, false);
                    }
                }
            });
            self.unkeyed.iter().for_each(|&i| visit(i, false));
        }
    }

    /// A compiled subject regex. Most schema regexes only choose among fixed wordings
    /// (`^(全年)?(全国|全省)?城镇人口$`); those are matched by [`Wordings`], which is exact for them
    /// and much cheaper than a regex search; any other goes to the regex engine.
    #[derive(Debug, Clone)]
    pub(super) enum SubjectRegex {
        Wordings(Wordings, String),
        Engine(Regex),
    }

    impl SubjectRegex {
        pub(super) fn new(source: &str) -> Result<Self, regex::Error> {
            // Wordings are valid regex syntax by their form, so they are not compiled: compiling
            // every schema regex was most of loading the schemas.
            Ok(match Wordings::parse(source) {
                Some(wordings) => SubjectRegex::Wordings(wordings, source.to_string()),
                None => SubjectRegex::Engine(Regex::new(source)?),
            })
        }

        pub(super) fn is_match(&self, subject: &str) -> bool {
            match self {
                SubjectRegex::Wordings(wordings, _) => wordings.is_match(subject),
                SubjectRegex::Engine(regex) => regex.is_match(subject),
            }
        }

        pub(super) fn as_str(&self) -> &str {
            match self {
                SubjectRegex::Wordings(_, source) => source,
                SubjectRegex::Engine(regex) => regex.as_str(),
            }
        }
    }

    /// A regex made only of anchored alternatives (`^…$|^…$`), each a sequence of literal text and
    /// groups of literal choices, any of them optional (`?`): it matches a subject that is exactly
    /// one of finitely many wordings.
    #[derive(Debug, Clone)]
    pub(super) struct Wordings {
        /// Each alternative: its parts in order, each the texts it may be (`""` when optional).
        alternatives: Vec<Vec<Vec<String>>>,
    }

    impl Wordings {
        /// The most wordings one regex may stand for; a larger one goes to the regex engine, so
        /// that matching never tries more than this many ways.
        const MAX_WORDINGS: usize = 10_000;

        /// The wordings of `regex`, or `None` when it is not of that form.
        fn parse(regex: &str) -> Option<Wordings> {
            let mut chars = regex.chars().peekable();
            let mut alternatives = Vec::new();
            loop {
                if chars.next()? != '^' {
                    return None;
                }
                let mut parts: Vec<Vec<String>> = Vec::new();
                loop {
                    let part = match chars.next()? {
                        '$' => break,
                        '(' => group_choices(&mut chars)?,
                        c => vec![literal_char(c, &mut chars)?.to_string()],
                    };
                    parts.push(part);
                    if chars.next_if_eq(&'?').is_some() {
                        parts.last_mut()?.push(String::new());
                    }
                }
                alternatives.push(parts);
                match chars.next() {
                    None => break,
                    Some('|') => continue,
                    Some(_) => return None,
                }
            }
            let ways: usize = alternatives
                .iter()
                .map(|parts| parts.iter().map(Vec::len).product::<usize>())
                .sum();
            (ways <= Self::MAX_WORDINGS).then_some(Wordings { alternatives })
        }

        /// Every wording.
        pub(super) fn all(&self) -> Vec<String> {
            let mut all = Vec::new();
            for parts in &self.alternatives {
                let mut texts = vec![String::new()];
                for choices in parts {
                    texts = texts
                        .iter()
                        .flat_map(|t| choices.iter().map(move |c| format!("{t}{c}")))
                        .collect();
                }
                all.extend(texts);
            }
            all
        }

        fn is_match(&self, subject: &str) -> bool {
            self.alternatives
                .iter()
                .any(|parts| matches_parts(parts, subject.as_bytes()))
        }
    }

    /// Whether `text` is, from its start to its end, one choice of each part in turn.
    fn matches_parts(parts: &[Vec<String>], text: &[u8]) -> bool {
        match parts.split_first() {
            None => text.is_empty(),
            Some((choices, rest)) => choices.iter().any(|choice| {
                starts_with(text, choice.as_bytes()) && matches_parts(rest, &text[choice.len()..])
            }),
        }
    }

    /// `text.trim()`, without decoding characters for the common text that has nothing to trim: one
    /// that starts and ends with a character no whitespace shares a first UTF-8 byte with.
    pub(crate) fn trim(text: &str) -> &str {
        // Whitespace is ASCII up to U+0020, or U+0085/U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F
        // (0xE2) or U+3000 (0xE3).
        let never_whitespace = |b: u8| matches!(b, 0x21..=0x7f | 0xc3..=0xe0 | 0xe4..);
        let bytes = text.as_bytes();
        let last_start = bytes.iter().rposition(|&b| b & 0xc0 != 0x80);
        match (bytes.first(), last_start) {
            (Some(&first), Some(last))
                if never_whitespace(first) && never_whitespace(bytes[last]) =>
            {
                text
            }
            _ => text.trim(),
        }
    }

    /// The choices of a group of literal texts (`全国|全省)`), its `(` just read.
    fn group_choices(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<Vec<String>> {
        let mut choices = vec![String::new()];
        loop {
            match chars.next()? {
                ')' => return Some(choices),
                '|' => choices.push(String::new()),
                c => choices.last_mut()?.push(literal_char(c, chars)?),
            }
        }
    }

    /// The character a regex's `c` stands for when it is a literal (an escaped metacharacter is
    /// one); `None` when it is syntax.
    fn literal_char(c: char, chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<char> {
        match c {
            '\\' => chars.next().filter(|&e| is_meta(e)),
            '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' => None,
            c => Some(c),
        }
    }

    /// The characters that stand for themselves when escaped (`\(`); other escapes (`\d`, `\<`)
    /// are classes or assertions.
    fn is_meta(c: char) -> bool {
        "\\.+*?()|[]{}^$#&-~".contains(c)
    }

    /// For each top-level alternative of `regex`, the longest run of literal text that every match
    /// of it contains; `None` when an alternative has none, or the pattern uses syntax this reading
    /// does not follow (flags, escapes other than of metacharacters).
    pub(super) fn required_literals(regex: &str) -> Option<Vec<String>> {
        if regex.contains("(?") {
            return None;
        }
        let mut alternatives = Vec::new();
        let mut runs = LiteralRuns::default();
        let mut chars = regex.chars();
        while let Some(c) = chars.next() {
            match c {
                '|' => alternatives.push(std::mem::take(&mut runs).longest()?),
                '\\' => match chars.next()? {
                    e if is_meta(e) => runs.push(e),
                    _ => return None,
                },
                '(' => {
                    runs.end();
                    skip_group(&mut chars)?;
                }
                '[' => {
                    runs.end();
                    skip_class(&mut chars)?;
                }
                '?' | '*' | '+' => runs.drop_last(),
                '{' => {
                    runs.drop_last();
                    chars.find(|&c| c == '}')?;
                }
                '.' | '^' | '$' => runs.end(),
                ')' | ']' | '}' => return None,
                c => runs.push(c),
            }
        }
        alternatives.push(runs.longest()?);
        Some(alternatives)
    }

    /// The runs of literal characters of one alternative of a regex, as it is read.
    #[derive(Debug, Default)]
    struct LiteralRuns {
        longest: String,
        current: String,
        /// The last thing read was a literal character of `current` (a quantifier applies to it).
        after_literal: bool,
    }

    impl LiteralRuns {
        fn push(&mut self, c: char) {
            self.current.push(c);
            self.after_literal = true;
        }

        /// A quantifier: the character before it is not required, and the run ends there.
        fn drop_last(&mut self) {
            if self.after_literal {
                self.current.pop();
            }
            self.end();
        }

        fn end(&mut self) {
            if self.current.len() > self.longest.len() {
                self.longest = std::mem::take(&mut self.current);
            }
            self.current.clear();
            self.after_literal = false;
        }

        fn longest(mut self) -> Option<String> {
            self.end();
            (!self.longest.is_empty()).then_some(self.longest)
        }
    }

    /// Skips past the `)` that closes a group whose `(` was just read.
    fn skip_group(chars: &mut std::str::Chars) -> Option<()> {
        let mut depth = 1;
        while depth > 0 {
            match chars.next()? {
                '\\' => {
                    chars.next()?;
                }
                '[' => skip_class(chars)?,
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
        Some(())
    }

    /// Skips past the `]` that closes a character class whose `[` was just read.
    fn skip_class(chars: &mut std::str::Chars) -> Option<()> {
        let mut rest = chars.clone();
        // A `]` first in the class (after an optional `^`) is a member, not its end.
        match rest.next()? {
            '^' if rest.next()? == ']' => *chars = rest,
            ']' => *chars = rest,
            _ => {}
        }
        loop {
            match chars.next()? {
                '\\' => {
                    chars.next()?;
                }
                '[' => skip_class(chars)?,
                ']' => return Some(()),
                _ => {}
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::schema::Schemas;

        #[test]
        fn required_literals_are_in_every_match() {
            let literals = |r: &str| required_literals(r);
            let words = |w: &[&str]| Some(w.iter().map(|w| w.to_string()).collect::<Vec<_>>());
            assert_eq!(
                literals("^(中国共产党|全国)?党员(总数|人数)$"),
                words(&["党员"])
            );
            assert_eq!(
                literals("^服务进出口(总额|总值)?中的出口$|^服务出口(额)?$"),
                words(&["服务进出口", "服务出口"])
            );
            assert_eq!(
                literals(r"^固定资产投资\(不含农户\)$"),
                words(&["固定资产投资(不含农户)"])
            );
            // A quantified character is not required; the text before it is.
            assert_eq!(literals("^新发展党员人?数$"), words(&["新发展党员"]));
            assert_eq!(literals("a{2}bc"), words(&["bc"]));
            assert_eq!(literals("[]党员]委员(会)*"), words(&["委员"]));
            for none in [
                "(?i)rcep",
                r"\d+万",
                "党员|",
                r"\<党员",
                "[党员]{2}",
                "^(党员)?$",
            ] {
                assert_eq!(literals(none), None, "{none}");
            }
        }

        #[test]
        fn only_plain_choices_of_wordings_are_read_as_wordings() {
            let wordings = Wordings::parse(r"^(全年)?(全国|全省)?城镇人口$|^\(GDP\)$").unwrap();
            let mut all = wordings.all();
            all.sort();
            assert_eq!(all.len(), 7, "{all:?}");
            for yes in ["城镇人口", "全年全省城镇人口", "(GDP)"] {
                assert!(wordings.is_match(yes), "{yes}");
            }
            for no in ["", "全国全年城镇人口", "城镇人口数", "GDP", " 城镇人口"] {
                assert!(!wordings.is_match(no), "{no}");
            }
            for other in [
                "城镇人口$",
                "^城镇人口",
                "^城镇人口$x",
                "^城镇人口??$",
                "^(城镇(常住)?)人口$",
                r"^\d人口$",
                r"^\<人口$",
                "^[城乡]人口$",
                "^.人口$",
                "^人口+$",
                "^人口{2}$",
            ] {
                assert!(Wordings::parse(other).is_none(), "{other}");
            }
        }

        proptest::proptest! {
            /// Wordings are not compiled, so their form must make them valid regex syntax.
            #[test]
            fn every_wording_regex_compiles(
                source in r"\^(?:[a人口]|\((?:[a人口|]|\\[.?(]){0,4}\)|\?|\\[.?a])*\$(?:\|\^[a人口()|?]*\$)?"
            ) {
                if Wordings::parse(&source).is_some() {
                    proptest::prop_assert!(Regex::new(&source).is_ok(), "{}", source);
                }
            }
        }

        #[test]
        fn wordings_match_what_the_regex_matches() {
            let mut read = 0;
            for pattern in Schemas::builtin().matchers.iter().flat_map(|m| &m.patterns) {
                let Some(SubjectRegex::Wordings(wordings, source)) = &pattern.regex else {
                    continue;
                };
                read += 1;
                let regex = Regex::new(source).unwrap();
                for text in wordings.all() {
                    let chars: Vec<char> = text.chars().collect();
                    let mut near = vec![
                        format!("全国{text}"),
                        format!("{text}数"),
                        format!(" {text}"),
                    ];
                    for i in 0..chars.len() {
                        near.push(
                            chars
                                .iter()
                                .enumerate()
                                .filter(|&(j, _)| j != i)
                                .map(|(_, c)| c)
                                .collect(),
                        );
                    }
                    for t in std::iter::once(&text).chain(&near) {
                        assert_eq!(wordings.is_match(t), regex.is_match(t), "`{source}` on {t}");
                    }
                }
            }
            assert!(read > 100, "only {read} regexes read as wordings");
        }

        #[test]
        fn trim_trims_as_str_trim_does() {
            for text in [
                "",
                " ",
                "党员",
                " 党员 ",
                "\u{3000}党员\u{3000}",
                "党员\u{a0}",
                "\u{85}x",
                "x\u{2028}",
                "\u{b}a",
                "a\u{1680}",
                "é",
                "🎉a🎉",
                "a\u{205f}",
                "\u{2000}",
            ] {
                assert_eq!(trim(text), text.trim(), "{text:?}");
            }
        }
    }
}

/// Where the search for the next metric's `id:` line goes on from: a byte offset and the
/// number of lines before it.
#[derive(Default)]
struct LineCursor {
    byte: usize,
    line: usize,
}

/// The line (1-based) of the entry `id: <id>` at or after the cursor, which moves past it;
/// 1 when there is none. (The cursor goes on from where it was, not from the first line.)
fn id_line(text: &str, id: &str, cursor: &mut LineCursor) -> usize {
    let rest = text.get(cursor.byte..).unwrap_or("");
    let (mut byte, mut n) = (cursor.byte, cursor.line);
    for line in rest.split_inclusive('\n') {
        (byte, n) = (byte + line.len(), n + 1);
        let t = line.trim().trim_start_matches("- ").trim_start();
        if let Some(value) = t.strip_prefix("id:") {
            let v = value.split('#').next().unwrap_or("").trim();
            if v.trim_matches(|c| c == '\'' || c == '"') == id {
                *cursor = LineCursor { byte, line: n };
                return n;
            }
        }
    }
    1
}

/// Names the metric entry that contains `line` (1-based), for a parser error.
fn entry_at(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let line = line.clamp(1, lines.len().max(1));
    // The entry starts at the last list item (`- `) at the metrics' indentation at or before the line.
    let Some(metrics_at) = lines.iter().position(|l| l.trim_end() == "metrics:") else {
        return "top level".into();
    };
    if line <= metrics_at + 1 {
        return "top level".into();
    }
    let indent = lines[metrics_at + 1..]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map(|l| l.len() - l.trim_start().len());
    let Some(indent) = indent else {
        return "metrics".into();
    };
    let is_item =
        |l: &&str| l.len() - l.trim_start().len() == indent && l.trim_start().starts_with("- ");
    let start = (metrics_at + 1..line).rev().find(|&i| is_item(&lines[i]));
    let Some(start) = start else {
        return "metrics".into();
    };
    let end = (start + 1..lines.len())
        .find(|&i| is_item(&lines[i]))
        .unwrap_or(lines.len());
    let number = (metrics_at + 1..=start)
        .filter(|&i| is_item(&lines[i]))
        .count();
    for l in &lines[start..end] {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = t.strip_prefix("id:") {
            let v = rest.split('#').next().unwrap_or("").trim();
            return format!("metric `{}`", v.trim_matches(|c| c == '\'' || c == '"'));
        }
    }
    format!("metric #{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Schemas::from_sources(&[("my.yaml", text)])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn builtin_schemas_load() {
        let s = Schemas::builtin();
        assert!(s.metric("party.members.total").is_some());
        assert!(s.metric("gdp.total").is_some());
        let gdp = s.breakdowns("gdp.total");
        assert!(
            gdp.iter().any(|b| b.exhaustive && b.parts.len() == 3),
            "{gdp:?}"
        );
    }

    #[test]
    fn unknown_field_names_file_line_and_entry() {
        let e = err(
            "name: x\nmetrics:\n  - id: a.b\n    subject: [{all: [党员]}]\n  - id: c.d\n    subject: [{all: [党员]}]\n    share_off: a.b\n",
        );
        assert!(e.starts_with("my.yaml: line 7: metric `c.d`: "), "{e}");
        assert!(e.contains("share_off"), "{e}");
    }

    #[test]
    fn unknown_pattern_field_is_an_error() {
        let e = err("name: x\nmetrics:\n  - subject: [{alll: [党员]}]\n    id: a.b\n");
        assert!(e.starts_with("my.yaml: line 3: metric `a.b`: "), "{e}");
        assert!(e.contains("alll"), "{e}");
    }

    #[test]
    fn bad_regex_and_unknown_target_name_the_entry() {
        let e = err("name: x\nmetrics:\n  - id: a.b\n    subject: [{regex: '('}]\n");
        assert!(e.starts_with("my.yaml: line 3: metric `a.b`: regex"), "{e}");
        let e = err(
            "name: x\nmetrics:\n  - id: a.b\n    subject: [{any: [x]}]\n  - id: a.c\n    subject: [{any: [y]}]\n    parts_of: a.z\n",
        );
        assert!(
            e.starts_with("my.yaml: line 5: metric `a.c`: refers to `a.z`"),
            "{e}"
        );
    }

    #[test]
    fn empty_pattern_is_an_error() {
        let e = err("name: x\nmetrics:\n  - id: a.b\n    subject: [{none: [x]}]\n");
        assert!(e.contains("line 3") && e.contains("needs `all`"), "{e}");
    }

    #[test]
    fn user_files_are_matched_first() {
        let user = "name: mine\nmetrics:\n  - id: party.members.total\n    subject: [{regex: '^党员人数$'}]\n  - id: mine.x\n    subject: [{regex: '^党员总数$'}]\n";
        let s = Schemas::from_sources(&[
            ("mine.yaml", user),
            ("schemas/party.yaml", PARTY_SCHEMA),
            ("schemas/communique.yaml", COMMUNIQUE_SCHEMA),
        ])
        .unwrap();
        assert_eq!(
            s.metric_for_subject("党员人数", Some(Kind::Level), Some("名")),
            Some("party.members.total")
        );
        assert_eq!(s.metric_for_subject("党员总数", None, None), Some("mine.x"));
    }

    #[test]
    fn conflicting_relations_are_an_error() {
        let user = "name: mine\nmetrics:\n  - id: gdp.primary\n    subject: [{regex: '^农业增加值$'}]\n    share_of: population.total\n";
        let e = Schemas::from_sources(&[
            ("mine.yaml", user),
            ("schemas/communique.yaml", COMMUNIQUE_SCHEMA),
        ])
        .unwrap_err()
        .to_string();
        // The user's entry comes first, so the built-in one is reported as differing.
        assert!(
            e.contains("metric `gdp.primary`") && e.contains("differ"),
            "{e}"
        );
    }

    #[test]
    fn a_wording_can_name_a_metric_only_where_it_is_listed_under_a_total() {
        let s = Schemas::builtin();
        let claim = |subject: &str, value: i64, part_of: Option<usize>| Claim {
            kind: Kind::Level,
            subject: subject.into(),
            value: crate::Value(value.into()),
            unit: "元".into(),
            text: CompactString::default(),
            span: [0, 0],
            precision: crate::Value(1.into()),
            baseline: None,
            of: None,
            qualifier: None,
            value_max: None,
            period: None,
            part_of,
            metric: None,
        };
        let claims = vec![
            claim("规模以上工业企业利润", 74311, None),
            claim("制造业", 55141, Some(0)),
            claim("制造业", 55141, None),
        ];
        let metrics = s.metrics_for(&claims, false);
        assert_eq!(metrics[0].as_deref(), Some("industry.profits.total"));
        assert_eq!(
            metrics[1].as_deref(),
            Some("industry.profits.manufacturing")
        );
        assert_eq!(metrics[2], None);
    }

    #[test]
    fn the_index_finds_what_trying_every_matcher_finds() {
        let s = Schemas::builtin();
        let every_matcher = |subject: &str, kind, unit| {
            let subject = subject.trim();
            (!subject.is_empty())
                .then(|| {
                    s.matchers
                        .iter()
                        .find(|m| m.listed_under.is_none() && m.fits(subject, kind, unit))
                })
                .flatten()
                .map(|m| m.id.as_str())
        };
        // Some wordings of every pattern, and every part of two characters or more of every label.
        let mut subjects: Vec<String> = Vec::new();
        for pattern in s.matchers.iter().flat_map(|m| &m.patterns) {
            if let Some(SubjectRegex::Wordings(wordings, _)) = &pattern.regex {
                subjects.extend(wordings.all().into_iter().step_by(4));
            }
            subjects.extend(pattern.all.iter().map(|w| format!("全国{w}人数")));
        }
        for label in s.metrics.values().filter_map(|m| m.label.as_deref()) {
            let chars: Vec<char> = label.chars().collect();
            for i in 0..chars.len() {
                for j in i + 2..=chars.len() {
                    subjects.push(chars[i..j].iter().collect());
                }
            }
        }
        let kinds_and_units = [
            (None, None),
            (Some(Kind::Level), Some("元")),
            (Some(Kind::Share), Some("%")),
        ];
        let mut found = 0;
        for subject in &subjects {
            for (kind, unit) in kinds_and_units {
                let indexed = s.metric_for_subject(subject, kind, unit);
                assert_eq!(indexed, every_matcher(subject, kind, unit), "{subject}");
                found += usize::from(indexed.is_some());
            }
        }
        assert!(found > 1000, "{found} of {} subjects map", subjects.len());
    }

    #[test]
    fn wordings_across_years_land_on_one_metric() {
        let s = Schemas::builtin();
        for subject in ["党员总数", "中国共产党党员总数", "全国党员总数"] {
            assert_eq!(
                s.metric_for_subject(subject, Some(Kind::Level), Some("名")),
                Some("party.members.total"),
                "{subject}"
            );
        }
        assert_eq!(
            s.metric_for_subject("40岁及以下党员总数", Some(Kind::Share), Some("%")),
            Some("party.members.age_40_and_under")
        );
        for subject in [
            "国内生产总值",
            "全市生产总值",
            "全州地区生产总值",
            "地区生产总值",
        ] {
            assert_eq!(
                s.metric_for_subject(subject, Some(Kind::Level), Some("元")),
                Some("gdp.total"),
                "{subject}"
            );
        }
        assert_eq!(
            s.metric_for_subject("东部地区生产总值", Some(Kind::Level), Some("元")),
            None
        );
        assert_eq!(
            s.metric_for_subject("人均国内生产总值", Some(Kind::Level), Some("元")),
            Some("gdp.per_capita")
        );
    }
}
