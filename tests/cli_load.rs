#![cfg(feature = "cli")]
#![cfg(unix)]
//! The `econtract` tool under load, run as a user runs it: its peak memory
//! on huge and endless inputs and on long transcripts, and concurrent
//! `timestamp` (some killed) and `append` runs.

#[path = "cli_support/mod.rs"]
mod support;

use assert_cmd::cargo::cargo_bin;
use econtract::{CardSet, ContractId, PartyCard, PartySecret, Statement, TimestampToken, TranscriptWriter, UnixTime};
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

/// A transcript of the three cards, the offer and `n` tokens for it, made
/// with the library (the authority's keys are read from its files).
fn long_transcript(d: &Path, n: usize) {
    let read = |f: &str| fs::read(d.join(f)).unwrap();
    let card = |f: &str| PartyCard::from_bytes(&read(f)).unwrap();
    let mut cards = CardSet::new();
    let mut w = TranscriptWriter::create(Vec::new(), &ContractId::new("EC-FILES-1").unwrap()).unwrap();
    for c in ["keys/seller-ltd.card", "keys/buyer-gmbh.card", TSA_CARD] {
        w.card(&card(c)).unwrap();
        assert!(cards.insert(card(c)));
    }
    let (tsa, when) = (card(TSA_CARD), UnixTime::parse_rfc3339("2026-03-01T09:30:05Z").unwrap());
    let (sign, enc) = (
        read("keys/time-stamp-authority.sign.pem"),
        read("keys/time-stamp-authority.enc.pem"),
    );
    let secret = PartySecret::from_pkcs8(tsa.name(), &sign, &enc, tsa.created()).unwrap();
    let mut authority = econtract::LocalAuthority::new(secret, move || when, 1);
    let offer = Statement::decode(&read("o.st")).unwrap().verify(&cards).unwrap();
    w.statement(&offer).unwrap();
    for _ in 0..n {
        w.token(&authority.stamp(offer.id(), None).unwrap()).unwrap();
    }
    fs::write(d.join("long.ect"), w.finish().unwrap()).unwrap();
}

