//! X.509 identities for party signing keys (SPEC.md section 7.1), checked
//! offline at the time a statement is proven to have existed.
//!
//! A party card is self-signed: it shows that whoever made it holds its
//! keys, not who that is. A certificate from a certificate authority the
//! auditor trusts names the legal entity behind an Ed25519 signing key
//! (its subject and, where present, its organization identifier, such as
//! an LEI). [`check_key_at`] decides whether a key was so certified at a
//! given time:
//!
//! 1. a certificate whose subject public key is that Ed25519 key (RFC 8410)
//!    is found among the certificates given; the others serve as
//!    intermediates;
//! 2. its key usage, if present, allows digitalSignature or
//!    nonRepudiation; its extended key usage, if present, includes
//!    id-kp-documentSigning (RFC 9336) ([`X509Error::KeyUsage`]);
//! 3. rustls-webpki builds a path to one of the named trust anchors, every
//!    certificate of it (the anchor's own certificate too) valid at that
//!    time, CA certificates with basicConstraints cA, name constraints
//!    honoured, the end-entity not a CA ([`X509Error::NotValidAtTime`],
//!    [`X509Error::Untrusted`]);
//! 4. revocation as of that time ([`RevocationStatus`], module `crl`): a
//!    certificate of the path listed, with a revocation date at or before
//!    that time, on a CRL its issuer signed is revoked then; one revoked
//!    later was not.
//!
//! Nothing here is fetched: certificates and CRLs come from the transcript
//! (records 5 and 6, SPEC.md section 16) or from the auditor.

mod crl;

use std::time::Duration;

use der::{Decode, Encode};
use rustls_pki_types::{CertificateDer, UnixTime as PkiTime};
use serde::Serialize;
use thiserror::Error;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::name::Name;

use crate::ids::UnixTime;
use crate::rfc3161::{TrustAnchors, oid};

pub use crl::RevocationStatus;

/// Largest certificate or CRL accepted, in bytes.
pub const MAX_X509_SIZE: usize = 64 * 1024;

/// id-kp-documentSigning (RFC 9336), DER content bytes.
const KP_DOCUMENT_SIGNING_DER: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x24];
/// id-at-organizationIdentifier (X.520, ETSI EN 319 412-1 5.1.4).
const ORGANIZATION_IDENTIFIER: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("2.5.4.97");

/// Why a key is not certified at a time.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum X509Error {
    /// A certificate or CRL is not DER X.509, or larger than
    /// [`MAX_X509_SIZE`].
    #[error("malformed {what}: {detail}")]
    Malformed {
        /// What was being read.
        what: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// No certificate given has this Ed25519 key as its subject key.
    #[error("no certificate certifies this Ed25519 key")]
    NoCertificate,
    /// The certificate's key usage or extended key usage does not allow
    /// signing statements.
    #[error("the certificate is not for signing: {0}")]
    KeyUsage(&'static str),
    /// A certificate of the path is expired or not yet valid at the time.
    #[error("a certificate of the path is not valid at {at}")]
    NotValidAtTime {
        /// The time, RFC 3339.
        at: String,
    },
    /// No path to a trust anchor the auditor names.
    #[error("the certificate does not chain to a trusted certificate authority: {0}")]
    Untrusted(String),
}

impl X509Error {
    fn malformed(what: &'static str, detail: impl std::fmt::Display) -> X509Error {
        X509Error::Malformed {
            what,
            detail: detail.to_string(),
        }
    }
}

/// What a certificate says of a key's holder, and who vouches for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Certification {
    /// The certificate's subject, as RFC 4514 writes it.
    pub subject: String,
    /// The subject's organizationIdentifier (2.5.4.97), if present.
    pub organization_identifier: Option<String>,
    /// The Legal Entity Identifier (ISO 17442), if the organization
    /// identifier is one (`LEI` + two letters + `-` + 20 characters, ETSI
    /// EN 319 412-1 5.1.4).
    pub lei: Option<String>,
    /// The certificate's serial number, in hexadecimal.
    pub serial: String,
    /// Its issuer, RFC 4514.
    pub issuer: String,
    /// The subject of the trust anchor the path ends at.
    pub anchor: String,
    /// Start of the certificate's validity.
    pub not_before: UnixTime,
    /// End of the certificate's validity.
    pub not_after: UnixTime,
}

