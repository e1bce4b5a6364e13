//! Attribute: decide which quantities are claims, what kind, and what each is about.
//!
//! The words between a figure and the previous figure (or the clause start) are read from both
//! ends: leading context (全年, 其中, periods) comes off the front; fillers (为, 达到), the cue
//! (增长, 净增, 占…比重) and the baseline (比上年) come off the back; what remains names the
//! subject. When nothing remains, the subject is carried: from the previous claim of the sentence,
//! else from a clause that names something (2019年党员总数稳中有升，增幅为1.5%), else from the
//! object of the same verb earlier in the sentence (发行超长期特别国债……今年先发行1万亿元).
//! jieba-rs is consulted only for those carried subjects and for figures written before their
//! subject (70个贫困村退出), so most text is never tokenized.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock, RwLock};

use compact_str::{CompactString, format_compact};
use jieba_rs::Jieba;

use crate::model::{Claim, Kind, Value};
use crate::rules::{Cue, Rules};
use crate::scan::{Measure, Quantity};
use crate::segment::Segments;

mod lookup;

use lookup::{AnyWord, Phrases, Telltales, WordEdges, find_word, has_word};

/// The most text (in bytes) a figure's words are read from, on either side of it. The longest
/// subject in the samples is 53 characters; a clause thousands of characters long without a
/// mark is no bulletin's, and reading all of it for each of its figures made the output grow
/// with the square of the input ("两万人的" repeated).
const MAX_SUBJECT_TEXT: usize = 600;

/// The last `max` bytes of `s` or fewer, starting at a character.
fn at_most_tail(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// The first `max` bytes of `s` or fewer, ending at a character.
fn at_most_head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The words that join the figures of one list when one stands alone between two
/// (20.5%、21.7%和57.8%).
const LIST_JOINERS: &[char] = &['和', '、', '及', '与', '或'];

/// The verbs that end a relative clause after 的 (持平的为4个), which then names its subject.
const RELATIVE_VERBS: &[char] = &['为', '有', '是', '达'];

/// Marks and joining words that open no subject and are taken off its front, with spaces.
const LEADING_MARKS: &[char] = &[
    '、', '，', ',', '和', '及', '与', '“', '”', '"', '（', '）', '(', ')', '：', ':', '；', ';',
];

/// A jieba dictionary built on first use and shared after, with the tags of the short strings
/// attribute asks about remembered: the same few words (出口, 实现, 先发行) recur across clauses and
/// documents, and tagging is the costliest step of the stage.
#[derive(Default)]
pub(crate) struct Nlp {
    jieba: OnceLock<Jieba>,
    memo: RwLock<HashMap<Box<str>, Tags>>,
}

/// The words of a string and their jieba tags (inline: words and tags are short, and a
/// text never seen before has hundreds of them tagged).
type Tags = Arc<[(CompactString, CompactString)]>;

/// How many tagged strings the memo keeps; past that, tags are computed each time.
const MEMO_LIMIT: usize = 50_000;

impl Nlp {
    fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(Jieba::new)
    }

    /// Builds the dictionary now, if it is not built yet, and jieba's model for tagging words
    /// it does not know (≈ 25 ms more, built on the first such word otherwise). A batch does
    /// this beside the workers: built by a worker, the model held up the others.
    pub(crate) fn load(&self) {
        // Characters the dictionary holds no word of: tagging them builds the model.
        self.jieba().tag("犇猋骉", true);
    }

    /// Whether the dictionary is built.
    pub(crate) fn is_loaded(&self) -> bool {
        self.jieba.get().is_some()
    }

    /// Forgets every remembered tag.
    pub(crate) fn forget(&self) {
        if let Ok(mut memo) = self.memo.write() {
            memo.clear();
        }
    }

    /// Word/tag pairs of `s`.
    fn tag(&self, s: &str) -> Tags {
        if let Some(tags) = self.memo.read().ok().and_then(|m| m.get(s).cloned()) {
            return tags;
        }
        let tags: Tags = self
            .jieba()
            .tag(s, true)
            .into_iter()
            .map(|t| (CompactString::from(t.word), CompactString::from(t.tag)))
            .collect();
        if let Ok(mut memo) = self.memo.write()
            && memo.len() < MEMO_LIMIT
        {
            memo.insert(s.into(), tags.clone());
        }
        tags
    }
}

/// What the words before a figure say.
#[derive(Debug, Default)]
struct Prefix {
    subject: CompactString,
    cue: Option<Cue>,
    baseline: Option<CompactString>,
    of: Option<CompactString>,
    period: Option<CompactString>,
    distributive: bool,
    relative: bool,
    parts_of: bool,
    /// The clause opens a breakdown (分门类看): `Some(true)` when its parts do not overlap.
    breakdown: Option<bool>,
}

