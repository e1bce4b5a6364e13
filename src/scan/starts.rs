//! Finding the number pattern's matches from the characters they can start with.
//!
//! An unanchored search runs the pattern's automaton over every byte of the text, and most of
//! a bulletin's bytes are Han characters no number starts with. The characters a match can
//! start with are read off the pattern itself; the text is stepped through a character at a
//! time, and the pattern is tried, anchored, only where one of them is. The first match found
//! so is the one the unanchored search finds: a match starts at one of those characters, and an
//! anchored search prefers among the matches at one start as the unanchored search does.

use std::ops::{Range, RangeInclusive};

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::chars::CharFilter;

/// Non-ASCII characters a pattern may start with beyond which the filter takes every
/// non-ASCII character (reading so many into it would cost more than it saves).
const MAX_LISTED: usize = 4096;

/// A pattern with the characters its matches can start with.
#[derive(Debug, Clone)]
pub(crate) struct StartSearch {
    regex: Regex,
    /// ASCII characters a match may start with, one bit each.
    ascii: u128,
    /// Other characters a match may start with (and some it may not: the filter keys on the
    /// low bits of a code point).
    others: CharFilter,
}

impl StartSearch {
    /// The search for `pattern`, or `None` when its matches may start anywhere: it matches the
    /// empty string, or it starts with a byte class that reads no whole characters.
    pub(crate) fn new(pattern: &str) -> Option<StartSearch> {
        let ranges = first_chars_of(pattern)?;
        let regex = Regex::new(pattern).ok()?;
        let mut search = StartSearch {
            regex,
            ascii: 0,
            others: CharFilter::EMPTY,
        };
        let listed: usize = ranges
            .iter()
            .filter(|r| *r.end() > '\x7f')
            .map(|r| r.clone().count())
            .sum();
        for range in &ranges {
            for c in *range.start()..=(*range.end()).min('\x7f') {
                search.ascii |= 1 << u32::from(c);
            }
            if listed <= MAX_LISTED {
                range
                    .clone()
                    .filter(|c| !c.is_ascii())
                    .for_each(|c| search.others.insert(c));
            }
        }
        if listed > MAX_LISTED {
            search.others = CharFilter::of((0..=0xFFF).filter_map(char::from_u32));
        }
        Some(search)
    }

    /// The first match that starts at or after byte `pos` of `text` (a character boundary).
    pub(crate) fn find_at(&self, text: &str, pos: usize) -> Option<Range<usize>> {
        self.find_at_with(text, pos, |_, _| None)
    }

    /// [`StartSearch::find_at`], asking `quick` first at each place a match may start: it may
    /// know the match there without the pattern's automaton (the scan knows the built-in
    /// pattern's plain numbers), and what it answers must be what the pattern would.
    pub(crate) fn find_at_with(
        &self,
        text: &str,
        pos: usize,
        quick: impl Fn(&str, usize) -> Option<Range<usize>>,
    ) -> Option<Range<usize>> {
        let mut at = pos;
        while let Some(start) = self.next_start(text, at) {
            if let Some(m) = quick(text, start) {
                debug_assert_eq!(Some(&m), self.at(text, start).as_ref(), "at {start}");
                return Some(m);
            }
            if let Some(m) = self.at(text, start) {
                return Some(m);
            }
            at = start + utf8_len(text.as_bytes()[start]);
        }
        None
    }

    /// The match that starts exactly at byte `at`, if any.
    pub(crate) fn at(&self, text: &str, at: usize) -> Option<Range<usize>> {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        self.regex.search(&input).map(|m| m.range())
    }

    /// The offset of the first character at or after `at` that a match may start with.
    fn next_start(&self, text: &str, mut at: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        while at < bytes.len() {
            at = self.others.skip_three_byte_run(bytes, at);
            let Some(&lead) = bytes.get(at) else { break };
            let starts = if lead < 0x80 {
                self.ascii >> lead & 1 == 1
            } else {
                self.others.may_contain(text[at..].chars().next())
            };
            if starts {
                return Some(at);
            }
            at += utf8_len(lead);
        }
        None
    }
}

/// The characters a match of `pattern` can start with, as ranges; `None` when it may start
/// anywhere (it matches the empty string, or starts with a byte class that reads no whole
/// characters) or does not parse.
pub(crate) fn first_chars_of(pattern: &str) -> Option<Vec<RangeInclusive<char>>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let (ranges, nullable) = first_chars(&hir)?;
    (!nullable).then_some(ranges)
}