#[test]
fn peak_memory_is_bounded() {
    // The bound: each command ends as it would without a cap under a 1 GiB
    // address-space limit (`ulimit -v`; the audit's threads each reserve a
    // malloc arena of address space, so a tighter cap measures glibc, not
    // the tool), and stays under 64 MiB resident (GNU time's %M; .ci/run
    // installs /usr/bin/time).
    const MAX_RSS_KB: u64 = 64 * 1024;
    const CAP_KB: u64 = 1024 * 1024;
    let d = fixture("memory");
    transcript(&d);
    long_transcript(&d, 10_000);
    assert!(fs::metadata(d.join("long.ect")).unwrap().len() > 2_000_000);
    fs::write(d.join("big.env"), vec![0u8; 70_000]).unwrap();
    let gnu_time = Path::new("/usr/bin/time").exists();
    assert!(
        gnu_time || std::env::var_os("ECONTRACT_REQUIRE_INTEROP").is_none(),
        "/usr/bin/time (Debian package `time`) is needed to measure the peak memory"
    );
    // (command, stdin from /dev/zero, the exit statuses it may end with)
    let cases: [(&str, bool, &[i32]); 9] = [
        ("$OPEN -", true, &[INPUT]),
        ("inspect -", true, &[INPUT]),
        ("$OFFER --body - --out x.env", true, &[INPUT]),
        ("append c.ect --cards keys -", true, &[INPUT]),
        ("audit - --trust keys", true, &[INPUT]),
        ("$OPEN big.env", false, &[INPUT]),
        ("audit long.ect --trust keys", false, &[0, 1]),
        ("audit long.ect --trust keys --format json", false, &[0, 1]),
        ("inspect long.ect", false, &[0]),
    ];
    for (cmd, zero_stdin, codes) in cases {
        let mut c = Command::new("bash");
        c.arg("-c")
            .arg(format!(r#"ulimit -v {CAP_KB} && exec "$@""#))
            .arg("capped");
        if gnu_time {
            c.args(["/usr/bin/time", "-f", "%M", "-o", "rss.txt"]);
        }
        c.arg(cargo_bin("econtract")).args(cl(cmd)).current_dir(&d);
        let stdin = if zero_stdin {
            fs::File::open("/dev/zero").unwrap().into()
        } else {
            Stdio::null()
        };
        let o = run_in(&mut c, stdin, 60);
        no_panic(&o);
        assert!(codes.contains(&o.code), "{cmd}: {} {}", o.code, o.stderr);
        if gnu_time {
            let t = fs::read_to_string(d.join("rss.txt")).unwrap();
            let kb: u64 = t.lines().filter_map(|l| l.trim().parse().ok()).next_back().unwrap();
            assert!(kb < MAX_RSS_KB, "{cmd}: max RSS {kb} KiB");
        }
    }
}

fn spawn_quiet(d: &Path, s: &str) -> Child {
    let mut c = ec(d);
    c.args(cl(s))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c.spawn().unwrap()
}

#[test]
fn concurrent_timestamps_never_issue_a_serial_twice_even_when_killed() {
    let d = fixture("ts-concurrent");
    let stamp = |out: &str| spawn_quiet(&d, &format!("$STAMP --out {out} o.st"));
    let serial_file = d.join("keys/time-stamp-authority.card.serial");
    let counter = || -> u64 { fs::read_to_string(&serial_file).unwrap().trim().parse().unwrap() };
    let token = |f: &Path| TimestampToken::decode(&fs::read(f).unwrap()).unwrap_or_else(|e| panic!("{f:?}: {e}"));
    // 40 at once: serials 1 to 40, each once.
    let children: Vec<Child> = (0..40).map(|i| stamp(&format!("a{i}.tst"))).collect();
    for c in children {
        ok(c.wait_with_output().unwrap().into());
    }
    let mut serials: Vec<u64> = (0..40).map(|i| token(&d.join(format!("a{i}.tst"))).serial()).collect();
    serials.sort();
    assert_eq!(serials, (1..=40).collect::<Vec<u64>>());
    assert_eq!(counter(), 41);
    // 40 more, about half of them killed (SIGKILL) at random moments
    // (a seeded LCG: the same moments each run).
    let mut seed: u64 = 0x5eed_cafe;
    let mut below = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let start = Instant::now();
    let mut children: Vec<(Child, Option<u64>)> = (0..40)
        .map(|i| {
            let kill = (below(2) == 0).then(|| below(60));
            (stamp(&format!("b{i}.tst")), kill)
        })
        .collect();
    let mut order: Vec<usize> = (0..40).filter(|&i| children[i].1.is_some()).collect();
    order.sort_by_key(|&i| children[i].1);
    for i in order {
        let at = Duration::from_millis(children[i].1.unwrap());
        std::thread::sleep(at.saturating_sub(start.elapsed()));
        let _ = children[i].0.kill();
    }
    for (i, (c, kill)) in children.into_iter().enumerate() {
        let o: Out = c.wait_with_output().unwrap().into();
        no_panic(&o);
        if kill.is_none() {
            ok(o);
            assert!(d.join(format!("b{i}.tst")).is_file(), "b{i}.tst");
        }
    }
    // Every token written is whole and has its own serial; the counter is
    // above them all.
    let mut all = serials;
    for f in (0..40).map(|i| d.join(format!("b{i}.tst"))).filter(|f| f.exists()) {
        all.push(token(&f).serial());
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "a serial was issued twice: {all:?}");
    let max = *all.last().unwrap();
    assert!(counter() > max, "counter {} <= {max}", counter());
    // The authority is not stuck: the next token is above all of them.
    ok(run_in(ec(&d).args(cl("$STAMP --out c.tst o.st")), Stdio::null(), 10));
    assert!(token(&d.join("c.tst")).serial() > max);
}

/// The transcript holds one header, `records` records, each of `ids` once,
/// no torn record, no journal; `inspect` and `audit` read it whole.
fn check_whole(d: &Path, t: &str, ids: &[String], records: usize) {
    let bytes = fs::read(d.join(t)).unwrap();
    let headers = bytes.windows(20).filter(|w| w == b"econtract-transcript").count();
    assert_eq!(headers, 1, "{t}: {headers} headers");
    let mut r = econtract::TranscriptReader::new(bytes.as_slice()).unwrap();
    let mut seen = Vec::new();
    while let Some((_, rec)) = r.next_record().unwrap_or_else(|e| panic!("{t}: {e}")) {
        if let econtract::Record::Statement(s) = rec {
            seen.push(s.id().to_string());
        }
    }
    assert_eq!(r.bytes_read() as usize, bytes.len());
    seen.sort();
    let mut want = ids.to_vec();
    want.sort();
    assert_eq!(seen, want, "{t}: every statement exactly once");
    let j = ok(go(d, &format!("inspect {t}"))).json();
    assert_eq!(j["problem"], serde_json::Value::Null);
    assert_eq!(j["records"].as_array().unwrap().len(), records);
    let o = go(d, &format!("audit {t} --trust keys --format json"));
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    assert_eq!(o.json()["verified"], true);
    assert!(!d.join(format!("{t}.journal")).exists());
}

#[test]
fn concurrent_appends_keep_one_whole_transcript() {
    let d = fixture("append-concurrent");
    let mut ids = Vec::new();
    for i in 0..8 {
        let o = ok(go(
            &d,
            &format!("$SEAL --time 2026-03-01T09:3{i}:30Z --out s{i}.env --statement-out s{i}.st"),
        ));
        ids.push(o.text().trim().to_owned());
    }
    ok(go(&d, "append t.ect --contract EC-FILES-1 --cards keys $CARDS"));
    // 8 at once to an existing transcript, then 8 at once creating one.
    for (t, create, records) in [("t.ect", "", 11), ("n.ect", "--contract EC-FILES-1", 8)] {
        let children: Vec<Child> = (0..8)
            .map(|i| spawn_quiet(&d, &format!("append {t} --cards keys s{i}.st {create}")))
            .collect();
        for c in children {
            ok(c.wait_with_output().unwrap().into());
        }
        check_whole(&d, t, &ids, records);
    }
}
