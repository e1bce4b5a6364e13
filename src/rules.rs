//! Rules: the words and patterns the scan and attribute stages read, kept as data.
//!
//! The default set is `rules/default.yaml`, embedded in the binary. A user's file of the same
//! shape adds to it ([`Rules::with_file`]): lists are extended and patterns added by name.
//!
//! ```
//! let rules = gongbao::Rules::default();
//! assert!(rules.is_unit("万吨") == false && rules.is_unit("吨"));
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use regex::Regex;

use crate::chars::{ends_with, starts_with};
use crate::scan::starts::StartSearch;
use serde::Deserialize;

/// The embedded default rule file.
pub const DEFAULT_RULES: &str = include_str!("../rules/default.yaml");

/// A rule file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("{path}: cannot read rule file: {source}")]
    Read {
        /// The rule file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid YAML of the rule-file shape (unknown field, wrong type …).
    #[error("{path}: {message}")]
    Parse {
        /// The rule file.
        path: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A pattern is not a valid regular expression, or not one the engine can use.
    #[error("{path}: pattern `{name}`{}: {message}", line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    Pattern {
        /// The rule file.
        path: String,
        /// The pattern's name.
        name: String,
        /// The line of the file where the pattern is, when it can be told.
        line: Option<usize>,
        /// What is wrong, in one line.
        message: String,
    },
}

/// Qualifier words by meaning.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierWords {
    #[serde(default)]
    approx: Vec<String>,
    #[serde(default)]
    at_least: Vec<String>,
    #[serde(default)]
    at_most: Vec<String>,
}

/// Cue words by what they say about a figure.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueWords {
    #[serde(default)]
    up: Vec<String>,
    #[serde(default)]
    down: Vec<String>,
    #[serde(default)]
    share: Vec<String>,
}

/// The shape of a rule file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    units: Vec<String>,
    #[serde(default)]
    not_claim_units: Vec<String>,
    #[serde(default)]
    not_claim_before: Vec<String>,
    #[serde(default)]
    scope_after: Vec<String>,
    #[serde(default)]
    not_claim_phrases: Vec<String>,
    #[serde(default)]
    qualifiers_before: QualifierWords,
    #[serde(default)]
    qualifiers_after: QualifierWords,
    #[serde(default)]
    cues: CueWords,
    #[serde(default)]
    baselines: Vec<String>,
    #[serde(default)]
    baseline_words: Vec<String>,
    #[serde(default)]
    subject_leading: Vec<String>,
    #[serde(default)]
    subject_trailing: Vec<String>,
    #[serde(default)]
    relation_verbs: Vec<String>,
    #[serde(default)]
    exclusive_breakdowns: Vec<String>,
    #[serde(default)]
    non_additive: Vec<String>,
    #[serde(default)]
    ratio_parts: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    patterns: BTreeMap<String, String>,
}

