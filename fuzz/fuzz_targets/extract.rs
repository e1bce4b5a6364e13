//! Any bytes, read as (lossy) UTF-8, through `gongbao::extract`: no panic, and every claim's
//! span points at its text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check(&text);
});

fn check(text: &str) {
    let doc = gongbao::extract(text);
    let chars: Vec<char> = text.chars().collect();
    for claim in &doc.claims {
        let [start, end] = claim.span;
        assert!(
            start < end && end <= chars.len(),
            "span {:?} out of range",
            claim.span
        );
        let at: String = chars[start..end].iter().collect();
        assert_eq!(
            at, claim.text,
            "span {:?} does not hold the claim's text",
            claim.span
        );
    }
    // The output contract's serializers take whatever the pipeline produced.
    serde_json::to_string(&doc).expect("a document serializes");
}
