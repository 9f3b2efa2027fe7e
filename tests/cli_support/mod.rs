//! What the command-line tests share: running the binary with a deadline,
//! a fixture of parties and messages made with the tool itself, and checks
//! of exit status and standard error. Included by `tests/cli_files.rs` and
//! `tests/cli_load.rs`.
#![allow(dead_code, unused_imports)]

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use econtract::envelope::EnvelopeHeader;
use econtract::{CardSet, ContractId, PartyCard, PartySecret, Statement, TimestampToken, TranscriptWriter, UnixTime};

pub const USAGE: i32 = 2;
pub const INPUT: i32 = 3;
pub const SYSTEM: i32 = 4;

/// What [`cl`] expands: an offer from the seller to the buyer (with its
/// body, or without `--body`), the buyer opening it, the buyer's receipt
/// for it, the authority's token, the three cards, the keys' creation time.
pub const WORDS: [(&str, &str); 7] = [
    ("$SEAL", "$OFFER --body offer.json"),
    (
        "$OFFER",
        "seal --from keys/seller-ltd --to keys/buyer-gmbh.card --kind offer --contract EC-FILES-1",
    ),
    ("$OPEN", "open --key keys/buyer-gmbh --from keys/seller-ltd.card"),
    (
        "$RECEIPT",
        "receipt --key keys/buyer-gmbh --to keys/seller-ltd.card --received 2026-03-01T09:31:00Z \
         --time 2026-03-01T09:31:30Z",
    ),
    (
        "$STAMP",
        "timestamp --authority keys/time-stamp-authority --time 2026-03-01T09:30:05Z",
    ),
    (
        "$CARDS",
        "keys/seller-ltd.card keys/buyer-gmbh.card keys/time-stamp-authority.card",
    ),
    ("$T0", "2026-03-01T09:00:00Z"),
];
pub const TSA_CARD: &str = "keys/time-stamp-authority.card";

/// A command line's words: the [`WORDS`] expanded, then split on spaces;
/// `~` in a word is a space, and `''` is the empty word.
pub fn cl(s: &str) -> Vec<OsString> {
    let s = WORDS.iter().fold(s.to_owned(), |s, (k, v)| s.replace(k, v));
    s.split_whitespace()
        .map(|w| if w == "''" { String::new() } else { w.replace('~', " ") }.into())
        .collect()
}

pub fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_files").join(name);
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// The tool, run in `dir` (the tests use paths relative to it).
pub fn ec(dir: &Path) -> Command {
    let mut c = Command::new(cargo_bin("econtract"));
    c.current_dir(dir);
    c
}