/// A certificate, parsed once.
struct Parsed {
    der: Vec<u8>,
    cert: Certificate,
}

fn parse(der: &[u8], what: &'static str) -> Result<Parsed, X509Error> {
    if der.len() > MAX_X509_SIZE {
        return Err(X509Error::malformed(
            what,
            format!("{} bytes, more than {MAX_X509_SIZE}", der.len()),
        ));
    }
    let cert = Certificate::from_der(der).map_err(|e| X509Error::malformed(what, e))?;
    // Strict: the bytes are exactly the DER of what they decode to.
    if cert.to_der().map_err(|e| X509Error::malformed(what, e))? != der {
        return Err(X509Error::malformed(what, "not in DER"));
    }
    Ok(Parsed {
        der: der.to_vec(),
        cert,
    })
}

/// Checks a certificate's bytes: DER X.509 of at most [`MAX_X509_SIZE`].
pub fn check_certificate(der: &[u8]) -> Result<(), X509Error> {
    parse(der, "certificate").map(|_| ())
}

/// Checks a CRL's bytes: DER X.509 CertificateList of at most
/// [`MAX_X509_SIZE`] (its signature is checked when it is used).
pub fn check_crl(der: &[u8]) -> Result<(), X509Error> {
    crl::parse(der).map(|_| ())
}

/// Whether `cert`'s subject public key is the Ed25519 key `key`.
fn certifies(cert: &Certificate, key: &[u8; 32]) -> bool {
    let spki = cert.tbs_certificate().subject_public_key_info();
    spki.algorithm.oid == oid::ED25519
        && spki.algorithm.parameters.is_none()
        && spki.subject_public_key.as_bytes() == Some(key.as_slice())
}

/// Most certificates, and most CRLs, one audit takes (from the
/// transcript and the auditor together).
pub const MAX_X509_ITEMS: usize = 256;

/// The certificates and CRLs an audit holds, decoded once, with the CRL
/// signatures it has checked.
pub struct Evidence {
    certs: Vec<Parsed>,
    crls: Vec<x509_cert::crl::CertificateList>,
    /// Whether CRL `i` is signed by the certificate with this subject and
    /// key (DER), once checked.
    crl_sigs: std::cell::RefCell<std::collections::HashMap<(usize, Vec<u8>), bool>>,
}

impl std::fmt::Debug for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("certificates", &self.certs.len())
            .field("crls", &self.crls.len())
            .finish()
    }
}

impl Evidence {
    /// Decodes `certs` and `crls` (DER), at most [`MAX_X509_ITEMS`] of
    /// each, every one strictly.
    pub fn new(certs: &[Vec<u8>], crls: &[Vec<u8>]) -> Result<Evidence, X509Error> {
        if certs.len() > MAX_X509_ITEMS || crls.len() > MAX_X509_ITEMS {
            return Err(X509Error::malformed(
                "evidence",
                format!("more than {MAX_X509_ITEMS} certificates or CRLs"),
            ));
        }
        Ok(Evidence {
            certs: certs
                .iter()
                .map(|d| parse(d, "certificate"))
                .collect::<Result<_, _>>()?,
            crls: crls.iter().map(|d| crl::parse(d)).collect::<Result<_, _>>()?,
            crl_sigs: Default::default(),
        })
    }

    fn crl_signed_by(&self, i: usize, cert: &Certificate, issuer: &Certificate) -> bool {
        let key = (i, issuer.tbs_certificate().to_der().unwrap_or_default());
        if let Some(v) = self.crl_sigs.borrow().get(&key) {
            return *v;
        }
        let v = crl::signed_by(&self.crls[i], cert, issuer);
        self.crl_sigs.borrow_mut().insert(key, v);
        v
    }
}