/// What carries from clause to clause within a sentence. Earlier claims are named by their
/// index in the claims found so far, which keeps their subjects without copying them.
#[derive(Debug, Default)]
struct SentenceState {
    period: Option<CompactString>,
    /// The last claim of this sentence.
    last_claim: Option<usize>,
    /// The claim whose subject names the whole that the figures of this sentence are parts of
    /// (其中 after 全年粮食产量…: 其中夏粮 → 全年粮食产量中的夏粮).
    parent: Option<usize>,
    /// The claim (index) that figures of this sentence are parts of (其中, 分门类看).
    parts_parent: Option<usize>,
    /// The sentence lists parts of something, so its figures are not totals.
    in_breakdown: bool,
    /// Clauses of this sentence that hold no claim, as places a subject may be named.
    bare_clauses: Vec<Range<usize>>,
}

impl SentenceState {
    /// Forgets the last sentence, keeping the room its bare clauses took for the next.
    fn start_again(&mut self) {
        let mut bare_clauses = std::mem::take(&mut self.bare_clauses);
        bare_clauses.clear();
        *self = SentenceState {
            bare_clauses,
            ..SentenceState::default()
        };
    }
}

/// Reads claims out of one document's quantities.
pub(crate) struct Attributor<'a> {
    rules: &'a Rules,
    nlp: &'a Nlp,
    text: &'a str,
    phrases: Phrases<'a>,
    non_additive: AnyWord<'a>,
    relation_verbs: AnyWord<'a>,
    edges: WordEdges,
    /// The last level figure (a claim index): what 其中 names the parts of.
    last_level: Option<usize>,
    /// The last level figure that is not itself a part: what 其中 refers to.
    top_total: Option<usize>,
    /// The claims found, their `span` still in bytes (extract turns it into characters).
    claims: Vec<Claim>,
    /// The last run of Han characters read (see [`Attributor::han_run_end`]).
    han_run: Cell<Option<(usize, usize)>>,
}

impl<'a> Attributor<'a> {
    pub(crate) fn new(rules: &'a Rules, nlp: &'a Nlp, text: &'a str) -> Self {
        let phrases = Phrases::new(rules, text);
        Attributor {
            rules,
            nlp,
            text,
            phrases,
            non_additive: AnyWord::new(&rules.non_additive),
            relation_verbs: AnyWord::new(&rules.relation_verbs),
            edges: WordEdges::new(rules),
            last_level: None,
            top_total: None,
            claims: Vec::new(),
            han_run: Cell::new(None),
        }
    }

    /// The claims, their `span` in bytes of the text rather than characters.
    pub(crate) fn run(mut self, sentences: &Segments, quantities: &[Quantity]) -> Vec<Claim> {
        // Every claim is one of the quantities: room for all of them means the claims, large
        // structs, are never moved to a bigger buffer.
        self.claims.reserve(quantities.len());
        let mut next = 0;
        // The claims of a sentence's clauses, one clause after another, and where each clause's
        // claims end; one buffer for all sentences.
        let mut claims: Vec<&Quantity> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut state = SentenceState::default();
        for sentence in sentences.iter() {
            claims.clear();
            ends.clear();
            for clause in sentence.clauses {
                // Quantities come in order of their start, and clauses in order: each clause's
                // run of quantities starts where the last one's ended.
                let first = skip_before(quantities, next, clause.start);
                let last = skip_before(quantities, first, clause.end);
                next = last;
                claims.extend(
                    quantities[first..last]
                        .iter()
                        .filter(|q| self.is_claim(q, clause)),
                );
                ends.push(claims.len());
            }
            // What a clause says lasts to the end of its sentence: the clauses after the last
            // claim change nothing, and are not read.
            let read = match claims.len() {
                0 => 0,
                n => ends.iter().position(|&end| end == n).map_or(0, |i| i + 1),
            };
            state.start_again();
            let mut start = 0;
            for (clause, &end) in sentence.clauses.iter().zip(&ends).take(read) {
                self.read_clause(&mut state, clause.clone(), &claims[start..end]);
                start = end;
            }
        }
        self.claims
    }

    /// The subject of the claim found `i`th.
    fn subject_of(&self, i: usize) -> &str {
        &self.claims[i].subject
    }

