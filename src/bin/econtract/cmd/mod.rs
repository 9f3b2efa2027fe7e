//! One module per subcommand, and what they share.

pub mod append;
pub mod archive;
pub mod audit;
pub mod certify;
pub mod csr;
pub mod inspect;
pub mod keygen;
pub mod open;
pub mod pki;
pub mod receipt;
pub mod seal;
pub mod timestamp;
pub mod tsq;

use std::path::Path;

use econtract::{Clock, ContractId, Statement, SystemClock, UnixTime};
use serde_json::json;

use crate::error::CliError;

/// A time option (RFC 3339), or now.
pub fn time_arg(option: &str, t: &Option<String>) -> Result<UnixTime, CliError> {
    match t {
        Some(s) => UnixTime::parse_rfc3339(s).map_err(|e| {
            CliError::usage(format!(
                "{option} {s}: {e} (write it as RFC 3339 in UTC, such as 2026-03-01T09:30:00Z)"
            ))
        }),
        None => Ok(SystemClock.now()),
    }
}

/// A contract id option.
pub fn contract_arg(c: &str) -> Result<ContractId, CliError> {
    ContractId::new(c).map_err(|e| CliError::usage(format!("--contract {c}: {e}")))
}

/// Lowercase or uppercase hex to bytes.
pub fn decode_hex(h: &str) -> Option<Vec<u8>> {
    if !h.len().is_multiple_of(2) {
        return None;
    }
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Lowercase hex of `b`.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A statement as JSON (SPEC.md section 14.3).
pub fn statement_json(s: &Statement) -> serde_json::Value {
    json!({
        "id": s.id(),
        "kind": s.kind(),
        "from": s.sender(),
        "to": s.recipient(),
        "copies": s.copies(),
        "contract": s.contract(),
        "time": s.time(),
        "answers": s.answers(),
        "body": s.message(),
    })
}

/// What a file that failed to decode as `expected` looks like instead,
/// and what to do: the hint of a refused input.
pub fn looks_like(bytes: &[u8], expected: &str, command: &str) -> String {
    let text = std::str::from_utf8(bytes).ok().map(str::trim_start);
    let found = match text {
        _ if bytes.is_empty() => "the file is empty".to_string(),
        Some(t) if t.starts_with('{') || t.starts_with('[') => "this looks like JSON".to_string(),
        Some(t) if t.contains("-----BEGIN PRIVATE KEY-----") => "this looks like a private key file".to_string(),
        Some(t) if t.contains("-----BEGIN ECONTRACT PARTY CARD-----") || t.starts_with("econtract party card") => {
            "this looks like a party card".to_string()
        }
        Some(t) if t.contains("-----BEGIN ") => "this looks like a PEM file".to_string(),
        _ => match sniff(bytes) {
            Some(kind) => format!("this looks like {kind}"),
            None => "this is not something econtract wrote".to_string(),
        },
    };
    format!("{found}; `{command}` expects {expected}")
}

/// The kind of an econtract object, if `bytes` decode as one.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if econtract::PartyCard::from_bytes(bytes).is_ok() {
        Some("a party card")
    } else if Statement::decode(bytes).is_ok() {
        Some("a statement")
    } else if econtract::TimestampToken::decode(bytes).is_ok() {
        Some("a time-stamp token")
    } else if econtract::TranscriptReader::new(bytes).is_ok() {
        Some("a transcript")
    } else if bytes.first() == Some(&0x84) && bytes.get(1) == Some(&0x02) {
        Some("an envelope")
    } else {
        None
    }
}

/// The display name of an input path.
pub fn shown(path: &Path) -> String {
    crate::fsio::name(path)
}
