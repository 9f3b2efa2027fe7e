//! The `econtract` tool, run as a user runs it: on the example's output, a
//! tampered copy, a truncated file, a file that is not CBOR, keys made by
//! `openssl genpkey`, and a whole seal / open / time-stamp / receipt /
//! append / audit round.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

mod cli_basic;
mod common;

use cli_basic::*;
#[test]
fn audit_of_the_example_contract() {
    let dir = trade_demo("example");
    let (t, cards) = (dir.join("contract.ect"), dir.join("cards"));
    let o = audit(&t, &cards, &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for needle in [
        "offer",
        "acceptance",
        "title-transfer",
        "status:        completed",
        "verified",
        "No findings",
    ] {
        assert!(o.stdout.contains(needle), "missing {needle:?} in\n{}", o.stdout);
    }
    // JSON: the documented field names.
    let o = audit(&t, &cards, &["--format", "json"]);
    assert_eq!(o.code, 0);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["verified"], true);
    assert_eq!(j["valid"], true);
    assert_eq!(j["complete"], true);
    assert_eq!(j["report"]["status"], "completed");
    assert_eq!(j["report"]["findings"], serde_json::json!([]));
    assert_eq!(j["report"]["outstanding"]["minor"], 0);
    let timeline = j["timeline"].as_array().unwrap();
    // Seven cards, then the offer and its token.
    assert_eq!(timeline.len(), 30);
    assert_eq!(timeline[7]["record"], "statement");
    assert_eq!(timeline[7]["kind"], "offer");
    assert!(timeline[8]["stamps"].is_string());
    // Every signature checked alone gives the same verdict (and the old
    // flag's name still works).
    for flag in ["--one-by-one", "--strict-signatures"] {
        let alone = audit(&t, &cards, &[flag]);
        assert_eq!(alone.code, 0, "{flag}: {}", alone.stderr);
        assert_eq!(alone.stdout, audit(&t, &cards, &[]).stdout, "{flag}");
    }
    // Mermaid.
    let o = audit(&t, &cards, &["--format", "mermaid"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with("sequenceDiagram\n"));
    assert!(o.stdout.contains("->>") && o.stdout.contains("title-transfer"));
}

#[test]
fn audit_of_a_dispute_names_the_rule_and_exits_1() {
    let dir = tmp("dispute");
    let o = run(example("dispute").arg(&dir));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("FORM-LATE") && o.stdout.contains("TITLE-BEFORE-PAYMENT"));
    let d = dir.join("title-before-payment");
    let o = audit(&d.join("contract.ect"), &d.join("cards"), &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("TITLE-BEFORE-PAYMENT at record"), "{}", o.stdout);
    let o = audit(&d.join("contract.ect"), &d.join("cards"), &["--format", "mermaid"]);
    assert!(o.stdout.contains("Note over") && o.stdout.contains("TITLE-BEFORE-PAYMENT"));
}

#[test]
fn a_tampered_copy_is_unverifiable() {
    let dir = trade_demo("tampered");
    let t = dir.join("contract.ect");
    let mut bytes = std::fs::read(&t).unwrap();
    let at = bytes.len() * 2 / 3;
    bytes[at] ^= 0x04;
    let bad = dir.join("tampered.ect");
    std::fs::write(&bad, bytes).unwrap();
    let o = audit(&bad, &dir.join("cards"), &[]);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("record"), "{}", o.stderr);
}