    /// The text between two byte offsets; empty where figures overlap or cross a clause break.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// Whether a quantity is a claim, by its form and the words right around it.
    fn is_claim(&self, q: &Quantity, clause: &Range<usize>) -> bool {
        if q.rejected.is_some() || self.in_phrase(q.start) {
            return false;
        }
        let after = self.slice(q.end, clause.end);
        let bare =
            q.measure == Measure::Amount && q.unit.is_empty() && !q.scaled && q.ratio.is_none();
        // Chinese numerals before a noun are names and idioms (三会一课, 百万吨乙烯项目); an
        // Arabic number with neither unit nor scale is a label unless a word introduces it.
        let attributive = after.starts_with(is_han) && !after.starts_with('的');
        if q.chinese && (bare || attributive) {
            return false;
        }
        if bare && (attributive || !self.text[..q.lead].ends_with(is_han)) {
            return false;
        }
        !self.sizes_scope(q.end, clause.end)
    }

    /// Whether `at` falls inside a not-claim phrase.
    fn in_phrase(&self, at: usize) -> bool {
        self.phrases.cover(at)
    }

    /// 70个大中城市中: the figure ending at `at` sizes a scope, it is not a claim. The words
    /// after it, up to the next Arabic digit or the clause's end, are all Han and end with a
    /// scope word.
    fn sizes_scope(&self, at: usize, clause_end: usize) -> bool {
        if at >= clause_end {
            return false;
        }
        let run_end = self.han_run_end(at).min(clause_end);
        let ends_at_number =
            run_end == clause_end || self.text[run_end..].starts_with(|c: char| c.is_ascii_digit());
        let words = &self.text[at..run_end];
        !words.is_empty() && ends_at_number && self.rules.scope_after.suffix_of(words).is_some()
    }

    /// The end of the run of Han characters from `at` on: the first other character's offset,
    /// or the text's end. The last run read is kept: figures ask in order, and on a long run
    /// (两万人的两万人的…) each would otherwise read it to its end, in quadratic time.
    fn han_run_end(&self, at: usize) -> usize {
        if let Some((from, end)) = self.han_run.get()
            && (from..=end).contains(&at)
        {
            return end;
        }
        let rest = &self.text[at..];
        let end = at + rest.find(|c: char| !is_han(c)).unwrap_or(rest.len());
        self.han_run.set(Some((at, end)));
        end
    }

    fn read_clause(&mut self, state: &mut SentenceState, clause: Range<usize>, qs: &[&Quantity]) {
        let text = self.text;
        if qs.is_empty() {
            let (prefix, _) = self.read_context(&text[clause.clone()]);
            self.open_parts(state, &prefix, clause.start);
            state.period = prefix.period.or(state.period.take());
            state.bare_clauses.push(clause);
            return;
        }
        let mut cursor = clause.start;
        let mut i = 0;
        while i < qs.len() {
            let mut j = i + 1;
            while j < qs.len()
                && (joins_list(self.slice(qs[j - 1].end, qs[j].lead))
                    || qs[j].ratio.is_some_and(|(k, _)| k > 0))
            {
                j += 1;
            }
            let before = at_most_tail(self.slice(cursor, qs[i].lead), MAX_SUBJECT_TEXT);
            let mut prefix = self.read_prefix(before);
            state.period = prefix.period.take().or(state.period.take());
            self.open_parts(state, &prefix, qs[i].start);
            let group = &qs[i..j];
            match self.subjects(state, &mut prefix, group, &clause) {
                // The last figure takes the subject; the others, copies.
                Subjects::Shared(subject) => {
                    if let Some((last, rest)) = group.split_last() {
                        for q in rest {
                            self.push_claim(state, &prefix, q, subject.clone());
                        }
                        self.push_claim(state, &prefix, last, subject);
                    }
                }
                Subjects::Each(subjects) => {
                    for (q, subject) in group.iter().zip(subjects) {
                        self.push_claim(state, &prefix, q, subject);
                    }
                }
            }
            cursor = qs[j - 1].end;
            i = j;
        }
    }

    /// After 其中 or a breakdown clause, the figures of the sentence are parts of the last total
    /// of the same paragraph.
    fn open_parts(&self, state: &mut SentenceState, prefix: &Prefix, at: usize) {
        if !prefix.parts_of && prefix.breakdown.is_none() {
            return;
        }
        state.parent = self.last_level.filter(|_| prefix.parts_of);
        state.in_breakdown = true;
        let same_paragraph = |i: &usize| !self.slice(self.claims[*i].span[1], at).contains('\n');
        state.parts_parent = self
            .top_total
            .filter(same_paragraph)
            .filter(|_| prefix.breakdown != Some(false));
    }

    /// The total that the level figure `q`, about to be the next claim, is a part of; outside
    /// a breakdown it is the new total instead.
    fn link_part(
        &mut self,
        state: &SentenceState,
        kind: Kind,
        subject: &str,
        q: &Quantity,
    ) -> Option<usize> {
        let additive = kind == Kind::Level
            && q.measure == Measure::Amount
            && !self.non_additive.found_in(subject);
        if !additive {
            return None;
        }
        if !state.in_breakdown {
            self.top_total = Some(self.claims.len());
            return None;
        }
        state
            .parts_parent
            .filter(|&i| self.claims[i].unit == q.unit)
    }

