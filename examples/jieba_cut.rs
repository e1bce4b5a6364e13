//! The cold-start reference: a process that only loads jieba-rs's default dictionary and
//! segments one file. `benches/cold_start.sh` times it against `gongbao extract` on the same file.

fn main() {
    let path = std::env::args().nth(1).expect("usage: jieba_cut FILE");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let jieba = jieba_rs::Jieba::new();
    let words = jieba.cut(&text, true).len();
    println!("{words} words");
}
