//! Tests for stage 1, bytes → text: every copy of a sample — in another encoding, as
//! HTML, as PDF-extracted text — must decode back to the clean sample.
//!
//! What "back to the clean sample" means: `canonical(decoded) == canonical(clean)`,
//! where `canonical` only removes whitespace at the end of each line and at the end of
//! the text. Everything else — line breaks, U+3000 indents, spaces inside lines — must
//! match exactly.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use encoding_rs::{BIG5, Encoding, GBK};
use gongbao::decode::{DecodeError, Decoded, decode, normalize};
use proptest::prelude::*;
use regex::Regex;

fn sample_paths(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
}

/// (file name, clean text) of every sample in `samples/` (and `samples/full/` with `full`).
fn samples(full: bool) -> Vec<(String, String)> {
    let mut paths = sample_paths("samples");
    if full {
        paths.extend(sample_paths("samples/full"));
    }
    let samples: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(path).expect("sample is UTF-8"))
        })
        .collect();
    assert!(samples.len() >= 10, "samples not found");
    samples
}

/// The text without whitespace at the end of lines or of the text: the only difference
/// these tests allow between a decoded copy and the clean sample.
fn canonical(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_owned()
}

fn decode_ok(bytes: &[u8], what: &str) -> Decoded {
    decode(bytes).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// Encodes with an encoding that must be able to hold the whole text.
fn encode_all(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot hold {text:?}", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        bytes.extend(pair);
    }
    bytes
}

// ---------------------------------------------------------------------------------------
// Clean text stays clean

#[test]
fn normalize_leaves_every_clean_sample_unchanged() {
    for (name, clean) in samples(true) {
        assert_eq!(canonical(&normalize(&clean)), canonical(&clean), "{name}");
    }
}

