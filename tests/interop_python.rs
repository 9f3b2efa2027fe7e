//! Interop with independent Python implementations (cbor2, pycose, pyhpke,
//! cryptography): they verify and open our bytes, and we open an acceptance
//! they build from SPEC.md alone. See `tests/interop/check.py`.
//!
//! The Python packages are installed by `.ci/run` (from
//! `tests/interop/requirements.txt`), which sets `ECONTRACT_PYTHON` and
//! `ECONTRACT_REQUIRE_INTEROP=1`; there a missing package fails the test.
//! Elsewhere the test says it is skipped.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use econtract::*;

fn python() -> Option<String> {
    let py = std::env::var("ECONTRACT_PYTHON").unwrap_or_else(|_| "python3".into());
    let ready = Command::new(&py)
        .args(["-c", "import cbor2, pycose, pyhpke, cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ready {
        return Some(py);
    }
    let required = std::env::var("ECONTRACT_REQUIRE_INTEROP").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{py} lacks cbor2/pycose/pyhpke/cryptography: pip install -r tests/interop/requirements.txt"
    );
    eprintln!("SKIPPED: Python interop packages not installed (see tests/interop/requirements.txt)");
    None
}

#[test]
fn python_implementations_accept_our_bytes_and_we_accept_theirs() {
    let Some(py) = python() else { return };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("interop");
    std::fs::create_dir_all(&dir).unwrap();

    let c = Cast::new();
    let mut rng = rng(30);
    let cases: Vec<serde_json::Value> = every_kind(&c)
        .into_iter()
        .map(|(statement, sender, recipient)| {
            let envelope = seal(&statement, recipient.card(), &mut rng).unwrap();
            serde_json::json!({
                "name": statement.kind().name(),
                "kind_code": statement.kind().code(),
                "card": hex::encode(sender.card().as_bytes()),
                "sender_signing_key": hex::encode(sender.card().signing_key()),
                "statement": hex::encode(statement.as_bytes()),
                "envelope": hex::encode(envelope),
                "recipient_id": recipient.id().to_hex(),
                "recipient_x25519_secret": hex::encode(*recipient.encryption_secret()),
            })
        })
        .collect();
    let manifest = dir.join("manifest.json");
    std::fs::write(&manifest, serde_json::to_vec_pretty(&cases).unwrap()).unwrap();
    let reply = dir.join("reply.json");
    let _ = std::fs::remove_file(&reply);

    let out = Command::new(&py)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/check.py"))
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md"))
        .arg(&manifest)
        .arg(&reply)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "check.py failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("checks passed"), "{stdout}");
    eprintln!("{stdout}");

    // The Python-built acceptance opens with the crate, as the SPEC.md seller.
    let created = UnixTime::parse_rfc3339("2026-03-01T09:00:00Z").unwrap();
    let seller = PartySecret::from_secrets("Seller Ltd", &[0x01; 32], &[0x65; 32], created).unwrap();
    let buyer = PartySecret::from_secrets("Buyer GmbH", &[0x02; 32], &[0x66; 32], created).unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&std::fs::read(&reply).unwrap()).unwrap();
    let envelope = hex::decode(reply["envelope"].as_str().unwrap()).unwrap();
    let contract = ContractId::new("EC-2026-0042").unwrap();
    let opened = Opener::new(&seller)
        .contract(&contract)
        .kind(Kind::Acceptance)
        .open(&envelope, buyer.card())
        .unwrap();
    assert_eq!(opened.sender(), buyer.id());
    assert_eq!(
        opened.message(),
        &Message::Acceptance(Acceptance {
            changes: None,
            additions: vec![],
            note: Some("accepted, written in Python".into())
        })
    );
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md")).unwrap();
    let offer_id = opened.answers()[0].to_hex();
    let block = spec.split("<!-- vector: statement-id -->").nth(1).unwrap();
    assert!(block[..120].contains(&offer_id), "answers the SPEC.md offer");
}
