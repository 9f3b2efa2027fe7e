//! What the command-line tests of `tests/cli.rs` and `tests/cli_append.rs`
//! share: the binary, the example binaries, a fresh directory, running a
//! command, the exit statuses and a clean failure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

use crate::common;

pub fn econtract() -> Command {
    Command::new(cargo_bin("econtract"))
}

/// An example binary built by `cargo test` next to the test binaries.
pub fn example(name: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples").join(name);
    assert!(
        dir.exists(),
        "{} not built; run `cargo test --all-features`",
        dir.display()
    );
    Command::new(dir)
}

pub fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Out {
    let o = cmd.output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Exit statuses (README "Exit status").
pub const USAGE: i32 = 2;
pub const INPUT: i32 = 3;
pub const SYSTEM: i32 = 4;

/// Exit `code` with one error line on stderr (and at most one `hint:`
/// line), no panic, no backtrace.
#[track_caller]
pub fn fails_cleanly(o: &Out, code: i32) {
    assert_eq!(o.code, code, "stdout: {}\nstderr: {}", o.stdout, o.stderr);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert!(!lines.is_empty() && lines.len() <= 2, "{:?}", o.stderr);
    assert!(lines[0].starts_with("econtract: error: "), "{:?}", lines[0]);
    if let Some(h) = lines.get(1) {
        assert!(h.starts_with("hint: "), "{:?}", o.stderr);
    }
    assert!(!o.stderr.contains("panicked") && !o.stderr.contains("backtrace"));
}

/// Runs the example contract into a fresh directory.
pub fn trade_demo(name: &str) -> PathBuf {
    let dir = tmp(name);
    let o = run(example("international_trade").arg(&dir));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("No findings: the contract was formed and performed."),
        "{}",
        o.stdout
    );
    dir
}

pub fn audit(transcript: &Path, cards: &Path, extra: &[&str]) -> Out {
    run(econtract()
        .arg("audit")
        .arg(transcript)
        .arg("--trust")
        .arg(cards)
        .args(extra))
}

/// Writes a scenario party's files (keys 0600, card) under `dir/stem`, as
/// keygen would.
pub fn write_party(dir: &Path, stem: &str, who: common::Who) -> PathBuf {
    let p = common::party(who);
    let base = dir.join(stem);
    let key = |suffix: &str, pem: &str| {
        let path = PathBuf::from(format!("{}{suffix}", base.display()));
        std::fs::write(&path, pem).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    };
    key(".sign.pem", &p.signing_key_pkcs8_pem());
    key(".enc.pem", &p.encryption_key_pkcs8_pem());
    std::fs::write(format!("{}.card", base.display()), p.card().as_bytes()).unwrap();
    base
}