/// How good a result is: a path not revoked and known so, over one not
/// known, over a revoked one.
fn rank(status: &RevocationStatus) -> u8 {
    match status {
        RevocationStatus::Good { .. } => 2,
        RevocationStatus::Unknown { .. } => 1,
        RevocationStatus::Revoked { .. } => 0,
    }
}

/// Decides whether the Ed25519 signing key `key` was certified at `at` by
/// one of the certificates of `ev` (the others are intermediates) under
/// `anchors`, and its revocation status then, from the CRLs of `ev`. Every
/// certificate of the key is tried; the best result counts (not revoked
/// and known, then not known, then revoked), so that neither the order of
/// the records nor a second certificate of the same key changes it. See
/// the module docs.
pub fn check_key_at(
    key: &[u8; 32],
    ev: &Evidence,
    anchors: &TrustAnchors,
    at: UnixTime,
) -> Result<(Certification, RevocationStatus), X509Error> {
    let mut best_err = X509Error::NoCertificate;
    let mut best: Option<(Certification, RevocationStatus)> = None;
    for leaf in ev.certs.iter().filter(|p| certifies(&p.cert, key)) {
        match check_leaf(leaf, ev, anchors, at) {
            Ok(ok) => {
                if best.as_ref().is_none_or(|b| rank(&ok.1) > rank(&b.1)) {
                    best = Some(ok);
                }
            }
            // The most telling reason: a usage or time problem over an
            // unknown issuer, over no certificate at all.
            Err(e) => {
                let rank = |e: &X509Error| match e {
                    X509Error::NoCertificate => 0,
                    X509Error::Untrusted(_) | X509Error::Malformed { .. } => 1,
                    X509Error::KeyUsage(_) => 2,
                    X509Error::NotValidAtTime { .. } => 3,
                };
                if rank(&e) >= rank(&best_err) {
                    best_err = e;
                }
            }
        }
    }
    best.ok_or(best_err)
}

/// Whether the key is certified at some time within its certificate's
/// validity (at its start or its end): tells a statement made outside the
/// validity of a trusted certificate (a finding) from a certificate no
/// trusted authority issued (an untrusted identity).
pub fn check_key_within_validity(
    key: &[u8; 32],
    ev: &Evidence,
    anchors: &TrustAnchors,
) -> Result<Certification, X509Error> {
    let mut last = X509Error::NoCertificate;
    for leaf in ev.certs.iter().filter(|p| certifies(&p.cert, key)) {
        let v = leaf.cert.tbs_certificate().validity();
        for t in [v.not_before.to_unix_duration(), v.not_after.to_unix_duration()] {
            match check_leaf(leaf, ev, anchors, unix(t)) {
                Ok((c, _)) => return Ok(c),
                Err(e) => last = e,
            }
        }
    }
    Err(last)
}