pub struct Out {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Out {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

impl From<std::process::Output> for Out {
    fn from(o: std::process::Output) -> Out {
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: o.stdout,
            stderr,
        }
    }
}

/// Runs with a deadline: a command that hangs (on a FIFO) is killed and the
/// test fails.
#[track_caller]
pub fn run_in(cmd: &mut Command, stdin: Stdio, secs: u64) -> Out {
    let mut child = cmd
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hung for {secs} s: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    Out {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr,
    }
}

pub fn run(cmd: &mut Command) -> Out {
    run_in(cmd, Stdio::null(), 60)
}

/// Runs the command line `s` (see [`cl`]) in `d`.
pub fn go(d: &Path, s: &str) -> Out {
    run(ec(d).args(cl(s)))
}

/// Runs the command line `s` in `d` with `input` as its standard input.
pub fn go_in(d: &Path, s: &str, input: &[u8]) -> Out {
    static N: AtomicUsize = AtomicUsize::new(0);
    let f = d.join(format!("stdin-{}", N.fetch_add(1, Ordering::Relaxed)));
    fs::write(&f, input).unwrap();
    let o = run_in(ec(d).args(cl(s)), fs::File::open(&f).unwrap().into(), 60);
    fs::remove_file(f).unwrap();
    o
}

/// Runs the command line `s` in `d` with /dev/zero as its standard input.
pub fn go_zero(d: &Path, s: &str) -> Out {
    run_in(ec(d).args(cl(s)), fs::File::open("/dev/zero").unwrap().into(), 10)
}

/// A bash script in `d`, with the tool as `$E`.
pub fn bash(d: &Path, script: &str) -> Out {
    run(Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("E", cargo_bin("econtract"))
        .current_dir(d))
}

#[track_caller]
pub fn ok(o: Out) -> Out {
    assert_eq!(o.code, 0, "stdout: {}\nstderr: {}", o.text(), o.stderr);
    o
}

#[track_caller]
pub fn no_panic(o: &Out) {
    assert_ne!(o.code, 101, "{}", o.stderr);
    let panicked = o.stderr.contains("panicked") || o.stderr.contains("RUST_BACKTRACE");
    assert!(!panicked, "{}", o.stderr);
}

/// Exit `code`, one `econtract: error:` line and at most one `hint:` line.
#[track_caller]
pub fn fails_cleanly(o: &Out, code: i32) {
    assert_eq!(o.code, code, "stdout: {}\nstderr: {}", o.text(), o.stderr);
    no_panic(o);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert!(!lines.is_empty() && lines.len() <= 2, "{:?}", o.stderr);
    assert!(lines[0].starts_with("econtract: error: "), "{:?}", o.stderr);
    if let Some(h) = lines.get(1) {
        assert!(h.starts_with("hint: "), "{:?}", o.stderr);
    }
}

pub fn party_id(dir: &Path, stem: &str) -> String {
    let t = fs::read_to_string(dir.join(format!("keys/{stem}.card.txt"))).unwrap();
    t.lines()
        .find_map(|l| l.strip_prefix("party id:"))
        .unwrap()
        .trim()
        .to_owned()
}

/// Three parties in DIR/keys, an offer body, the offer sealed (o.env) and
/// its statement (o.st).
pub fn fixture(name: &str) -> PathBuf {
    let d = tmp(name);
    for n in ["Seller~Ltd", "Buyer~GmbH", "Time-Stamp~Authority"] {
        ok(go(&d, &format!("keygen --name {n} --out keys --time $T0")));
    }
    let offer = serde_json::json!({
        "terms": {
            "seller": party_id(&d, "seller-ltd"), "buyer": party_id(&d, "buyer-gmbh"),
            "goods": [{"description": "Arabica green coffee, grade 1", "quantity": 19200, "unit": "KGM"}],
            "price": {"currency": "USD", "minor": 9600000}, "incoterm": "FOB", "place": "Santos",
            "payment": {"terms": "DP", "method": "credit transfer", "channel": "direct"},
            "documents": [], "shipment": {"partial": false},
            "law": {"cisg": true, "governing": "CISG"}
        },
        "lapse": "2026-03-08T09:00:00Z",
        "irrevocable": false
    });
    fs::write(d.join("offer.json"), offer.to_string()).unwrap();
    ok(go(
        &d,
        "$SEAL --time 2026-03-01T09:30:00Z --out o.env --statement-out o.st",
    ));
    d
}

/// The transcript c.ect: the three cards and the offer.
pub fn transcript(d: &Path) {
    ok(go(d, "append c.ect --contract EC-FILES-1 --cards keys $CARDS o.st"));
}

/// Every regular file and symlink under `dir` (not the serial counter and
/// its lock, which a refused `timestamp` may advance: a gap, no harm).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            let n = p.to_string_lossy().into_owned();
            if n.ends_with(".serial") || n.ends_with(".serial.lock") {
                continue;
            }
            if meta.is_dir() {
                stack.push(p);
            } else if meta.file_type().is_symlink() {
                m.insert(p.clone(), fs::read_link(&p).unwrap().as_os_str().as_bytes().to_vec());
            } else if meta.is_file() {
                m.insert(p.clone(), fs::read(&p).unwrap());
            }
        }
    }
    m
}

pub fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}