impl RuleFile {
    fn parse(path: &str, text: &str) -> Result<Self, RulesError> {
        yaml_serde::from_str(text).map_err(|e| RulesError::Parse {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    fn extend(&mut self, other: RuleFile) {
        fn add(a: &mut QualifierWords, b: QualifierWords) {
            a.approx.extend(b.approx);
            a.at_least.extend(b.at_least);
            a.at_most.extend(b.at_most);
        }
        self.units.extend(other.units);
        self.not_claim_units.extend(other.not_claim_units);
        self.not_claim_before.extend(other.not_claim_before);
        self.scope_after.extend(other.scope_after);
        self.not_claim_phrases.extend(other.not_claim_phrases);
        add(&mut self.qualifiers_before, other.qualifiers_before);
        add(&mut self.qualifiers_after, other.qualifiers_after);
        self.cues.up.extend(other.cues.up);
        self.cues.down.extend(other.cues.down);
        self.cues.share.extend(other.cues.share);
        self.baselines.extend(other.baselines);
        self.baseline_words.extend(other.baseline_words);
        self.subject_leading.extend(other.subject_leading);
        self.subject_trailing.extend(other.subject_trailing);
        self.relation_verbs.extend(other.relation_verbs);
        self.exclusive_breakdowns.extend(other.exclusive_breakdowns);
        self.non_additive.extend(other.non_additive);
        self.ratio_parts.extend(other.ratio_parts);
        self.patterns.extend(other.patterns);
    }
}

/// A set of words matched longest-first at a position.
///
/// Words are bucketed by their first and by their last character, longest first, so a lookup
/// at a position compares against the few words that could match there and hashes nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet {
    by_first: Buckets,
    by_last: Buckets,
}

/// Words grouped by one of their characters (the first or the last), a character's group found
/// by one table lookup: scan and attribute look words up for nearly every number and figure,
/// and a search among the groups' characters cost more than the few comparisons after it.
#[derive(Debug, Clone, Default)]
struct Buckets {
    /// For each value of a character's low 12 bits, one more than the first bucket whose
    /// character has them (0: none has). Buckets that share the bits are side by side.
    index: Vec<u16>,
    /// Each bucket's character and the range of its words in `words`.
    buckets: Vec<(char, Range<usize>)>,
    /// The words, bucket after bucket, each bucket's longest first.
    words: Vec<Box<str>>,
}

impl Buckets {
    const KEYS: usize = 4096;
    /// A slot whose buckets lie past where a `u16` can point: they are searched for (the
    /// buckets are in order of slot, then character).
    const SEARCH: u16 = u16::MAX;

    fn key(c: char) -> usize {
        c as usize % Self::KEYS
    }

    /// The buckets of `words` (longest first) by the character `by` picks.
    fn new(words: &[Box<str>], by: fn(&str) -> Option<char>) -> Self {
        let mut keyed: Vec<(usize, char, usize)> = words
            .iter()
            .enumerate()
            .filter_map(|(order, w)| by(w).map(|c| (Self::key(c), c, order)))
            .collect();
        // By key, then character, then the words' longest-first order.
        keyed.sort_unstable();
        let mut out = Buckets {
            index: vec![0; Self::KEYS],
            ..Buckets::default()
        };
        for (key, c, order) in keyed {
            if out.buckets.last().is_none_or(|(last, _)| *last != c) {
                if out.index[key] == 0 {
                    // Past 65,534 buckets (rule files with that many first or last characters)
                    // a slot cannot say where its buckets start: it says to search for them.
                    out.index[key] = u16::try_from(out.buckets.len() + 1).unwrap_or(Self::SEARCH);
                }
                out.buckets.push((c, out.words.len()..out.words.len()));
            }
            out.words.push(words[order].clone());
            if let Some((_, range)) = out.buckets.last_mut() {
                range.end = out.words.len();
            }
        }
        out
    }

    /// The words of the bucket of `c` (none when there is no character).
    fn of(&self, c: Option<char>) -> &[Box<str>] {
        let Some(c) = c else { return &[] };
        let key = Self::key(c);
        let bucket = match self.index.get(key) {
            None | Some(0) => None,
            Some(&Self::SEARCH) => self
                .buckets
                .binary_search_by_key(&(key, c), |(b, _)| (Self::key(*b), *b))
                .ok()
                .map(|i| &self.buckets[i]),
            Some(&i) => self.buckets[usize::from(i) - 1..]
                .iter()
                .take_while(|(b, _)| Self::key(*b) == key)
                .find(|(b, _)| *b == c),
        };
        bucket.map_or(&[], |(_, range)| &self.words[range.clone()])
    }
}

impl WordSet {
    fn new<I: IntoIterator<Item = String>>(words: I) -> Self {
        let mut words: Vec<Box<str>> = words
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(String::into_boxed_str)
            .collect();
        words.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        words.dedup();
        WordSet {
            by_first: Buckets::new(&words, |w| w.chars().next()),
            by_last: Buckets::new(&words, |w| w.chars().next_back()),
        }
    }

    /// Every word of the set, in no particular order.
    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        self.by_first.words.iter().map(|w| &**w)
    }

    pub(crate) fn contains(&self, w: &str) -> bool {
        self.by_first
            .of(w.chars().next())
            .iter()
            .any(|x| x.len() == w.len() && starts_with(w.as_bytes(), x.as_bytes()))
    }

    /// The longest word that `s` starts with.
    pub(crate) fn prefix_of<'a>(&self, s: &'a str) -> Option<&'a str> {
        let words = self.by_first.of(s.chars().next());
        words
            .iter()
            .find(|w| starts_with(s.as_bytes(), w.as_bytes()))
            .map(|w| &s[..w.len()])
    }

    /// The longest word that `s` ends with.
    pub(crate) fn suffix_of<'a>(&self, s: &'a str) -> Option<&'a str> {
        let words = self.by_last.of(s.chars().next_back());
        words
            .iter()
            .find(|w| ends_with(s.as_bytes(), w.as_bytes()))
            .map(|w| &s[s.len() - w.len()..])
    }
}

