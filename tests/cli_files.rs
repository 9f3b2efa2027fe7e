#![cfg(feature = "cli")]
#![cfg(unix)]
//! The `econtract` tool and its files, run as a user runs it: outputs that
//! exist, are inputs, are transcripts or are symlinks; file modes; `-` for
//! standard input and output; closed pipes and full disks on standard
//! output; devices, FIFOs, oversized and non-UTF-8 inputs; exit status by
//! class. Peak memory and concurrency are in `tests/cli_load.rs`.

#[path = "cli_support/mod.rs"]
mod support;

use econtract::envelope::EnvelopeHeader;
use econtract::{Statement, TimestampToken};
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use support::*;

#[test]
fn an_existing_output_is_refused_unchanged_and_force_replaces_it() {
    let d = fixture("exists");
    let copy = format!("o2.env.{}", &party_id(&d, "time-stamp-authority")[..16]);
    let sealed = format!("$SEAL --out o2.env --statement-out o2.st --also {TSA_CARD}");
    let k2 = ["sign.pem", "enc.pem", "card", "card.txt"].map(|x| format!("k2/new-party.{x}"));
    let receipt = "$RECEIPT --for o.st --out r.env --statement-out r.st";
    // (the output planted, the command's other outputs, the command)
    let mut cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("o2.env", vec!["o2.st", &copy], &sealed),
        ("o2.st", vec!["o2.env", &copy], &sealed),
        (&copy, vec!["o2.env", "o2.st"], &sealed),
        ("op.st", vec![], "$OPEN --statement-out op.st o.env"),
        ("t.tst", vec![], "$STAMP --out t.tst o.st"),
        ("o.st.tst", vec![], "$STAMP o.st"),
        ("r.env", vec!["r.st"], receipt),
        ("r.st", vec!["r.env"], receipt),
    ];
    // keygen writes all four files or none: one in the way stops all four.
    for f in &k2 {
        let others = k2.iter().filter(|g| *g != f).map(String::as_str).collect();
        cases.push((f, others, "keygen --name New~Party --out k2 --time $T0"));
    }
    fs::create_dir_all(d.join("k2")).unwrap();
    let serial = d.join("keys/time-stamp-authority.card.serial");
    for (out, others, cmd) in cases {
        let sentinel = format!("sentinel at {out}\n").into_bytes();
        fs::write(d.join(out), &sentinel).unwrap();
        let (before, counter) = (snapshot(&d), fs::read(&serial).ok());
        let o = go(&d, cmd);
        fails_cleanly(&o, USAGE);
        assert!(o.stderr.contains("exists"), "{out}: {}", o.stderr);
        // Nothing written, not even the command's other outputs; no serial spent.
        assert_eq!(snapshot(&d), before, "{out}: {cmd}");
        assert_eq!(fs::read(&serial).ok(), counter, "{out}");
        ok(go(&d, &format!("{cmd} --force")));
        let now = fs::read(d.join(out)).unwrap();
        assert!(now != sentinel && !now.is_empty(), "{out} not replaced");
        for f in others.iter().chain([&out]) {
            assert!(d.join(f).is_file(), "{f} missing after --force");
            fs::remove_file(d.join(f)).unwrap();
        }
    }
}

