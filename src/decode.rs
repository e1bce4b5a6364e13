//! Stage 1 of the pipeline: bytes → text.
//!
//! [`decode`] works out how the bytes are encoded, refuses input that is not text
//! (with an error that says where and why), reduces HTML to its text, and cleans the
//! text up with [`normalize`], so that text extracted from a PDF reads like the
//! bulletin it came from.
//!
//! How the encoding is chosen, in this order:
//!
//! 1. A byte-order mark (UTF-8, UTF-16LE, UTF-16BE) is final. A UTF-8 BOM in front of
//!    bytes that are not UTF-8 (typically GBK) is reported as
//!    [`DecodeError::BomMismatch`] rather than guessed around: the file contradicts
//!    itself, and the error says which encoding the bytes look like instead.
//! 2. NUL bytes or a high share of control characters near the start mean binary
//!    input ([`DecodeError::Binary`]). UTF-16 without a BOM is not supported and
//!    lands here too.
//! 3. Valid UTF-8 is UTF-8, whatever a `<meta>` says: Chinese text in GBK or Big5
//!    longer than a word or two is never valid UTF-8, while a stale `charset=gb2312`
//!    left on a page re-saved as UTF-8 is common (and one short UTF-8 line in ten
//!    decodes cleanly, as nonsense, with GBK).
//! 4. Text that is valid UTF-8 except for a few bad bytes is damaged UTF-8, not a
//!    legacy encoding: a lenient GBK decoder would turn it into nonsense, so it is
//!    [`DecodeError::Undecodable`] with the offset of the first bad byte.
//! 5. Otherwise the encoding an HTML `<meta charset=…>` or `http-equiv` content type
//!    declares (GBK, GB2312, GB18030 or Big5; other declarations, often a server
//!    default such as ISO-8859-1, are ignored), then the one chardetng guesses
//!    (GB18030 or Big5), must decode the bytes without a single error.
//!
//! GBK is reported as `"GB18030"`: encoding_rs decodes both with the GB18030 decoder,
//! a superset of GBK.
//!
//! ```
//! use gongbao::decode::decode;
//!
//! let (gbk, _, _) = encoding_rs::GBK.encode("全年国内生产总值1349084亿元，比上年增长5.0%。");
//! let doc = decode(&gbk).unwrap();
//! assert_eq!(doc.encoding, "GB18030");
//! assert_eq!(doc.text, "全年国内生产总值1349084亿元，比上年增长5.0%。");
//! ```

use std::borrow::Cow;
use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, GBK, UTF_8};
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

/// How much of the input the binary and HTML sniffers look at.
const SNIFF_LEN: usize = 8 * 1024;

/// A document decoded to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, cleaned up by [`normalize`]; for HTML, the text of the page body.
    pub text: String,
    /// The encoding the bytes were read with: `"UTF-8"`, `"UTF-16LE"`, `"UTF-16BE"`,
    /// `"GB18030"` (also for GBK and GB2312) or `"Big5"`.
    pub encoding: &'static str,
    /// The HTML `<title>`, if the input was HTML and had one. It is not repeated in `text`.
    pub title: Option<String>,
    /// Whether the input was HTML.
    pub html: bool,
}

/// Why bytes could not be decoded to text.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The input is not text: NUL bytes or too many control characters near its start.
    #[error("input is not text: {reason}")]
    Binary {
        /// What gave it away.
        reason: String,
    },
    /// Invalid bytes that no candidate encoding explains.
    #[error("byte 0x{byte:02X} at offset {offset} is not valid {encoding}; {detail}")]
    Undecodable {
        /// The encoding the bytes were first read as.
        encoding: &'static str,
        /// Offset of the first bad byte in the input.
        offset: usize,
        /// The bad byte itself.
        byte: u8,
        /// What else was tried, or why nothing else was.
        detail: String,
    },
    /// The file starts with a UTF-8 byte-order mark but its bytes are not UTF-8.
    #[error(
        "the file starts with a UTF-8 byte-order mark, but byte 0x{byte:02X} at offset \
         {offset} is not valid UTF-8{}",
        bom_advice(.looks_like)
    )]
    BomMismatch {
        /// Offset of the first byte that is not UTF-8.
        offset: usize,
        /// The bad byte itself.
        byte: u8,
        /// The encoding the bytes after the BOM decode cleanly with, if any.
        looks_like: Option<&'static str>,
    },
}

fn bom_advice(looks_like: &Option<&'static str>) -> String {
    match looks_like {
        Some(encoding) => {
            format!("; the bytes look like {encoding}: remove the BOM or re-save the file as UTF-8")
        }
        None => String::new(),
    }
}

