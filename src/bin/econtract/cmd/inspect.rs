//! `econtract inspect`: what a file is, as JSON, without verifying it and
//! without printing any secret.

use std::io::{BufReader, Read, Write};
use std::path::Path;

use econtract::envelope::{ENVELOPE_VERSION, EnvelopeHeader, MAX_ENVELOPE_SIZE};
use econtract::pkcs8::{self, KeyAlgorithm};
use econtract::{PartyCard, Record, Statement, TimestampToken, TranscriptError, TranscriptReader};
use serde_json::json;
use zeroize::Zeroizing;

use crate::error::{CliError, EXIT_OK, stdout_line};
use crate::fsio;

/// Prints the file's kind and contents as JSON.
pub fn run(path: &Path) -> Result<u8, CliError> {
    // A transcript is read record by record, however long it is.
    if !fsio::is_dash(path) {
        let mut head = [0u8; 24];
        let f = fsio::open_regular(path)?;
        let n = f.take(24).read(&mut head).map_err(|e| CliError::io(path, "read", e))?;
        if head[..n].windows(20).any(|w| w == b"econtract-transcript") {
            return transcript(path);
        }
    }
    let bytes = Zeroizing::new(fsio::read_input(
        path,
        MAX_ENVELOPE_SIZE,
        "card, statement, token, envelope or key file",
    )?);
    let j = describe(&bytes).ok_or_else(|| {
        CliError::input_hint(
            fsio::name(path),
            "not a party card, statement, time-stamp token, envelope, transcript or key file",
            super::looks_like(&bytes, "a file econtract wrote", "inspect"),
        )
    })?;
    let text = serde_json::to_string_pretty(&j).map_err(|e| CliError::input(fsio::name(path), e))?;
    stdout_line(text)?;
    Ok(EXIT_OK)
}

fn card_json(c: &PartyCard) -> serde_json::Value {
    json!({
        "type": "party card",
        "id": c.id(),
        "name": c.name(),
        "created": c.created(),
        "signing_key": super::hex(c.signing_key()),
        "encryption_key": super::hex(c.encryption_key()),
    })
}

fn token_json(t: &TimestampToken) -> serde_json::Value {
    json!({
        "type": "time-stamp token",
        "verified": false,
        "imprint": t.imprint(),
        "serial": t.serial(),
        "time": t.time(),
        "authority": t.authority(),
        "nonce": t.nonce().map(super::hex),
        "accuracy": t.accuracy(),
    })
}

fn describe(bytes: &[u8]) -> Option<serde_json::Value> {
    if let Ok(c) = pkcs8::decode_card_file(bytes) {
        return Some(card_json(&c));
    }
    if let Ok(s) = Statement::decode(bytes) {
        let mut j = super::statement_json(&s);
        if let Some(m) = j.as_object_mut() {
            m.insert("type".into(), json!("statement"));
            m.insert("verified".into(), json!(false));
        }
        return Some(j);
    }
    if let Ok(t) = TimestampToken::decode(bytes) {
        return Some(token_json(&t));
    }
    if let Ok(h) = EnvelopeHeader::decode(bytes) {
        return Some(json!({
            "type": "envelope",
            "version": ENVELOPE_VERSION,
            "recipient": h.recipient(),
            "enc": super::hex(h.enc()),
            "ciphertext_bytes": h.ciphertext_len(),
        }));
    }
    for alg in [KeyAlgorithm::Ed25519, KeyAlgorithm::X25519] {
        if let Ok(secret) = pkcs8::decode_private_key(bytes, alg) {
            let public = match alg {
                KeyAlgorithm::Ed25519 => ed25519_dalek::SigningKey::from_bytes(&secret)
                    .verifying_key()
                    .to_bytes(),
                KeyAlgorithm::X25519 => {
                    x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(*secret)).to_bytes()
                }
            };
            return Some(json!({
                "type": "private key",
                "algorithm": alg.to_string(),
                "public_key": super::hex(&public),
            }));
        }
    }
    None
}

/// A transcript's header and records, printed as they are read.
fn transcript(path: &Path) -> Result<u8, CliError> {
    let f = fsio::open_regular(path)?;
    let mut reader = TranscriptReader::new(BufReader::new(f)).map_err(|e| CliError::input(path.display(), e))?;
    let mut out = std::io::stdout().lock();
    let w = |out: &mut std::io::StdoutLock, s: &str| out.write_all(s.as_bytes()).map_err(CliError::Stdout);
    w(
        &mut out,
        &format!(
            "{{\n  \"type\": \"transcript\",\n  \"contract\": {},\n  \"records\": [",
            json!(reader.contract())
        ),
    )?;
    let mut first = true;
    let mut problem = serde_json::Value::Null;
    loop {
        let offset = reader.bytes_read();
        let rec = match reader.next_record() {
            Ok(None) => break,
            Ok(Some((index, r))) => (index, r),
            Err(TranscriptError::TornTail { index, offset }) => {
                problem = json!({"torn_tail": {"index": index, "offset": offset}});
                break;
            }
            Err(e) => {
                problem = json!({"error": e.to_string()});
                break;
            }
        };
        let (index, r) = rec;
        let mut j = match &r {
            Record::Card(c) => card_json(c),
            Record::Statement(s) => {
                json!({"type": "statement", "id": s.id(), "kind": s.kind(), "from": s.sender(), "to": s.recipient(), "time": s.time(), "answers": s.answers()})
            }
            Record::Token(t) => token_json(t),
            Record::Rfc3161(t) => {
                let info = t.tst_info();
                json!({"type": "rfc3161-token", "serial": info.serial_hex(), "time": info.gen_time, "tsa": info.tsa, "policy": info.policy, "bytes": t.as_der().len()})
            }
            Record::Certificate(der) => json!({"type": "certificate", "bytes": der.len()}),
            Record::Crl(der) => json!({"type": "crl", "bytes": der.len()}),
        };
        if let Some(m) = j.as_object_mut() {
            m.insert("index".into(), json!(index));
            m.insert("offset".into(), json!(offset));
            m.remove("verified");
        }
        w(&mut out, &format!("{}\n    {}", if first { "" } else { "," }, j))?;
        first = false;
    }
    w(
        &mut out,
        &format!(
            "\n  ],\n  \"bytes\": {},\n  \"problem\": {problem}\n}}\n",
            reader.bytes_read()
        ),
    )?;
    out.flush().map_err(CliError::Stdout)?;
    Ok(EXIT_OK)
}
