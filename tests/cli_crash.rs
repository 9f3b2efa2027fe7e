//! Crashes, kills and full disks in the middle of the `econtract` tool's
//! writes. The tool, built with the test-only `crash-points` feature, dies
//! (abort, as in a kill -9) at the step `ECONTRACT_CRASH_AT` names, counting
//! every write, torn write, fsync, link or rename and removal it makes; with
//! `ECONTRACT_CRASH_MODE=full` the write at that step fails as on a full
//! disk instead. Every step of `append` (new and existing transcript) and of
//! `timestamp`'s token output is crashed in turn, then random kill -9s, a file-size limit
//! and, where the machine lets a test mount one, a full tmpfs.
//!
//! What must hold: after a crash and `append --repair`, the transcript is
//! byte for byte the old one or the new one; after a failed write, it is
//! the old one with no repair needed; a serial is never issued twice.
#![cfg(feature = "crash-points")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::cargo_bin;

mod common;

use common::Rec;

fn econtract() -> Command {
    Command::new(cargo_bin("econtract"))
}

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-crash").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The happy contract's records as files: `cards/` and one file per
/// record, in transcript order.
struct Files {
    dir: PathBuf,
    cards: PathBuf,
    records: Vec<PathBuf>,
}

fn files(name: &str) -> Files {
    let dir = tmp(name);
    let cards = dir.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    let s = common::trade::happy();
    let mut records = Vec::new();
    for (i, r) in s.records.iter().enumerate() {
        let (path, bytes) = match r {
            Rec::Card(c) => {
                std::fs::write(cards.join(format!("{}.card", &c.id().to_hex()[..16])), c.as_bytes()).unwrap();
                (dir.join(format!("{i:03}.card")), c.as_bytes().to_vec())
            }
            Rec::St(st) => (dir.join(format!("{i:03}.st")), st.as_bytes().to_vec()),
            Rec::Tok(t) => (dir.join(format!("{i:03}.tst")), t.as_bytes().to_vec()),
        };
        std::fs::write(&path, bytes).unwrap();
        records.push(path);
    }
    Files { dir, cards, records }
}

fn append(t: &Path, cards: &Path, files: &[PathBuf], crash_at: Option<u64>, mode: Option<&str>) -> Output {
    let mut c = econtract();
    c.arg("append")
        .arg(t)
        .args(["--contract", "EC-2026-0042", "--cards"])
        .arg(cards);
    c.args(files);
    if let Some(n) = crash_at {
        c.env("ECONTRACT_CRASH_AT", n.to_string());
    }
    if let Some(m) = mode {
        c.env("ECONTRACT_CRASH_MODE", m);
    }
    c.output().unwrap()
}

fn repair(t: &Path, cards: &Path) -> Output {
    econtract()
        .arg("append")
        .arg(t)
        .arg("--repair")
        .arg("--cards")
        .arg(cards)
        .output()
        .unwrap()
}

fn journal(t: &Path) -> PathBuf {
    let mut p = t.as_os_str().to_os_string();
    p.push(".journal");
    PathBuf::from(p)
}

/// Names in `dir` other than the expected ones: temporary files a crash
/// left behind are allowed (they start with `.`), anything else is not.
fn strays(dir: &Path, expected: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !expected.contains(&n.as_str()))
        .collect()
}

fn audit_ok(t: &Path, cards: &Path) {
    let o = econtract()
        .arg("audit")
        .arg(t)
        .arg("--trust")
        .arg(cards)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
}

/// A crash at every step of an append to an existing transcript: after
/// `--repair`, the old transcript or the new one.
#[test]
fn a_crash_at_every_step_of_an_append_leaves_the_old_or_the_new_transcript() {
    let f = files("every-step");
    let (first, batch) = (&f.records[..12], &f.records[12..20]);
    let base = f.dir.join("base.ect");
    let o = append(&base, &f.cards, first, None, None);
    assert!(o.status.success(), "{}", show(&o));
    let old = std::fs::read(&base).unwrap();
    let full = f.dir.join("full.ect");
    std::fs::copy(&base, &full).unwrap();
    let o = append(&full, &f.cards, batch, None, None);
    assert!(o.status.success(), "{}", show(&o));
    let new = std::fs::read(&full).unwrap();
    assert!(new.len() > old.len());

    let t = f.dir.join("t.ect");
    let (mut crashed, mut kept_old, mut kept_new) = (0, 0, 0);
    for step in 1..=64 {
        std::fs::write(&t, &old).unwrap();
        let _ = std::fs::remove_file(journal(&t));
        let o = append(&t, &f.cards, batch, Some(step), None);
        if o.status.success() {
            // Past the last step: the append ran to its end.
            assert_eq!(std::fs::read(&t).unwrap(), new, "step {step}");
            assert!(!journal(&t).exists());
            assert!(step > 5, "too few crash points: {step}");
            break;
        }
        crashed += 1;
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(&format!("crash point {step}")),
            "step {step}: {}",
            show(&o)
        );
        // Before the repair the tool refuses to append after the damage.
        let now = std::fs::read(&t).unwrap();
        if journal(&t).exists() || (now != old && now != new) {
            let o = append(&t, &f.cards, &f.records[20..21], None, None);
            assert_eq!(o.status.code(), Some(3), "step {step}: {}", show(&o));
            assert!(String::from_utf8_lossy(&o.stderr).contains("--repair"), "{}", show(&o));
        }
        let o = repair(&t, &f.cards);
        assert!(o.status.success(), "step {step}: {}", show(&o));
        let after = std::fs::read(&t).unwrap();
        if after == old {
            kept_old += 1;
        } else if after == new {
            kept_new += 1;
        } else {
            panic!(
                "step {step}: {} bytes, neither old ({}) nor new ({})",
                after.len(),
                old.len(),
                new.len()
            );
        }
        assert!(!journal(&t).exists(), "step {step}: the repair leaves no journal");
        audit_ok(&t, &f.cards);
        assert_eq!(
            strays(&f.dir, &["t.ect", "base.ect", "full.ect", "cards"]).len(),
            f.records.len()
        );
    }
    assert!(crashed >= 8, "crashed at {crashed} steps");
    assert!(kept_old > 0 && kept_new > 0, "old {kept_old}, new {kept_new}");
}

