//! Criterion bench of extraction alone, in bytes per second on one core, over the bundled
//! corpus's OneStopEnglish articles (Guardian news, 1.2 MB).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn articles() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/onestopenglish");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn extraction(c: &mut Criterion) {
    let texts = articles();
    let bytes: usize = texts.iter().map(String::len).sum();
    // Build the gazetteer (and model) before timing.
    black_box(newsdex::extract::mentions("Warm up in Baghdad."));
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("mentions/onestopenglish", |b| {
        b.iter(|| {
            let mut n = 0;
            for text in &texts {
                n += newsdex::extract::mentions(black_box(text)).len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