#[test]
fn utf8_samples_decode_unchanged() {
    for (name, clean) in samples(true) {
        let doc = decode_ok(clean.as_bytes(), &name);
        assert_eq!(doc.encoding, "UTF-8", "{name}");
        assert!(!doc.html && doc.title.is_none(), "{name}");
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Encodings

#[test]
fn gbk_copies_decode_back() {
    for (name, clean) in samples(true) {
        let doc = decode_ok(&encode_all(GBK, &clean), &name);
        assert_eq!(doc.encoding, "GB18030", "{name}");
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
    }
}

/// The sentences (up to and including 。) of `text` that Big5 can encode.
fn big5_sentences(text: &str) -> Vec<&str> {
    text.split_inclusive('。')
        .map(str::trim)
        .filter(|sentence| sentence.ends_with('。') && !BIG5.encode(sentence).2)
        .collect()
}

#[test]
fn big5_copy_of_the_sample_sentences_big5_can_hold_decodes_back() {
    // The samples are in simplified Chinese, which Big5 mostly cannot hold (国, 发, 经
    // …): only a handful of their sentences round-trip. Pool them, one per line.
    let samples = samples(true);
    let sentences: Vec<&str> = samples
        .iter()
        .flat_map(|(_, clean)| big5_sentences(clean))
        .collect();
    let text = sentences.join("\n");
    assert!(sentences.len() >= 3, "too few Big5 sentences: {text}");
    let doc = decode_ok(&encode_all(BIG5, &text), "Big5 sentences");
    assert_eq!(doc.encoding, "Big5", "{text}");
    assert_eq!(doc.text, text);
}

#[test]
fn big5_traditional_bulletin_decodes() {
    let text = concat!(
        "\u{3000}\u{3000}初步核算，全年國內生產總值1349084億元，比上年增長5.0%。其中，第一產業增加值91414億元，",
        "比上年增長3.5%；第二產業增加值492087億元，增長5.3%；第三產業增加值765583億元，增長5.0%。\n",
        "\u{3000}\u{3000}年末全國就業人員73439萬人，其中城鎮就業人員47345萬人，佔全國就業人員比重為64.5%。全年城鎮調查失業率平均值為5.1%。",
    );
    let doc = decode_ok(&encode_all(BIG5, text), "Big5");
    assert_eq!(doc.encoding, "Big5");
    assert_eq!(doc.text, text);
}

#[test]
fn utf16_copies_with_bom_decode_back() {
    for (name, clean) in samples(true) {
        let doc = decode_ok(&utf16(&clean, true), &name);
        assert_eq!(doc.encoding, "UTF-16LE", "{name}");
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
    }
    let (name, clean) = &samples(false)[0];
    let doc = decode_ok(&utf16(clean, false), name);
    assert_eq!(doc.encoding, "UTF-16BE");
    assert_eq!(canonical(&doc.text), canonical(clean));
}

#[test]
fn utf8_copies_with_bom_decode_back() {
    for (name, clean) in samples(true) {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), clean.as_bytes()].concat();
        let doc = decode_ok(&bytes, &name);
        assert_eq!(doc.encoding, "UTF-8", "{name}");
        assert!(!doc.text.starts_with('\u{FEFF}'), "{name}");
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// HTML

static NUMBER_AND_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("([0-9])(亿元|万人|%|个百分点|万吨)").expect("regex"));

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sample as an old-style web page: one <p> per line, indented with &nbsp;, a
/// &nbsp; between each number and its unit, per cent signs as character references,
/// and a title, style, script and comment that must not reach the text.
fn html_copy(title: &str, clean: &str, meta: &str) -> String {
    let mut page = format!(
        "<!DOCTYPE html>\n<html>\n<head>\n{meta}\n<title>{} &amp; 解读</title>\n\
         <style>p {{ text-indent: 2em; }}</style>\n\
         <script>document.write(\"<p>脚本文字</p>\");</script>\n</head>\n<body>\n<!-- 注释 -->\n",
        escape_html(title)
    );
    for line in clean.lines().filter(|line| !line.trim().is_empty()) {
        let escaped = escape_html(line);
        let spaced = NUMBER_AND_UNIT.replace_all(&escaped, "$1&nbsp;$2");
        page += &format!("<p>&nbsp;&nbsp;{}</p>\n", spaced.replace('%', "&#37;"));
    }
    page + "<script>var x = '不要';</script>\n</body>\n</html>\n"
}

#[test]
fn html_copies_decode_to_their_text() {
    for (name, clean) in samples(false) {
        let page = html_copy(&name, &clean, r#"<meta charset="utf-8">"#);
        let doc = decode_ok(page.as_bytes(), &name);
        assert!(doc.html, "{name}");
        assert_eq!(doc.encoding, "UTF-8", "{name}");
        assert_eq!(doc.title, Some(format!("{name} & 解读")), "{name}");
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
        assert!(
            !doc.text.contains("解读") && !doc.text.contains("脚本"),
            "{name}"
        );
    }
}

#[test]
fn html_in_gbk_honours_its_http_equiv_charset() {
    let meta = r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#;
    for (name, clean) in samples(false) {
        let page = html_copy(&name, &clean, meta);
        let doc = decode_ok(&encode_all(GBK, &page), &name);
        assert!(doc.html, "{name}");
        assert_eq!(doc.encoding, "GB18030", "{name}");
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
    }
}

#[test]
fn utf8_html_with_a_stale_gbk_charset_is_read_as_utf8() {
    let meta = r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#;
    let page = html_copy("公报", "十二、卫生和社会服务", meta);
    // These UTF-8 bytes also decode without error as GBK (into nonsense).
    assert!(
        GBK.decode_without_bom_handling_and_without_replacement(page.as_bytes())
            .is_some()
    );
    let doc = decode_ok(page.as_bytes(), "stale charset");
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.text, "十二、卫生和社会服务");
}

#[test]
fn html_tables_become_tab_separated_lines() {
    let page = "<html><body><h1>表2 2020年农业</h1><table>\
                <tr><th>指标名称</th><th>绝对数（亿元）</th></tr>\
                <tr><td>种植业</td><td>240.82</td></tr></table></body></html>";
    let doc = decode_ok(page.as_bytes(), "table");
    assert_eq!(
        doc.text,
        "表2 2020年农业\n指标名称\t绝对数（亿元）\n种植业\t240.82"
    );
    assert_eq!(doc.title, None);
}

#[test]
fn html_is_recognised_by_its_tags_without_a_doctype() {
    let doc = decode_ok(
        "<p>一、综合</p>\n<div>全年增长5.0%。</div><br>".as_bytes(),
        "fragment",
    );
    assert!(doc.html);
    assert_eq!(doc.text, "一、综合\n全年增长5.0%。");
}

// ---------------------------------------------------------------------------------------
// PDF-style text

static NUMBER_AFTER_VERB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("(增长|为|达到)([0-9])").expect("regex"));
static LINE_START_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^(?:[一二三四五六七八九十0-9０-９]{1,3}、|注[：:])").expect("regex")
});