/// A crash at every step of an append that creates the transcript: no
/// transcript, or the whole new one.
#[test]
fn a_crash_while_creating_a_transcript_leaves_none_or_all_of_it() {
    let f = files("create");
    let batch = &f.records[..10];
    let want = {
        let t = f.dir.join("want.ect");
        assert!(append(&t, &f.cards, batch, None, None).status.success());
        std::fs::read(&t).unwrap()
    };
    let t = f.dir.join("new.ect");
    for step in 1..=32 {
        let _ = std::fs::remove_file(&t);
        let o = append(&t, &f.cards, batch, Some(step), None);
        if o.status.success() {
            assert_eq!(std::fs::read(&t).unwrap(), want);
            break;
        }
        match std::fs::read(&t) {
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "step {step}"),
            Ok(b) => assert_eq!(b, want, "step {step}: a partial transcript"),
        }
        assert!(!journal(&t).exists());
    }
}

/// A full disk at each write: the command fails with exit 4, the
/// transcript is the old one at once (no repair needed), no journal is
/// left, and the next append works.
#[test]
fn a_full_disk_at_any_write_fails_cleanly_and_changes_nothing() {
    let f = files("full-disk");
    let base = f.dir.join("t.ect");
    assert!(append(&base, &f.cards, &f.records[..12], None, None).status.success());
    let old = std::fs::read(&base).unwrap();
    let mut failed = 0;
    for step in 1..=64 {
        let o = append(&base, &f.cards, &f.records[12..20], Some(step), Some("full"));
        if o.status.success() {
            break;
        }
        let err = String::from_utf8_lossy(&o.stderr);
        if err.contains("No space left") {
            failed += 1;
            assert_eq!(o.status.code(), Some(4), "step {step}: {}", show(&o));
            assert_eq!(std::fs::read(&base).unwrap(), old, "step {step}");
            assert!(!journal(&base).exists(), "step {step}");
        } else {
            // A crash point that is not a write: repair as after a crash.
            assert!(repair(&base, &f.cards).status.success());
            let now = std::fs::read(&base).unwrap();
            if now != old {
                // The append had completed: start again from the old one.
                std::fs::write(&base, &old).unwrap();
            }
        }
    }
    assert!(failed >= 4, "only {failed} writes failed");
    audit_ok(&base, &f.cards);
}

/// `ulimit -f` below what the append needs: refused before a byte is
/// written (the kernel would otherwise kill the tool with SIGXFSZ halfway).
#[test]
fn a_file_size_limit_refuses_the_append_before_it_writes() {
    let f = files("ulimit");
    let t = f.dir.join("t.ect");
    assert!(append(&t, &f.cards, &f.records[..12], None, None).status.success());
    let old = std::fs::read(&t).unwrap();
    // bash counts `ulimit -f` in 1024-byte blocks: just above the old size.
    let blocks = old.len() / 1024 + 1;
    let mut cmd = format!(
        "ulimit -f {blocks}; exec '{}' append '{}' --cards '{}'",
        cargo_bin("econtract").display(),
        t.display(),
        f.cards.display()
    );
    for r in &f.records[12..] {
        cmd.push_str(&format!(" '{}'", r.display()));
    }
    let o = Command::new("bash").args(["-c", &cmd]).output().unwrap();
    assert_eq!(o.status.code(), Some(4), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("file-size limit"),
        "{}",
        show(&o)
    );
    assert_eq!(std::fs::read(&t).unwrap(), old);
    assert!(!journal(&t).exists());
    audit_ok(&t, &f.cards);
}

