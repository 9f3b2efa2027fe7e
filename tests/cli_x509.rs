//! Certified identities and RFC 3161 time-stamps through the `econtract`
//! tool, against OpenSSL: a test CA run with `openssl ca` (index.txt,
//! serial, CRLs), a TSA answered by `openssl ts -reply`, the parties made
//! with `econtract keygen --csr` and certified by that CA, and the
//! auditor's view with `econtract audit --trust-ca --trust-tsa`.
//!
//! Without `openssl` the tests are skipped with a message, unless
//! `ECONTRACT_REQUIRE_INTEROP` is set (as CI sets it): then they fail.
#![cfg(feature = "cli")]

mod cli_x509_lab;

use std::path::Path;
use std::process::Command;

use cli_x509_lab::*;

/// The whole round: two certified parties, an RFC 3161 token from an
/// OpenSSL TSA, and an audit that names who the parties are, by the CA's
/// certificates alone (no pinned cards) and with pinned cards too.
#[test]
fn certified_parties_and_an_openssl_time_stamp_audit_clean() {
    let Some(lab) = Lab::new("round") else { return };
    lab.certified_and_stamped();
    let o = lab.audit(&["--trust-ca", "root.pem", "--trust-tsa", "root.pem"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    for needle in [
        "RFC 3161 #",
        "certificate",
        "Identities",
        "certified as CN=Santos Coffee Exports Ltda",
        "certified as CN=Rotterdam Roasters BV,O=Rotterdam Roasters BV,C=NL",
        "(LEI 506700GE1G29325QX363)",
        "trust anchor: CN=Test Root CA",
        "No findings",
    ] {
        assert!(o.stdout.contains(needle), "missing {needle:?} in\n{}", o.stdout);
    }
    let j = json(&lab.audit(&["--trust-ca", "root.pem", "--trust-tsa", "root.pem", "--format", "json"]));
    assert_eq!(j["valid"], true);
    let parties = j["report"]["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 2);
    for p in parties {
        let id = &p["identity"];
        assert_eq!(id["established_by"], "certificate", "{p}");
        assert_eq!(id["pinned"], false);
        assert_eq!(id["certificate"]["anchor"], "CN=Test Root CA");
    }
    let seller = parties
        .iter()
        .find(|p| p["name"] == "Santos Coffee Exports Ltda")
        .unwrap();
    assert_eq!(seller["identity"]["certificate"]["organization_identifier"], LEI);
    assert_eq!(seller["identity"]["certificate"]["lei"], "506700GE1G29325QX363");
    let timeline = j["timeline"].as_array().unwrap();
    assert!(timeline.iter().any(|e| e["record"] == "rfc3161-token"), "{timeline:?}");
    assert_eq!(timeline.iter().filter(|e| e["record"] == "certificate").count(), 2);
    // With the cards pinned as well, the identities say so.
    let j = json(&lab.audit(&[
        "--trust",
        "keys",
        "--trust-ca",
        "root.pem",
        "--trust-tsa",
        "root.pem",
        "--format",
        "json",
    ]));
    assert_eq!(j["valid"], true);
    assert!(
        j["report"]["parties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["identity"]["pinned"] == true)
    );
    // A transcript with an RFC 3161 token needs the TSA's root.
    let o = lab.audit(&["--trust", "keys"]);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("--trust-tsa"), "{}", o.stderr);
    // Many files: the same verdict through the directory path.
    std::fs::create_dir_all(lab.p("archive")).unwrap();
    std::fs::copy(lab.p("contract.ect"), lab.p("archive/a.ect")).unwrap();
    let o = lab.ec(&[
        "audit",
        "archive",
        "--trust-ca",
        "root.pem",
        "--trust-tsa",
        "root.pem",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("\"established_by\":\"certificate\""), "{}", o.stdout);
}

/// A response that is not the TSA's own (a changed byte), one for another
/// request, one from a TSA not trusted, and a token already archived are
/// refused, each with what to do, and the transcript is left as it was.
#[test]
fn responses_that_do_not_verify_are_refused_and_nothing_is_appended() {
    let Some(lab) = Lab::new("refused") else { return };
    lab.certified_and_stamped();
    let before = lab.read("contract.ect");
    let mut bad = lab.read("offer.tsr");
    let n = bad.len();
    bad[n - 10] ^= 1; // inside the CMS signature
    std::fs::write(lab.p("bad.tsr"), &bad).unwrap();
    let respond = |resp: &str, req: &str, roots: &str| {
        lab.ec(&[
            "timestamp",
            "--response",
            resp,
            "--request",
            req,
            "--trust-tsa",
            roots,
            "--append",
            "contract.ect",
        ])
    };
    let o = respond("bad.tsr", "offer.tsq", "root.pem");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("bad CMS signature"), "{}", o.stderr);
    assert!(o.stderr.contains("hint: "), "{}", o.stderr);
    // Another request for the same statement (another nonce).
    lab.ok(&["timestamp", "--request", "-o", "other.tsq", "offer.st"]);
    let o = respond("offer.tsr", "other.tsq", "root.pem");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("nonce"), "{}", o.stderr);
    // A root that is not the TSA's.
    let o = respond("offer.tsr", "offer.tsq", "seller.pem");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("--trust-tsa"), "{}", o.stderr);
    // The same token twice.
    let o = respond("offer.tsr", "offer.tsq", "root.pem");
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("already in the transcript"), "{}", o.stderr);
    // Not a response at all.
    let o = respond("offer.tsq", "offer.tsq", "root.pem");
    fails_cleanly(&o, INPUT);
    assert_eq!(lab.read("contract.ect"), before);
    // A request for a statement of another transcript is refused on append.
    let o = lab.ok(&[
        "append",
        "other.ect",
        "--contract",
        CONTRACT,
        "--cards",
        "keys",
        "keys/santos-coffee-exports-ltda.card",
    ]);
    assert!(o.stdout.contains("created"), "{}", o.stdout);
    let other = lab.read("other.ect");
    let o = lab.ec(&[
        "timestamp",
        "--response",
        "offer.tsr",
        "--request",
        "offer.tsq",
        "--trust-tsa",
        "root.pem",
        "--append",
        "other.ect",
    ]);
    fails_cleanly(&o, INPUT);
    assert!(o.stderr.contains("stamps no statement"), "{}", o.stderr);
    assert_eq!(lab.read("other.ect"), other);
    // The request is not overwritten without --force; a transcript never.
    fails_cleanly(
        &lab.ec(&["timestamp", "--request", "-o", "offer.tsq", "offer.st"]),
        USAGE,
    );
    fails_cleanly(
        &lab.ec(&["timestamp", "--request", "-o", "contract.ect", "--force", "offer.st"]),
        USAGE,
    );
    assert_eq!(lab.read("contract.ect"), before);
    // The verified token can be written out instead, and OpenSSL reads it.
    lab.ok(&[
        "timestamp",
        "--response",
        "offer.tsr",
        "--request",
        "offer.tsq",
        "--trust-tsa",
        "root.pem",
        "-o",
        "offer.tst",
    ]);
    lab.openssl(
        &["ts", "-reply", "-in", "offer.tst", "-token_in", "-token_out", "-text"],
        "",
    );
}

