//! Replays the fuzz corpus as an ordinary test, on the stable toolchain:
//! every file of `fuzz/seeds/TARGET/` and every `fuzz/reproducers/TARGET-N`
//! goes through the checks that fuzz target makes.
//!
//! The checks are the fuzz crate's own (`fuzz/src/targets.rs`, one function
//! per target, the body of each `fuzz_target!`), on its fixtures
//! (`fuzz/src/fixtures.rs`), both included here by path; they use nothing
//! but `econtract` and the standard library. Not replayed here: the
//! `validator` target, whose inputs are decoded with `arbitrary` (a
//! dependency of the fuzz crate only); `cd fuzz && cargo run --release
//! --example replay` replays every target, that one included.

use std::path::{Path, PathBuf};

// Not every fixture is used by the targets replayed here.
#[allow(dead_code, unused_imports)]
#[path = "../fuzz/src/fixtures.rs"]
mod fixtures;
#[path = "../fuzz/src/replay.rs"]
mod replay;
#[path = "../fuzz/src/targets.rs"]
mod targets;

/// Targets whose inputs need `arbitrary` and are not replayed here.
const NOT_REPLAYED: [&str; 1] = ["validator"];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Replays a target's seeds and reproducers; fails if any check fails or
/// if there is nothing to replay.
fn replay_target(target: &str) {
    let check = replay::check(target).expect("a target of fuzz/src/targets.rs");
    let (seeds, reproducers) = replay::inputs(&fuzz_dir(), target);
    let all: Vec<PathBuf> = seeds.iter().chain(&reproducers).cloned().collect();
    let failures = replay::replay(check, &all);
    println!(
        "fuzz target {target}: replayed {} inputs ({} seeds, {} reproducers), {} failed",
        all.len(),
        seeds.len(),
        reproducers.len(),
        failures.len()
    );
    assert!(!all.is_empty(), "no inputs for fuzz target {target}");
    assert!(
        failures.is_empty(),
        "fuzz target {target}: {} input(s) fail its checks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn card() {
    replay_target("card");
}

#[test]
fn statement() {
    replay_target("statement");
}

#[test]
fn envelope() {
    replay_target("envelope");
}

#[test]
fn token() {
    replay_target("token");
}

#[test]
fn receipt() {
    replay_target("receipt");
}

#[test]
fn transcript() {
    replay_target("transcript");
}

#[test]
fn keyfile() {
    replay_target("keyfile");
}

#[test]
fn parcel() {
    replay_target("parcel");
}

/// Every seed directory and every reproducer belongs to a target replayed
/// above or to one named in `NOT_REPLAYED`, so that a new target's inputs
/// cannot be forgotten here; and every target of `targets.rs` has a test.
#[test]
fn every_corpus_is_accounted_for() {
    let replayed: Vec<&str> = replay::TARGETS.iter().map(|(name, _)| *name).collect();
    let known = |t: &str| replayed.contains(&t) || NOT_REPLAYED.contains(&t);
    let seeds = std::fs::read_dir(fuzz_dir().join("seeds")).expect("fuzz/seeds");
    let mut dirs = Vec::new();
    for entry in seeds {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(known(&name), "fuzz/seeds/{name}: not a target this test knows");
        dirs.push(name);
    }
    for t in &replayed {
        assert!(dirs.iter().any(|d| d == t), "fuzz target {t} has no seeds");
    }
    let reproducers = replay::files(&fuzz_dir().join("reproducers"));
    for path in &reproducers {
        let target =
            replay::reproducer_target(path).unwrap_or_else(|| panic!("{}: not named TARGET-N", path.display()));
        assert!(known(target), "{}: not a target this test knows", path.display());
    }
    for t in NOT_REPLAYED {
        let (seeds, reproducers) = replay::inputs(&fuzz_dir(), t);
        println!(
            "fuzz target {t}: {} seeds and {} reproducers NOT replayed here (decoded with `arbitrary`); \
             `cd fuzz && cargo run --release --example replay` replays them",
            seeds.len(),
            reproducers.len()
        );
    }
    // Each target of targets.rs is one #[test] above.
    let source = include_str!("fuzz_corpus.rs");
    for t in &replayed {
        assert!(
            source.contains(&format!("replay_target(\"{t}\")")),
            "no test replays {t}"
        );
    }
}

/// The `keyfile` seeds hold what fuzz/README.md says: keys of both
/// algorithms, PEM and DER, v1 and v2, and cards as CBOR and as text.
#[test]
fn keyfile_seeds_are_what_they_claim() {
    use econtract::pkcs8::{KeyAlgorithm, decode_card_file, decode_private_key};
    let dir = fuzz_dir().join("seeds/keyfile");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    for (name, alg) in [
        ("ed25519.pem", KeyAlgorithm::Ed25519),
        ("ed25519.der", KeyAlgorithm::Ed25519),
        ("ed25519-v2.der", KeyAlgorithm::Ed25519),
        ("ed25519-crlf-text.pem", KeyAlgorithm::Ed25519),
        ("rfc8410-v2-attributes.pem", KeyAlgorithm::Ed25519),
        ("x25519.pem", KeyAlgorithm::X25519),
        ("x25519.der", KeyAlgorithm::X25519),
        ("x25519-v2.pem", KeyAlgorithm::X25519),
    ] {
        decode_private_key(&read(name), alg).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for name in ["public-key.pem", "other-algorithm-x448.der"] {
        assert!(
            decode_private_key(&read(name), KeyAlgorithm::Ed25519).is_err(),
            "{name}"
        );
    }
    let card = decode_card_file(&read("card-0.card")).unwrap();
    assert_eq!(decode_card_file(&read("card-0.card.txt")).unwrap(), card);
}