    fn push_claim(
        &mut self,
        state: &mut SentenceState,
        prefix: &Prefix,
        q: &Quantity,
        subject: CompactString,
    ) {
        let share_form = self.text[q.end..].starts_with('的');
        let (kind, sign) = kind_of(q, prefix.cue, share_form);
        let (mut value, mut value_max) = (q.value, q.value_max);
        if sign < 0 {
            (value, value_max) = match value_max {
                Some(max) => (-max, Some(-value)),
                None => (-value, None),
            };
        }
        let subject = match state.parent {
            Some(parent) if subject.chars().count() <= 3 && !subject.is_empty() => {
                format_compact!("{}中的{subject}", self.subject_of(parent))
            }
            _ => subject,
        };
        let index = self.claims.len();
        state.last_claim = Some(index);
        if kind == Kind::Level && q.measure == Measure::Amount {
            self.last_level = Some(index);
        }
        let wants_baseline = matches!(
            kind,
            Kind::Change | Kind::Growth | Kind::ShareChange | Kind::Multiple
        );
        let part_of = self.link_part(state, kind, &subject, q);
        self.claims.push(Claim {
            kind,
            subject,
            value: Value(value),
            unit: q.unit.clone(),
            text: CompactString::from(&self.text[q.start..q.end]),
            span: [q.start, q.end],
            precision: Value(q.precision),
            baseline: prefix.baseline.as_ref().filter(|_| wants_baseline).cloned(),
            of: prefix.of.as_ref().filter(|_| kind == Kind::Share).cloned(),
            qualifier: q.qualifier,
            value_max: value_max.map(Value),
            period: state.period.clone(),
            part_of,
            metric: None,
        });
    }

    /// The subject of each figure of a list that shares one prefix. The prefix's own subject
    /// is moved out when it is the answer (the prefix is not read for it again).
    fn subjects(
        &self,
        state: &SentenceState,
        prefix: &mut Prefix,
        qs: &[&Quantity],
        clause: &Range<usize>,
    ) -> Subjects {
        let n = qs.len();
        if let Some((_, parts)) = qs[0].ratio {
            return Subjects::Each(self.ratio_subjects(state, prefix, parts, n));
        }
        if let Some(after) = self.subject_after(prefix, qs[n - 1], clause) {
            return Subjects::Shared(after);
        }
        let subject = if prefix.subject.is_empty() {
            self.carried_subject(state)
        } else if prefix.relative {
            let previous = state.last_claim.map(|i| self.subject_of(i));
            compose_relative(self.nlp, previous, &prefix.subject)
        } else if self.is_verb_only(&prefix.subject) {
            self.object_of_verb(state, &prefix.subject)
                .unwrap_or_else(|| self.carried_subject(state))
        } else {
            std::mem::take(&mut prefix.subject)
        };
        if n > 1 && prefix.distributive {
            let parts = split_list(&subject);
            if parts.len() == n {
                return Subjects::Each(parts);
            }
        }
        Subjects::Shared(subject)
    }

    fn ratio_subjects(
        &self,
        state: &SentenceState,
        prefix: &Prefix,
        parts: usize,
        n: usize,
    ) -> Vec<CompactString> {
        let whole = if prefix.subject.is_empty() {
            self.carried_subject(state)
        } else {
            prefix.subject.clone()
        };
        let named = self
            .rules
            .ratio_parts
            .iter()
            .find(|(k, v)| whole.contains(k.as_str()) && v.len() == parts);
        match named {
            Some((key, names)) => names
                .iter()
                .take(n)
                .map(|name| whole.replacen(key.as_str(), name, 1).into())
                .collect(),
            None => (1..=n)
                .map(|k| format_compact!("{whole}（第{k}项）"))
                .collect(),
        }
    }

    /// Figures written before their subject: 70个贫困村退出, 99%以上的城市街道…, 130.19万贫困人口脱贫.
    fn subject_after(
        &self,
        prefix: &Prefix,
        q: &Quantity,
        clause: &Range<usize>,
    ) -> Option<CompactString> {
        let after = at_most_head(self.slice(q.end, clause.end), MAX_SUBJECT_TEXT);
        let (after, share_form) = match after.strip_prefix('的') {
            Some(rest) => (rest, true),
            None => (after, false),
        };
        if !after.starts_with(is_han) || self.cue_prefix(after).is_some() {
            return None;
        }
        if !share_form {
            // The first word decides; a few characters are enough to find it.
            let head = after
                .char_indices()
                .nth(8)
                .map_or(after, |(i, _)| &after[..i]);
            let tags = self.nlp.tag(head);
            let first = tags.first()?;
            if !first.1.starts_with('n')
                || !prefix.subject.is_empty() && !self.ends_with_verb(&prefix.subject)
            {
                return None;
            }
        }
        Some(CompactString::from(strip_parenthetical(after).trim()))
    }

