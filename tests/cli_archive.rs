//! Auditing many transcripts from the command line: a directory and a file
//! list (`--files-from`) give each file's result in order as it is audited,
//! then a summary; a progress line only on a terminal; peak memory that
//! does not grow with the number of transcripts.

mod cli_support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;
use cli_support::*;

/// `n` copies of the fixture's transcript in `d/many/`, numbered.
fn many(d: &Path, n: usize) {
    let src = fs::read(d.join("c.ect")).unwrap();
    fs::create_dir_all(d.join("many")).unwrap();
    for i in 0..n {
        fs::write(d.join(format!("many/t{i:05}.ect")), &src).unwrap();
    }
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_file_list_gives_json_lines_in_its_order_and_a_summary_naming_what_failed() {
    let d = fixture("archive-list");
    transcript(&d);
    many(&d, 3);
    let mut tampered = fs::read(d.join("c.ect")).unwrap();
    let last = tampered.len() - 10;
    tampered[last] ^= 1;
    fs::write(d.join("bad.ect"), tampered).unwrap();
    let list = "many/t00002.ect\nbad.ect\n\nmissing.ect\nmany/t00000.ect\n";
    let o = go_in(
        &d,
        "audit --files-from - --trust keys --format jsonl --jobs 2",
        list.as_bytes(),
    );
    // The worst status: a file that cannot be read (4) over one that does
    // not verify (3).
    assert_eq!(o.code, SYSTEM, "{}", o.stderr);
    no_panic(&o);
    let l = json_lines(&o.text());
    assert_eq!(l.len(), 5, "{}", o.text());
    let files: Vec<&str> = l[..4].iter().map(|x| x["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["many/t00002.ect", "bad.ect", "missing.ect", "many/t00000.ect"]);
    assert_eq!(l[0]["verified"], true);
    assert_eq!(l[0]["report"]["status"], "offer-outstanding");
    assert_eq!(l[1]["verified"], false);
    assert!(l[2]["error"].as_str().unwrap().contains("cannot"), "{}", l[2]);
    let s = &l[4]["summary"];
    assert_eq!(s["files"], 4);
    assert_eq!(s["audited"], 2);
    assert_eq!(s["unverifiable"], 2);
    assert_eq!(s["by_status"]["offer-outstanding"], 2);
    assert_eq!(s["unverifiable_files"][0]["file"], "bad.ect");
    // Each failure is also named on stderr.
    assert!(
        o.stderr.contains("bad.ect") && o.stderr.contains("missing.ect"),
        "{}",
        o.stderr
    );
    // The same list from a file; a transcript and a list together is a
    // usage error; so is neither.
    fs::write(d.join("list.txt"), list).unwrap();
    let o2 = go(&d, "audit --files-from list.txt --trust keys --format jsonl --jobs 1");
    assert_eq!(json_lines(&o2.text())[..4], l[..4]);
    for bad in ["audit c.ect --files-from list.txt --trust keys", "audit --trust keys"] {
        let o = go(&d, bad);
        assert_eq!(o.code, USAGE, "{bad}: {}", o.stderr);
        assert!(o.stderr.contains("TRANSCRIPT"), "{bad}: {}", o.stderr);
        no_panic(&o);
    }
}

#[test]
fn a_directory_shows_progress_on_a_terminal_only() {
    let d = fixture("archive-progress");
    transcript(&d);
    many(&d, 40);
    // Not a terminal: nothing on stderr.
    let o = ok(go(&d, "audit many --trust keys --format jsonl"));
    assert_eq!(o.stderr, "");
    assert_eq!(json_lines(&o.text()).len(), 41);
    // On a terminal (util-linux `script`), with the report going to a file.
    let command = format!(
        "cd '{}' && '{}' audit many --trust keys --format jsonl > out.jsonl",
        d.display(),
        cargo_bin("econtract").display()
    );
    let o = run(Command::new("script").args(["-q", "-e", "-c", &command, "/dev/null"]));
    let tty = o.text();
    assert_eq!(o.code, 0, "script: {tty} {}", o.stderr);
    assert!(tty.contains("\raudit: 1/40 files, "), "{tty:?}");
    assert!(tty.contains("statements, "), "{tty:?}");
    assert!(tty.trim_end_matches(['\r', '\n']).ends_with("\r\x1b[K"), "{tty:?}");
    let written = fs::read_to_string(d.join("out.jsonl")).unwrap();
    assert!(!written.contains("audit: "), "no progress in the report");
    assert_eq!(json_lines(&written).len(), 41);
}

/// Peak resident memory (GNU time's %M, KiB) of auditing `d/many`.
fn peak_kib(d: &Path, format: &str) -> u64 {
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "%M", "-o", "rss.txt"])
        .arg(cargo_bin("econtract"))
        .args(["audit", "many", "--trust", "keys", "--format", format, "--jobs", "2"])
        .current_dir(d)
        .stdout(Stdio::null());
    let o = run_in(&mut c, Stdio::null(), 120);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let t = fs::read_to_string(d.join("rss.txt")).unwrap();
    t.lines().filter_map(|l| l.trim().parse().ok()).next_back().unwrap()
}

#[test]
fn peak_memory_of_a_directory_audit_does_not_grow_with_the_number_of_transcripts() {
    if !Path::new("/usr/bin/time").exists() {
        assert!(
            std::env::var_os("ECONTRACT_REQUIRE_INTEROP").is_none(),
            "/usr/bin/time (Debian package `time`) is needed to measure the peak memory"
        );
        return;
    }
    let small = fixture("archive-memory-small");
    transcript(&small);
    many(&small, 100);
    let large = fixture("archive-memory-large");
    transcript(&large);
    many(&large, 3_000);
    for format in ["json", "jsonl", "text"] {
        let (a, b) = (peak_kib(&small, format), peak_kib(&large, format));
        // Thirty times the transcripts: the same peak, within 4 MiB (the
        // whole output of the larger run is over 10 MB for json).
        assert!(
            b < a + 4 * 1024,
            "{format}: {a} KiB for 100 transcripts, {b} KiB for 3,000"
        );
    }
}