fn check_leaf(
    leaf: &Parsed,
    ev: &Evidence,
    anchors: &TrustAnchors,
    at: UnixTime,
) -> Result<(Certification, RevocationStatus), X509Error> {
    check_key_usage(&leaf.cert)?;
    let root_ders: Vec<CertificateDer<'_>> = anchors
        .roots
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let mut roots = Vec::with_capacity(root_ders.len());
    for d in &root_ders {
        roots
            .push(webpki::anchor_from_trusted_cert(d).map_err(|e| X509Error::Untrusted(format!("trust anchor: {e}")))?);
    }
    if roots.is_empty() {
        return Err(X509Error::Untrusted(
            "the auditor names no certificate authority".into(),
        ));
    }
    // The auditor's own certificates first, so that records of the
    // transcript cannot crowd them out of rustls-webpki's budget.
    let intermediates: Vec<CertificateDer<'_>> = anchors
        .extra
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .chain(
            ev.certs
                .iter()
                .filter(|p| !std::ptr::eq(*p, leaf))
                .map(|p| CertificateDer::from(p.der.as_slice())),
        )
        .collect();
    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let ee = webpki::EndEntityCert::try_from(&leaf_der).map_err(|e| X509Error::Untrusted(e.to_string()))?;
    let time = PkiTime::since_unix_epoch(Duration::from_secs(at.as_secs()));
    let not_valid = || X509Error::NotValidAtTime { at: at.to_rfc3339() };
    let usage = webpki::KeyUsage::required_if_present(KP_DOCUMENT_SIGNING_DER);
    let path = match ee.verify_for_usage(
        crate::rfc3161::WEBPKI_ALGS,
        &roots,
        &intermediates,
        time,
        usage,
        None,
        None,
    ) {
        Ok(path) => path,
        Err(webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. }) => return Err(not_valid()),
        Err(webpki::Error::RequiredEkuNotFoundContext(_)) => {
            return Err(X509Error::KeyUsage(
                "its extended key usage does not include id-kp-documentSigning",
            ));
        }
        Err(e) => return Err(X509Error::Untrusted(e.to_string())),
    };
    // rustls-webpki takes an anchor as a name and a key; its certificate
    // must also be valid at the time (as OpenSSL and RFC 3161 verification
    // here require).
    let i = roots
        .iter()
        .position(|r| std::ptr::eq(r, path.anchor()))
        .ok_or_else(|| X509Error::Untrusted("path to an unknown anchor".into()))?;
    let root = parse(&anchors.roots[i], "trust anchor")?;
    if !valid_at(&root.cert, at) {
        return Err(not_valid());
    }
    // The path, leaf first, then each issuer, the anchor last.
    let mut chain: Vec<Certificate> = vec![leaf.cert.clone()];
    for c in path.intermediate_certificates() {
        chain.push(parse(c.der().as_ref(), "certificate")?.cert);
    }
    chain.push(root.cert.clone());
    let revocation = crl::status(&chain, ev, at);
    let tbs = leaf.cert.tbs_certificate();
    let organization_identifier = attribute(tbs.subject(), ORGANIZATION_IDENTIFIER);
    let lei = organization_identifier.as_deref().and_then(lei_of);
    Ok((
        Certification {
            subject: name_text(tbs.subject()),
            organization_identifier,
            lei,
            serial: tbs
                .serial_number()
                .as_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            issuer: name_text(tbs.issuer()),
            anchor: name_text(root.cert.tbs_certificate().subject()),
            not_before: unix(tbs.validity().not_before.to_unix_duration()),
            not_after: unix(tbs.validity().not_after.to_unix_duration()),
        },
        revocation,
    ))
}

fn unix(d: Duration) -> UnixTime {
    UnixTime::from_secs(d.as_secs()).unwrap_or(UnixTime::MAX)
}

pub(crate) fn valid_at(cert: &Certificate, at: UnixTime) -> bool {
    let v = cert.tbs_certificate().validity();
    let t = Duration::from_secs(at.as_secs());
    t >= v.not_before.to_unix_duration() && t <= v.not_after.to_unix_duration()
}

/// Key usage, if present, allows digitalSignature or nonRepudiation.
fn check_key_usage(cert: &Certificate) -> Result<(), X509Error> {
    let exts = cert.tbs_certificate().extensions().map(|e| e.as_slice()).unwrap_or(&[]);
    let mut ku = exts.iter().filter(|e| e.extn_id == oid::KEY_USAGE);
    if let Some(ext) = ku.next() {
        if ku.next().is_some() {
            return Err(X509Error::KeyUsage("two key usage extensions"));
        }
        let usage = KeyUsage::from_der(ext.extn_value.as_bytes()).map_err(|e| X509Error::malformed("key usage", e))?;
        if !(usage.0 & (KeyUsages::DigitalSignature | KeyUsages::NonRepudiation)).is_empty() {
            return Ok(());
        }
        return Err(X509Error::KeyUsage(
            "its key usage allows neither digitalSignature nor nonRepudiation",
        ));
    }
    Ok(())
}