#[test]
fn an_output_that_is_an_input_or_a_transcript_is_refused_even_with_force() {
    let d = fixture("inputs");
    transcript(&d);
    fs::create_dir_all(d.join("k3")).unwrap();
    fs::copy(d.join("c.ect"), d.join("k3/tr.card")).unwrap();
    let keys = "--signing-key keys/buyer-gmbh.sign.pem --encryption-key keys/buyer-gmbh.enc.pem";
    for cmd in [
        "$OPEN --statement-out o.env o.env",
        "$OPEN --statement-out ./o.env o.env",
        "$OPEN --statement-out keys/seller-ltd.card o.env",
        "$SEAL --out x.env --statement-out offer.json",
        "$SEAL --out keys/seller-ltd.sign.pem",
        "$SEAL --out x.env --statement-out keys/buyer-gmbh.card",
        "$STAMP --out o.st o.st",
        "$RECEIPT --for o.st --out o.st",
        &format!("keygen --name Buyer~GmbH --out keys --time $T0 {keys}"),
        // Transcripts are append-only.
        "$SEAL --out x.env --statement-out c.ect",
        "$OPEN --statement-out c.ect o.env",
        "$STAMP --out c.ect o.st",
        "$RECEIPT --for o.st --out c.ect",
        "$RECEIPT --for o.st --out x.env --statement-out c.ect",
        "keygen --name Tr --out k3 --time $T0",
    ] {
        let before = snapshot(&d);
        let o = go(&d, &format!("{cmd} --force"));
        fails_cleanly(&o, USAGE);
        assert!(o.stderr.contains("even with --force"), "{cmd}: {}", o.stderr);
        assert_eq!(snapshot(&d), before, "{cmd}");
    }
}

#[test]
fn a_symlink_at_an_output_is_not_written_through() {
    let d = fixture("symlinks");
    fs::write(d.join("victim.txt"), b"victim\n").unwrap();
    let link = |name: &str, to: &str| std::os::unix::fs::symlink(to, d.join(name)).unwrap();
    for l in ["l.env", "l.st", "l.tst"] {
        link(l, "victim.txt");
    }
    link("dangling.st", "absent.st");
    fs::create_dir_all(d.join("k4")).unwrap();
    link("k4/sym-party.card", "../victim.txt");
    let cases = [
        ("l.env", "$SEAL --out l.env"),
        ("dangling.st", "$SEAL --out new.env --statement-out dangling.st"),
        ("l.st", "$OPEN --statement-out l.st o.env"),
        ("l.tst", "$STAMP --out l.tst o.st"),
        ("l.env", "$RECEIPT --for o.st --out l.env"),
        ("k4/sym-party.card", "keygen --name Sym~Party --out k4 --time $T0"),
    ];
    for (_, cmd) in cases {
        let before = snapshot(&d);
        fails_cleanly(&go(&d, cmd), USAGE);
        assert_eq!(snapshot(&d), before, "{cmd}");
        assert!(!d.join("absent.st").exists());
    }
    // --force replaces the link itself, never its target.
    for (target, cmd) in &cases[..4] {
        ok(go(&d, &format!("{cmd} --force")));
        assert_eq!(fs::read(d.join("victim.txt")).unwrap(), b"victim\n", "{cmd}");
        assert!(!fs::symlink_metadata(d.join(target)).unwrap().file_type().is_symlink());
        assert!(!d.join("absent.st").exists());
    }
    assert!(EnvelopeHeader::decode(&fs::read(d.join("l.env")).unwrap()).is_ok());
    assert!(Statement::decode(&fs::read(d.join("dangling.st")).unwrap()).is_ok());
}

#[test]
fn keygen_force_is_all_or_none() {
    let d = tmp("keygen-force");
    ok(go(&d, "keygen --name Dee --out keys --time $T0"));
    fs::remove_file(d.join("keys/dee.card.txt")).unwrap();
    fs::create_dir(d.join("keys/dee.card.txt")).unwrap();
    let before = snapshot(&d);
    let o = go(&d, "keygen --name Dee --out keys --time $T0 --force");
    assert_ne!(o.code, 0);
    no_panic(&o);
    assert_eq!(
        snapshot(&d),
        before,
        "the party's old keys were replaced by a keygen that failed"
    );
}

