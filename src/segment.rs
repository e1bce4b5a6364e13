//! Segment: sentences and the clauses inside them, as byte ranges of the text.
//!
//! A sentence ends at 。！？ or a line break; a clause at ，；： (and at their half-width forms when
//! they do not sit between two digits, where they are a thousands separator or a ratio).
//!
//! ```
//! let s = gongbao::segment::segment("总数为9191.4万名，比上年净增132.0万名。");
//! assert_eq!(s.len(), 1);
//! assert_eq!(s.iter().next().map(|s| s.clauses.len()), Some(2));
//! ```

use std::ops::Range;

/// The sentences of a text and their clauses. The clauses of all sentences are kept in one
/// list (a vector for each sentence was most of what segmenting allocated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    /// Each sentence's byte range and the range of its clauses in `clauses`.
    sentences: Vec<(Range<usize>, Range<usize>)>,
    clauses: Vec<Range<usize>>,
}

/// A sentence and its clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The sentence's byte range, without its closing mark.
    pub range: Range<usize>,
    /// The clauses' byte ranges, without their separators.
    pub clauses: &'a [Range<usize>],
}

impl Segments {
    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Whether there are no sentences (a text without words).
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The sentences in order.
    pub fn iter(&self) -> impl Iterator<Item = Sentence<'_>> {
        self.sentences.iter().map(|(range, clauses)| Sentence {
            range: range.clone(),
            clauses: &self.clauses[clauses.clone()],
        })
    }

    /// Ends the sentence `range` with the clauses pushed since the last one, if there are any.
    fn end_sentence(&mut self, range: Range<usize>) {
        let first = self.sentences.last().map_or(0, |(_, c)| c.end);
        if first < self.clauses.len() {
            self.sentences.push((range, first..self.clauses.len()));
        }
    }

    fn push_clause(&mut self, r: Range<usize>) {
        if r.start < r.end {
            self.clauses.push(r);
        }
    }
}

const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?', '\n'];
const CLAUSE_END: &[char] = &['，', '；', '：', '\t'];
const ASCII_CLAUSE_END: &[char] = &[',', ';', ':'];

/// Splits `text` into sentences and clauses.
pub fn segment(text: &str) -> Segments {
    // About one sentence in a hundred bytes of a bulletin, three or four clauses each: sized so
    // that the vectors seldom grow (but not a huge text's worth before a mark is seen).
    let mut segments = Segments {
        sentences: Vec::with_capacity((text.len() / 96).min(1 << 16)),
        clauses: Vec::with_capacity((text.len() / 32).min(1 << 18)),
    };
    let (mut sentence_start, mut clause_start) = (0, 0);
    for (i, c) in marks(text) {
        let ends_sentence = SENTENCE_END.contains(&c);
        if ends_sentence || is_clause_break(c, between_digits(text, i, c)) {
            segments.push_clause(clause_start..i);
            clause_start = i + c.len_utf8();
        }
        if ends_sentence {
            segments.end_sentence(sentence_start..i);
            sentence_start = i + c.len_utf8();
        }
    }
    segments.push_clause(clause_start..text.len());
    segments.end_sentence(sentence_start..text.len());
    segments
}

/// The sentence and clause marks of `text` with their byte offsets. The bytes that can start a
/// mark are found with vectorised byte searches — the first byte of 。 (E3) and of the
/// full-width ！？，；： (EF) and line breaks in one, the ASCII marks in two more — merged in
/// order; each is told from the bytes after it.
fn marks(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let ascii = merged(
        memchr::memchr3_iter(b',', b';', b':', bytes),
        memchr::memchr3_iter(b'!', b'?', b'\t', bytes),
    );
    let starts = merged(memchr::memchr3_iter(0xE3, 0xEF, b'\n', bytes), ascii);
    starts.filter_map(|i| Some((i, mark_at(bytes, i)?)))
}