    /// The subject when the words before a figure name none.
    fn carried_subject(&self, state: &SentenceState) -> CompactString {
        if let Some(i) = state.last_claim {
            return self.subject_of(i).into();
        }
        for clause in state.bare_clauses.iter().rev() {
            let p = self.read_prefix(at_most_head(&self.text[clause.clone()], MAX_SUBJECT_TEXT));
            if let Some(np) = self.noun_phrase(&p.subject) {
                return np;
            }
        }
        self.claims
            .last()
            .map(|c| c.subject.clone())
            .unwrap_or_default()
    }

    /// The leading noun phrase of `s` (40岁及以下党员总数稳中有升 → 40岁及以下党员总数), if `s`
    /// starts with one.
    fn noun_phrase(&self, s: &str) -> Option<CompactString> {
        let tags = self.nlp.tag(s);
        let mut end = 0;
        let mut len = 0;
        for (word, tag) in tags.iter().map(|(w, t)| (&**w, &**t)) {
            let noun = tag.starts_with('n') || tag == "vn" || tag == "j";
            let modifier = ["m", "q", "f", "c", "a", "b", "x", "eng", "u"].contains(&tag);
            if !(noun || modifier) {
                break;
            }
            len += word.len();
            if noun {
                end = len;
            }
        }
        (s[..end].chars().count() >= 2).then(|| CompactString::from(&s[..end]))
    }

    /// Whether the last word of `s` is a verb (全州累计实现).
    fn ends_with_verb(&self, s: &str) -> bool {
        self.nlp.tag(s).last().is_some_and(|(_, t)| is_verb_tag(t))
    }

    /// Whether `s` is only a verb and its adverbs (先发行, 实现).
    fn is_verb_only(&self, s: &str) -> bool {
        if s.chars().nth(4).is_some() {
            return false;
        }
        let tags = self.nlp.tag(s);
        tags.last().is_some_and(|(_, t)| is_verb_tag(t))
            && tags
                .iter()
                .all(|(_, t)| is_verb_tag(t) || ["d", "p", "c", "u"].contains(&&**t))
    }

    /// The object of the verb that `s` ends with, taken from an earlier clause of the sentence
    /// (发行超长期特别国债 … 今年先发行1万亿元 → 超长期特别国债).
    fn object_of_verb(&self, state: &SentenceState, s: &str) -> Option<CompactString> {
        let verb = self.nlp.tag(s).last().map(|(w, _)| w.to_string())?;
        state.bare_clauses.iter().rev().find_map(|c| {
            let clause = &self.text[c.clone()];
            let at = clause.rfind(verb.as_str())?;
            let object = clause[at + verb.len()..].trim();
            (!object.is_empty()).then(|| CompactString::from(object))
        })
    }