#[test]
fn truncated_transcripts() {
    let dir = trade_demo("truncated");
    let t = dir.join("contract.ect");
    let bytes = std::fs::read(&t).unwrap();
    // Record boundaries, from the library's reader.
    let mut reader = econtract::TranscriptReader::new(bytes.as_slice()).unwrap();
    let mut ends = Vec::new();
    while reader.next_record().unwrap().is_some() {
        ends.push(reader.bytes_read() as usize);
    }
    // Cut after the acceptance's receipt (record 12): concluded, in progress.
    let cut = dir.join("cut.ect");
    std::fs::write(&cut, &bytes[..ends[12]]).unwrap();
    let o = audit(&cut, &dir.join("cards"), &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("contract concluded") && o.stdout.contains("in progress"),
        "{}",
        o.stdout
    );
    // Cut inside a record: unreadable.
    std::fs::write(&cut, &bytes[..ends[12] + 7]).unwrap();
    let o = audit(&cut, &dir.join("cards"), &[]);
    fails_cleanly(&o, INPUT);
    assert!(
        o.stderr.contains("record 13") && o.stderr.contains("cut short") && o.stderr.contains("append --repair"),
        "{}",
        o.stderr
    );
}

#[test]
fn files_that_are_not_transcripts() {
    let dir = trade_demo("junk");
    let cards = dir.join("cards");
    for (name, bytes) in [
        ("text.ect", b"this is not CBOR at all\n".to_vec()),
        ("empty.ect", Vec::new()),
        (
            "card.ect",
            std::fs::read(std::fs::read_dir(&cards).unwrap().next().unwrap().unwrap().path()).unwrap(),
        ),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = audit(&p, &cards, &[]);
        fails_cleanly(&o, INPUT);
        assert!(o.stderr.contains("not an econtract transcript"), "{name}: {}", o.stderr);
    }
    fails_cleanly(&audit(&dir.join("missing.ect"), &cards, &[]), SYSTEM);
    fails_cleanly(&audit(&dir.join("contract.ect"), &dir.join("no-such-dir"), &[]), SYSTEM);
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"clock_skew": "five minutes"}"#).unwrap();
    fails_cleanly(
        &audit(
            &dir.join("contract.ect"),
            &cards,
            &["--policy", policy.to_str().unwrap()],
        ),
        INPUT,
    );
}