fn char_width(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// Where a PDF line break can fall without turning into a real break for `normalize`:
/// not after the end of a sentence (that break is kept, as it should be), not inside or
/// next to Latin words or spaces, and not just before something that starts a paragraph.
fn can_break(before: char, after: &[char]) -> bool {
    let start: String = after.iter().take(4).collect();
    !"。！？；：!?;:…”’」』）)】》〉〕".contains(before)
        && !before.is_ascii_alphabetic()
        && !after[0].is_ascii_alphabetic()
        && before != ' '
        && after[0] != ' '
        && !"—（(\u{3000}①②③④⑤⑥⑦⑧⑨⑩".contains(after[0])
        && !LINE_START_HEADING.is_match(&start)
}

/// Breaks a line where it reaches `width` (a Chinese character counting 2), or at the
/// first place after that where a break can fall.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let (mut pieces, mut start, mut filled) = (Vec::new(), 0, 0);
    for i in 0..chars.len() {
        filled += char_width(chars[i]);
        if filled >= width && i + 1 < chars.len() && can_break(chars[i], &chars[i + 1..]) {
            pieces.push(chars[start..=i].iter().collect());
            (start, filled) = (i + 1, 0);
        }
    }
    pieces.push(chars[start..].iter().collect());
    pieces
}

/// The sample as a PDF text extractor would give it: lines broken every 37 Chinese
/// characters, spaces between numbers and units and between some verbs and numbers,
/// and page footers ("— 2 —", "1" over "— —", "第 3 页" between blank lines) between
/// two lines of text. Table rows (with tabs) are not broken.
fn pdf_copy(clean: &str) -> String {
    let spaced = NUMBER_AND_UNIT.replace_all(clean, "$1 $2");
    let spaced = NUMBER_AFTER_VERB.replace_all(&spaced, "$1 $2");
    let mut lines: Vec<String> = Vec::new();
    for line in spaced.lines() {
        if line.contains('\t') {
            lines.push(line.to_owned());
        } else {
            lines.extend(wrap(line, 74));
        }
    }
    let footers = ["— 2 —", "1\n— —", "\n第 3 页\n", "- 4 -"];
    let mut out: Vec<String> = Vec::new();
    let mut next_footer = 0;
    for (i, line) in lines.iter().enumerate() {
        out.push(line.clone());
        let between_text = !line.is_empty() && lines.get(i + 1).is_some_and(|l| !l.is_empty());
        if between_text && (i == 1 || i % 25 == 24) {
            out.push(footers[next_footer % footers.len()].to_owned());
            next_footer += 1;
        }
    }
    out.join("\n")
}

#[test]
fn pdf_style_copies_normalize_back() {
    for (name, clean) in samples(true) {
        let pdf = pdf_copy(&clean);
        assert_ne!(pdf, clean, "{name}: the copy should differ");
        assert_eq!(
            canonical(&normalize(&pdf)),
            canonical(&clean),
            "{name}\n{pdf}"
        );
    }
}