    /// What a clause says about the figures after it — periods, 其中, a breakdown — and its
    /// words with footnote markers and periods taken out (borrowed when nothing is taken out,
    /// as in most clauses).
    fn read_context<'s>(&self, raw: &'s str) -> (Prefix, Cow<'s, str>) {
        let rules = self.rules;
        let mut telltales = Telltales::of(raw);
        // The patterns run only where their telltale characters are: most prefixes have none.
        let cleaned = if telltales.marked {
            rules.footnote.replace_all(raw, "")
        } else {
            Cow::Borrowed(raw)
        };
        if let Cow::Owned(cleaned) = &cleaned {
            // Taking markers out joins the words around them: look at what is left.
            telltales = Telltales::of(cleaned);
        }
        let mut p = Prefix {
            parts_of: telltales.parts_of,
            ..Prefix::default()
        };
        // Most clauses name no period: 年, 季 or 月 (which every period holds) tells most of
        // them at once, and the rules' hint most of the rest (比上年), at less cost than a search.
        let names_period = telltales.dated
            && (rules.period_hint.as_ref()).is_none_or(|hint| hint.is_match(&cleaned));
        let words = if names_period {
            self.cut_periods(cleaned, &mut p)
        } else {
            cleaned
        };
        let opens_breakdown = words.trim_start_matches(is_space).starts_with(['分', '按']);
        p.breakdown = Some(&rules.breakdown)
            .filter(|_| opens_breakdown)
            .and_then(|re| re.captures(words.trim()))
            .and_then(|c| c.name("by"))
            .map(|by| rules.exclusive_breakdowns.contains(by.as_str()));
        (p, words)
    }

    /// Takes the period mentions out of `s`, keeping the last as the prefix's period; a mention
    /// right after 比 or 较 is a baseline and stays.
    fn cut_periods<'s>(&self, s: Cow<'s, str>, p: &mut Prefix) -> Cow<'s, str> {
        let mut cut: Option<String> = None;
        let mut last = 0;
        for c in self.rules.period.captures_iter(&s) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            if s[..m.start].ends_with(['比', '较']) {
                continue;
            }
            p.period = ["p1", "p2", "p3"]
                .iter()
                .find_map(|n| c.name(n))
                .map(|m| CompactString::from(m.as_str()));
            let out = cut.get_or_insert_with(|| String::with_capacity(s.len()));
            out.push_str(&s[last..m.start]);
            last = m.end;
        }
        match cut {
            Some(mut out) => {
                out.push_str(&s[last..]);
                Cow::Owned(out)
            }
            None => s,
        }
    }

    /// Reads the words before a figure from both ends. Each step narrows a slice of the words;
    /// only the subject left at the end is copied.
    fn read_prefix(&self, raw: &str) -> Prefix {
        let (mut p, words) = self.read_context(raw);
        let mut s = self.trim_leading(&words);
        p.distributive = has_word(s, "分别");
        if let Some(stem) = relative_stem(s) {
            p.relative = true;
            p.subject = stem.into();
            return p;
        }
        if let Some((subject, baseline, cue)) = self.split_baseline(s) {
            (s, p.baseline, p.cue) = (subject, Some(baseline.into()), Some(cue));
        }
        s = self.strip_trailing(s, &mut p);
        s = self.split_relation(s, &mut p);
        if p.cue.is_none()
            && let Some((w, cue)) = self
                .cue_prefix(s)
                .filter(|(w, c)| *c != Cue::Share && s.len() > w.len())
        {
            p.cue = Some(cue);
            s = &s[w.len()..];
        }
        p.subject = self.trim_leading(s.trim_end_matches(['的', '、'])).into();
        p
    }

    /// 比上年末减少, 比上年多救助: the subject before, the baseline, and the cue after.
    fn split_baseline<'s>(&self, s: &'s str) -> Option<(&'s str, &'s str, Cue)> {
        let at = s.rfind(['比', '较']).filter(|&i| i > 0 || s.len() > 3)?;
        let rest = &s[at + '比'.len_utf8()..];
        let baseline = self.rules.baselines.prefix_of(rest)?;
        let pred = &rest[baseline.len()..];
        let (w, cue) = self.cue_prefix(pred)?;
        let leftover = &pred[w.len()..];
        let short_verb = matches!(w, "多" | "少") && leftover.chars().count() <= 2;
        let clean = self.rules.subject_trailing.contains(leftover) || leftover.is_empty();
        (clean || short_verb).then_some((&s[..at], baseline, cue))
    }

    /// Takes fillers, the cue and 同比/环比 off the end of `s`.
    fn strip_trailing<'s>(&self, s: &'s str, p: &mut Prefix) -> &'s str {
        let mut s = s;
        loop {
            if !self.edges.trailing_last.may_contain(s.chars().next_back()) {
                return s;
            }
            if let Some(w) = self.rules.subject_trailing.suffix_of(s) {
                p.distributive |= has_word(w, "分别");
                s = &s[..s.len() - w.len()];
            } else if let Some((w, cue)) = self
                .rules
                .cue_suffix(s)
                .filter(|_| p.cue.is_none() || p.cue == Some(Cue::Share))
            {
                p.cue = Some(p.cue.unwrap_or(cue));
                s = &s[..s.len() - w.len()];
            } else if let Some(w) = self
                .rules
                .baseline_words
                .suffix_of(s)
                .filter(|_| p.baseline.is_none())
            {
                p.baseline = Some(w.into());
                s = &s[..s.len() - w.len()];
            } else {
                return s;
            }
        }
    }

    /// 第一产业增加值占国内生产总值 → subject 第一产业增加值, of 国内生产总值.
    fn split_relation<'s>(&self, s: &'s str, p: &mut Prefix) -> &'s str {
        if !self.relation_verbs.found_in(s) {
            return s;
        }
        for verb in &self.rules.relation_verbs {
            if let Some(at) =
                find_word(s, verb).filter(|&at| !s[at + verb.len()..].starts_with('比'))
            {
                let whole = s[at + verb.len()..].trim_end_matches(['的']);
                if verb == "占" {
                    p.cue = Some(Cue::Share)
                        .filter(|_| p.cue.is_none() || p.cue == Some(Cue::Share))
                        .or(p.cue);
                    let of = whole.trim_end_matches("比重").trim_end_matches('的');
                    p.of = (!of.is_empty()).then(|| CompactString::from(of));
                }
                return &s[..at];
            }
        }
        s
    }

    /// The cue word that `s` starts with, and what it says.
    fn cue_prefix<'s>(&self, s: &'s str) -> Option<(&'s str, Cue)> {
        let first = s.chars().next();
        self.edges
            .cue_first
            .may_contain(first)
            .then(|| self.rules.cue_prefix(s))
            .flatten()
    }

    fn trim_leading<'s>(&self, s: &'s str) -> &'s str {
        let mut s = s;
        loop {
            let t = s.trim_start_matches(|c: char| is_space(c) || LEADING_MARKS.contains(&c));
            let leading = Some(t)
                .filter(|t| self.edges.leading_first.may_contain(t.chars().next()))
                .and_then(|t| self.rules.subject_leading.prefix_of(t));
            match leading {
                Some(w) if w.len() < t.len() => s = &t[w.len()..],
                _ => return t,
            }
        }
    }
}