/// Decodes a document's bytes to clean text.
///
/// See the [module documentation](self) for how the encoding is chosen. Empty input
/// is an empty document.
///
/// ```
/// use gongbao::decode::decode;
///
/// let page = "<html><head><title>公报</title></head>\
///             <body><p>年末全国人口140828万人。</p><script>x()</script></body></html>";
/// let doc = decode(page.as_bytes()).unwrap();
/// assert!(doc.html);
/// assert_eq!(doc.title.as_deref(), Some("公报"));
/// assert_eq!(doc.text, "年末全国人口140828万人。");
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (raw, encoding) = decode_bytes(bytes)?;
    Ok(into_document(&raw, encoding))
}

fn decode_bytes(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_after_bom(bytes, encoding, bom_len).map(|(text, name)| (text.into(), name));
    }
    reject_binary_bytes(bytes)?;
    // Most input is UTF-8 already: check it where it lies instead of copying it
    // through a decoder, since `normalize` makes the copy the document keeps. (encoding_rs
    // validates with SIMD; `str::from_utf8` goes a byte at a time over Chinese text.)
    if let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok((text, "UTF-8"));
    }
    // Not UTF-8: the strict decoder finds where it stops being so, for the error or for the
    // legacy encodings' guess (the Ok arm is kept for completeness; the check above took it).
    match strict_decode(UTF_8, bytes) {
        Ok(text) => Ok((text.into(), "UTF-8")),
        Err(first_bad) => decode_legacy(bytes, first_bad).map(|(text, name)| (text.into(), name)),
    }
}

fn decode_after_bom(
    bytes: &[u8],
    encoding: &'static Encoding,
    bom_len: usize,
) -> Result<(String, &'static str), DecodeError> {
    let body = &bytes[bom_len..];
    match strict_decode(encoding, body) {
        Ok(text) => {
            reject_binary_text(&text)?;
            Ok((text, encoding_name(encoding)))
        }
        Err(bad) if encoding == UTF_8 => Err(DecodeError::BomMismatch {
            offset: bom_len + bad,
            byte: body[bad],
            looks_like: clean_legacy_encoding(body),
        }),
        Err(bad) => Err(DecodeError::Undecodable {
            encoding: encoding_name(encoding),
            offset: bom_len + bad,
            byte: body[bad],
            detail: "an unpaired surrogate or a dangling odd byte".to_owned(),
        }),
    }
}

/// Reads bytes that are not UTF-8 in the legacy encoding the page declares or
/// chardetng guesses.
fn decode_legacy(bytes: &[u8], first_bad: usize) -> Result<(String, &'static str), DecodeError> {
    let undecodable = |detail: String| DecodeError::Undecodable {
        encoding: "UTF-8",
        offset: first_bad,
        byte: bytes[first_bad],
        detail,
    };
    if mostly_utf8(bytes) {
        return Err(undecodable(
            "the rest of the file is valid UTF-8, so it looks damaged".to_owned(),
        ));
    }
    let mut tried: Vec<&'static str> = Vec::new();
    for encoding in declared_charset(bytes)
        .into_iter()
        .chain([legacy_guess(bytes)])
    {
        match strict_decode(encoding, bytes) {
            Ok(text) => return Ok((text, encoding_name(encoding))),
            Err(_) => tried.push(encoding_name(encoding)),
        }
    }
    tried.dedup();
    Err(undecodable(format!(
        "nor is the file valid {}",
        tried.join(" or ")
    )))
}

/// GB18030 or Big5, whichever chardetng finds likelier. Nothing else: these are Chinese
/// documents, and a single-byte guess such as windows-1252 would "decode" anything.
fn legacy_guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    if detector.guess(None, Utf8Detection::Deny) == BIG5 {
        BIG5
    } else {
        GB18030
    }
}

/// The legacy encoding the bytes decode cleanly with, if there is one.
fn clean_legacy_encoding(bytes: &[u8]) -> Option<&'static str> {
    let guess = legacy_guess(bytes);
    strict_decode(guess, bytes)
        .ok()
        .map(|_| encoding_name(guess))
}

/// Valid UTF-8 with a few bad bytes is a damaged UTF-8 file. Legacy CJK text read as
/// UTF-8 breaks every few characters, far more often than once in ten good ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good >= 10 * bad.max(1)
}

/// Decodes without replacement characters; on failure, the offset of the first bad byte.
fn strict_decode(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(room);
    let mut read = 0;
    loop {
        let (result, consumed) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += consumed;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => text.reserve(room.max(64)),
            DecoderResult::Malformed(bad, after) => {
                return Err(read.saturating_sub(usize::from(bad) + usize::from(after)));
            }
        }
    }
}

fn encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GBK || encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

static META_CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r#"(?i-u)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"#)
        .expect("valid regex")
});

/// The legacy encoding an HTML `<meta>` declares, if it is one a Chinese bulletin can be in.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let label = META_CHARSET.captures(head)?.get(1)?.as_bytes();
    let declared = Encoding::for_label(label)?;
    [GBK, GB18030, BIG5].contains(&declared).then_some(declared)
}

