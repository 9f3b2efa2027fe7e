//! `econtract certify`: append X.509 certificates and CRLs to a transcript
//! (records 5 and 6, SPEC.md 7.1 and 16), so that an auditor can decide
//! the parties' identities offline with only the CA's root certificate.
//!
//! The records are written as `append` writes: under the transcript's
//! lock, with a journal, in one write, fsynced; all or none. A certificate
//! or CRL already in the transcript, or given twice, is refused. Nothing
//! is trusted here: `audit --trust-ca` decides what the certificates prove.

use std::collections::HashSet;
use std::path::PathBuf;

use der::Decode;
use econtract::TranscriptWriter;
use serde_json::json;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::{append, pki};
use crate::error::{CliError, EXIT_OK, stdout_line};

/// id-Ed25519 (RFC 8410).
const ED25519: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("1.3.101.112");

/// The options of `certify`.
#[derive(clap::Args)]
pub struct Args {
    /// The transcript (it must exist: `append --contract` creates one).
    pub transcript: PathBuf,
    /// Certificates to append (PEM, one or more blocks, or DER): the
    /// parties' certificates and any intermediate CA certificates.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub cert: Vec<PathBuf>,
    /// CRLs to append (PEM or DER), as `openssl ca -gencrl` writes them.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub crl: Vec<PathBuf>,
}

/// One record to append.
struct New {
    file: PathBuf,
    der: Vec<u8>,
    crl: bool,
}

/// Appends the certificates, then the CRLs.
pub fn run(a: Args) -> Result<u8, CliError> {
    if a.cert.is_empty() && a.crl.is_empty() {
        return Err(CliError::usage("give --cert FILE... or --crl FILE... to append"));
    }
    let mut new = Vec::new();
    for f in &a.cert {
        new.extend(pki::read_certificates(f)?.into_iter().map(|der| New {
            file: f.clone(),
            der,
            crl: false,
        }));
    }
    for f in &a.crl {
        new.extend(pki::read_crls(f)?.into_iter().map(|der| New {
            file: f.clone(),
            der,
            crl: true,
        }));
    }
    let t = &a.transcript;
    let file = append::open_existing(t)?;
    let lines = append::append_locked(file, t, |_, held| {
        let mut seen = HashSet::new();
        let mut w = TranscriptWriter::append(Vec::new());
        let mut lines = Vec::with_capacity(new.len());
        for n in &new {
            let what = if n.crl { "CRL" } else { "certificate" };
            let digest: [u8; 32] = Sha256::digest(&n.der).into();
            if held.x509.contains(&digest) {
                return Err(CliError::input_hint(
                    super::shown(&n.file),
                    format!("this {what} is already in the transcript"),
                    "leave it out",
                ));
            }
            if !seen.insert(digest) {
                return Err(CliError::input_hint(
                    super::shown(&n.file),
                    format!("this {what} is given twice"),
                    "give each certificate and CRL once",
                ));
            }
            let written = if n.crl { w.crl(&n.der) } else { w.certificate(&n.der) };
            written.map_err(|e| CliError::input(super::shown(&n.file), e))?;
            lines.push(describe(n, held));
        }
        let bytes = w.finish().map_err(|e| CliError::io(t, "write", e))?;
        Ok((bytes, lines))
    })?;
    for l in &lines {
        stdout_line(l)?;
    }
    stdout_line(format_args!(
        "appended to {}: {} records ({} certificates, {} CRLs)",
        t.display(),
        new.len(),
        new.iter().filter(|n| !n.crl).count(),
        new.iter().filter(|n| n.crl).count()
    ))?;
    Ok(EXIT_OK)
}

/// A line about one record: subject and issuer, and the party whose
/// signing key a certificate names, if it is one of the transcript's.
fn describe(n: &New, held: &append::Held) -> serde_json::Value {
    if n.crl {
        return match CertificateList::<x509_cert::certificate::Rfc5280>::from_der(&n.der) {
            Ok(l) => json!({
                "record": "crl",
                "issuer": l.tbs_cert_list.issuer.to_string(),
                "this_update": l.tbs_cert_list.this_update.to_string(),
                "revoked": l.tbs_cert_list.revoked_certificates.as_ref().map_or(0, |r| r.len()),
            }),
            Err(_) => json!({"record": "crl"}),
        };
    }
    let Ok(c) = Certificate::from_der(&n.der) else {
        return json!({"record": "certificate"});
    };
    let tbs = c.tbs_certificate();
    let spki = tbs.subject_public_key_info();
    let key = (spki.algorithm.oid == ED25519)
        .then(|| spki.subject_public_key.as_bytes())
        .flatten();
    let party = key.and_then(|k| held.cards.iter().find(|card| card.signing_key().as_slice() == k));
    let mut j = json!({
        "record": "certificate",
        "subject": tbs.subject().to_string(),
        "issuer": tbs.issuer().to_string(),
        "serial": super::hex(tbs.serial_number().as_bytes()),
    });
    if let (Some(m), Some(p)) = (j.as_object_mut(), party) {
        m.insert("party".into(), json!(p.id()));
        m.insert("name".into(), json!(p.name()));
    }
    j
}