/// The subjects of the figures of a list: one shared by all (most lists are one figure), or
/// one each.
enum Subjects {
    Shared(CompactString),
    Each(Vec<CompactString>),
}

/// The index of the first quantity from `from` on that starts at or after `at`: a step at a
/// time, as the next clause's quantities are a few steps on (a binary search over the rest of
/// the document each time cost more).
fn skip_before(quantities: &[Quantity], from: usize, at: usize) -> usize {
    from + quantities[from..]
        .iter()
        .take_while(|q| q.start < at)
        .count()
}

/// Whether the words between two figures join them in one list (分别为20.5%、21.7%和57.8%):
/// nothing, or one of the [`LIST_JOINERS`].
fn joins_list(between: &str) -> bool {
    let mut chars = between.trim_matches(is_space).chars();
    match (chars.next(), chars.next()) {
        (None, _) => true,
        (Some(c), None) => LIST_JOINERS.contains(&c),
        _ => false,
    }
}

/// A relative clause (的为, 的有, 的是, 的达 at the end) names its subject by what it modifies:
/// 持平的为4个 → 持平的.
fn relative_stem(s: &str) -> Option<&str> {
    let stem = s.strip_suffix(RELATIVE_VERBS)?;
    stem.ends_with('的').then_some(stem)
}

/// The kind of a claim and the sign its cue gives it.
fn kind_of(q: &Quantity, cue: Option<Cue>, share_form: bool) -> (Kind, i8) {
    let sign = if cue == Some(Cue::Down) { -1 } else { 1 };
    let kind = match q.measure {
        Measure::Points => Kind::ShareChange,
        Measure::Times => Kind::Multiple,
        Measure::Percent | Measure::PerMille => match cue {
            Some(Cue::Up) | Some(Cue::Down) => Kind::Growth,
            Some(Cue::Share) => Kind::Share,
            None if share_form => Kind::Share,
            None => Kind::Level,
        },
        Measure::Amount if q.ratio.is_some() => Kind::Share,
        Measure::Amount => match cue {
            Some(Cue::Up) | Some(Cue::Down) => Kind::Change,
            _ => Kind::Level,
        },
    };
    let sign = if matches!(kind, Kind::Level | Kind::Share | Kind::Multiple) {
        1
    } else {
        sign
    };
    (kind, sign)
}

/// 持平的 after 新建商品住宅销售价格环比上涨的城市个数 → 新建商品住宅销售价格环比持平的城市个数.
fn compose_relative(nlp: &Nlp, previous: Option<&str>, fragment: &str) -> CompactString {
    let Some(prev) = previous else {
        return fragment.into();
    };
    let Some(at) = prev.rfind('的') else {
        return format_compact!("{fragment}{prev}");
    };
    let (modifier, head) = (&prev[..at], &prev[at + '的'.len_utf8()..]);
    let words = nlp.jieba().cut(modifier, true);
    let stem_end = words.last().map_or(0, |w| modifier.len() - w.word.len());
    format_compact!("{}{}{}", &modifier[..stem_end], fragment, head)
}

