//! gongbao: numeric claims from Chinese-language official bulletins.
//!
//! The pipeline runs one way — decode, segment, scan, attribute — and each stage is a module.
//! Most users need only [`extract`] (or an [`Extractor`] when they bring their own rules):
//!
//! ```
//! let doc = gongbao::extract("截至2019年底，中国共产党党员总数为9191.4万名，比上年净增132.0万名。");
//! assert_eq!(doc.claims.len(), 2);
//! assert_eq!(doc.claims[0].subject, "中国共产党党员总数");
//! assert_eq!(doc.claims[1].kind, gongbao::Kind::Change);
//! assert_eq!(doc.claims[1].value.to_string(), "1320000");
//! ```

mod attribute;
pub mod audit;
pub(crate) mod chars;
pub mod decode;
pub mod model;
pub mod output;
pub mod rules;
pub mod scan;
pub mod schema;
pub mod segment;

use std::sync::OnceLock;

pub use model::{Claim, CompactString, Document, Kind, Qualifier, Value};
pub use rules::{Rules, RulesError};

/// Reads claims out of text with one rule set; holds the jieba dictionary, built on first need
/// and shared by every call (and thread) after.
#[derive(Default)]
pub struct Extractor {
    rules: Rules,
    nlp: attribute::Nlp,
}

impl Extractor {
    /// An extractor with the given rules.
    pub fn new(rules: Rules) -> Self {
        Extractor {
            rules,
            nlp: attribute::Nlp::default(),
        }
    }

    /// The rules this extractor reads with.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Every numeric claim in `text`, in reading order.
    pub fn extract(&self, text: &str) -> Document {
        self.claims_of(text, self.read(text))
    }

    /// The first half of [`Extractor::extract`]: the sentences of `text` and the numbers in
    /// it. It needs no dictionary, so a batch can read texts ahead while the dictionary is
    /// built ([`Extractor::load_dictionary`]).
    ///
    /// ```
    /// let extractor = gongbao::Extractor::default();
    /// let text = "党员总数为9191.4万名。";
    /// let doc = extractor.claims_of(text, extractor.read(text));
    /// assert_eq!(doc, extractor.extract(text));
    /// ```
    pub fn read(&self, text: &str) -> Reading {
        Reading {
            sentences: segment::segment(text),
            quantities: scan::scan(&self.rules, text),
        }
    }

    /// The second half of [`Extractor::extract`]: the claims of `text`, read with
    /// [`Extractor::read`].
    pub fn claims_of(&self, text: &str, reading: Reading) -> Document {
        let mut claims = attribute::Attributor::new(&self.rules, &self.nlp, text)
            .run(&reading.sentences, &reading.quantities);
        let mut chars = CharOffsets::new(text);
        for claim in &mut claims {
            let [start, end] = claim.span;
            claim.span = [chars.at(start), chars.at(end)];
        }
        schema::Schemas::builtin().assign(&mut claims);
        Document {
            period: attribute::document_period(text, &claims),
            metrics: model::MetricsSet::by_builtin_schemas(&claims),
            claims,
            ..Document::default()
        }
    }

    /// Builds jieba's dictionary and its tagger's model for unknown words now (≈ 0.13 s, once)
    /// rather than when a clause first needs them; another thread can go on reading meanwhile.
    pub fn load_dictionary(&self) {
        self.nlp.load();
    }

    /// Whether jieba's dictionary is built.
    pub fn dictionary_loaded(&self) -> bool {
        self.nlp.is_loaded()
    }
}

/// A text read up to its claims: its sentences and the numbers in it ([`Extractor::read`]).
#[derive(Debug, Clone)]
pub struct Reading {
    sentences: segment::Segments,
    quantities: Vec<scan::Quantity>,
}

/// The stages of [`Extractor::extract`] one by one, for benchmarks; not a stable API.
#[doc(hidden)]
pub mod stages {
    use super::*;

    /// Forgets the remembered jieba tags (the dictionary stays loaded), so a benchmark that
    /// repeats one text measures it as new text rather than as a memo lookup.
    pub fn forget_tags(extractor: &Extractor) {
        extractor.nlp.forget();
    }

    /// The attribute stage alone, over sentences and quantities already found; returns the
    /// number of claims.
    pub fn attribute(
        extractor: &Extractor,
        text: &str,
        sentences: &segment::Segments,
        quantities: &[scan::Quantity],
    ) -> usize {
        attribute::Attributor::new(&extractor.rules, &extractor.nlp, text)
            .run(sentences, quantities)
            .len()
    }
}

/// Every numeric claim in `text`, with the default rules.
pub fn extract(text: &str) -> Document {
    static DEFAULT: OnceLock<Extractor> = OnceLock::new();
    DEFAULT.get_or_init(Extractor::default).extract(text)
}

/// The default rules, compiled once.
pub(crate) fn default_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(Rules::default)
}

/// Byte offsets to character offsets, for offsets asked in increasing order.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            char: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.char) = (0, 0);
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}
