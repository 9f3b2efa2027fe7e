//! The audit's pipeline never hangs (SPEC.md section 17): a panic in the
//! caller's `on_entry`, or while a chunk is verified (on a worker or on the
//! calling thread), reaches the caller as that panic, with one thread, two
//! or four. Each audit runs on its own thread and must end within a
//! deadline; a hang fails the test instead of stalling the suite.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

use common::trade::instalments;
use econtract::audit::{AuditOptions, audit_with, audit_with_panic_at_chunk};
use econtract::*;

/// Generous: the audits below take milliseconds.
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `f` on a new thread; its result, or its panic's message, within
/// [`DEADLINE`], or the test fails naming `what`.
fn within_deadline<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic with no message".into())
        });
        let _ = tx.send(r);
    });
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what}: the audit did not return within {DEADLINE:?}"))
}

/// A transcript of several chunks: 9 cards, then about 320 statements.
fn transcript() -> (Vec<u8>, usize) {
    let tr = instalments(300);
    (tr.bytes(), tr.records.len())
}

#[test]
fn a_panic_in_on_entry_reaches_the_caller() {
    let (bytes, records) = transcript();
    let reference = audit_with(
        bytes.as_slice(),
        None,
        Policy::default(),
        AuditOptions {
            threads: 1,
            batch: false,
        },
        |_| {},
    )
    .unwrap();
    // A card (the first record), the first statement, one in a later
    // chunk, the last record.
    for at in [0, 9, 200, records - 1] {
        for threads in [1, 2, 4] {
            let bytes = bytes.clone();
            let what = format!("on_entry panics at record {at}, threads {threads}");
            let r = within_deadline(&what, move || {
                let options = AuditOptions { threads, batch: true };
                audit_with(bytes.as_slice(), None, Policy::default(), options, |e| {
                    if e.index == at {
                        panic!("on_entry stops at record {at}");
                    }
                })
            });
            match r {
                Err(message) => assert_eq!(message, format!("on_entry stops at record {at}"), "{what}"),
                Ok(r) => panic!("{what}: the audit returned {r:?}"),
            }
        }
    }
    // A callback that does not panic sees every record, in order.
    for threads in [1, 2, 4] {
        let bytes = bytes.clone();
        let (report, seen) = within_deadline("no panic", move || {
            let mut seen = Vec::new();
            let options = AuditOptions { threads, batch: true };
            let r = audit_with(bytes.as_slice(), None, Policy::default(), options, |e| {
                seen.push(e.index)
            })
            .unwrap();
            (r, seen)
        })
        .unwrap();
        assert_eq!(report, reference, "threads {threads}");
        assert_eq!(seen, (0..records).collect::<Vec<_>>(), "threads {threads}");
    }
}

#[test]
fn a_panic_while_verifying_a_chunk_reaches_the_caller() {
    let (bytes, _) = transcript();
    let (mut on_a_worker, mut on_the_caller) = (0, 0);
    // Chunk 0 starts after the cards; the transcript has at least five.
    for chunk in [0, 1, 4] {
        for threads in [1, 2, 4] {
            // Which thread verifies a chunk depends on timing; repeated, a
            // run is likely to see both, and every run must end the same.
            for round in 0..8 {
                let bytes = bytes.clone();
                let what = format!("chunk {chunk} panics, threads {threads}, round {round}");
                let r = within_deadline(&what, move || {
                    let options = AuditOptions { threads, batch: true };
                    audit_with_panic_at_chunk(bytes.as_slice(), None, Policy::default(), options, chunk, |_| {})
                });
                match r {
                    Err(message) => {
                        let on = message
                            .strip_prefix(&format!("injected panic verifying chunk {chunk} on "))
                            .unwrap_or_else(|| panic!("{what}: another panic: {message}"));
                        match on {
                            "a worker" => on_a_worker += 1,
                            "the calling thread" => on_the_caller += 1,
                            other => panic!("{what}: {other}"),
                        }
                        if threads == 1 {
                            assert_eq!(on, "the calling thread", "{what}: one thread has no worker");
                        }
                    }
                    Ok(r) => panic!("{what}: the audit returned {r:?}"),
                }
            }
        }
    }
    eprintln!("injected panics: {on_a_worker} on a worker, {on_the_caller} on the calling thread");
    // The hook is inert for a chunk the transcript does not have.
    let r = within_deadline("no such chunk", move || {
        let options = AuditOptions {
            threads: 2,
            batch: true,
        };
        audit_with_panic_at_chunk(bytes.as_slice(), None, Policy::default(), options, 1 << 40, |_| {})
    });
    assert!(r.unwrap().unwrap().is_complete());
}