/// The mark (one of [`SENTENCE_END`], [`CLAUSE_END`], [`ASCII_CLAUSE_END`]) whose UTF-8 starts
/// at byte `i`, read from the bytes: E3 and EF lead many characters besides the marks, and
/// decoding each to look it up in the lists was most of segmenting.
fn mark_at(bytes: &[u8], i: usize) -> Option<char> {
    match bytes[i..] {
        [b @ (b'\n' | b'\t' | b',' | b';' | b':' | b'!' | b'?'), ..] => Some(char::from(b)),
        [0xE3, 0x80, 0x82, ..] => Some('。'),
        [0xEF, 0xBC, 0x81, ..] => Some('！'),
        [0xEF, 0xBC, 0x9F, ..] => Some('？'),
        [0xEF, 0xBC, 0x8C, ..] => Some('，'),
        [0xEF, 0xBC, 0x9B, ..] => Some('；'),
        [0xEF, 0xBC, 0x9A, ..] => Some('：'),
        _ => None,
    }
}

/// Two increasing sequences of offsets as one.
fn merged(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Whether the mark `c` at byte `i` sits between two ASCII digits. A byte that is an ASCII digit
/// is a whole character, so the bytes on either side tell.
fn between_digits(text: &str, i: usize, c: char) -> bool {
    let bytes = text.as_bytes();
    let prev = i.checked_sub(1).and_then(|p| bytes.get(p));
    let next = bytes.get(i + c.len_utf8());
    prev.is_some_and(u8::is_ascii_digit) && next.is_some_and(u8::is_ascii_digit)
}

fn is_clause_break(c: char, between_digits: bool) -> bool {
    // Between two digits a comma or colon is a thousands separator or a ratio (3.9：39.0).
    let separator = matches!(c, '，' | '：') || ASCII_CLAUSE_END.contains(&c);
    CLAUSE_END.contains(&c) && !(separator && between_digits)
        || ASCII_CLAUSE_END.contains(&c) && !between_digits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_and_thousands_are_not_breaks() {
        let s = segment("结构为3.9:39.0:57.1，共1,234人");
        assert_eq!(s.iter().next().map(|s| s.clauses.len()), Some(2));
    }

    #[test]
    fn half_width_comma_between_words_breaks() {
        let s = segment("3A级景区27处,2A级景区5处。");
        assert_eq!(s.iter().next().map(|s| s.clauses.len()), Some(2));
    }

    /// The plain reading, a character at a time, that [`segment`] must agree with.
    fn segment_by_chars(text: &str) -> Segments {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut segments = Segments::default();
        let (mut sentence_start, mut clause_start) = (0, 0);
        for (k, &(i, c)) in chars.iter().enumerate() {
            let digit_at = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|(_, d)| d.is_ascii_digit())
            };
            let between = digit_at(k.checked_sub(1)) && digit_at(Some(k + 1));
            let ends_sentence = SENTENCE_END.contains(&c);
            if ends_sentence || is_clause_break(c, between) {
                segments.push_clause(clause_start..i);
                clause_start = i + c.len_utf8();
            }
            if ends_sentence {
                segments.end_sentence(sentence_start..i);
                sentence_start = i + c.len_utf8();
            }
        }
        segments.push_clause(clause_start..text.len());
        segments.end_sentence(sentence_start..text.len());
        segments
    }

    proptest::proptest! {
        #[test]
        fn skipping_to_marks_reads_like_every_character(
            text in "[0-9a-z增长。！？!?\n\t，；：,;:、．％（）\u{3000} ]{0,40}"
        ) {
            proptest::prop_assert_eq!(segment(&text), segment_by_chars(&text));
        }
    }

    /// [`mark_at`] reads from bytes what the lists say of characters, for every character.
    #[test]
    fn marks_are_the_listed_characters() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let listed = SENTENCE_END.contains(&c)
                || CLAUSE_END.contains(&c)
                || ASCII_CLAUSE_END.contains(&c);
            let mut buf = [0u8; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(mark_at(encoded, 0), listed.then_some(c), "{c:?}");
        }
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(segment("").is_empty());
        assert!(segment("。。\n").is_empty());
    }
}