fn is_control_byte(byte: u8) -> bool {
    // `&` and `|` rather than `&&` and `matches!`: without branches, counting these
    // compiles to SIMD.
    let control = (byte < 0x20) | (byte == 0x7F);
    let whitespace = (byte == b'\t') | (byte == b'\n') | (byte == b'\r') | (byte == 0x0C);
    control & !whitespace
}

fn is_control_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')
}

fn reject_binary_bytes(bytes: &[u8]) -> Result<(), DecodeError> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if let Some(at) = memchr::memchr(0, head) {
        return Err(DecodeError::Binary {
            reason: format!("NUL byte at offset {at} (UTF-16 text needs a byte-order mark)"),
        });
    }
    let controls = sum_bytes(head, |b| u8::from(is_control_byte(b)));
    check_control_share(controls, head.len(), "bytes")
}

/// The sum of `value` over the bytes, for a `value` of at most 2. It sums in u8 over
/// chunks too short to overflow one (2 × 127 < 256), which the compiler turns into SIMD;
/// summed in usize, it does not.
fn sum_bytes(bytes: &[u8], value: impl Fn(u8) -> u8) -> usize {
    bytes
        .chunks(127)
        .map(|chunk| usize::from(chunk.iter().map(|&b| value(b)).sum::<u8>()))
        .sum()
}

fn reject_binary_text(text: &str) -> Result<(), DecodeError> {
    let head = prefix(text, SNIFF_LEN);
    if let Some(at) = head.chars().position(|c| c == '\0') {
        return Err(DecodeError::Binary {
            reason: format!("NUL character at character {at}"),
        });
    }
    let controls = head.chars().filter(|&c| is_control_char(c)).count();
    check_control_share(controls, head.chars().count(), "characters")
}

/// Text has a few control characters at most; more than one in ten means binary.
fn check_control_share(controls: usize, total: usize, unit: &str) -> Result<(), DecodeError> {
    if controls * 10 > total {
        return Err(DecodeError::Binary {
            reason: format!("{controls} of the first {total} {unit} are control characters"),
        });
    }
    Ok(())
}

/// The longest prefix of `text` at most `max_len` bytes long.
fn prefix(text: &str, max_len: usize) -> &str {
    let mut end = text.len().min(max_len);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn into_document(raw: &str, encoding: &'static str) -> Decoded {
    if !looks_like_html(raw) {
        return Decoded {
            text: normalize(raw),
            encoding,
            title: None,
            html: false,
        };
    }
    let page = html_to_text(raw);
    Decoded {
        text: normalize(&page.body),
        encoding,
        title: page.title,
        html: true,
    }
}

// ---------------------------------------------------------------------------------------
// HTML

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:html|head|body|title|meta|link|script|style|p|div|span|br|hr|table|tbody|tr|td|th|ul|ol|li|h[1-6]|a|b|i|strong|em|font|center|img|section|article)(?:[\s/][^<>]*)?>",
    )
    .expect("valid regex")
});

/// HTML starts like HTML, or has tags every few lines.
fn looks_like_html(text: &str) -> bool {
    let head = prefix(text, SNIFF_LEN);
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let opens_with = |tag: &str| {
        start
            .as_bytes()
            .get(..tag.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(tag.as_bytes()))
    };
    opens_with("<!doctype html") || opens_with("<html") || HTML_TAG.find_iter(head).nth(2).is_some()
}

/// The text of an HTML page.
struct Page {
    body: String,
    title: Option<String>,
}

/// Elements whose content is not part of the page's text.
const SKIPPED: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "svg",
];

/// Elements that start and end a line. `br`, `tr`, `td`, `th` and `pre` have their own rules.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "ul",
];

/// One step of the walk over the DOM. An explicit stack instead of recursion, so that
/// deeply nested input cannot overflow the call stack.
enum Step<'a> {
    Open(ElementRef<'a>),
    Close(&'a str),
    Text(&'a str),
}

fn html_to_text(source: &str) -> Page {
    let document = Html::parse_document(source);
    let mut sink = TextSink::default();
    let mut steps = vec![Step::Open(document.root_element())];
    while let Some(step) = steps.pop() {
        match step {
            Step::Text(text) => sink.text(text),
            Step::Close(tag) => sink.close(tag),
            Step::Open(element) => {
                let tag = element.value().name();
                if SKIPPED.contains(&tag) {
                    continue;
                }
                sink.open(tag);
                steps.push(Step::Close(tag));
                push_children(&mut steps, element);
            }
        }
    }
    Page {
        body: sink.finish(),
        title: page_title(&document),
    }
}

fn push_children<'a>(steps: &mut Vec<Step<'a>>, element: ElementRef<'a>) {
    for child in element.children().rev() {
        match child.value() {
            Node::Text(text) => steps.push(Step::Text(text)),
            Node::Element(_) => steps.extend(ElementRef::wrap(child).map(Step::Open)),
            _ => {}
        }
    }
}

static TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("title").expect("valid selector"));

