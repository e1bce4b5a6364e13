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

    pub(crate) const fn insert(&mut self, c: char) {
        let key = c as usize & 0xFFF;
        self.0[key / 64] |= 1 << (key % 64);
    }

    fn has_key(&self, key: usize) -> bool {
        self.0[key / 64] >> (key % 64) & 1 == 1
    }

    /// Whether the character with code point `code` may be in the set.
    pub(crate) fn may_hold(&self, code: u32) -> bool {
        self.has_key(code as usize & 0xFFF)
    }

    /// Whether `c` may be in the set; never when there is no character.
    pub(crate) fn may_contain(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| self.has_key(c as usize & 0xFFF))
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
    /// Steps a character at a time; one of three bytes, as most of Chinese text is, is keyed by
    /// its last two bytes without decoding it, and is tested for first: a branch the processor
    /// predicts, and steps on from without waiting for the byte.
    fn try_each_candidate<B>(
        &self,
        s: &str,
        mut visit: impl FnMut(usize, char) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let bytes = s.as_bytes();
        let mut at = 0;
        while let Some(&lead) = bytes.get(at) {
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
