//! Segment: sentences and the clauses inside them, as byte ranges of the text.
//!
//! A sentence ends at 。！？ or a line break; a clause at ，；： (and at their half-width forms when
//! they do not sit between two digits, where they are a thousands separator or a ratio).
//!
//! ```
//! let s = gongbao::segment::segment("总数为9191.4万名，比上年净增132.0万名。");
//! assert_eq!(s.len(), 1);
//! assert_eq!(s[0].clauses.len(), 2);
//! ```

use std::ops::Range;

/// A sentence and its clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's byte range, without its closing mark.
    pub range: Range<usize>,
    /// The clauses' byte ranges, without their separators.
    pub clauses: Vec<Range<usize>>,
}

const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?', '\n'];
const CLAUSE_END: &[char] = &['，', '；', '：', '\t'];
const ASCII_CLAUSE_END: &[char] = &[',', ';', ':'];

/// Splits `text` into sentences and clauses.
pub fn segment(text: &str) -> Vec<Sentence> {
    // About one sentence in a hundred bytes of a bulletin, a few clauses each: sized so that
    // the vectors seldom grow.
    let mut sentences = Vec::with_capacity(text.len() / 96);
    let mut clauses = Vec::with_capacity(8);
    let (mut sentence_start, mut clause_start) = (0, 0);
    for (i, c) in marks(text) {
        let ends_sentence = SENTENCE_END.contains(&c);
        if ends_sentence || is_clause_break(c, between_digits(text, i, c)) {
            push_clause(&mut clauses, clause_start..i);
            clause_start = i + c.len_utf8();
        }
        if ends_sentence {
            if !clauses.is_empty() {
                let full = std::mem::replace(&mut clauses, Vec::with_capacity(8));
                push_sentence(&mut sentences, sentence_start..i, full);
            }
            sentence_start = i + c.len_utf8();
        }
    }
    push_clause(&mut clauses, clause_start..text.len());
    push_sentence(&mut sentences, sentence_start..text.len(), clauses);
    sentences
}

/// The sentence and clause marks of `text` with their byte offsets. The bytes that can start a
/// mark are found with vectorised byte searches — the first byte of 。 (E3) and of the
/// full-width ！？，；： (EF) and line breaks in one, the ASCII marks in two more — merged in
/// order; only those bytes are decoded.
fn marks(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let ascii = merged(
        memchr::memchr3_iter(b',', b';', b':', bytes),
        memchr::memchr3_iter(b'!', b'?', b'\t', bytes),
    );
    let starts = merged(memchr::memchr3_iter(0xE3, 0xEF, b'\n', bytes), ascii);
    starts.filter_map(|i| {
        let c = text.get(i..)?.chars().next()?;
        let mark =
            SENTENCE_END.contains(&c) || CLAUSE_END.contains(&c) || ASCII_CLAUSE_END.contains(&c);
        mark.then_some((i, c))
    })
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

fn push_clause(clauses: &mut Vec<Range<usize>>, r: Range<usize>) {
    if r.start < r.end {
        clauses.push(r);
    }
}

fn push_sentence(sentences: &mut Vec<Sentence>, range: Range<usize>, clauses: Vec<Range<usize>>) {
    if !clauses.is_empty() {
        sentences.push(Sentence { range, clauses });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_and_thousands_are_not_breaks() {
        let s = segment("结构为3.9:39.0:57.1，共1,234人");
        assert_eq!(s[0].clauses.len(), 2);
    }

    #[test]
    fn half_width_comma_between_words_breaks() {
        let s = segment("3A级景区27处,2A级景区5处。");
        assert_eq!(s[0].clauses.len(), 2);
    }

    /// The plain reading, a character at a time, that [`segment`] must agree with.
    fn segment_by_chars(text: &str) -> Vec<Sentence> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut sentences = Vec::new();
        let mut clauses = Vec::new();
        let (mut sentence_start, mut clause_start) = (0, 0);
        for (k, &(i, c)) in chars.iter().enumerate() {
            let digit_at = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|(_, d)| d.is_ascii_digit())
            };
            let between = digit_at(k.checked_sub(1)) && digit_at(Some(k + 1));
            let ends_sentence = SENTENCE_END.contains(&c);
            if ends_sentence || is_clause_break(c, between) {
                push_clause(&mut clauses, clause_start..i);
                clause_start = i + c.len_utf8();
            }
            if ends_sentence {
                push_sentence(
                    &mut sentences,
                    sentence_start..i,
                    std::mem::take(&mut clauses),
                );
                sentence_start = i + c.len_utf8();
            }
        }
        push_clause(&mut clauses, clause_start..text.len());
        push_sentence(&mut sentences, sentence_start..text.len(), clauses);
        sentences
    }

    proptest::proptest! {
        #[test]
        fn skipping_to_marks_reads_like_every_character(
            text in "[0-9a-z增长。！？!?\n\t，；：,;:、．％（）\u{3000} ]{0,40}"
        ) {
            proptest::prop_assert_eq!(segment(&text), segment_by_chars(&text));
        }
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(segment("").is_empty());
        assert!(segment("。。\n").is_empty());
    }
}