fn page_title(document: &Html) -> Option<String> {
    let title: String = document.select(&TITLE).next()?.text().collect();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// Whitespace seen in HTML text but not yet written: HTML collapses runs of it.
#[derive(Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    #[default]
    None,
    Space,
    LineBreak,
}

/// Collects the text of an HTML page, one block element per line, cells tab-separated.
#[derive(Default)]
struct TextSink {
    out: String,
    gap: Gap,
    cells_in_row: usize,
    pre_depth: usize,
}

impl TextSink {
    fn open(&mut self, tag: &str) {
        match tag {
            "br" => self.hard_break(),
            "tr" => {
                self.end_line();
                self.cells_in_row = 0;
            }
            "td" | "th" => self.start_cell(),
            "pre" => {
                self.end_line();
                self.pre_depth += 1;
            }
            _ if BLOCKS.contains(&tag) => self.end_line(),
            _ => {}
        }
    }

    fn close(&mut self, tag: &str) {
        if tag == "pre" {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if tag == "tr" || tag == "pre" || BLOCKS.contains(&tag) {
            self.end_line();
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars().map(|c| if c == '\u{A0}' { ' ' } else { c }) {
            match c {
                _ if self.pre_depth > 0 => self.out.push(c),
                '\n' | '\r' => self.gap = self.gap.max(Gap::LineBreak),
                ' ' | '\t' | '\x0C' => self.gap = self.gap.max(Gap::Space),
                _ => {
                    self.flush_gap(c);
                    self.out.push(c);
                }
            }
        }
    }

    /// Writes collapsed whitespace as one space, except at the start of a line or cell,
    /// and except a source line break between two Chinese characters: Chinese has no
    /// spaces between words, so that break is only the HTML author's line wrapping.
    fn flush_gap(&mut self, next: char) {
        let gap = std::mem::take(&mut self.gap);
        let prev = self.out.chars().next_back();
        let line_start = matches!(prev, None | Some('\n' | '\t'));
        let chinese_seam = gap == Gap::LineBreak && prev.is_some_and(is_wide) && is_wide(next);
        if gap != Gap::None && !line_start && !chinese_seam {
            self.out.push(' ');
        }
    }

    fn trim_line_end(&mut self) {
        self.gap = Gap::None;
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
    }

    fn end_line(&mut self) {
        self.trim_line_end();
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// `<br>` always breaks the line; two in a row leave a blank line, more do not add any.
    fn hard_break(&mut self) {
        self.trim_line_end();
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn start_cell(&mut self) {
        self.trim_line_end();
        if self.cells_in_row > 0 {
            self.out.push('\t');
        }
        self.cells_in_row += 1;
    }

    fn finish(self) -> String {
        self.out.trim_end().trim_start_matches('\n').to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// normalize

/// Cleans text up so that text extracted from a PDF reads like clean text.
///
/// - `\r\n`, `\r` and form feeds become `\n`; no-break spaces become spaces; zero-width
///   spaces and stray byte-order marks go; whitespace at the end of each line goes.
/// - Stray ASCII spaces between Chinese and a number, or a number and its unit, go:
///   `290.41 亿元` → `290.41亿元`, `增长5.3 %` → `增长5.3%`. Spaces between Latin words,
///   between two numbers and between two Chinese characters stay.
/// - Page footers go: lines that are only a page number (`3`, `— 1 —`, `- 2 -`, `— —`,
///   `第 3 页`), with the blank lines around them.
/// - Lines that a PDF broke inside a sentence are joined. A line continues on the next
///   when it does not end a sentence (with `。！？；：…`, possibly followed by closing
///   quotes or brackets), it fills most of the page width (at least half the width that
///   three lines in four reach; nine tenths for a line that starts like a heading — a
///   short line is a title, byline or heading, not a wrapped one), neither line is a
///   table row (has a tab) or blank, and the next line does not start a paragraph (an
///   indent of U+3000 or two spaces, or a heading such as `一、`, `（二）`, `3、`, `——`).
///
/// Clean text — one paragraph per line, paragraphs indented with two U+3000 spaces or
/// not — comes out unchanged, except for whitespace at the ends of lines; a test checks
/// this for every sample in `samples/`. Joining relies on line widths, so a document of
/// a few short lines that do not end sentences can be joined where it should not.
///
/// ```
/// use gongbao::decode::normalize;
///
/// assert_eq!(normalize("产量 1.34\n万吨"), "产量1.34万吨");
/// assert_eq!(normalize("比上年提高0.57\n— 2 —\n个百分点"), "比上年提高0.57个百分点");
/// assert_eq!(normalize("增长5.3 %，达到290.41 亿元。"), "增长5.3%，达到290.41亿元。");
/// assert_eq!(normalize("一、综合\n\u{3000}\u{3000}初步核算，"), "一、综合\n\u{3000}\u{3000}初步核算，");
/// ```
pub fn normalize(text: &str) -> String {
    let text = unify_characters(text);
    let lines: Vec<Line> = split_lines(&text).map(Line::new).collect();
    join_wrapped_lines(&drop_page_footers(lines), text.len())
}

/// `text.split('\n')`, with the line ends found by the SIMD memchr rather than the
/// slower one `str::split` uses.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// A line, tidied, with what joining asks about it worked out once.
struct Line<'a> {
    /// Borrowed from the text when tidying left it as it was, as it does in clean text.
    text: Cow<'a, str>,
    width: usize,
    has_tab: bool,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let text = tidy_spaces(raw.trim_end_matches(is_trailing_space));
        Line {
            width: display_width(&text),
            has_tab: memchr::memchr(b'\t', text.as_bytes()).is_some(),
            text,
        }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// The characters `unify_characters` replaces or removes.
const UNIFIED: [&str; 5] = ["\r", "\x0C", "\u{A0}", "\u{FEFF}", "\u{200B}"];

fn unify_characters(text: &str) -> Cow<'_, str> {
    // Clean text has none of them: a search at memchr speed is then all the work.
    let bytes = text.as_bytes();
    let found = |c: &&str| memchr::memmem::find(bytes, c.as_bytes()).is_some();
    if UNIFIED.iter().any(found) {
        Cow::Owned(unify_all_characters(text))
    } else {
        Cow::Borrowed(text)
    }
}

fn unify_all_characters(text: &str) -> String {
    // pdftotext puts a form feed between pages, next to a line break.
    let text = text
        .replace("\r\n", "\n")
        .replace("\x0C\n", "\n")
        .replace("\n\x0C", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\r' | '\x0C' => Some('\n'),
            '\u{A0}' => Some(' '),
            '\u{FEFF}' | '\u{200B}' => None,
            _ => Some(c),
        })
        .collect()
}

fn is_trailing_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Chinese characters and full-width punctuation (not full-width digits or letters).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Characters a Chinese font sets twice as wide as a Latin letter.
fn is_wide(c: char) -> bool {
    c >= '\u{2E80}' || matches!(c, '\u{2014}' | '\u{2018}'..='\u{201D}' | '\u{2026}')
}

/// The width of a line, a wide character counting 2: the number of characters plus the
/// number of wide ones, counted on bytes because decoding every character is most of
/// the cost of `normalize` on clean text.
fn display_width(line: &str) -> usize {
    let bytes = line.as_bytes();
    let from_bytes = sum_bytes(bytes, byte_width);
    // The lead byte 0xE2 starts U+2000 to U+2FFF, of which only some are wide.
    let wide_from_u2000 = memchr::memchr_iter(0xE2, bytes)
        .filter(|&at| line[at..].chars().next().is_some_and(is_wide))
        .count();
    from_bytes + wide_from_u2000
}

/// 1 for a byte that starts a character, 2 if that character is U+3000 or above, all wide
/// (lead bytes 0xE3 to 0xF4; a continuation byte is at most 0xBF).
fn byte_width(byte: u8) -> u8 {
    let starts_char = byte & 0xC0 != 0x80;
    u8::from(starts_char) + u8::from(byte >= 0xE3)
}

/// Drops runs of ASCII spaces that PDF extraction put between Chinese and numbers.
fn tidy_spaces(line: &str) -> Cow<'_, str> {
    // Most lines have no space to look at.
    if memchr::memchr(b' ', line.as_bytes()).is_some() {
        Cow::Owned(tidy_space_runs(line))
    } else {
        Cow::Borrowed(line)
    }
}

fn tidy_space_runs(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let run_end = i + chars[i..].iter().take_while(|&&c| c == ' ').count();
        if run_end == i {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let stray =
            i > 0 && run_end < chars.len() && is_stray_space(chars[i - 1], &chars[run_end..]);
        if !stray {
            out.extend(&chars[i..run_end]);
        }
        i = run_end;
    }
    out
}

/// Whether a space between `before` and `after` only separates Chinese from a number,
/// or a number from its unit.
fn is_stray_space(before: char, after: &[char]) -> bool {
    let starts_number = match after {
        [d, ..] if is_digit(*d) => true,
        ['-' | '+' | '−', d, ..] => is_digit(*d),
        _ => false,
    };
    let starts_unit = after
        .first()
        .is_some_and(|&c| is_cjk(c) || "%％‰‱℃".contains(c));
    (is_cjk(before) && starts_number) || (is_digit(before) && starts_unit)
}

static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[-—–－─]\s*)*[0-9０-９]{1,4}(?:\s*[-—–－─])*$",
        r"|^[-—–－─]+\s+[-—–－─]+$",
        r"|^第\s*[0-9０-９]{1,4}\s*页(?:\s*[,，/／]?\s*共\s*[0-9０-９]{1,4}\s*页)?$",
        r"|^共\s*[0-9０-９]{1,4}\s*页\s*[,，]?\s*第\s*[0-9０-９]{1,4}\s*页$",
        r"|^[0-9]{1,4}\s*/\s*[0-9]{1,4}$",
    ))
    .expect("valid regex")
});

