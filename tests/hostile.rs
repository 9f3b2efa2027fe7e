//! Hostile input at every public decoder: lengths of 2^60, nesting far past
//! the limit, counts far past the input, and oversized records all fail
//! fast, with a typed error, and without allocating much (this binary
//! counts heap bytes with its own allocator).

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use econtract::*;

#[path = "common/counting.rs"]
mod counting;

use counting::{CURRENT, Counting, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocation counters are global: the tests of this binary run one at
/// a time, each holding this lock, so that no other test's allocations
/// count in a measurement.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `f`; returns its result, the peak heap it added, and the time taken.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize, Duration) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let r = f();
    (r, PEAK.load(Ordering::Relaxed).saturating_sub(base), start.elapsed())
}

/// A decoder run on hostile bytes: whether it refused them.
type Check<'a> = Box<dyn Fn() -> bool + 'a>;

/// Hostile inputs, each with a name.
fn hostile() -> Vec<(&'static str, Vec<u8>)> {
    let mut v = vec![
        // A byte string, an array and a map announcing 2^60 bytes or items.
        ("bstr 2^60", vec![0x5b, 0x10, 0, 0, 0, 0, 0, 0, 0]),
        ("array 2^60", vec![0x9b, 0x10, 0, 0, 0, 0, 0, 0, 0]),
        ("map 2^60", vec![0xbb, 0x10, 0, 0, 0, 0, 0, 0, 0]),
        // COSE_Sign1 whose protected header claims 2^60 bytes.
        ("tagged 2^60", vec![0xd2, 0x84, 0x5b, 0x10, 0, 0, 0, 0, 0, 0, 0]),
        // Indefinite lengths.
        ("indefinite", vec![0xd2, 0x9f, 0xff]),
    ];
    // 100,000 nested arrays and 100,000 nested tags.
    v.push(("deep arrays", vec![0x81; 100_000]));
    v.push(("deep tags", [0xd2].repeat(100_000)));
    // An array announcing 65,000 items, each a nested array announcing as
    // many: counts far beyond what the bytes can hold.
    let mut wide = Vec::new();
    for _ in 0..16 {
        wide.extend_from_slice(&[0x99, 0xfd, 0xe8]);
    }
    v.push(("wide arrays", wide));
    v
}

