//! Replays the stored inputs of every target, `validator` included:
//! `seeds/TARGET/*` and `reproducers/TARGET-N`, through the checks the
//! targets make, without libFuzzer, on the stable toolchain. Exits non-zero
//! if a check fails. (The main crate's `tests/fuzz_corpus.rs` does the
//! same for every target but `validator`, as part of `cargo test`.)
//!
//! ```sh
//! cd fuzz && cargo run --release --example replay
//! ```

use std::path::Path;

use econtract_fuzz::replay::{TARGETS, inputs, replay};
use econtract_fuzz::validator_ops::run_bytes;

fn main() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let validator: (&str, fn(&[u8])) = ("validator", |data| {
        let _ = run_bytes(data);
    });
    let mut failures = Vec::new();
    for (target, check) in TARGETS.into_iter().chain([validator]) {
        let (seeds, reproducers) = inputs(fuzz, target);
        let all: Vec<_> = seeds.iter().chain(&reproducers).cloned().collect();
        let failed = replay(check, &all);
        println!(
            "{target}: replayed {} inputs ({} seeds, {} reproducers), {} failed",
            all.len(),
            seeds.len(),
            reproducers.len(),
            failed.len()
        );
        if all.is_empty() {
            failures.push(format!("{target}: no seeds and no reproducers"));
        }
        failures.extend(failed);
    }
    if !failures.is_empty() {
        eprintln!("{}", failures.join("\n"));
        std::process::exit(1);
    }
}