/// Word sets that each carry a meaning, looked up as one: the longest word of any of them at a
/// position, with the meaning of the set it is in (of the last, if several hold it). One lookup
/// instead of one per set, for what scan and attribute ask of every number and prefix.
#[derive(Debug, Clone)]
pub(crate) struct TaggedWords<T> {
    any: WordSet,
    sets: Vec<(WordSet, T)>,
}

impl<T: Copy> TaggedWords<T> {
    fn new(sets: Vec<(Vec<String>, T)>) -> Self {
        let any = WordSet::new(sets.iter().flat_map(|(words, _)| words.iter().cloned()));
        let sets = sets
            .into_iter()
            .map(|(words, tag)| (WordSet::new(words), tag))
            .collect();
        TaggedWords { any, sets }
    }

    /// Every word of every set.
    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        self.any.words()
    }

    fn tag_of(&self, word: &str) -> Option<T> {
        let mut holding = self.sets.iter().filter(|(set, _)| set.contains(word));
        holding.next_back().map(|(_, tag)| *tag)
    }

    /// The longest word that `s` starts with, and its meaning.
    pub(crate) fn prefix_of<'a>(&self, s: &'a str) -> Option<(&'a str, T)> {
        let word = self.any.prefix_of(s)?;
        Some((word, self.tag_of(word)?))
    }

    /// The longest word that `s` ends with, and its meaning.
    pub(crate) fn suffix_of<'a>(&self, s: &'a str) -> Option<(&'a str, T)> {
        let word = self.any.suffix_of(s)?;
        Some((word, self.tag_of(word)?))
    }
}

/// Which way a cue word points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    Up,
    Down,
    Share,
}

/// The compiled rule set.
#[derive(Debug, Clone)]
pub struct Rules {
    pub(crate) units: WordSet,
    pub(crate) not_claim_units: WordSet,
    pub(crate) not_claim_before: WordSet,
    pub(crate) scope_after: WordSet,
    pub(crate) not_claim_phrases: Option<Regex>,
    /// The phrases that `not_claim_phrases` finds, as written.
    pub(crate) not_claim_phrase_list: Vec<String>,
    /// The same phrases as a word set, for the longest one at a position.
    pub(crate) not_claim_phrase_words: WordSet,
    pub(crate) before: TaggedWords<crate::Qualifier>,
    pub(crate) after: TaggedWords<crate::Qualifier>,
    pub(crate) cues: TaggedWords<Cue>,
    pub(crate) baselines: WordSet,
    pub(crate) baseline_words: WordSet,
    pub(crate) subject_leading: WordSet,
    pub(crate) subject_trailing: WordSet,
    pub(crate) relation_verbs: Vec<String>,
    pub(crate) exclusive_breakdowns: WordSet,
    pub(crate) non_additive: Vec<String>,
    pub(crate) ratio_parts: BTreeMap<String, Vec<String>>,
    pub(crate) breakdown: Regex,
    pub(crate) footnote: Regex,
    pub(crate) period: Regex,
    /// Text that every match of `period` contains: a clause without it names no period. None
    /// when the rule file that gives `period` gives no hint for it.
    pub(crate) period_hint: Option<Regex>,
    pub(crate) doubling: Regex,
    /// The one character every `doubling` match starts with, when there is one.
    pub(crate) doubling_first: Option<char>,
    pub(crate) number: Regex,
    /// The number pattern searched from the characters its matches start with, when those can
    /// be told ([`crate::scan::starts`]); else `number`'s own search is used.
    pub(crate) number_starts: Option<StartSearch>,
    /// The number pattern is the built-in one, whose groups scan can tell from a match's text
    /// without a second search (see `scan::Groups`).
    pub(crate) number_is_builtin: bool,
}