#[test]
fn a_directory_of_transcripts() {
    let dir = trade_demo("directory");
    let d = dispute_dir();
    std::fs::copy(d.join("late-acceptance/contract.ect"), dir.join("late.ect")).unwrap();
    for c in std::fs::read_dir(d.join("late-acceptance/cards")).unwrap() {
        let c = c.unwrap().path();
        std::fs::copy(&c, dir.join("cards").join(c.file_name().unwrap())).unwrap();
    }
    let o = audit(&dir, &dir.join("cards"), &["--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let list = j["files"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|x| x["valid"] == true).count(), 1);
    assert!(list.iter().all(|x| x["timeline"].is_array()));
    let sum = &j["summary"];
    assert_eq!(
        (sum["files"].as_u64(), sum["audited"].as_u64(), sum["valid"].as_u64()),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(sum["by_status"]["completed"], 1, "{sum}");
    assert_eq!(sum["findings_by_rule"]["FORM-LATE"], 1, "{sum}");
    // JSON Lines: one line per file, in file order, then the summary; the
    // same verdicts with one job or two.
    let lines = |jobs: &str| {
        let o = audit(&dir, &dir.join("cards"), &["--format", "jsonl", "--jobs", jobs]);
        assert_eq!(o.code, 1, "{}", o.stderr);
        o.stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let l = lines("1");
    assert_eq!(l.len(), 3);
    assert!(l[0]["file"].as_str().unwrap().ends_with("contract.ect"));
    assert!(l[1]["file"].as_str().unwrap().ends_with("late.ect"));
    assert_eq!(l[0]["report"], list[0]["report"]);
    assert!(l[0].get("timeline").is_none());
    assert_eq!(l[2]["summary"]["valid"], 1);
    let l2 = lines("2");
    assert_eq!(l2[..2], l[..2]);
    // The text output ends with the summary.
    let o = audit(&dir, &dir.join("cards"), &[]);
    assert!(
        o.stdout
            .contains("== summary\n2 files: 2 audited (1 without findings, 1 completed), 0 unverifiable"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("  finding FORM-LATE: 1"), "{}", o.stdout);

    // A directory of one transcript is still a list; an empty one is an
    // error, not a silent success.
    let one = tmp("directory-of-one");
    std::fs::copy(dir.join("contract.ect"), one.join("contract.ect")).unwrap();
    let o = audit(&one, &dir.join("cards"), &["--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["files"].as_array().map(Vec::len), Some(1), "{}", o.stdout);
    let empty = tmp("directory-of-none");
    let o = audit(&empty, &dir.join("cards"), &["--format", "json"]);
    fails_cleanly(&o, USAGE);
    assert!(o.stderr.contains("no *.ect transcript"), "{}", o.stderr);
}

fn dispute_dir() -> PathBuf {
    let dir = tmp("dispute-src");
    assert_eq!(run(example("dispute").arg(&dir)).code, 0);
    dir
}

fn party_id(card_txt: &Path) -> String {
    let t = std::fs::read_to_string(card_txt).unwrap();
    t.lines()
        .find_map(|l| l.strip_prefix("party id:"))
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
fn openssl_keys_and_a_round_of_every_command() {
    let dir = tmp("round");
    let k = dir.join("keys");
    let d = |p: &str| dir.join(p);
    // The buyer brings keys made by OpenSSL.
    for (alg, file) in [("ed25519", "ed.pem"), ("x25519", "x.pem")] {
        let st = Command::new("openssl")
            .args(["genpkey", "-algorithm", alg, "-out"])
            .arg(d(file))
            .status();
        assert!(
            st.is_ok_and(|s| s.success()),
            "openssl genpkey {alg} failed (is openssl installed?)"
        );
    }
    let o = run(econtract()
        .args(["keygen", "--name", "Buyer GmbH", "--out"])
        .arg(&k)
        .arg("--signing-key")
        .arg(d("ed.pem"))
        .arg("--encryption-key")
        .arg(d("x.pem"))
        .args(["--time", "2026-03-01T09:00:00Z"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    // The seller and the authority get keys from econtract; OpenSSL reads them.
    for name in ["Seller Ltd", "Time-Stamp Authority"] {
        let o = run(econtract()
            .args(["keygen", "--name", name, "--out"])
            .arg(&k)
            .args(["--time", "2026-03-01T09:00:00Z"]));
        assert_eq!(o.code, 0, "{}", o.stderr);
    }
    for f in ["seller-ltd.sign.pem", "seller-ltd.enc.pem"] {
        let st = Command::new("openssl")
            .args(["pkey", "-noout", "-in"])
            .arg(k.join(f))
            .status()
            .unwrap();
        assert!(st.success(), "openssl pkey cannot read {f}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(k.join(f)).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
    // The card made from OpenSSL keys holds OpenSSL's public key.
    let pubkey = Command::new("openssl")
        .args(["pkey", "-pubout", "-outform", "DER", "-in"])
        .arg(d("ed.pem"))
        .output()
        .unwrap();
    let der_pub = &pubkey.stdout[pubkey.stdout.len() - 32..];
    let card = econtract::PartyCard::from_bytes(&std::fs::read(k.join("buyer-gmbh.card")).unwrap()).unwrap();
    assert_eq!(card.signing_key(), der_pub);
    // Refuses to overwrite keys.
    fails_cleanly(
        &run(econtract().args(["keygen", "--name", "Seller Ltd", "--out"]).arg(&k)),
        USAGE,
    );

    let seller = party_id(&k.join("seller-ltd.card.txt"));
    let buyer = party_id(&k.join("buyer-gmbh.card.txt"));
    let offer = serde_json::json!({
        "terms": {
            "seller": seller, "buyer": buyer,
            "goods": [{"description": "Arabica green coffee, grade 1", "quantity": 19200, "unit": "KGM"}],
            "price": {"currency": "USD", "minor": 9600000}, "incoterm": "FOB", "place": "Santos",
            "payment": {"terms": "DP", "method": "credit transfer", "channel": "direct"},
            "documents": [], "shipment": {"partial": false},
            "law": {"cisg": true, "governing": "CISG"}
        },
        "lapse": "2026-03-08T09:00:00Z",
        "irrevocable": false
    });
    std::fs::write(d("offer.json"), offer.to_string()).unwrap();
    let o = run(econtract()
        .args(["seal", "--from"])
        .arg(k.join("seller-ltd"))
        .arg("--to")
        .arg(k.join("buyer-gmbh.card"))
        .args([
            "--kind",
            "offer",
            "--contract",
            "EC-CLI-1",
            "--time",
            "2026-03-01T09:30:00Z",
            "--body",
        ])
        .arg(d("offer.json"))
        .arg("--out")
        .arg(d("offer.env"))
        .arg("--statement-out")
        .arg(d("offer.st")));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let offer_id = o.stdout.trim().to_owned();
    // The buyer opens it: JSON with SPEC.md's names.
    let o = run(econtract()
        .args(["open", "--key"])
        .arg(k.join("buyer-gmbh"))
        .arg("--from")
        .arg(k.join("seller-ltd.card"))
        .args(["--contract", "EC-CLI-1"])
        .arg(d("offer.env")));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["id"], offer_id.as_str());
    assert_eq!(j["kind"], "offer");
    assert_eq!(j["from"], seller.as_str());
    assert_eq!(j["body"]["terms"]["price"]["minor"], 9_600_000);
    // Party ids are bytes in CBOR and hex in JSON.
    assert_eq!(j["body"]["terms"]["seller"], seller.as_str());
    assert_eq!(j["body"]["terms"]["payment"]["channel"], "direct");
    assert_eq!(j["body"]["lapse"], "2026-03-08T09:00:00Z");
    // Not for the seller; not for another contract.
    fails_cleanly(
        &run(econtract()
            .args(["open", "--key"])
            .arg(k.join("seller-ltd"))
            .arg("--from")
            .arg(k.join("seller-ltd.card"))
            .arg(d("offer.env"))),
        INPUT,
    );
    fails_cleanly(
        &run(econtract()
            .args(["open", "--key"])
            .arg(k.join("buyer-gmbh"))
            .arg("--from")
            .arg(k.join("seller-ltd.card"))
            .args(["--contract", "EC-OTHER"])
            .arg(d("offer.env"))),
        INPUT,
    );
    // Time-stamp, receipt, append, audit.
    let o = run(econtract()
        .args(["timestamp", "--authority"])
        .arg(k.join("time-stamp-authority"))
        .args(["--time", "2026-03-01T09:30:05Z", "--nonce", "0102"])
        .arg(d("offer.st")));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let tj: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(tj["serial"], 1);
    // The serial is kept: the next token gets 2; a serial file that cannot
    // be read stops the authority instead of starting again at 1.
    let stamp_again = || {
        run(econtract()
            .args(["timestamp", "--authority"])
            .arg(k.join("time-stamp-authority"))
            .arg("--out")
            .arg(d("again.tst"))
            .arg("--force")
            .arg(d("offer.st")))
    };
    let o = stamp_again();
    assert_eq!(o.code, 0, "{}", o.stderr);
    let again: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(again["serial"], 2);
    let serial_file = k.join("time-stamp-authority.card.serial");
    let kept = std::fs::read(&serial_file).unwrap();
    std::fs::remove_file(&serial_file).unwrap();
    std::fs::create_dir(&serial_file).unwrap();
    let o = stamp_again();
    fails_cleanly(&o, SYSTEM);
    assert!(o.stderr.contains("time-stamp-authority.card.serial"), "{}", o.stderr);
    std::fs::remove_dir(&serial_file).unwrap();
    std::fs::write(&serial_file, kept).unwrap();
    let o = run(econtract()
        .args(["receipt", "--key"])
        .arg(k.join("buyer-gmbh"))
        .arg("--for")
        .arg(d("offer.st"))
        .arg("--to")
        .arg(k.join("seller-ltd.card"))
        .args([
            "--received",
            "2026-03-01T09:31:00Z",
            "--time",
            "2026-03-01T09:31:30Z",
            "--out",
        ])
        .arg(d("receipt.env"))
        .arg("--statement-out")
        .arg(d("receipt.st")));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let t = d("contract.ect");
    let mut append = econtract();
    append
        .arg("append")
        .arg(&t)
        .args(["--contract", "EC-CLI-1", "--cards"])
        .arg(&k);
    for c in ["seller-ltd.card", "buyer-gmbh.card", "time-stamp-authority.card"] {
        append.arg(k.join(c));
    }
    append.arg(d("offer.st")).arg(d("offer.st.tst")).arg(d("receipt.st"));
    let o = run(&mut append);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = audit(&t, &k, &[]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("offer outstanding") && o.stdout.contains("in progress"),
        "{}",
        o.stdout
    );
    // Appending an unverifiable statement is refused.
    let mut bad = std::fs::read(d("offer.st")).unwrap();
    let n = bad.len();
    bad[n - 1] ^= 1;
    std::fs::write(d("bad.st"), bad).unwrap();
    let before = std::fs::read(&t).unwrap();
    let o = run(econtract()
        .arg("append")
        .arg(&t)
        .arg("--cards")
        .arg(&k)
        .arg(d("again.tst"))
        .arg(d("bad.st")));
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("bad.st"), "{}", o.stderr);
    // A bad file leaves the transcript as it was, even after a good one
    // (the second token for the offer).
    assert_eq!(std::fs::read(&t).unwrap(), before);
    // And creates nothing when the transcript did not exist.
    let fresh = d("fresh.ect");
    let o = run(econtract()
        .arg("append")
        .arg(&fresh)
        .args(["--contract", "EC-CLI-1", "--cards"])
        .arg(&k)
        .arg(d("offer.st"))
        .arg(d("bad.st")));
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("bad.st"), "{}", o.stderr);
    assert!(!fresh.exists());
    let o = run(econtract()
        .arg("append")
        .arg(&fresh)
        .arg("--cards")
        .arg(&k)
        .arg(d("offer.st")));
    fails_cleanly(&o, USAGE);
    assert!(o.stderr.contains("--contract"), "{}", o.stderr);
    assert!(!fresh.exists());
    // The transcript's contract rules: a different --contract, or a
    // statement of another contract, is refused.
    let o = run(econtract()
        .arg("append")
        .arg(&t)
        .args(["--contract", "EC-OTHER", "--cards"])
        .arg(&k)
        .arg(d("receipt.st")));
    fails_cleanly(&o, USAGE);
    assert!(o.stderr.contains("of contract EC-CLI-1, not EC-OTHER"), "{}", o.stderr);
    let o = run(econtract()
        .arg("append")
        .arg(&fresh)
        .args(["--contract", "EC-OTHER", "--cards"])
        .arg(&k)
        .arg(d("offer.st")));
    fails_cleanly(&o, INPUT);
    assert!(
        o.stderr.contains("a statement of contract EC-CLI-1, not EC-OTHER"),
        "{}",
        o.stderr
    );
    assert!(!fresh.exists());
    assert_eq!(std::fs::read(&t).unwrap(), before);
    // A file that is none of the three says why for each.
    std::fs::write(d("junk.bin"), b"\xa0").unwrap();
    let o = run(econtract().arg("append").arg(&t).arg(d("junk.bin")));
    fails_cleanly(&o, INPUT);
    assert!(
        o.stderr.contains("not a party card, a statement or a time-stamp token"),
        "{}",
        o.stderr
    );
}

#[test]
fn long_audits_show_progress_on_a_terminal_only_and_stop_quietly_at_a_closed_pipe() {
    // 1,200 instalments: past the 1,000-record progress step.
    let tr = common::trade::instalments(1_200);
    let dir = tmp("progress");
    let cards = dir.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    for r in &tr.records {
        if let common::Rec::Card(c) = r {
            std::fs::write(cards.join(format!("{}.card", &c.id().to_hex()[..16])), c.as_bytes()).unwrap();
        }
    }
    let transcript = dir.join("long.ect");
    std::fs::write(&transcript, tr.bytes()).unwrap();

    // A reader that stops early (`| head`) is not an error: the report is
    // far longer than a pipe's buffer.
    let piped = format!(
        "set -o pipefail; '{}' audit '{}' --trust '{}' | head -c 100 >/dev/null",
        cargo_bin("econtract").display(),
        transcript.display(),
        cards.display(),
    );
    let o = run(Command::new("bash").args(["-c", &piped]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "");

    // Not a terminal: nothing on stderr.
    let o = audit(&transcript, &cards, &["--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "");

    // On a terminal (util-linux `script` gives the command a pseudo-terminal
    // and copies what it writes there to its own stdout); the report goes to
    // a file.
    let out = dir.join("report.json");
    let command = format!(
        "'{}' audit '{}' --trust '{}' --format json > '{}'",
        cargo_bin("econtract").display(),
        transcript.display(),
        cards.display(),
        out.display()
    );
    let o = run(Command::new("script").args(["-q", "-e", "-c", &command, "/dev/null"]));
    assert_eq!(o.code, 0, "script: {} {}", o.stdout, o.stderr);
    assert!(o.stdout.contains("\raudit: 1000 records\x1b[K"), "{:?}", o.stdout);
    // The line is cleared at the end, and the report is whole.
    assert!(
        o.stdout.trim_end_matches(['\r', '\n']).ends_with("\r\x1b[K"),
        "{:?}",
        o.stdout
    );
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["complete"], true);
    let statements = tr.records.iter().filter(|r| matches!(r, common::Rec::St(_))).count();
    assert_eq!(report["report"]["statements"], statements);
}

#[test]
fn a_receipt_for_a_performance_notice_needs_the_cards_of_its_proofs() {
    let dir = tmp("notice-receipt");
    let s = common::trade::happy();
    let notice = dir.join("notice.st");
    std::fs::write(&notice, s.statement("notice").as_bytes()).unwrap();
    let buyer = write_party(&dir, "buyer", common::Who::Buyer);
    let seller = write_party(&dir, "seller", common::Who::Seller);
    let cards = dir.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    for r in &s.records {
        if let common::Rec::Card(c) = r {
            std::fs::write(cards.join(format!("{}.card", &c.id().to_hex()[..16])), c.as_bytes()).unwrap();
        }
    }
    let receipt = |extra: &[&str], out: &str| {
        run(econtract()
            .args(["receipt", "--key"])
            .arg(&buyer)
            .arg("--for")
            .arg(&notice)
            .arg("--to")
            .arg(seller.with_extension("card"))
            .args([
                "--received",
                "2026-03-05T10:00:00Z",
                "--time",
                "2026-03-05T10:00:30Z",
                "--out",
            ])
            .arg(dir.join(out))
            .args(extra))
    };
    // Without the providers' cards the notice's proofs cannot be verified.
    let o = receipt(&[], "r1.env");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("--cards"), "{}", o.stderr);
    assert!(!dir.join("r1.env").exists());
    let o = receipt(&["--cards", cards.to_str().unwrap()], "r2.env");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(dir.join("r2.env").exists());
    // The seller opens the buyer's receipt: it answers the notice.
    let o = run(econtract()
        .args(["open", "--key"])
        .arg(&seller)
        .arg("--from")
        .arg(buyer.with_extension("card"))
        .arg(dir.join("r2.env")));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["kind"], "receipt");
    assert_eq!(j["answers"][0], s.statement("notice").id().to_hex());
    // `open --from` names the one sender accepted: the seller's card is in
    // --cards, but the receipt was signed by the buyer.
    let o = run(econtract()
        .args(["open", "--key"])
        .arg(&seller)
        .arg("--from")
        .arg(seller.with_extension("card"))
        .arg("--cards")
        .arg(&cards)
        .arg(dir.join("r2.env")));
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("not by the expected sender"), "{}", o.stderr);
}

#[test]
fn inspect_prints_every_kind_of_file_as_json_without_secrets() {
    let dir = tmp("inspect");
    let s = common::trade::happy();
    let seller = write_party(&dir, "seller", common::Who::Seller);
    let inspect = |p: &Path| {
        let o = run(econtract().arg("inspect").arg(p));
        assert_eq!(o.code, 0, "{}: {}", p.display(), o.stderr);
        serde_json::from_str::<serde_json::Value>(&o.stdout).unwrap()
    };
    let card = common::party(common::Who::Seller).card().clone();
    let j = inspect(&seller.with_extension("card"));
    assert_eq!(j["type"], "party card");
    assert_eq!(j["id"], card.id().to_hex());
    assert_eq!(j["name"], card.name());
    // A key file: its algorithm and public key, never the secret.
    let key = PathBuf::from(format!("{}.sign.pem", seller.display()));
    let j = inspect(&key);
    assert_eq!(j["type"], "private key");
    assert_eq!(j["public_key"], hex::encode(card.signing_key()));
    let o = run(econtract().arg("inspect").arg(&key));
    let seed = common::party(common::Who::Seller).signing_seed();
    assert!(!o.stdout.contains(&hex::encode(*seed)));
    let offer = s.statement("offer");
    let st = dir.join("offer.st");
    std::fs::write(&st, offer.as_bytes()).unwrap();
    let j = inspect(&st);
    assert_eq!(
        (j["type"].as_str(), j["verified"].as_bool()),
        (Some("statement"), Some(false))
    );
    assert_eq!(j["id"], offer.id().to_hex());
    let env = dir.join("offer.env");
    let buyer = common::party(common::Who::Buyer);
    std::fs::write(
        &env,
        econtract::seal(&offer, buyer.card(), &mut common::rng(1)).unwrap(),
    )
    .unwrap();
    let j = inspect(&env);
    assert_eq!(j["type"], "envelope");
    assert_eq!(j["recipient"], buyer.id().to_hex());
    let t = dir.join("c.ect");
    std::fs::write(&t, s.bytes()).unwrap();
    let j = inspect(&t);
    assert_eq!(j["type"], "transcript");
    assert_eq!(j["records"].as_array().unwrap().len(), s.records.len());
    assert_eq!(j["problem"], serde_json::Value::Null);
    // A torn tail is shown, not hidden.
    let bytes = s.bytes();
    std::fs::write(&t, &bytes[..bytes.len() - 3]).unwrap();
    let j = inspect(&t);
    assert_eq!(j["problem"]["torn_tail"]["index"], s.records.len() - 1);
    // Standard input, and a file that is none of them.
    let o = run(econtract()
        .arg("inspect")
        .arg("-")
        .stdin(std::fs::File::open(&st).unwrap()));
    assert_eq!(o.code, 0, "{}", o.stderr);
    std::fs::write(dir.join("x.json"), b"{\"a\": 1}").unwrap();
    let o = run(econtract().arg("inspect").arg(dir.join("x.json")));
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("looks like JSON"), "{}", o.stderr);
}

#[test]
fn completions_and_the_man_page_come_from_the_command_definitions() {
    let o = run(econtract().args(["completions", "bash"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    for sub in [
        "keygen",
        "seal",
        "open",
        "timestamp",
        "receipt",
        "append",
        "audit",
        "inspect",
        "--repair",
    ] {
        assert!(o.stdout.contains(sub), "bash completion lacks {sub}");
    }
    let o = run(econtract().arg("man"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.starts_with(".ie") || o.stdout.contains(".TH econtract"),
        "{}",
        &o.stdout[..200]
    );
    assert!(o.stdout.contains("append"));
}