fn is_page_footer(line: &str) -> bool {
    is_footer_alphabet(line) && PAGE_FOOTER.is_match(line.trim())
}

/// Whether the line has only characters [`PAGE_FOOTER`] can match (`\s` is White_Space,
/// as for `char::is_whitespace`). A line of text fails at its first or second
/// character: this spares the regex, and the trimming, on almost every line.
fn is_footer_alphabet(line: &str) -> bool {
    line.chars().all(|c| {
        is_digit(c)
            || matches!(
                c,
                '-' | '—' | '–' | '－' | '─' | '第' | '页' | '共' | ',' | '，' | '/' | '／'
            )
            || c.is_whitespace()
    })
}

/// Removes page footers and the blank lines around them, so that a sentence broken by
/// a page break can be joined like one broken by a line break.
fn drop_page_footers(lines: Vec<Line>) -> Vec<Line> {
    let mut keep = vec![true; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        if is_page_footer(&line.text) {
            keep[i] = false;
            let blank_before = lines[..i].iter().rev().take_while(|l| l.is_empty()).count();
            let blank_after = lines[i + 1..].iter().take_while(|l| l.is_empty()).count();
            keep[i - blank_before..=i + blank_after].fill(false);
        }
    }
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(line, kept)| kept.then_some(line))
        .collect()
}