impl Default for Rules {
    fn default() -> Self {
        // The embedded file is part of the build and covered by tests: failing here is a bug.
        Rules::from_sources(&[("<default rules>", DEFAULT_RULES)])
            .expect("embedded rules are valid")
    }
}

impl Rules {
    /// The default rules plus the rules in `path`.
    pub fn with_file(path: &Path) -> Result<Self, RulesError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Read {
            path: name.clone(),
            source,
        })?;
        Rules::from_sources(&[("<default rules>", DEFAULT_RULES), (&name, &text)])
    }

    /// Builds a rule set from named rule-file texts, later ones adding to earlier ones.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Self, RulesError> {
        let mut merged = RuleFile::default();
        let mut origin: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
        let mut number_is_builtin = false;
        // The files, by index, that last gave the period pattern and its hint: a hint tells
        // only of a pattern given with or before it.
        let (mut period_from, mut hint_from) = (None, None);
        for (i, (path, text)) in sources.iter().enumerate() {
            let file = RuleFile::parse(path, text)?;
            if file.patterns.contains_key("period") {
                period_from = Some(i);
            }
            if file.patterns.contains_key("period_hint") {
                hint_from = Some(i);
            }
            if file.patterns.contains_key("number") {
                number_is_builtin = *text == DEFAULT_RULES;
            }
            for name in file.patterns.keys() {
                origin.insert(name.clone(), (path.to_string(), line_of_key(text, name)));
            }
            merged.extend(file);
        }
        let compile = |name: &str| -> Result<Regex, RulesError> {
            let fail = |message: String| pattern_error(&origin, name, message);
            let src = merged
                .patterns
                .get(name)
                .ok_or_else(|| fail("required pattern is missing".into()))?;
            Regex::new(src).map_err(|e| fail(e.to_string()))
        };
        let (footnote, period) = (compile("footnote")?, compile("period")?);
        let (doubling, number) = (compile("doubling")?, compile("number")?);
        let breakdown = compile("breakdown")?;
        let period_hint = hint_from
            .map(|_| compile("period_hint"))
            .transpose()?
            .filter(|_| hint_from >= period_from);
        // The scan stage reads the number pattern by its groups: without them nothing is found.
        for group in ["arabic", "chinese"] {
            if !number.capture_names().flatten().any(|n| n == group) {
                return Err(pattern_error(
                    &origin,
                    "number",
                    format!("must keep the named group `{group}` that the scan stage reads"),
                ));
            }
        }
        // Patterns the stages do not read are still checked, so that a typo is found; those they
        // read are compiled above, once (compiling them twice was a third of loading the rules).
        let read = [
            "footnote",
            "period",
            "period_hint",
            "doubling",
            "number",
            "breakdown",
        ];
        for name in merged
            .patterns
            .keys()
            .filter(|n| !read.contains(&n.as_str()))
        {
            compile(name)?;
        }
        Ok(Rules {
            units: WordSet::new(merged.units),
            not_claim_units: WordSet::new(merged.not_claim_units),
            not_claim_before: WordSet::new(merged.not_claim_before),
            scope_after: WordSet::new(merged.scope_after),
            not_claim_phrases: phrase_regex(&merged.not_claim_phrases),
            not_claim_phrase_words: WordSet::new(merged.not_claim_phrases.iter().cloned()),
            not_claim_phrase_list: merged.not_claim_phrases,
            before: qualifier_sets(merged.qualifiers_before),
            after: qualifier_sets(merged.qualifiers_after),
            cues: TaggedWords::new(vec![
                (merged.cues.up, Cue::Up),
                (merged.cues.down, Cue::Down),
                (merged.cues.share, Cue::Share),
            ]),
            baselines: WordSet::new(merged.baselines),
            baseline_words: WordSet::new(merged.baseline_words),
            subject_leading: WordSet::new(merged.subject_leading),
            subject_trailing: WordSet::new(merged.subject_trailing),
            relation_verbs: merged.relation_verbs,
            exclusive_breakdowns: WordSet::new(merged.exclusive_breakdowns),
            non_additive: merged.non_additive,
            ratio_parts: merged.ratio_parts,
            breakdown,
            footnote,
            period,
            period_hint,
            doubling_first: crate::scan::starts::only_first_char(doubling.as_str()),
            doubling,
            number_starts: StartSearch::new(number.as_str()),
            number,
            number_is_builtin,
        })
    }

    /// Whether `w` is a known unit or measure word.
    pub fn is_unit(&self, w: &str) -> bool {
        self.units.contains(w)
    }

    /// The qualifier word that `s` starts with (after a number), and its meaning.
    pub(crate) fn qualifier_after<'a>(&self, s: &'a str) -> Option<(&'a str, crate::Qualifier)> {
        self.after.prefix_of(s)
    }

    /// The qualifier word that `s` ends with (before a number), and its meaning.
    pub(crate) fn qualifier_before<'a>(&self, s: &'a str) -> Option<(&'a str, crate::Qualifier)> {
        self.before.suffix_of(s)
    }

    /// The cue word that `s` ends with, and what it says.
    pub(crate) fn cue_suffix<'a>(&self, s: &'a str) -> Option<(&'a str, Cue)> {
        self.cues.suffix_of(s)
    }

    /// The cue word that `s` starts with, and what it says.
    pub(crate) fn cue_prefix<'a>(&self, s: &'a str) -> Option<(&'a str, Cue)> {
        self.cues.prefix_of(s)
    }
}