/// The first value of attribute `oid` in `name`, as text.
fn attribute(name: &Name, oid: const_oid::ObjectIdentifier) -> Option<String> {
    name.iter().find(|atv| atv.oid == oid).and_then(attribute_value)
}

/// An attribute's value as text, if it is a UTF8String or PrintableString.
fn attribute_value(atv: &x509_cert::attr::AttributeTypeAndValue) -> Option<String> {
    atv.value
        .decode_as::<der::asn1::Utf8StringRef<'_>>()
        .map(|s| s.as_str().to_owned())
        .or_else(|_| {
            atv.value
                .decode_as::<der::asn1::PrintableStringRef<'_>>()
                .map(|s| s.as_str().to_owned())
        })
        .ok()
}

/// A name as RFC 4514 writes it (last RDN first), with organizationIdentifier
/// (2.5.4.97), which x509-cert writes as a dotted OID and hex, by name.
pub fn name_text(name: &Name) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| match attribute_value(atv) {
                    Some(v) if atv.oid == ORGANIZATION_IDENTIFIER => {
                        format!("organizationIdentifier={}", escape_4514(&v))
                    }
                    _ => atv.to_string(),
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(",")
}

/// RFC 4514 section 2.4 escaping of an attribute value.
fn escape_4514(v: &str) -> String {
    let n = v.chars().count();
    let mut out = String::with_capacity(v.len());
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, '"' | '+' | ',' | ';' | '<' | '>' | '\\')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == n && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A certificate's notBefore, for timelines ([`UnixTime::EPOCH`] if it does
/// not decode).
pub fn certificate_start(der: &[u8]) -> UnixTime {
    Certificate::from_der(der).map_or(UnixTime::EPOCH, |c| {
        unix(c.tbs_certificate().validity().not_before.to_unix_duration())
    })
}

/// A CRL's thisUpdate, for timelines ([`UnixTime::EPOCH`] if it does not
/// decode).
pub fn crl_issued(der: &[u8]) -> UnixTime {
    crl::parse(der).map_or(UnixTime::EPOCH, |l| {
        unix(l.tbs_cert_list.this_update.to_unix_duration())
    })
}

/// The LEI of an organization identifier `LEIXG-<20 characters>` (ETSI EN
/// 319 412-1 5.1.4: "LEI", a two-letter country code or "XG", "-", the
/// ISO 17442 code), if it is one and its ISO 7064 check digits hold.
pub fn lei_of(organization_identifier: &str) -> Option<String> {
    let rest = organization_identifier.strip_prefix("LEI")?;
    let (country, code) = rest.split_once('-')?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    if code.len() != 20 || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return None;
    }
    // ISO 17442 / ISO 7064 MOD 97-10: letters as 10..35, the number mod 97 is 1.
    let mut m: u32 = 0;
    for b in code.bytes() {
        let v = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        m = if v >= 10 { (m * 100 + v) % 97 } else { (m * 10 + v) % 97 };
    }
    (m == 1).then(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lei_check_digits() {
        // GLEIF's published LEIs (its own, and one of a bank).
        assert_eq!(
            lei_of("LEIXG-506700GE1G29325QX363").as_deref(),
            Some("506700GE1G29325QX363")
        );
        assert_eq!(
            lei_of("LEIDE-529900T8BM49AURSDO55").as_deref(),
            Some("529900T8BM49AURSDO55")
        );
        // One character changed: the check digits fail.
        assert_eq!(lei_of("LEIXG-506700GE1G29325QX364"), None);
        assert_eq!(lei_of("VATDE-123456789"), None);
        assert_eq!(lei_of("LEIxg-506700GE1G29325QX363"), None);
        assert_eq!(lei_of("LEIXG-506700GE1G29325QX36"), None);
    }
}