/// A transcript whose one statement record holds `bytes` (cut to the
/// statement size limit).
fn in_record(bytes: &[u8]) -> Vec<u8> {
    let content = &bytes[..bytes.len().min(econtract::statement::MAX_STATEMENT_SIZE)];
    let mut t = TranscriptWriter::create(Vec::new(), &common::contract())
        .unwrap()
        .finish()
        .unwrap();
    t.extend_from_slice(&[0x82, 0x02]);
    match content.len() {
        n if n < 24 => t.push(0x40 | n as u8),
        n if n < 256 => t.extend_from_slice(&[0x58, n as u8]),
        n if n < 65536 => {
            t.push(0x59);
            t.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            t.push(0x5a);
            t.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
    t.extend_from_slice(content);
    // The frame itself is well formed: the record's content is what fails.
    let mut reader = TranscriptReader::new(t.as_slice()).unwrap();
    assert!(reader.next_raw().unwrap().is_some());
    t
}

#[test]
fn every_decoder_refuses_hostile_bytes_fast_and_small() {
    let _one = one_at_a_time();
    let c = common::Cast::new();
    let cards = c.cards();
    for (name, bytes) in hostile() {
        let record = in_record(&bytes);
        // Heap allowed: a plain decoder holds little more than its
        // input's head; a transcript record is read whole first (at most
        // MAX_STATEMENT_SIZE bytes), then decoded.
        let checks: Vec<(&str, usize, Check)> = vec![
            ("card", 4 << 10, Box::new(|| PartyCard::from_bytes(&bytes).is_err())),
            ("statement", 4 << 10, Box::new(|| Statement::decode(&bytes).is_err())),
            ("token", 4 << 10, Box::new(|| TimestampToken::decode(&bytes).is_err())),
            (
                "envelope",
                4 << 10,
                Box::new(|| open(&bytes, &c.buyer, &cards, None).is_err()),
            ),
            (
                "transcript",
                4 << 10,
                Box::new(|| audit(bytes.as_slice(), None, Policy::default(), |_| {}).is_err()),
            ),
            (
                "transcript record",
                128 << 10,
                Box::new(|| audit(record.as_slice(), None, Policy::default(), |_| {}).is_err()),
            ),
        ];
        for (decoder, limit, check) in checks {
            let (refused, peak, took) = measured(check);
            eprintln!("{decoder} on {name}: peak {peak} B");
            assert!(refused, "{decoder} accepted {name}");
            assert!(peak < limit, "{decoder} on {name}: {peak} bytes");
            assert!(took < Duration::from_secs(1), "{decoder} on {name}: {took:?}");
        }
    }
}

#[test]
fn a_transcript_record_announcing_2_pow_60_bytes_is_refused_before_allocating() {
    let _one = one_at_a_time();
    let tr = common::trade::happy();
    let mut bytes = tr.bytes();
    // A statement record claiming 2^60 bytes, then nothing.
    bytes.extend_from_slice(&[0x82, 0x02, 0x5b, 0x10, 0, 0, 0, 0, 0, 0, 0]);
    let (r, peak, _) = measured(|| audit(bytes.as_slice(), None, Policy::default(), |_| {}));
    match r {
        Err(TranscriptError::Record {
            error: DecodeError::TooLarge { .. },
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    eprintln!("2^60 record after a whole trade: peak {peak} B");
    assert!(peak < 256 << 10, "{peak}");
    // Just over the statement limit: refused the same way.
    let mut bytes = tr.bytes();
    bytes.extend_from_slice(&[0x82, 0x02, 0x5a, 0x00, 0x01, 0x00, 0x01]);
    assert!(matches!(
        audit(bytes.as_slice(), None, Policy::default(), |_| {}),
        Err(TranscriptError::Record {
            error: DecodeError::TooLarge { .. },
            ..
        })
    ));
}

#[test]
fn limits_are_the_documented_ones() {
    let _one = one_at_a_time();
    // SPEC.md section 13 names these values; keep them in step.
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md")).unwrap();
    for (row, value) in [
        (
            "| statement size | 65536 bytes | `MAX_STATEMENT_SIZE` |",
            econtract::statement::MAX_STATEMENT_SIZE,
        ),
        (
            "| envelope size | 65792 bytes | `MAX_ENVELOPE_SIZE` |",
            econtract::envelope::MAX_ENVELOPE_SIZE,
        ),
        (
            "| party card size | 1024 bytes | `MAX_CARD_SIZE` |",
            econtract::keys::MAX_CARD_SIZE,
        ),
        (
            "| time-stamp token size | 1024 bytes | `MAX_TOKEN_SIZE` |",
            econtract::timestamp::MAX_TOKEN_SIZE,
        ),
        (
            "| answers per statement | 64 | `MAX_ANSWERS` |",
            econtract::statement::MAX_ANSWERS,
        ),
        (
            "| transcript records | 1,048,576 | `MAX_RECORDS` |",
            econtract::transcript::MAX_RECORDS,
        ),
        (
            "| proofs per notice | 16 | `MAX_PROOFS` |",
            econtract::message::MAX_PROOFS,
        ),
        (
            "| documents per offer | 16 | `MAX_DOCUMENTS` |",
            econtract::message::MAX_DOCUMENTS,
        ),
        (
            "| non-material additions per acceptance | 16 | `MAX_ADDITIONS` |",
            econtract::message::MAX_ADDITIONS,
        ),
        (
            "| draft tenor | 3650 days | `MAX_TENOR_DAYS` |",
            econtract::message::MAX_TENOR_DAYS as usize,
        ),
        ("| CBOR nesting depth | 16 | `MAX_DEPTH` |", econtract::MAX_DEPTH),
        (
            "| CBOR items per decoded structure | 4096 | `MAX_ITEMS` |",
            econtract::MAX_ITEMS,
        ),
        ("| copy holders per statement | 8 | `MAX_CC` |", econtract::MAX_CC),
    ] {
        assert!(spec.contains(row), "SPEC.md lacks {row}");
        let n: usize = row
            .split('|')
            .nth(2)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap();
        assert_eq!(n, value, "{row}");
    }
}