/// A pattern error naming the file and line the pattern came from, with the message in one line
/// (the regex compiler's own runs over several, with a caret diagram).
fn pattern_error(
    origin: &BTreeMap<String, (String, Option<usize>)>,
    name: &str,
    message: String,
) -> RulesError {
    let (path, line) = origin
        .get(name)
        .cloned()
        .unwrap_or_else(|| ("<rules>".into(), None));
    let message = message
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    RulesError::Pattern {
        path,
        name: name.to_string(),
        line,
        message,
    }
}

/// The 1-based line where `key:` is written in a YAML text, if it is.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches(['"', '\'']);
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).starts_with(':'))
        })
        .map(|i| i + 1)
}

fn qualifier_sets(q: QualifierWords) -> TaggedWords<crate::Qualifier> {
    use crate::Qualifier::*;
    TaggedWords::new(vec![
        (q.approx, Approx),
        (q.at_least, AtLeast),
        (q.at_most, AtMost),
    ])
}

/// One regex that finds any of the phrases, longest first.
fn phrase_regex(phrases: &[String]) -> Option<Regex> {
    if phrases.is_empty() {
        return None;
    }
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let alt: Vec<String> = sorted.iter().map(|p| regex::escape(p)).collect();
    Regex::new(&alt.join("|")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters that share their low 12 bits share a slot of the index: each still finds
    /// its own words, longest first, and only them.
    #[test]
    fn word_sets_tell_characters_that_share_an_index_slot() {
        let (a, b, c) = ('\u{4E07}', '\u{5E07}', '\u{6E07}'); // 万 and two sharing its slot
        let words = [
            format!("{a}元"),
            format!("{a}"),
            format!("{b}吨"),
            format!("人{b}"),
        ];
        let set = WordSet::new(words.iter().cloned());
        assert_eq!(
            set.prefix_of(&format!("{a}元以上")),
            Some(&*format!("{a}元"))
        );
        assert_eq!(set.prefix_of(&format!("{a}人")), Some(&*format!("{a}")));
        assert_eq!(set.prefix_of(&format!("{b}吨")), Some(&*format!("{b}吨")));
        assert_eq!(set.prefix_of(&format!("{c}吨")), None);
        assert_eq!(set.suffix_of(&format!("个人{b}")), Some(&*format!("人{b}")));
        assert_eq!(set.suffix_of(&format!("人{c}")), None);
        assert!(set.contains(&format!("{b}吨")) && !set.contains(&format!("{c}吨")));
        assert!(!set.contains(&format!("{a}吨")));
        let mut listed: Vec<&str> = set.words().collect();
        listed.sort_unstable();
        let mut given: Vec<&str> = words.iter().map(String::as_str).collect();
        given.sort_unstable();
        assert_eq!(listed, given);
    }

    /// A set with more first characters than an index slot can point past still finds each.
    #[test]
    fn word_sets_of_more_characters_than_slots_can_point_at_find_every_one() {
        let chars: Vec<char> = (0x10000..0x10000 + 70_000)
            .filter_map(char::from_u32)
            .collect();
        let set = WordSet::new(chars.iter().map(|c| format!("{c}吨")));
        for c in &chars {
            let word = format!("{c}吨");
            assert!(set.contains(&word), "{c:?}");
            assert_eq!(set.prefix_of(&format!("{word}以上")), Some(&*word));
        }
        assert!(!set.contains("吨"));
    }

    #[test]
    fn default_rules_compile() {
        let r = Rules::default();
        assert!(r.is_unit("个百分点"));
        assert_eq!(r.cue_suffix("比上年净增").map(|c| c.0), Some("净增"));
    }

    #[test]
    fn user_rules_add_units() {
        let r =
            Rules::from_sources(&[("d", DEFAULT_RULES), ("user.yaml", "units: [人年]\n")]).unwrap();
        assert!(r.is_unit("人年"));
    }

    #[test]
    fn bad_pattern_names_file_and_rule() {
        let err = Rules::from_sources(&[
            ("d", DEFAULT_RULES),
            ("my.yaml", "patterns:\n  footnote: '[0-9'\n"),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("my.yaml: pattern `footnote`"), "{err}");
    }

    #[test]
    fn a_period_hint_tells_only_of_the_period_pattern_given_with_or_before_it() {
        let hint = |files: &[(&str, &str)]| Rules::from_sources(files).unwrap().period_hint;
        let period = "patterns:\n  period: '(?P<p1>本期)'\n";
        let both = "patterns:\n  period: '(?P<p1>本期)'\n  period_hint: '本期'\n";
        let only_hint = "patterns:\n  period_hint: '[0-9][年月]|季|半年|今年'\n";
        assert!(hint(&[("d", DEFAULT_RULES)]).is_some());
        assert!(hint(&[("d", DEFAULT_RULES), ("u", period)]).is_none());
        assert!(hint(&[("d", DEFAULT_RULES), ("u", both)]).is_some());
        assert!(hint(&[("d", DEFAULT_RULES), ("u", only_hint)]).is_some());
        assert!(hint(&[("d", DEFAULT_RULES), ("u", period), ("v", only_hint)]).is_some());
    }

    #[test]
    fn unknown_field_names_file_and_line() {
        let err = Rules::from_sources(&[
            ("d", DEFAULT_RULES),
            ("my.yaml", "units: [a]\nunitz: [b]\n"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("my.yaml: ") && err.contains("unitz") && err.contains("line 2"),
            "{err}"
        );
    }
}