/// Splits the subject of a 分别 list into one subject per figure:
/// 女党员、少数民族党员占比 → [女党员占比, 少数民族党员占比];
/// 第一、二、三次产业增加值 → [第一产业增加值, 第二产业增加值, 第三产业增加值].
fn split_list(s: &str) -> Vec<CompactString> {
    let parts: Vec<&str> = s.split(['、', '和']).filter(|p| !p.is_empty()).collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return vec![s.into()];
    };
    if parts.len() < 2 {
        return vec![s.into()];
    }
    // 第一、二、三次产业: the numerals are the items; the words around them are shared.
    let head: String = first.chars().take_while(|c| !is_numeral(*c)).collect();
    let numerals = |p: &str| -> String {
        p.chars()
            .skip_while(|c| !is_numeral(*c))
            .take_while(|c| is_numeral(*c))
            .collect()
    };
    let middle_bare = parts[1..parts.len() - 1]
        .iter()
        .all(|p| p.chars().all(is_numeral));
    if !head.is_empty() && middle_bare && last.starts_with(is_numeral) {
        let tail = last.trim_start_matches(is_numeral).trim_start_matches('次');
        return parts
            .iter()
            .map(|p| format_compact!("{head}{}{tail}", numerals(p)))
            .collect();
    }
    // 女党员、少数民族党员占比: a share word at the end applies to every item.
    let shared = ["占比", "比重", "比例"]
        .into_iter()
        .find(|w| last.ends_with(w))
        .unwrap_or("");
    parts
        .iter()
        .map(|p| format_compact!("{}{shared}", p.trim_end_matches(shared)))
        .collect()
}

fn is_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

fn strip_parenthetical(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `char::is_whitespace`, answered at once for the characters past U+3000 (the last space),
/// as nearly all Chinese text is, without the Unicode table lookup.
fn is_space(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The period a document reports on: the year its title names (2024年国民经济和社会发展统计公报),
/// else the year most of its dated claims are for.
pub(crate) fn document_period(text: &str, claims: &[Claim]) -> Option<String> {
    let head: String = text.trim_start().chars().take(120).collect();
    let title = head.lines().take(3).find_map(|line| {
        let at = line.find("年")?;
        let year = &line[..at];
        let digits: String = year
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        (digits.len() == 4 && ["公报", "报告", "统计"].iter().any(|w| line.contains(w)))
            .then(|| digits.chars().rev().collect())
    });
    title.or_else(|| {
        let mut years: Vec<&str> = claims
            .iter()
            .filter_map(|c| c.period.as_deref())
            .filter(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        years.sort_unstable();
        let mut best: Option<(&str, usize)> = None;
        for group in years.chunk_by(|a, b| a == b) {
            if best.is_none_or(|(_, n)| group.len() > n) {
                best = Some((group[0], group.len()));
            }
        }
        best.map(|(y, _)| y.to_string())
    })
}

/// A jieba tag for a verb (v, vd, vi …) but not a verbal noun (vn).
fn is_verb_tag(t: &str) -> bool {
    t.starts_with('v') && t != "vn"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with many phrases, overlapping ones and figures among them.
    fn texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/full");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.push("一、二、三次产业增加值一季度一些三次产业十四五一是一是二是一体一批一线".into());
        // Runs of the phrases' characters longer than the cover's look back, and one that
        // starts the text: their figures are looked up in the whole text's phrases.
        texts.push("一是二是三是十三五十四五一二三产业一批一线".repeat(6));
        texts.push(format!("增长{}", "一些一般一线一流两岸三峡".repeat(5)));
        texts
    }

    #[test]
    fn no_space_is_past_u3000() {
        let mut chars = (0..=u32::from(char::MAX)).filter_map(char::from_u32);
        assert!(chars.all(|c| is_space(c) == c.is_whitespace()));
    }

    #[test]
    fn every_period_holds_the_hint_and_a_telltale() {
        let rules = Rules::default();
        let hint = rules.period_hint.as_ref().unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let samples = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap());
        let written =
            "截至2019年底，2024年末，一季度，3季度，前三季度，上半年，下半年，12月份，6月末，1-2月";
        assert_eq!(rules.period.find_iter(written).count(), 10);
        for text in texts().into_iter().chain(samples).chain([written.into()]) {
            for m in rules.period.find_iter(&text) {
                assert!(hint.is_match(m.as_str()), "{}", m.as_str());
                assert!(Telltales::of(m.as_str()).dated, "{}", m.as_str());
            }
        }
    }

    #[test]
    fn phrases_cover_what_the_phrases_of_the_whole_text_cover() {
        let rules = Rules::default();
        let regex = rules.not_claim_phrases.as_ref().unwrap();
        for text in texts() {
            let phrases = Phrases::new(&rules, &text);
            let found: Vec<Range<usize>> = regex.find_iter(&text).map(|m| m.range()).collect();
            for (at, _) in text.char_indices() {
                let covered = found.iter().any(|p| p.contains(&at));
                assert_eq!(phrases.cover(at), covered, "at {at}");
            }
        }
    }
}
