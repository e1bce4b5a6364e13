//! Character filters: whether a character may be one of a set, answered from one bit, and a
//! walk over a string's characters that stops only where one may be. Attribute and the rules'
//! word sets ask them of nearly every character and word, and most answers are no.

use std::convert::Infallible;
use std::ops::ControlFlow;

/// Whether `text` starts with `prefix`, compared byte by byte: the texts are short and most
/// differ within a few bytes, where a call to `memcmp` would cost more than the comparison.
pub(crate) fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    prefix.len() <= text.len() && prefix.iter().zip(text).all(|(a, b)| a == b)
}

/// Whether `text` ends with `suffix`, compared byte by byte ([`starts_with`]).
pub(crate) fn ends_with(text: &[u8], suffix: &[u8]) -> bool {
    suffix.len() <= text.len()
        && suffix
            .iter()
            .rev()
            .zip(text.iter().rev())
            .all(|(a, b)| a == b)
}

/// A filter of characters as 4096 bits, one for each value of a character's low 12 bits: a
/// character whose bit is clear was surely not put in; one whose bit is set may have been, or
/// may only share its low 12 bits with one that was (a false positive, which callers check).
#[derive(Debug, Clone)]
pub(crate) struct CharFilter([u64; 64]);

impl CharFilter {
    pub(crate) const EMPTY: CharFilter = CharFilter([0; 64]);

    pub(crate) fn of(chars: impl Iterator<Item = char>) -> Self {
        let mut set = CharFilter::EMPTY;
        for c in chars {
            set.insert(c);
        }
        set
    }

    /// The filter of `chars`, built at compile time for a fixed list.
    pub(crate) const fn of_chars(chars: &[char]) -> Self {
        let mut set = CharFilter::EMPTY;
        let mut i = 0;
        while i < chars.len() {
            set.insert(chars[i]);
            i += 1;
        }
        set
    }

    pub(crate) const fn insert(&mut self, c: char) {
        let key = c as usize & 0xFFF;
        self.0[key / 64] |= 1 << (key % 64);
    }

    fn has_key(&self, key: usize) -> bool {
        self.0[key / 64] >> (key % 64) & 1 == 1
    }

    /// Whether `c` may be in the set; never when there is no character.
    pub(crate) fn may_contain(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| self.has_key(c as usize & 0xFFF))
    }

    /// Past the run of three-byte characters at byte `at` of `bytes` (most of a Chinese text)
    /// that are surely not in the set, four at a time: their offsets follow from `at` alone,
    /// so the four are read at once rather than each after the one before. Stops at a
    /// character that may be in the set or is not three bytes long, for the caller to look at.
    #[inline]
    pub(crate) fn skip_three_byte_run(&self, bytes: &[u8], mut at: usize) -> usize {
        let key =
            |i: usize| usize::from(bytes[i + 1] & 0x3F) << 6 | usize::from(bytes[i + 2] & 0x3F);
        let three = |i: usize| bytes[i] & 0xF0 == 0xE0;
        while at + 12 <= bytes.len() {
            let all_three = three(at) & three(at + 3) & three(at + 6) & three(at + 9);
            if !all_three {
                break;
            }
            let any = self.has_key(key(at))
                | self.has_key(key(at + 3))
                | self.has_key(key(at + 6))
                | self.has_key(key(at + 9));
            if any {
                break;
            }
            at += 12;
        }
        while at + 3 <= bytes.len() && three(at) && !self.has_key(key(at)) {
            at += 3;
        }
        at
    }

    /// Whether `found` holds for some character of `s` (by byte offset) that may be in the set.
    pub(crate) fn any_in(&self, s: &str, mut found: impl FnMut(usize, char) -> bool) -> bool {
        let found = |at, c| {
            if found(at, c) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        self.try_each_candidate(s, found).is_break()
    }

    /// Calls `visit` with each character of `s` (and its byte offset) that may be in the set.
    pub(crate) fn for_each_candidate(&self, s: &str, mut visit: impl FnMut(usize, char)) {
        let visit = |at, c| {
            visit(at, c);
            ControlFlow::<Infallible>::Continue(())
        };
        let _ = self.try_each_candidate(s, visit);
    }

    /// Calls `visit` with each character of `s` that may be in the set, until it breaks.
    /// Runs of three-byte characters not in the set, as most of Chinese text is, are skipped
    /// four at a time ([`CharFilter::skip_three_byte_run`]); the character a skip stops at is
    /// looked at alone, a three-byte one keyed by its last two bytes without decoding it.
    fn try_each_candidate<B>(
        &self,
        s: &str,
        mut visit: impl FnMut(usize, char) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let bytes = s.as_bytes();
        let mut at = 0;
        loop {
            at = self.skip_three_byte_run(bytes, at);
            let Some(&lead) = bytes.get(at) else { break };
            let (len, key) = if lead & 0xF0 == 0xE0 {
                let low = |i: usize| usize::from(bytes[at + i] & 0x3F);
                (3, low(1) << 6 | low(2))
            } else if lead.is_ascii() {
                (1, usize::from(lead))
            } else {
                let c = s[at..].chars().next().unwrap_or_default();
                (c.len_utf8(), c as usize & 0xFFF)
            };
            if self.has_key(key)
                && let Some(c) = s[at..].chars().next()
            {
                visit(at, c)?;
            }
            at += len;
        }
        ControlFlow::Continue(())
    }
}

impl Default for CharFilter {
    fn default() -> Self {
        CharFilter::EMPTY
    }
}
