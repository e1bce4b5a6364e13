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
    let mut sentences = Vec::new();
    let mut clauses = Vec::new();
    let (mut sentence_start, mut clause_start) = (0, 0);
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let ends_sentence = SENTENCE_END.contains(&c);
        if ends_sentence || is_clause_break(c, prev, next) {
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
        prev = Some(c);
    }
    push_clause(&mut clauses, clause_start..text.len());
    push_sentence(&mut sentences, sentence_start..text.len(), clauses);
    sentences
}

fn is_clause_break(c: char, prev: Option<char>, next: Option<char>) -> bool {
    // Between two digits a comma or colon is a thousands separator or a ratio (3.9：39.0).
    let between_digits =
        prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
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

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(segment("").is_empty());
        assert!(segment("。。\n").is_empty());
    }
}
