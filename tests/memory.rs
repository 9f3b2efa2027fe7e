//! Reading and auditing a long transcript streams: memory does not hold the
//! transcript, only a fixed-size index entry per statement.
//!
//! This binary counts heap bytes with its own global allocator.

mod common;

use std::sync::atomic::Ordering;

use common::Rec;
use econtract::*;

#[path = "common/counting.rs"]
mod counting;

use counting::{CURRENT, Counting, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A contract paid in `n` instalments, written to a file; returns the path,
/// the number of statements and the file size.
fn long_transcript(n: u64, name: &str) -> (std::path::PathBuf, usize, u64) {
    let tr = common::trade::instalments(n);
    let statements = tr.records.iter().filter(|r| matches!(r, Rec::St(_))).count();
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, tr.bytes()).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    (path, statements, size)
}

/// Peak heap above the starting level while auditing the file with
/// `threads` verifying threads.
fn audit_peak(path: &std::path::Path, threads: usize) -> (usize, Report) {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let options = AuditOptions {
        threads,
        ..AuditOptions::default()
    };
    let report = econtract::audit::audit_with(file, None, Policy::default(), options, |_| {}).unwrap();
    (PEAK.load(Ordering::Relaxed) - base, report)
}

#[test]

fn auditing_ten_thousand_statements_streams() {
    let (small, small_n, small_size) = long_transcript(990, "memory-1k.ect");
    let (large, large_n, large_size) = long_transcript(9_990, "memory-10k.ect");
    assert!(large_n >= 10_000, "{large_n}");
    let (small_peak, r) = audit_peak(&small, 1);
    assert!(r.is_complete(), "{:?}", r.findings.first());
    let (large_peak, r) = audit_peak(&large, 1);
    assert!(r.is_complete(), "{:?}", r.findings.first());
    assert_eq!(r.statements, large_n);
    // With two verifying threads a bounded number of chunks is in flight.
    let (parallel_peak, r) = audit_peak(&large, 2);
    assert!(r.is_complete());
    eprintln!("two threads: peak {parallel_peak} B");
    assert!(parallel_peak < 7 << 20, "peak {parallel_peak} vs file {large_size}");
    let per_statement = (large_peak - small_peak) / (large_n - small_n);
    eprintln!(
        "{small_n} statements ({small_size} bytes): peak {small_peak} B; {large_n} statements ({large_size} bytes): peak {large_peak} B; {per_statement} B per added statement"
    );
    // Nothing close to the transcript is held: the peak stays far below the
    // file size, and each added statement costs a bounded index entry.
    // (measured: about 4.2 MB for a 15 MB file, 302 B per added statement)
    assert!(large_peak < 5 << 20, "peak {large_peak} vs file {large_size}");
    assert!(per_statement <= 400, "{per_statement} bytes per statement");
}