#[test]
fn pdf_style_copies_decode_back_in_gbk() {
    for (name, clean) in samples(false) {
        let doc = decode_ok(&encode_all(GBK, &pdf_copy(&clean)), &name);
        assert_eq!(canonical(&doc.text), canonical(&clean), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// normalize, rule by rule

#[test]
fn normalize_joins_numbers_and_units_broken_across_lines() {
    assert_eq!(normalize("产量 1.34\n万吨"), "产量1.34万吨");
    assert_eq!(
        normalize("比上年提高0.57\n个百分点"),
        "比上年提高0.57个百分点"
    );
    assert_eq!(
        normalize("全年国内生产总值增长5.\n0%。"),
        "全年国内生产总值增长5.0%。"
    );
}

#[test]
fn normalize_removes_spaces_between_chinese_and_numbers() {
    assert_eq!(normalize("290.41 亿元"), "290.41亿元");
    assert_eq!(normalize("增长5.3 %"), "增长5.3%");
    assert_eq!(normalize("产量 1.34万吨"), "产量1.34万吨");
    assert_eq!(normalize("自然增长率为 -0.99 ‰。"), "自然增长率为-0.99‰。");
}

#[test]
fn normalize_keeps_spaces_between_latin_words_and_between_numbers() {
    let text = "专利合作条约（Patent Cooperation Treaty）即PCT，见GB/T 28398，表1 2020年。";
    assert_eq!(normalize(text), text);
    assert_eq!(
        normalize("专利合作条约（Patent\nCooperation Treaty）"),
        "专利合作条约（Patent Cooperation Treaty）"
    );
}

#[test]
fn normalize_drops_page_footers() {
    let broken = "全年全国居民人均可支配收入41314元，比上年增长5.3%，扣除价格因素，实际";
    for footer in ["— 1 —", "- 2 -", "1\n— —", "第 3 页", "\n第 3 页\n", "12"] {
        let text = format!("{broken}\n{footer}\n增长5.1%。");
        assert_eq!(
            normalize(&text),
            format!("{broken}增长5.1%。"),
            "{footer:?}"
        );
    }
}

#[test]
fn normalize_keeps_paragraph_breaks() {
    let paragraphs = [
        "一、综合\n\u{3000}\u{3000}初步核算，全年国内生产总值1349084亿元。",
        "全年国内生产总值1349084亿元，比上年增长\n\n5.0%。",
        "第一行没有句号但它后面的是一个新段落并且很长很长很长\n\u{3000}\u{3000}新段落。",
        "第一行没有句号但它后面的是一个标题并且很长很长很长很长\n（二）农业。",
        "2023年洛阳市国民经济和社会发展统计公报\n洛阳市统计局\n2023年，面对严峻复杂的国际国内环境，\
         全市上下坚决贯彻落实党中央、国务院和省委、省政府决策部署。",
    ];
    for text in paragraphs {
        assert_eq!(normalize(text), text);
    }
}

#[test]
fn normalize_does_not_join_after_the_end_of_a_sentence() {
    for text in [
        "增长5.0%。\n其中",
        "预期目标是：\n国内生产总值增长5%左右",
        "重托！”\n各位代表",
    ] {
        assert_eq!(normalize(text), text);
    }
}

#[test]
fn normalize_unifies_line_ends() {
    assert_eq!(
        normalize("第一段。\r\n第二段。\r第三段。  \n"),
        "第一段。\n第二段。\n第三段。\n"
    );
}

// ---------------------------------------------------------------------------------------
// Errors

#[test]
fn empty_input_is_an_empty_document() {
    let doc = decode_ok(b"", "empty");
    assert_eq!(
        doc,
        Decoded {
            text: String::new(),
            encoding: "UTF-8",
            title: None,
            html: false
        }
    );
}

#[test]
fn binary_input_is_rejected() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
    assert!(matches!(decode(png), Err(DecodeError::Binary { .. })));
    let controls: Vec<u8> = (1u8..=8).cycle().take(64).chain(*b"text").collect();
    let error = decode(&controls).expect_err("control characters");
    assert!(matches!(error, DecodeError::Binary { .. }), "{error}");
    assert!(error.to_string().contains("control characters"), "{error}");
}

#[test]
fn nul_bytes_are_binary() {
    let error = decode("年末全国人口\x00140828万人".as_bytes()).expect_err("NUL");
    assert!(matches!(error, DecodeError::Binary { .. }));
    assert!(
        error.to_string().contains("NUL byte at offset 18"),
        "{error}"
    );
    // UTF-16 without a byte-order mark is full of NUL bytes, and not supported.
    let bare_utf16: Vec<u8> = utf16("population 140828", true)[2..].to_vec();
    assert!(matches!(
        decode(&bare_utf16),
        Err(DecodeError::Binary { .. })
    ));
    let nul_char = utf16("年末\0人口", true);
    assert!(matches!(decode(&nul_char), Err(DecodeError::Binary { .. })));
}

#[test]
fn invalid_bytes_inside_utf8_name_their_offset() {
    let (name, clean) = &samples(false)[5];
    let offset = clean
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= clean.len() / 2)
        .expect("middle");
    let mut bytes = clean.as_bytes().to_vec();
    bytes.splice(offset..offset, [0xFF, 0xFE]);
    let error = decode(&bytes).expect_err(name);
    assert!(
        matches!(error, DecodeError::Undecodable { encoding: "UTF-8", byte: 0xFF, offset: o, .. } if o == offset),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(&format!("offset {offset}")),
        "{error}"
    );
    assert!(error.to_string().contains("damaged"), "{error}");
}

#[test]
fn bytes_no_candidate_encoding_explains_are_undecodable() {
    let error = decode(b"\xD6\xD0\xCE\xC4\xFF").expect_err("not GBK, not UTF-8");
    assert!(
        matches!(error, DecodeError::Undecodable { offset: 0, .. }),
        "{error:?}"
    );
    let odd_utf16 = [0xFF, 0xFE, 0x2D, 0x4E, 0x87];
    let error = decode(&odd_utf16).expect_err("odd UTF-16");
    assert!(
        matches!(
            error,
            DecodeError::Undecodable {
                encoding: "UTF-16LE",
                offset: 4,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn gbk_behind_a_utf8_bom_is_reported() {
    let (_, clean) = &samples(false)[0];
    let bytes = [b"\xEF\xBB\xBF".as_slice(), &encode_all(GBK, clean)].concat();
    let error = decode(&bytes).expect_err("BOM mismatch");
    assert!(
        matches!(
            error,
            DecodeError::BomMismatch {
                offset: 3,
                looks_like: Some("GB18030"),
                ..
            }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("byte-order mark") && message.contains("GB18030"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------
// No panics

/// Pieces of bulletins, HTML and PDF debris, to build inputs that reach deep paths.
const PIECES: &[&str] = &[
    "全年",
    "国内生产总值",
    "1349084",
    "亿元",
    "增长",
    "5.0",
    "%",
    "。",
    "，",
    "：",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\u{3000}\u{3000}",
    "一、",
    "（二）",
    "— 2 —",
    "第 3 页",
    "\t",
    "<p>",
    "</p>",
    "<br>",
    "<td>",
    "<tr>",
    "<title>",
    "<script>",
    "&nbsp;",
    "&amp;",
    "<!DOCTYPE html>",
    "<meta charset=gbk>",
    "Patent",
    "\u{FEFF}",
    "\x0C",
    "”",
    "）",
    "①",
    "\u{A0}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = decode(&bytes);
    }

    #[test]
    fn normalize_never_panics(text in any::<String>()) {
        let _ = normalize(&text);
    }

    #[test]
    fn decode_and_normalize_never_panic_on_bulletin_like_text(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..200),
        gbk in any::<bool>(),
    ) {
        let text = pieces.concat();
        let _ = normalize(&text);
        let bytes = if gbk { GBK.encode(&text).0.into_owned() } else { text.into_bytes() };
        let _ = decode(&bytes);
    }
}
