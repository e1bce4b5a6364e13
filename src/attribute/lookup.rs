//! Cheap lookups for the attribute stage: whether a string may hold any of a rule list's
//! words, whether a place falls in a not-claim phrase, which patterns a clause needs run. Each
//! answers most questions from the characters alone (most strings hold none of the few that
//! matter) and reads further only where those are, since attribute asks them of every clause.

use std::cell::OnceCell;
use std::ops::Range;

use regex::Regex;

use crate::chars::{CharFilter, ends_with, starts_with};
use crate::rules::{Rules, WordSet};

/// The characters that start or end the words looked up at the ends of a prefix. Most
/// strings start or end with none of them, and telling so is cheaper than looking them up.
pub(super) struct WordEdges {
    /// First characters of the words that open a subject without naming anything.
    pub(super) leading_first: CharFilter,
    /// First characters of the cue words.
    pub(super) cue_first: CharFilter,
    /// Last characters of what is taken off the end of a prefix: fillers, cues, 同比/环比.
    pub(super) trailing_last: CharFilter,
}

impl WordEdges {
    pub(super) fn new(rules: &Rules) -> Self {
        let cues = || rules.cues.words();
        let trailing = cues()
            .chain(rules.subject_trailing.words())
            .chain(rules.baseline_words.words());
        WordEdges {
            leading_first: CharFilter::of(rules.subject_leading.words().filter_map(first_char)),
            cue_first: CharFilter::of(cues().filter_map(first_char)),
            trailing_last: CharFilter::of(trailing.filter_map(|w| w.chars().next_back())),
        }
    }
}

fn first_char(w: &str) -> Option<char> {
    w.chars().next()
}

/// The not-claim phrases of a document: matches of one regex through the whole text, leftmost
/// first and not overlapping. Most figures start with a character no phrase has (all Arabic
/// figures, with the default rules), so the text is searched only when a figure starts with
/// one of the others, and then once, through the whole text: a search near each such figure
/// had to start where the run of phrase characters before it starts, which on a long run
/// (两万人两万人…) rescans it for every figure.
pub(super) struct Phrases<'a> {
    regex: Option<&'a Regex>,
    /// The phrases, for the walk near a figure.
    words: &'a WordSet,
    text: &'a str,
    /// Characters of the phrases. A phrase that covers a character holds it; the empty phrase
    /// covers none.
    chars: Box<CharFilter>,
    /// The phrases of the whole text, in order, once a figure in a long run of the phrases'
    /// characters needs them.
    found: OnceCell<Vec<Range<usize>>>,
}

/// How far back from a figure [`Phrases::cover`] looks for a character that is in no phrase
/// before it searches the whole text instead.
const SYNC_LOOKBACK: usize = 32;

impl<'a> Phrases<'a> {
    pub(super) fn new(rules: &'a Rules, text: &'a str) -> Self {
        let list = &rules.not_claim_phrase_list;
        Phrases {
            regex: rules.not_claim_phrases.as_ref(),
            words: &rules.not_claim_phrase_words,
            text,
            chars: Box::new(CharFilter::of(list.iter().flat_map(|p| p.chars()))),
            found: OnceCell::new(),
        }
    }

    /// Whether byte `at` of the text falls inside a phrase.
    pub(super) fn cover(&self, at: usize) -> bool {
        let Some(regex) = self.regex else {
            return false;
        };
        if !self.chars.may_contain(self.text[at..].chars().next()) {
            return false;
        }
        match self.sync_point(at) {
            Some(from) => self.cover_from(from, at),
            None => {
                let found = self
                    .found
                    .get_or_init(|| regex.find_iter(self.text).map(|m| m.range()).collect());
                // The phrases ascend by their ends too: the first that ends after `at` is the
                // only one that can hold it.
                let i = found.partition_point(|p| p.end <= at);
                found.get(i).is_some_and(|p| p.start <= at)
            }
        }
    }

