// Temporary profiling harness (untracked): loops extraction over the BBC texts.
#[inline(never)]
fn pass(texts: &[String]) -> usize {
    texts
        .iter()
        .map(|x| newsdex::extract::mentions(std::hint::black_box(x)).len())
        .sum()
}
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "/work/shared/corpora/bbc".into());
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "txt") {
            if let Ok(s) = std::fs::read_to_string(e.path()) {
                texts.push(s);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    std::hint::black_box(newsdex::extract::mentions("Warm up in Baghdad."));
    let t = std::time::Instant::now();
    let mut m = 0;
    for _ in 0..n {
        m += pass(&texts);
    }
    let s = t.elapsed().as_secs_f64();
    println!("{m} mentions, {:.1} MB/s", (bytes * n) as f64 / s / 1e6);
}