/// The one character every match of `pattern` starts with, if there is one (翻 of 翻一番): a
/// text without it has no match, which a substring search tells faster than the pattern's.
pub(crate) fn only_first_char(pattern: &str) -> Option<char> {
    let ranges = first_chars_of(pattern)?;
    let first = *ranges.first()?.start();
    ranges
        .iter()
        .all(|r| *r.start() == first && *r.end() == first)
        .then_some(first)
}

/// The length of the UTF-8 sequence that `lead` starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The characters a match of `hir` can start with, and whether it can match the empty string;
/// `None` when it can start with a byte that is no whole character.
fn first_chars(hir: &Hir) -> Option<(Vec<RangeInclusive<char>>, bool)> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (Vec::new(), true),
        HirKind::Literal(literal) => {
            let c = std::str::from_utf8(&literal.0).ok()?.chars().next()?;
            (vec![c..=c], false)
        }
        HirKind::Class(Class::Unicode(class)) => (
            class.ranges().iter().map(|r| r.start()..=r.end()).collect(),
            false,
        ),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(repetition) => {
            let (chars, nullable) = first_chars(&repetition.sub)?;
            (chars, nullable || repetition.min == 0)
        }
        HirKind::Capture(capture) => first_chars(&capture.sub)?,
        HirKind::Concat(parts) => {
            let mut chars = Vec::new();
            for part in parts {
                let (first, nullable) = first_chars(part)?;
                chars.extend(first);
                if !nullable {
                    return Some((chars, false));
                }
            }
            (chars, true)
        }
        HirKind::Alternation(choices) => {
            let mut chars = Vec::new();
            let mut nullable = false;
            for choice in choices {
                let (first, n) = first_chars(choice)?;
                chars.extend(first);
                nullable |= n;
            }
            (chars, nullable)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match the unanchored search finds, in order, stepping past each.
    fn all(text: &str, mut find: impl FnMut(usize) -> Option<Range<usize>>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = find(pos) {
            pos = m.end.max(m.start + 1);
            while !text.is_char_boundary(pos) {
                pos += 1;
            }
            out.push(m);
            if pos > text.len() {
                break;
            }
        }
        out
    }

    fn same_matches(pattern: &str, text: &str) {
        let search = StartSearch::new(pattern).expect("a pattern with first characters");
        let regex = regex::Regex::new(pattern).unwrap();
        assert_eq!(
            all(text, |pos| search.find_at(text, pos)),
            all(text, |pos| regex.find_at(text, pos).map(|m| m.range())),
            "{pattern} in {text}"
        );
    }

    #[test]
    fn the_number_pattern_finds_what_the_unanchored_search_finds_in_the_samples() {
        let rules = crate::Rules::default();
        let pattern = rules.number.as_str();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/full");
        for entry in std::fs::read_dir(dir).unwrap() {
            same_matches(
                pattern,
                &std::fs::read_to_string(entry.unwrap().path()).unwrap(),
            );
        }
        same_matches(
            pattern,
            "负的百分之三十到四十一，－－9，三 分 之 一，一二三四五六七八九十",
        );
    }

    #[test]
    fn one_first_character() {
        assert_eq!(only_first_char("翻(?P<n>一|两)?番"), Some('翻'));
        assert_eq!(only_first_char("(?:翻|倍)"), None);
        assert_eq!(only_first_char("a?b"), None);
    }

    #[test]
    fn first_characters_of_each_form() {
        same_matches(r"(?:ab|c)?d+\b", "xx dd abd cdd abx ad");
        same_matches(r"[😀-😂]x|é", "a😀x é 😁 😂x");
        same_matches(r"(?i)kelvin", "KELVIN kelvin \u{212A}elvin");
        assert!(
            StartSearch::new(r"a?").is_none(),
            "matches the empty string"
        );
        assert!(
            StartSearch::new(r"(?-u)\xFF").is_none(),
            "starts with a byte"
        );
        assert!(StartSearch::new(r"\w+").is_some(), "a large class");
        same_matches(r"\w+", "中文 words ١٢٣");
    }

    proptest::proptest! {
        #[test]
        fn any_text(
            text in "([0-9０-９a-z一二十百负分之点．.,， \u{3000}é😀𠀀-]|[的是在中国家]{4,9}){0,30}"
        ) {
            let rules = crate::Rules::default();
            same_matches(rules.number.as_str(), &text);
        }
    }
}