/// Cards that no trusted CA certifies, and that are not pinned, make the
/// transcript unverifiable.
#[test]
fn a_ca_the_auditor_does_not_trust_leaves_the_parties_uncertified() {
    let Some(lab) = Lab::new("untrusted") else { return };
    lab.certified_and_stamped();
    // Another root, which certified nobody here.
    lab.key("other");
    lab.openssl(
        &[
            "req",
            "-new",
            "-x509",
            "-key",
            "other.key",
            "-subj",
            "/CN=Other Root",
            "-days",
            "3650",
            "-config",
            "ca.cnf",
        ],
        "other.pem",
    );
    // Both parties sign, and nothing establishes who they are: an
    // ID-CERTIFIED finding each, and their identities say why.
    let o = lab.audit(&["--trust-ca", "other.pem", "--trust-tsa", "root.pem"]);
    assert_eq!(o.code, FINDINGS, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("ID-CERTIFIED"), "{}", o.stdout);
    assert!(o.stdout.contains("neither pinned nor certified"), "{}", o.stdout);
    let j = json(&lab.audit(&["--trust-ca", "other.pem", "--trust-tsa", "root.pem", "--format", "json"]));
    assert_eq!(j["verified"], true);
    let findings = j["report"]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(findings.iter().all(|f| f["rule"] == "ID-CERTIFIED"), "{findings:?}");
    assert!(
        j["report"]["parties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["identity"]["established_by"] == "unverified"),
        "{}",
        j["report"]["parties"]
    );
    // Pinned, the cards are trusted; the report says the identities rest
    // on the pins.
    let o = lab.audit(&["--trust", "keys", "--trust-ca", "other.pem", "--trust-tsa", "root.pem"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    // A certificate that is not the TSA's root does not stand in for it.
    let o = lab.audit(&["--trust-ca", "root.pem", "--trust-tsa", "other.pem"]);
    fails_cleanly(&o, INPUT);
}

/// A revocation after every statement's proven time is no finding (the
/// signatures were made before it); a statement signed after it is
/// `CERT-REVOKED`.
#[test]
fn revocation_counts_from_its_date() {
    let Some(lab) = Lab::new("revoked") else { return };
    lab.certified_and_stamped();
    // The buyer's receipt is time-stamped too: a statement that only
    // claims to predate a revocation is a finding (SPEC.md 7.1).
    lab.stamp("receipt.st", "receipt");
    // Revocation dates have one-second precision, and a token proves its
    // statement existed by its genTime plus its accuracy (the test TSA's
    // is 1 s): revoke strictly later.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    lab.openssl(&["ca", "-config", "ca.cnf", "-revoke", "buyer.pem"], "");
    lab.openssl(&["ca", "-config", "ca.cnf", "-gencrl"], "ca.crl");
    let o = lab.ok(&["certify", "contract.ect", "--crl", "ca.crl"]);
    assert!(o.stdout.contains("\"revoked\":1"), "{}", o.stdout);
    let trust = ["--trust-ca", "root.pem", "--trust-tsa", "root.pem"];
    let o = lab.audit(&trust);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("not revoked (CRL of"), "{}", o.stdout);
    // A CRL given twice is refused.
    fails_cleanly(&lab.ec(&["certify", "contract.ect", "--crl", "ca.crl"]), INPUT);
    // The buyer accepts after its certificate was revoked.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    lab.write("acceptance.json", "{}");
    let id = String::from_utf8(lab.read("offer.id")).unwrap();
    lab.ok(&[
        "seal",
        "--from",
        "keys/rotterdam-roasters-bv",
        "--to",
        "keys/santos-coffee-exports-ltda.card",
        "--kind",
        "acceptance",
        "--contract",
        CONTRACT,
        "--body",
        "acceptance.json",
        "--answers",
        &id,
        "--out",
        "acceptance.env",
        "--statement-out",
        "acceptance.st",
    ]);
    lab.ok(&["append", "contract.ect", "--cards", "keys", "acceptance.st"]);
    let o = lab.audit(&trust);
    assert_eq!(o.code, FINDINGS, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("CERT-REVOKED"), "{}", o.stdout);
    assert!(o.stdout.contains("REVOKED: CN=Rotterdam Roasters BV"), "{}", o.stdout);
    let j = json(&lab.audit(&["--trust-ca", "root.pem", "--trust-tsa", "root.pem", "--format", "json"]));
    let rules: Vec<&str> = j["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"CERT-REVOKED"), "{rules:?}");
    // The buyer's identity says so too.
    let buyer = j["report"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Rotterdam Roasters BV")
        .unwrap()
        .clone();
    assert_eq!(buyer["identity"]["revocation"]["status"], "revoked", "{buyer}");
}

/// `keygen --csr` for an existing party's key (its stem, or a key file
/// from `openssl genpkey`), signed by `openssl x509 -req`; bad subjects
/// and LEIs are usage errors, and nothing is overwritten.
#[test]
fn certification_requests_for_existing_keys_and_bad_input() {
    let Some(lab) = Lab::new("csr") else { return };
    lab.ok(&["keygen", "--name", "Seller Ltd", "--out", "keys"]);
    let o = lab.ok(&[
        "keygen",
        "--key",
        "keys/seller-ltd",
        "--csr",
        "s.csr",
        "--subject",
        "CN=Seller Ltd,C=GB",
    ]);
    assert!(o.stdout.contains("party Seller Ltd"), "{}", o.stdout);
    lab.openssl(&["req", "-in", "s.csr", "-verify", "-noout"], "");
    lab.openssl(
        &[
            "x509",
            "-req",
            "-in",
            "s.csr",
            "-CA",
            "root.pem",
            "-CAkey",
            "root.key",
            "-set_serial",
            "77",
            "-days",
            "30",
        ],
        "s.pem",
    );
    // The certificate's key is the card's signing key.
    let der = lab.openssl(&["x509", "-in", "s.pem", "-noout", "-pubkey"], "");
    lab.write("s.pub", &der.stdout);
    let pubkey = Command::new("openssl")
        .args(["pkey", "-pubin", "-in", "s.pub", "-outform", "DER"])
        .current_dir(&lab.dir)
        .output()
        .unwrap()
        .stdout;
    let card = econtract::PartyCard::from_bytes(&lab.read("keys/seller-ltd.card")).unwrap();
    assert_eq!(card.signing_key().as_slice(), &pubkey[pubkey.len() - 32..]);
    // A key made by OpenSSL.
    lab.openssl(&["genpkey", "-algorithm", "ed25519"], "ed.pem");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(lab.p("ed.pem"), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let o = lab.ok(&[
        "keygen",
        "--key",
        "ed.pem",
        "--csr",
        "ed.csr",
        "--subject",
        "CN=Someone,O=Org,C=FR",
    ]);
    assert!(o.stdout.contains("Ed25519 key"), "{}", o.stdout);
    lab.openssl(&["req", "-in", "ed.csr", "-verify", "-noout"], "");
    // Refused: an existing request, an empty or unparsable subject, an LEI
    // with wrong check digits, a subject without --csr.
    let before = lab.read("s.csr");
    fails_cleanly(
        &lab.ec(&[
            "keygen",
            "--key",
            "keys/seller-ltd",
            "--csr",
            "s.csr",
            "--subject",
            "CN=X",
        ]),
        USAGE,
    );
    assert_eq!(lab.read("s.csr"), before);
    for subject in ["", "no equals sign"] {
        fails_cleanly(
            &lab.ec(&[
                "keygen",
                "--key",
                "keys/seller-ltd",
                "--csr",
                "x.csr",
                "--subject",
                subject,
            ]),
            USAGE,
        );
    }
    let o = lab.ec(&[
        "keygen",
        "--key",
        "keys/seller-ltd",
        "--csr",
        "x.csr",
        "--subject",
        "CN=X",
        "--organization-identifier",
        "LEIXG-506700GE1G29325QX364",
    ]);
    fails_cleanly(&o, USAGE);
    assert!(o.stderr.contains("LEI"), "{}", o.stderr);
    assert!(!lab.p("x.csr").exists());
    // A new party with a bad subject writes none of its files.
    fails_cleanly(
        &lab.ec(&[
            "keygen",
            "--name",
            "Buyer",
            "--out",
            "keys",
            "--csr",
            "b.csr",
            "--subject",
            "nonsense",
        ]),
        USAGE,
    );
    assert!(!lab.p("keys/buyer.card").exists());
    // `certify` refuses what is not a certificate, and a missing transcript.
    fails_cleanly(&lab.ec(&["certify", "nowhere.ect", "--cert", "s.pem"]), INPUT);
    lab.ok(&[
        "append",
        "t.ect",
        "--contract",
        CONTRACT,
        "--cards",
        "keys",
        "keys/seller-ltd.card",
    ]);
    let before = lab.read("t.ect");
    fails_cleanly(&lab.ec(&["certify", "t.ect", "--cert", "s.csr"]), INPUT);
    fails_cleanly(&lab.ec(&["certify", "t.ect", "--cert", "s.pem", "s.pem"]), INPUT);
    assert_eq!(lab.read("t.ect"), before);
    // DER works as PEM does.
    lab.openssl(&["x509", "-in", "s.pem", "-outform", "DER"], "s.der");
    lab.ok(&["certify", "t.ect", "--cert", "s.der"]);
    fails_cleanly(&lab.ec(&["certify", "t.ect", "--cert", "s.pem"]), INPUT);
    assert!(Path::new(&lab.p("t.ect")).exists());
}