/// The lines, each wrapped one joined to the line before it; `capacity` is room for
/// all of them.
fn join_wrapped_lines(lines: &[Line], capacity: usize) -> String {
    let wrap = typical_width(lines);
    let mut text = String::with_capacity(capacity);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            if is_wrapped(&lines[i - 1], line, wrap) {
                append_wrapped(&mut text, &line.text);
                continue;
            }
            text.push('\n');
        }
        text.push_str(&line.text);
    }
    text
}

/// The width three lines in four stay within: for text from a PDF, about the page width.
fn typical_width(lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|line| !line.is_empty() && !line.has_tab)
        .map(|line| line.width)
        .collect();
    widths.sort_unstable();
    widths.get(widths.len() * 3 / 4).copied().unwrap_or(0)
}

/// Whether `next` continues the sentence that a PDF line break cut at the end of `prev`.
fn is_wrapped(prev: &Line, next: &Line, wrap: usize) -> bool {
    !prev.is_empty()
        && !next.is_empty()
        && !prev.has_tab
        && !next.has_tab
        && !ends_sentence(&prev.text)
        && !starts_paragraph(&next.text)
        && fills_line(prev, wrap)
}

/// A PDF wraps a line when it is full; a much shorter line ended on purpose.
fn fills_line(line: &Line, wrap: usize) -> bool {
    let width = line.width;
    if starts_heading(&line.text) {
        width * 10 >= wrap * 9
    } else {
        width * 2 >= wrap
    }
}

fn is_closing_mark(c: char) -> bool {
    "”’」』）)】》〉〕".contains(c)
}

/// A closing quote or bracket ends a sentence only after a full stop (`……。”`): a
/// bare one, as in `《协定》（RCEP）`, closes a name inside the sentence.
fn ends_sentence(line: &str) -> bool {
    let body = line.trim_end_matches(is_closing_mark);
    let mut tail = body.chars().rev();
    match tail.next() {
        Some('。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | '…') => true,
        // A ratio such as 3.9:39.0 can break after its colon.
        Some(':') => !tail.next().is_some_and(is_digit),
        None => true,
        _ => false,
    }
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,2}、|——|[①-⑳]\s|注[：:])")
        .expect("valid regex")
});

fn starts_heading(line: &str) -> bool {
    HEADING.is_match(line)
}

fn starts_paragraph(line: &str) -> bool {
    line.starts_with('\u{3000}') || line.starts_with("  ") || starts_heading(line)
}

