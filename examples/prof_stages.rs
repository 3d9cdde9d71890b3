// Temporary profiling harness (untracked): times each extraction stage over the BBC texts.
use newsdex::extract::{figure, gazetteer, resolve, tagger};
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new("/work/shared/corpora/bbc").sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "txt") {
            if let Ok(s) = std::fs::read_to_string(e.path()) {
                texts.push(s);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    std::hint::black_box(newsdex::extract::mentions("Warm up in Baghdad."));
    let (mut tg, mut tt, mut tf, mut tr) = (0f64, 0f64, 0f64, 0f64);
    let mut m = 0;
    for _ in 0..n {
        for x in &texts {
            let t0 = Instant::now();
            let hits = gazetteer::gazetteer().find(x);
            let t1 = Instant::now();
            let spans = tagger::tag_with_hits(x, &hits);
            let t2 = Instant::now();
            let figs = figure::figures(x);
            let t3 = Instant::now();
            m += resolve::resolve(x, &spans, &hits, figs).len();
            let t4 = Instant::now();
            tg += (t1 - t0).as_secs_f64();
            tt += (t2 - t1).as_secs_f64();
            tf += (t3 - t2).as_secs_f64();
            tr += (t4 - t3).as_secs_f64();
        }
    }
    let tot = tg + tt + tf + tr;
    let per = |t: f64| t / n as f64 * 1e3;
    println!("{m} mentions, {:.1} MB/s; per pass ms: gaz {:.1} tag {:.1} fig {:.1} resolve {:.1} total {:.1}",
        (bytes * n) as f64 / tot / 1e6, per(tg), per(tt), per(tf), per(tr), per(tot));
}