/// A real full file system, where the machine lets the test mount a small
/// tmpfs (as root); otherwise it says so and checks nothing.
#[test]
fn a_full_tmpfs_fails_cleanly() {
    let f = files("tmpfs");
    let mnt = f.dir.join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=12k", "tmpfs"])
        .arg(&mnt)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("a_full_tmpfs_fails_cleanly: cannot mount a tmpfs here; the injected full disk covers this");
        return;
    }
    let t = mnt.join("t.ect");
    let result = std::panic::catch_unwind(|| {
        assert!(append(&t, &f.cards, &f.records[..6], None, None).status.success());
        let old = std::fs::read(&t).unwrap();
        // Fill the rest of the file system.
        let _ = std::fs::write(mnt.join("filler"), vec![0u8; 64 << 10]);
        let o = append(&t, &f.cards, &f.records[6..], None, None);
        assert_eq!(o.status.code(), Some(4), "{}", show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("space"), "{}", show(&o));
        assert_eq!(std::fs::read(&t).unwrap(), old);
        assert!(!journal(&t).exists());
        audit_ok(&t, &f.cards);
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// kill -9 at random moments of many appends: after each, `--repair`
/// gives the old or the new transcript.
#[test]
fn kill_9_at_random_moments_of_appends() {
    let f = files("kill");
    let base = f.dir.join("base.ect");
    assert!(append(&base, &f.cards, &f.records[..12], None, None).status.success());
    let old = std::fs::read(&base).unwrap();
    let full = f.dir.join("full.ect");
    std::fs::copy(&base, &full).unwrap();
    assert!(append(&full, &f.cards, &f.records[12..], None, None).status.success());
    let new = std::fs::read(&full).unwrap();
    let t = f.dir.join("t.ect");
    // Kill moments spread over a whole run, from its start to past its end.
    std::fs::write(&t, &old).unwrap();
    let started = std::time::Instant::now();
    assert!(append(&t, &f.cards, &f.records[12..], None, None).status.success());
    let span = (started.elapsed().as_micros() as u64 * 3 / 2).max(1);
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let (mut interrupted, mut runs, mut ended_old, mut ended_new) = (0, 0, 0, 0);
    for _ in 0..60 {
        std::fs::write(&t, &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_micros(seed % span);
        let mut c = econtract();
        c.arg("append")
            .arg(&t)
            .arg("--cards")
            .arg(&f.cards)
            .args(&f.records[12..]);
        let mut child = c
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        runs += 1;
        if !status.success() {
            interrupted += 1;
        }
        let now = std::fs::read(&t).unwrap();
        if now != old && now != new || journal(&t).exists() {
            let o = repair(&t, &f.cards);
            assert!(o.status.success(), "{}", show(&o));
        }
        let after = std::fs::read(&t).unwrap();
        assert!(after == old || after == new, "{} bytes after a kill", after.len());
        assert!(!journal(&t).exists());
        if after == old {
            ended_old += 1;
        } else {
            ended_new += 1;
        }
    }
    eprintln!(
        "kill -9 within {span} µs: {interrupted} of {runs} appends killed; {ended_old} ended old, {ended_new} new"
    );
    assert!(ended_old > 0 && ended_new > 0, "the kills did not spread over the run");
}

/// A crash at every step of `timestamp`'s writing of its token (the serial
/// is already reserved by the library's `FileSerialStore`, whose lock and
/// atomic rename `tests/session.rs` and the concurrent, killed runs of
/// `tests/cli_files.rs` exercise), then more tokens: no serial twice.
#[test]
fn a_crash_at_every_step_of_timestamp_never_repeats_a_serial() {
    let f = files("timestamp");
    let keys = f.dir.join("keys");
    let o = econtract()
        .args(["keygen", "--name", "TSA", "--time", "2026-03-01T09:00:00Z", "--out"])
        .arg(&keys)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", show(&o));
    let statement = f
        .records
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "st"))
        .unwrap();
    let mut serials = Vec::new();
    let mut n = 0;
    let mut stamp = |crash: Option<u64>| {
        n += 1;
        let out = f.dir.join(format!("tok-{n}.tst"));
        let mut c = econtract();
        c.args(["timestamp", "--authority"])
            .arg(keys.join("tsa"))
            .arg("--out")
            .arg(&out)
            .arg(statement);
        if let Some(s) = crash {
            c.env("ECONTRACT_CRASH_AT", s.to_string());
        }
        let o = c.output().unwrap();
        (o, out)
    };
    let mut steps = 0;
    for step in 1..=32 {
        let (o, out) = stamp(Some(step));
        if let Ok(bytes) = std::fs::read(&out) {
            // A token file is whole, or absent.
            let t = econtract::TimestampToken::decode(&bytes).expect("a whole token");
            serials.push(t.serial());
        }
        if o.status.success() {
            break;
        }
        steps += 1;
    }
    assert!(steps >= 5, "crashed at {steps} steps");
    for _ in 0..3 {
        let (o, out) = stamp(None);
        assert!(o.status.success(), "{}", show(&o));
        serials.push(
            econtract::TimestampToken::decode(&std::fs::read(&out).unwrap())
                .unwrap()
                .serial(),
        );
    }
    let mut sorted = serials.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), serials.len(), "a serial issued twice: {serials:?}");
}