/// Joins a wrapped line to its paragraph; Latin words keep the space between them.
fn append_wrapped(paragraph: &mut String, line: &str) {
    let line = line.trim_start_matches(' ');
    let before = paragraph.chars().next_back();
    let after = line.chars().next();
    let latin_seam = match (before, after) {
        (Some(b), Some(a)) => {
            b.is_ascii_alphanumeric()
                && a.is_ascii_alphanumeric()
                && (b.is_ascii_alphabetic() || a.is_ascii_alphabetic())
        }
        _ => false,
    };
    if latin_seam {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::UTF_16LE;
    use proptest::prelude::*;

    #[test]
    fn strict_decode_reports_the_first_bad_byte() {
        assert_eq!(
            strict_decode(UTF_8, "中文".as_bytes()).as_deref(),
            Ok("中文")
        );
        let mut bytes = "中文".as_bytes().to_vec();
        bytes.insert(3, 0xFF);
        assert_eq!(strict_decode(UTF_8, &bytes), Err(3));
        assert_eq!(strict_decode(GB18030, b"\xD6\xD0\xFF"), Err(2));
        assert_eq!(strict_decode(UTF_16LE, b"\x2D\x4E\x87"), Err(2));
    }

    #[test]
    fn mostly_utf8_tells_damage_from_a_legacy_encoding() {
        let mut damaged = "年末全国人口140828万人，比上年末减少139万人。"
            .as_bytes()
            .to_vec();
        damaged.insert(6, 0xFF);
        assert!(mostly_utf8(&damaged));
        let (gbk, _, _) = GBK.encode("年末全国人口140828万人，比上年末减少139万人。");
        assert!(!mostly_utf8(&gbk));
    }

    #[test]
    fn declared_charset_reads_meta_and_http_equiv() {
        let meta = br#"<html><head><meta charset="gb2312"></head>"#;
        assert_eq!(declared_charset(meta), Some(GBK));
        let equiv = br#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=big5">"#;
        assert_eq!(declared_charset(equiv), Some(BIG5));
        let latin = br#"<meta charset="iso-8859-1">"#;
        assert_eq!(declared_charset(latin), None);
        assert_eq!(declared_charset(b"<meta charset=utf-8>"), None);
    }

    #[test]
    fn looks_like_html_needs_an_html_start_or_several_tags() {
        assert!(looks_like_html("  <!DOCTYPE HTML><p>x"));
        assert!(looks_like_html("<html>"));
        assert!(looks_like_html("<p>一</p><p>二</p>"));
        assert!(!looks_like_html("增速<5%，<b>注意</b>"));
        assert!(!looks_like_html("年末全国人口140828万人。"));
    }

    #[test]
    fn tidy_spaces_keeps_latin_and_number_pairs() {
        assert_eq!(tidy_spaces("产量 1.34 万吨"), "产量1.34万吨");
        assert_eq!(tidy_spaces("自然增长率为 -0.99 ‰"), "自然增长率为-0.99‰");
        assert_eq!(tidy_spaces("GB/T 28398 标准"), "GB/T 28398标准");
        assert_eq!(tidy_spaces("表1 2020年"), "表1 2020年");
        assert_eq!(tidy_spaces("国务院总理 李强"), "国务院总理 李强");
        assert_eq!(tidy_spaces("  八、财政"), "  八、财政");
    }

    #[test]
    fn page_footers() {
        for footer in [
            "3",
            "— 1 —",
            "- 2 -",
            "— —",
            "第 3 页",
            "第3页 共10页",
            "－12－",
        ] {
            assert!(is_page_footer(footer), "{footer}");
        }
        for line in [
            "1.34",
            "3.9:39.0",
            "第三章",
            "2020年",
            "——经济总体回升向好。",
        ] {
            assert!(!is_page_footer(line), "{line}");
        }
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("增长5.0%。"));
        assert!(ends_sentence("决不辜负人民期待和重托！”"));
        assert!(ends_sentence("预期目标是："));
        assert!(!ends_sentence("结构为3.9:"));
        assert!(!ends_sentence("伙伴关系协定》（RCEP）"));
        assert!(!ends_sentence("比上年增长"));
    }

    #[test]
    fn short_lines_are_not_wrapped() {
        let text = "政府工作报告——国务院总理 李强\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn html_cells_and_line_breaks() {
        let page = html_to_text(
            "<table><tr><td>粮食</td><td> 1271601 </td></tr><tr><th>棉花</th><td>372</td></tr></table>\
             <p>全年\n  国内生产总值<br>增长 5.0%</p><pre>a\n  b</pre>",
        );
        assert_eq!(
            page.body,
            "粮食\t1271601\n棉花\t372\n全年国内生产总值\n增长 5.0%\na\n  b"
        );
        assert_eq!(page.title, None);
    }

    #[test]
    fn utf8_is_read_in_place_exactly_when_the_decoder_reads_it() {
        let mut damaged = "中文".as_bytes().to_vec();
        damaged.insert(3, 0xFF);
        let inputs: [&[u8]; 5] = [
            b"",
            "\u{3000}\u{3000}增长5%".as_bytes(),
            &damaged,
            b"\xED\xA0\x80",
            b"\xE4\xB8",
        ];
        for bytes in inputs {
            let in_place = UTF_8.decode_without_bom_handling_and_without_replacement(bytes);
            assert_eq!(
                in_place.as_deref().ok_or(()),
                strict_decode(UTF_8, bytes).as_deref().map_err(|_| ())
            );
        }
    }

    #[test]
    fn control_bytes_are_the_ascii_controls_but_tab_and_line_ends() {
        for byte in 0..=u8::MAX {
            let expected = byte.is_ascii_control() && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0C);
            assert_eq!(is_control_byte(byte), expected, "{byte:#04x}");
        }
    }

    #[test]
    fn the_footer_alphabet_has_every_character_of_regex_whitespace() {
        let whitespace = Regex::new(r"^\s$").expect("valid regex");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if whitespace.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!(is_footer_alphabet(&c.to_string()), "{:?}", c);
            }
        }
    }

    /// `normalize` as it was before lines were borrowed and measured once: every step on
    /// every line, on owned strings, with widths counted character by character. The
    /// fast paths must not change a single byte of what comes out.
    fn reference_normalize(text: &str) -> String {
        let lines: Vec<String> = unify_all_characters(text)
            .split('\n')
            .map(|line| tidy_space_runs(line.trim_end_matches(is_trailing_space)))
            .collect();
        let mut keep = vec![true; lines.len()];
        for (i, line) in lines.iter().enumerate() {
            if PAGE_FOOTER.is_match(line.trim()) {
                let before = lines[..i].iter().rev().take_while(|l| l.is_empty()).count();
                let after = lines[i + 1..].iter().take_while(|l| l.is_empty()).count();
                keep[i - before..=i + after].fill(false);
            }
        }
        let kept = lines
            .iter()
            .zip(keep)
            .filter_map(|(l, k)| k.then_some(l.as_str()));
        reference_join(&kept.collect::<Vec<&str>>())
    }

    fn reference_join(lines: &[&str]) -> String {
        let width =
            |line: &str| -> usize { line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum() };
        let mut widths: Vec<usize> = lines
            .iter()
            .filter(|l| !l.is_empty() && !l.contains('\t'))
            .map(|l| width(l))
            .collect();
        widths.sort_unstable();
        let wrap = widths.get(widths.len() * 3 / 4).copied().unwrap_or(0);
        let fills = |line: &str| {
            if starts_heading(line) {
                width(line) * 10 >= wrap * 9
            } else {
                width(line) * 2 >= wrap
            }
        };
        let mut joined: Vec<String> = Vec::new();
        for (i, &line) in lines.iter().enumerate() {
            let prev = if i > 0 { lines[i - 1] } else { "" };
            let wrapped = !prev.is_empty()
                && !line.is_empty()
                && !prev.contains('\t')
                && !line.contains('\t')
                && !ends_sentence(prev)
                && !starts_paragraph(line)
                && fills(prev);
            match joined.last_mut() {
                Some(paragraph) if wrapped => append_wrapped(paragraph, line),
                _ => joined.push(line.to_owned()),
            }
        }
        joined.join("\n")
    }

    /// Pieces of PDF-extracted bulletins, with everything a fast path in `normalize`
    /// skips or acts on: spaces, line ends, form feeds, U+3000, U+A0, U+FEFF, U+200B,
    /// tabs, footers, headings, closing marks, and wide and narrow characters from
    /// U+2000 to U+2FFF (whose lead byte is 0xE2).
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "全年", "国内生产总值", "1349084", "亿元", "增长", "5.0", "%", "‰", "-", "−0.9", "Patent", "Treaty",
        "。", "，", "：", ":", "3.9:", "…", "”", "）", "》", "“", "—", "——", "’",
        "\u{2E80}", "\u{2E7F}", "\u{2000}", "𠀀", "é", "·",
        "\n", "\n\n", "\r\n", "\r", "\x0C", "\x0C\n", "\n\x0C", " ", "  ", "\t",
        "\u{3000}", "\u{3000}\u{3000}", "\u{A0}", "\u{FEFF}", "\u{200B}", "\u{2028}",
        "一、", "（二）", "3、", "①", "注：",
        "3", "12", "１２", "— 2 —", "- 4 -", "— —", "第 3 页", "共 3 页，第 1 页", "1/5",
        "很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn normalize_is_the_reference_on_bulletin_pieces(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..150),
        ) {
            let text = pieces.concat();
            prop_assert_eq!(normalize(&text), reference_normalize(&text), "{:?}", text);
        }

        #[test]
        fn normalize_is_the_reference_on_any_text(text in any::<String>()) {
            prop_assert_eq!(normalize(&text), reference_normalize(&text));
        }

        #[test]
        fn display_width_counts_wide_characters_twice(text in any::<String>()) {
            let by_char: usize = text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
            prop_assert_eq!(display_width(&text), by_char);
        }

        #[test]
        fn page_footers_are_the_regex_on_the_trimmed_line(
            line in r"[ \t\u{3000}\u{A0}0-9０-９\-—–－─第页共,，/／年.a]{0,12}",
        ) {
            prop_assert_eq!(is_page_footer(&line), PAGE_FOOTER.is_match(line.trim()));
        }
    }
}
