//! Criterion bench of extraction alone, in bytes per second on one core, over the bundled
//! corpus's OneStopEnglish articles (Guardian news, 1.2 MB) and, when `../shared` is beside the
//! repository, the BBC News articles (5 MB, research licence: read at run time, never copied).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// Reads every `.txt` file under `dir` (two levels deep), sorted by path.
fn articles(dir: &std::path::Path) -> Vec<String> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            let inner = std::fs::read_dir(&path).into_iter().flatten().flatten();
            paths.extend(inner.map(|e| e.path()));
        } else {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn extraction(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sets = [
        ("onestopenglish", root.join("corpus/onestopenglish")),
        ("bbc", root.join("../shared/corpora/bbc")),
    ];
    // Build the gazetteer and load the model before timing.
    newsdex::extract::warm_up();
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    for (name, dir) in sets {
        let texts = articles(&dir);
        if texts.is_empty() {
            continue;
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("mentions/{name}"), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|text| newsdex::extract::mentions(black_box(text)).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
