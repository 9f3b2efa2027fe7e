//! Replaying stored inputs (`seeds/TARGET/`, `reproducers/TARGET-N`)
//! through the targets' checks, outside libFuzzer: used by
//! `examples/replay.rs` and, included by path, by the main crate's
//! `tests/fuzz_corpus.rs` (so it uses nothing but the standard library and
//! `super::targets`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use super::targets;

/// A target's check: returns for any input, panics when a check fails.
pub type Check = fn(&[u8]);

/// The targets whose checks are plain functions of the bytes
/// (`targets.rs`): every target but `validator`, whose inputs are decoded
/// with `arbitrary`.
pub const TARGETS: [(&str, Check); 8] = [
    ("card", targets::card),
    ("statement", targets::statement),
    ("envelope", targets::envelope),
    ("token", targets::token),
    ("receipt", targets::receipt),
    ("transcript", targets::transcript),
    ("keyfile", targets::keyfile),
    ("parcel", targets::parcel),
];

/// The check of target `name`, if it is one of [`TARGETS`].
pub fn check(name: &str) -> Option<Check> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The files in `dir`, sorted by name; none if `dir` does not exist.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.expect("read a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

/// The target a reproducer is for: `validator-1` is for `validator`.
pub fn reproducer_target(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    let (target, n) = name.rsplit_once('-')?;
    n.chars().all(|c| c.is_ascii_digit()).then_some(target)
}

/// The seeds (`FUZZ/seeds/TARGET/*`) and reproducers
/// (`FUZZ/reproducers/TARGET-N`) of a target, `fuzz` being the fuzz
/// crate's directory.
pub fn inputs(fuzz: &Path, target: &str) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let seeds = files(&fuzz.join("seeds").join(target));
    let reproducers = files(&fuzz.join("reproducers"))
        .into_iter()
        .filter(|p| reproducer_target(p) == Some(target))
        .collect();
    (seeds, reproducers)
}

/// Runs `check` on every file; the failures, as "path: panic message".
pub fn replay(check: impl Fn(&[u8]), paths: &[PathBuf]) -> Vec<String> {
    let mut failures = Vec::new();
    for path in paths {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(a panic without a message)");
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    failures
}