#[test]
fn modes_are_0600_for_secrets_and_0644_for_public_files_even_under_umask_000() {
    let d = fixture("umask");
    let script = r#"set -e; umask 000
        "$E" keygen --name "Open Umask" --out keys --time 2026-03-01T09:00:00Z >/dev/null
        "$E" seal --from keys/open-umask --to keys/buyer-gmbh.card --kind offer --contract EC-FILES-1 \
            --body offer.json --out u.env --statement-out u.st >/dev/null
        "$E" timestamp --authority keys/open-umask u.st >/dev/null
        "$E" append u.ect --contract EC-FILES-1 --cards keys keys/open-umask.card u.st >/dev/null
        chmod 666 keys/buyer-gmbh.sign.pem keys/buyer-gmbh.enc.pem
        "$E" keygen --name "Buyer GmbH" --out keys --time 2026-03-01T09:00:00Z --force >/dev/null"#;
    ok(bash(&d, script));
    let private = "open-umask.sign.pem open-umask.enc.pem open-umask.card.serial open-umask.card.serial.lock";
    for f in format!("{private} buyer-gmbh.sign.pem buyer-gmbh.enc.pem").split(' ') {
        assert_eq!(mode(&d.join("keys").join(f)), 0o600, "{f}");
    }
    for f in "keys/open-umask.card keys/open-umask.card.txt u.env u.st u.st.tst u.ect".split(' ') {
        assert_eq!(mode(&d.join(f)), 0o644, "{f}");
    }
}

