//! Any bytes through `gongbao::decode::decode`: no panic; when it gives text, that text goes
//! through `gongbao::extract` with the same span checks as the `extract` target.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = gongbao::decode::decode(data) {
        let text = decoded.text;
        let doc = gongbao::extract(&text);
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
        serde_json::to_string(&doc).expect("a document serializes");
    }
});