    /// The offset just after the last character before `at` that is in no phrase (or the
    /// text's start), if it is near. No phrase found in the whole text crosses such a
    /// character, so a search from there finds the whole text's phrases after it.
    fn sync_point(&self, at: usize) -> Option<usize> {
        let mut from = at;
        for (i, c) in self.text[..at].char_indices().rev().take(SYNC_LOOKBACK) {
            if !self.chars.may_contain(Some(c)) {
                return Some(from);
            }
            from = i;
        }
        (from == 0).then_some(0)
    }

    /// Whether a phrase found searching from `from` holds `at`, found as the regex finds them:
    /// at the first position that starts one, the longest (the regex lists them longest
    /// first), then on from its end. Near a figure the walk is a few characters long, where
    /// setting up a regex search cost more than the search.
    fn cover_from(&self, from: usize, at: usize) -> bool {
        let mut pos = from;
        while pos <= at {
            let rest = &self.text[pos..];
            pos += match self.words.prefix_of(rest) {
                Some(phrase) if pos + phrase.len() > at => return true,
                Some(phrase) => phrase.len(),
                None => rest.chars().next().map_or(1, char::len_utf8),
            };
        }
        false
    }
}

/// Words looked for anywhere in a string, all in one pass over it.
pub(super) struct AnyWord<'r> {
    words: &'r [String],
    /// Last characters of the words: only where one of them is can a word end.
    ends: CharFilter,
    /// The empty word is in every string.
    has_empty: bool,
}

impl<'r> AnyWord<'r> {
    pub(super) fn new(words: &'r [String]) -> Self {
        AnyWord {
            words,
            ends: CharFilter::of(words.iter().filter_map(|w| w.chars().next_back())),
            has_empty: words.iter().any(|w| w.is_empty()),
        }
    }

    /// Whether any of the words occurs in `s`.
    pub(super) fn found_in(&self, s: &str) -> bool {
        let ends_here = |at: usize, c: char| {
            let before = &s.as_bytes()[..at + c.len_utf8()];
            self.words.iter().any(|w| ends_with(before, w.as_bytes()))
        };
        self.has_empty || self.ends.any_in(s, ends_here)
    }
}

/// Which patterns a clause needs run, told by characters their matches cannot do without.
#[derive(Debug, Default)]
pub(super) struct Telltales {
    /// A bracket or circled number: a footnote marker may be there.
    pub(super) marked: bool,
    /// 年, 季 or 月: a period may be named.
    pub(super) dated: bool,
    /// 其中: the figures after are parts of a total.
    pub(super) parts_of: bool,
}

impl Telltales {
    /// Looks at each character of `s` once (this runs for every clause), and decodes only the
    /// few whose key a telltale has.
    pub(super) fn of(s: &str) -> Self {
        let mut t = Telltales::default();
        TELLTALES.for_each_candidate(s, |at, c| match c {
            '[' | '［' | '(' | '（' | '①'..='⑳' => t.marked = true,
            '年' | '季' | '月' => t.dated = true,
            '中' if s[..at].ends_with('其') => t.parts_of = true,
            _ => {}
        });
        t
    }
}

/// The telltale characters.
static TELLTALES: CharFilter = {
    let mut set = CharFilter::of_chars(&['[', '(', '［', '（', '年', '季', '月', '中']);
    let mut c = '①' as u32;
    while c <= '⑳' as u32 {
        if let Some(circled) = char::from_u32(c) {
            set.insert(circled);
        }
        c += 1;
    }
    set
};

/// Where `word` first occurs in `s`. `str::find` builds a two-way searcher on every call, which
/// costs more than the search itself on strings as short as a clause. Here memchr finds the
/// places of the word's last byte, which in Chinese text tells more than the first (a lead
/// byte shared by thousands of characters). A match of whole UTF-8 in UTF-8 is always at a
/// character boundary.
pub(super) fn find_word(s: &str, word: &str) -> Option<usize> {
    let (s, w) = (s.as_bytes(), word.as_bytes());
    let Some(&last) = w.last() else {
        return Some(0);
    };
    memchr::memchr_iter(last, s)
        .filter_map(|end| (end + 1).checked_sub(w.len()))
        .find(|&at| starts_with(&s[at..], w))
}

/// Whether `word` occurs in `s` (see [`find_word`]).
pub(super) fn has_word(s: &str, word: &str) -> bool {
    find_word(s, word).is_some()
}