#[test]
fn dash_is_standard_input_and_standard_output() {
    let d = fixture("dash");
    let st = fs::read(d.join("o.st")).unwrap();
    let offer_id = Statement::decode(&st).unwrap().id().to_string();
    let (seller, buyer) = (party_id(&d, "seller-ltd"), party_id(&d, "buyer-gmbh"));
    // seal --body - --out -: one envelope on stdout, the id on stderr.
    let body = fs::read(d.join("offer.json")).unwrap();
    let o = ok(go_in(&d, "$OFFER --body - --out -", &body));
    let h = EnvelopeHeader::decode(&o.stdout).expect("stdout is one envelope");
    assert_eq!(h.recipient().to_hex(), buyer);
    let id = o.stderr.trim().to_owned();
    assert_eq!(id.len(), 64, "{}", o.stderr);
    assert_eq!(ok(go_in(&d, "$OPEN -", &o.stdout)).json()["id"], id.as_str());
    // seal --statement-out -: the statement's exact bytes.
    let o = ok(go(&d, "$SEAL --out s.env --statement-out -"));
    let s = Statement::decode(&o.stdout).expect("stdout is one statement");
    assert_eq!(s.as_bytes(), &o.stdout[..]);
    assert_eq!(s.id().to_string(), o.stderr.trim());
    // open --statement-out -: the statement, no JSON.
    assert_eq!(ok(go(&d, "$OPEN --statement-out - o.env")).stdout, st);
    // timestamp - (standard output by default) and timestamp --out -.
    for o in [go_in(&d, "$STAMP -", &st), go(&d, "$STAMP --out - o.st")] {
        let o = ok(o);
        let t = TimestampToken::decode(&o.stdout).expect("stdout is one token");
        assert_eq!(t.as_bytes(), &o.stdout[..]);
        assert_eq!(t.imprint().to_string(), offer_id);
        let j: serde_json::Value = serde_json::from_str(&o.stderr).unwrap();
        assert_eq!(j["serial"], t.serial());
    }
    // receipt --for - --out -, and --statement-out -.
    let o = ok(go_in(&d, "$RECEIPT --for - --out -", &st));
    assert_eq!(EnvelopeHeader::decode(&o.stdout).unwrap().recipient().to_hex(), seller);
    assert_eq!(o.stderr.trim().len(), 64);
    let o = ok(go(&d, "$RECEIPT --for o.st --out r.env --statement-out -"));
    let r = Statement::decode(&o.stdout).unwrap();
    assert_eq!(r.kind(), econtract::Kind::Receipt);
    assert_eq!(r.answers()[0].to_string(), offer_id);
    // Two outputs on stdout, or copies without a file name: usage errors.
    let also = format!("$SEAL --out - --also {TSA_CARD}");
    for cmd in [
        "$SEAL --out - --statement-out -",
        &also,
        "$RECEIPT --for o.st --out - --statement-out -",
    ] {
        let o = go(&d, cmd);
        fails_cleanly(&o, USAGE);
        assert!(o.stdout.is_empty());
    }
    // append -, audit -, inspect -.
    ok(go(&d, "append c.ect --contract EC-FILES-1 --cards keys $CARDS"));
    ok(go_in(&d, "append c.ect --cards keys -", &st));
    let t = fs::read(d.join("c.ect")).unwrap();
    let o = ok(go_in(&d, "audit - --trust keys --format json", &t));
    assert_eq!(o.json()["timeline"][3]["id"], offer_id.as_str());
    let j = ok(go_in(
        &d,
        "inspect -",
        &fs::read(d.join("keys/seller-ltd.card")).unwrap(),
    ))
    .json();
    assert_eq!(
        (j["type"].as_str(), j["id"].as_str()),
        (Some("party card"), Some(&*seller))
    );
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let d = fixture("pipe");
    transcript(&d);
    for round in 0..3 {
        // (`@`: a new transcript for each append)
        for c in [
            "keygen --name Pipe~Party --out kp --time $T0 --force",
            "$SEAL --out p.env --force",
            "$OPEN o.env",
            "$STAMP --out p.tst --force o.st",
            "$RECEIPT --for o.st --out p.renv --force",
            "append p@.ect --contract EC-FILES-1 --cards keys $CARDS o.st",
            "audit c.ect --trust keys",
            "audit c.ect --trust keys --format json",
            "audit c.ect --trust keys --format mermaid",
            "inspect c.ect",
            "inspect keys/seller-ltd.card",
            "completions bash",
            "man",
            "--help",
            "seal --help",
        ] {
            // `head -c 1` (a small output may fit in the pipe before head
            // exits), and `true`, which closes the pipe before the tool's
            // first write (in practice always: the EPIPE path).
            for reader in ["head -c 1 >/dev/null", "true"] {
                let c = c.replace('@', &format!("{round}{}", reader.len()));
                let words: Vec<String> = cl(&c).iter().map(|w| format!("'{}'", w.to_str().unwrap())).collect();
                let o = bash(&d, &format!(r#"set -o pipefail; "$E" {} | {reader}"#, words.join(" ")));
                no_panic(&o);
                assert_eq!((o.code, o.stderr.as_str()), (0, ""), "econtract {c} | {reader}");
            }
        }
    }
}

#[test]
fn exit_status_by_class() {
    let d = fixture("classes");
    transcript(&d);
    // Usage: clap's own errors (unknown option or command, missing argument)...
    for cmd in [
        "$OPEN --no-such-option o.env",
        "timestamp o.st",
        "seal --from keys/seller-ltd",
        "no-such-command",
    ] {
        let o = go(&d, cmd);
        assert_eq!(o.code, USAGE, "{cmd}: {}", o.stderr);
        no_panic(&o);
    }
    // ... and the tool's: bad --time, --contract, --received.
    for cmd in [
        "$SEAL --out x.env --time yesterday",
        "$OPEN --contract two~words o.env",
        "$OPEN --contract '' o.env",
        "receipt --key keys/buyer-gmbh --to keys/seller-ltd.card --received 2026-13-01T00:00:00Z --for o.st --out x.env",
    ] {
        fails_cleanly(&go(&d, cmd), USAGE);
    }
    // Input refused: a tampered transcript, flipped envelope bytes, JSON
    // given as an envelope, the wrong sender's card.
    let mut t = fs::read(d.join("c.ect")).unwrap();
    let n = t.len();
    t[n - 5] ^= 0x10;
    fs::write(d.join("tampered.ect"), &t).unwrap();
    fails_cleanly(&go(&d, "audit tampered.ect --trust keys"), INPUT);
    let env = fs::read(d.join("o.env")).unwrap();
    for at in [env.len() / 2, env.len() - 1, 40] {
        let mut e = env.clone();
        e[at] ^= 0x01;
        fs::write(d.join("flipped.env"), &e).unwrap();
        fails_cleanly(&go(&d, "$OPEN flipped.env"), INPUT);
    }
    let o = go(&d, "$OPEN offer.json");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("this looks like JSON"), "{}", o.stderr);
    fails_cleanly(
        &go(&d, &format!("open --key keys/buyer-gmbh --from {TSA_CARD} o.env")),
        INPUT,
    );
    // Records append refuses (a duplicate, a token or an answer before its
    // statement) leave the transcript as it was.
    ok(go(
        &d,
        "$SEAL --time 2026-03-01T09:45:00Z --out o9.env --statement-out o9.st",
    ));
    ok(go(&d, "$STAMP o9.st"));
    ok(go(&d, "$RECEIPT --for o9.st --out r9.env --statement-out r9.st"));
    let before = fs::read(d.join("c.ect")).unwrap();
    for (f, why) in [
        ("o.st", "already"),
        ("o9.st.tst", "does not hold"),
        ("r9.st", "does not hold"),
    ] {
        let o = go(&d, &format!("append c.ect --cards keys {f}"));
        fails_cleanly(&o, INPUT);
        assert!(o.stderr.contains(why), "{f}: {}", o.stderr);
        assert_eq!(fs::read(d.join("c.ect")).unwrap(), before);
    }
    // A file that cannot be read: missing, or a directory.
    for cmd in [
        "$OPEN missing.env",
        "$OPEN keys",
        "$SEAL --out x.env --cards missing-dir",
        "$SEAL --out x.env --also keys",
        "audit missing.ect --trust keys",
        "audit c.ect --trust keys/seller-ltd.card",
        "inspect keys",
        "$STAMP keys",
        "append c.ect --cards keys keys",
    ] {
        fails_cleanly(&go(&d, cmd), SYSTEM);
    }
    assert!(!d.join("x.env").exists());
}

#[test]
fn swapped_or_readable_key_files_are_refused_with_what_to_do() {
    let d = fixture("keyfiles");
    let dup = |name: &str| {
        let k = d.join(name);
        fs::create_dir_all(&k).unwrap();
        for f in ["buyer-gmbh.sign.pem", "buyer-gmbh.enc.pem", "buyer-gmbh.card"] {
            fs::copy(d.join("keys").join(f), k.join(f)).unwrap();
        }
        k
    };
    let k = dup("swapped");
    let (s, e) = (k.join("buyer-gmbh.sign.pem"), k.join("buyer-gmbh.enc.pem"));
    let (sb, eb) = (fs::read(&s).unwrap(), fs::read(&e).unwrap());
    fs::write(&s, eb).unwrap();
    fs::write(&e, sb).unwrap();
    for p in [&s, &e] {
        fs::set_permissions(p, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let o = go(&d, "open --key swapped/buyer-gmbh --from keys/seller-ltd.card o.env");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("swapped"), "{}", o.stderr);
    let k = dup("readable");
    fs::set_permissions(k.join("buyer-gmbh.sign.pem"), fs::Permissions::from_mode(0o644)).unwrap();
    let o = go(&d, "open --key readable/buyer-gmbh --from keys/seller-ltd.card o.env");
    fails_cleanly(&o, INPUT);
    let hint = o.stderr.lines().nth(1).unwrap_or_default();
    assert!(hint.starts_with("hint: ") && hint.contains("chmod 600"), "{}", o.stderr);
    assert!(o.stdout.is_empty(), "nothing opened with a key others may read");
}

fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

#[test]
fn devices_fifos_and_oversized_inputs_are_refused_without_hanging() {
    let d = fixture("devices");
    transcript(&d);
    let inputs_of = |f: &str| {
        [
            "$OPEN @",
            "$OFFER --body @ --out x.env",
            "seal --from keys/seller-ltd --to @ --kind offer --contract EC-FILES-1 --body offer.json --out x.env",
            "append c.ect --cards keys @",
            "inspect @",
            "audit @ --trust keys",
            "$STAMP --out x.tst @",
            "$RECEIPT --for @ --out x.env",
            "audit c.ect --trust keys --policy @",
        ]
        .map(|c| c.replace('@', f))
    };
    let mut cases = inputs_of("/dev/zero").to_vec();
    mkfifo(&d.join("in.fifo"));
    cases.extend(inputs_of("in.fifo"));
    cases.push("append in.fifo --cards keys o.st".into());
    fs::create_dir(d.join("trust")).unwrap();
    for c in ["seller-ltd.card", "buyer-gmbh.card", "time-stamp-authority.card"] {
        fs::copy(d.join("keys").join(c), d.join("trust").join(c)).unwrap();
    }
    mkfifo(&d.join("trust/x.card"));
    cases.push("audit c.ect --trust trust".into());
    cases.push("append c.ect --cards trust o.st".into());
    for cmd in &cases {
        let o = run_in(ec(&d).args(cl(cmd)), Stdio::null(), 10);
        fails_cleanly(&o, SYSTEM);
        assert!(o.stderr.contains("not a regular file"), "{cmd}: {}", o.stderr);
    }
    // `append --repair` of a FIFO: refused too (the message is the seek's).
    fails_cleanly(
        &run_in(ec(&d).args(cl("append --repair in.fifo")), Stdio::null(), 10),
        SYSTEM,
    );
    assert!(!d.join("x.env").exists() && !d.join("x.tst").exists());
    // Larger than the largest valid input: a file, or an endless stdin.
    fs::write(d.join("big.env"), vec![0u8; 70_000]).unwrap();
    let o = go(&d, "$OPEN big.env");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("larger than"), "{}", o.stderr);
    for cmd in [
        "$OPEN -",
        "$OFFER --body - --out x.env",
        "append c.ect --cards keys -",
        "inspect -",
        "$STAMP -",
        "$RECEIPT --for - --out x.env",
    ] {
        let o = go_zero(&d, cmd);
        fails_cleanly(&o, INPUT);
        assert!(o.stderr.contains("larger than"), "{cmd}: {}", o.stderr);
    }
    fails_cleanly(&go_zero(&d, "audit - --trust keys"), INPUT);
}

#[test]
fn non_utf8_paths_work_or_fail_cleanly() {
    let d = fixture("non-utf8");
    transcript(&d);
    let bad = |tail: &str| OsStr::from_bytes(&[b"bad-\xff", tail.as_bytes()].concat()).to_os_string();
    let o = ok(run(ec(&d)
        .args(cl("keygen --name Odd~Dir --time $T0 --out"))
        .arg(bad(""))));
    assert!(o.text().contains("wrote bad-\u{fffd}/odd-dir.sign.pem"), "{}", o.text());
    assert_eq!(mode(&d.join(bad("/odd-dir.sign.pem"))), 0o600);
    // A KEY stem that is not UTF-8, and an output that is not.
    let mut a = cl("$SEAL --out");
    a[2] = bad("/odd-dir");
    ok(run(ec(&d).args(a).arg(bad(".env"))));
    assert!(EnvelopeHeader::decode(&fs::read(d.join(bad(".env"))).unwrap()).is_ok());
    let o = ok(run(ec(&d).args(cl("$STAMP o.st --out")).arg(bad(".tst"))));
    assert_eq!(o.json()["out"], "bad-\u{fffd}.tst");
    assert!(TimestampToken::decode(&fs::read(d.join(bad(".tst"))).unwrap()).is_ok());
    // An audited directory holding a transcript named x\xff.ect.
    fs::create_dir(d.join("audited")).unwrap();
    fs::copy(d.join("c.ect"), d.join("audited/c.ect")).unwrap();
    fs::copy(d.join("c.ect"), d.join("audited").join(OsStr::from_bytes(b"x\xff.ect"))).unwrap();
    let j = ok(go(&d, "audit audited --trust keys --format json")).json();
    let files: Vec<&str> = j["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["audited/c.ect", "audited/x\u{fffd}.ect"]);
    for f in ["text", "mermaid"] {
        ok(go(&d, &format!("audit audited --trust keys --format {f}")));
    }
    // A name that is not UTF-8: clap refuses it.
    let o = run(ec(&d)
        .args(cl("keygen --out k5 --name"))
        .arg(OsStr::from_bytes(b"N\xff")));
    assert_eq!(o.code, USAGE, "{}", o.stderr);
    no_panic(&o);
}

#[test]
fn a_full_disk_on_standard_output_is_reported_as_standard_output() {
    let d = fixture("dev-full");
    transcript(&d);
    for cmd in [
        "$SEAL --out -",
        "$SEAL --out f.env",
        "$OPEN o.env",
        "$OPEN --statement-out - o.env",
        "$STAMP --out - o.st",
        "$STAMP --out f.tst o.st",
        "$RECEIPT --for o.st --out -",
        "keygen --name Full~Disk --out kf --time $T0",
        "audit c.ect --trust keys",
        "audit c.ect --trust keys --format json",
        "inspect c.ect",
        "man",
    ] {
        let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o: Out = ec(&d)
            .args(cl(cmd))
            .stdin(Stdio::null())
            .stdout(full)
            .output()
            .unwrap()
            .into();
        fails_cleanly(&o, SYSTEM);
        assert!(o.stderr.contains("standard output"), "{cmd}: {}", o.stderr);
    }
}

/// Runs `cmd --force` in a new fixture: it must be refused (2) and
/// `target` kept.
#[track_caller]
fn refused_even_with_force(name: &str, cmd: &str, target: &str) {
    let d = fixture(name);
    let before = fs::read(d.join(target)).unwrap();
    let o = go(&d, &format!("{cmd} --force"));
    let after = fs::read(d.join(target)).unwrap();
    assert!(after == before, "{target} was replaced (exit {}): {}", o.code, o.stderr);
    fails_cleanly(&o, USAGE);
}

/// Outputs that are inputs of the command (its own keys, its cards, the
/// serial counter), which not even `--force` replaces.
macro_rules! inputs_kept {
    ($($why:literal fn $name:ident: $cmd:literal => $target:literal;)*) => {$(
        #[test]
        #[doc = $why]
        fn $name() {
            refused_even_with_force(stringify!($name), $cmd, $target);
        }
    )*};
}

inputs_kept! {
    "timestamp --out AUTHORITY.sign.pem --force must not replace the authority's private key (also KEY.card.serial)"
    fn timestamp_force_replaces_the_authoritys_own_key:
        "$STAMP --out keys/time-stamp-authority.sign.pem o.st" => "keys/time-stamp-authority.sign.pem";
    "open --statement-out KEY.sign.pem --force must not replace the recipient's private key (--key is not an input)"
    fn open_force_replaces_the_recipients_own_key:
        "$OPEN --statement-out keys/buyer-gmbh.sign.pem o.env" => "keys/buyer-gmbh.sign.pem";
    "receipt --out KEY.enc.pem --force must not replace the addressee's private key (--key is not an input)"
    fn receipt_force_replaces_the_addressees_own_key:
        "$RECEIPT --for o.st --out keys/buyer-gmbh.enc.pem" => "keys/buyer-gmbh.enc.pem";
    "seal --cards DIR --out DIR/X.card --force must not replace a card the command read from --cards"
    fn seal_force_replaces_a_card_of_its_cards_directory:
        "$SEAL --cards keys --out keys/time-stamp-authority.card" => "keys/time-stamp-authority.card";
}
