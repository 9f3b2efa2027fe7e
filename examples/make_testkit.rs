//! Writes the conformance testkit: for each case of `tests/testkit/cases/`
//! and `tests/testkit/breaks/`, `tests/testkit/<name>.ect` (the
//! transcript) and `tests/testkit/<name>.txt` (what an auditor must find).
//! See `tests/testkit/README.md`.
//!
//! `cargo run --example make_testkit` regenerates the corpus (and removes
//! files of cases that no longer exist). With `--check` it writes nothing
//! and lists the cases where this crate's validator disagrees with the
//! expected outcome.

#[path = "../tests/common/scenario.rs"]
mod scenario;

#[path = "../tests/testkit/kit.rs"]
mod kit;

#[path = "../tests/testkit/cases/mod.rs"]
mod cases;

#[path = "../tests/testkit/breaks/mod.rs"]
mod breaks;

use std::collections::BTreeSet;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let check = std::env::args().any(|a| a == "--check");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("testkit");
    let cases = cases::all();
    let mut names = BTreeSet::new();
    let mut disagree = 0;
    for c in &cases {
        names.insert(c.name.clone());
        let r = kit::audit_bytes(&c.bytes, c.policy.clone());
        let got = kit::found(&r);
        let want = kit::normalize(c.findings.clone());
        if got != want || r.status != c.status {
            disagree += 1;
            println!(
                "{}: expected {} / {}, validator says {} / {}",
                c.name,
                kit::status_name(c.status),
                kit::findings_text(&want),
                kit::status_name(r.status),
                kit::findings_text(&got)
            );
        }
        if !check {
            std::fs::write(dir.join(format!("{}.ect", c.name)), &c.bytes)?;
            std::fs::write(dir.join(format!("{}.txt", c.name)), c.sidecar())?;
        }
    }
    if !check {
        for e in std::fs::read_dir(&dir)? {
            let p = e?.path();
            let stale = matches!(p.extension().and_then(|x| x.to_str()), Some("ect" | "txt"))
                && p.file_stem()
                    .and_then(|x| x.to_str())
                    .is_some_and(|n| !names.contains(n));
            if stale {
                std::fs::remove_file(&p)?;
            }
        }
    }
    println!(
        "{} cases{}; the validator disagrees with {disagree}",
        cases.len(),
        if check { "" } else { " written to tests/testkit" }
    );
    Ok(())
}
