//! PKCS#10 certification requests (RFC 2986) for a party's Ed25519
//! signing key, signed by that key (RFC 8410: id-Ed25519 as the key's and
//! the signature's algorithm, no parameters), as PEM: what a certificate
//! authority signs (`openssl ca`, `openssl x509 -req`) to bind the key to
//! a legal entity (SPEC.md 7.1).
//!
//! Every structure is built with the x509-cert, spki and der types and
//! encoded by them; no DER is written by hand.

use std::str::FromStr;

use der::asn1::{Any, BitString};
use der::{Decode, Encode, EncodePem, Tag};
use ed25519_dalek::{Signer, SigningKey};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::request::{CertReq, CertReqInfo, Version};
use zeroize::Zeroizing;

use crate::error::CliError;

/// id-Ed25519 (RFC 8410).
const ED25519: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-at-organizationIdentifier (X.520; ETSI EN 319 412-1 5.1.4).
const ORGANIZATION_IDENTIFIER: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("2.5.4.97");
/// id-at-commonName.
const COMMON_NAME: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("2.5.4.3");
/// Longest organizationIdentifier accepted (X.520's upper bound for an
/// organization name, ub-organization-name-length, is 64; identifiers are
/// shorter still, this leaves room).
const MAX_ORGANIZATION_IDENTIFIER: usize = 128;

/// The subject name: an RFC 4514 string (`CN=...,O=...,C=..`, most
/// specific first), with an organizationIdentifier RDN added just above
/// the common name when one is given.
pub fn subject(dn: &str, organization_identifier: Option<&str>) -> Result<Name, CliError> {
    let bad = |why: String| CliError::usage(format!("--subject {dn:?}: {why}"));
    let name = Name::from_str(dn).map_err(|e| {
        bad(format!(
            "{e} (write it as RFC 4514 text, such as \"CN=Seller Ltd,O=Seller Ltd,C=GB\")"
        ))
    })?;
    let rdns: Vec<RelativeDistinguishedName> = name.as_ref().iter().cloned().collect();
    if rdns.is_empty() || dn.trim().is_empty() {
        return Err(bad("an empty name".into()));
    }
    let has = |oid| rdns.iter().any(|r| r.iter().any(|a| a.oid == oid));
    let Some(org) = organization_identifier else {
        return Ok(name);
    };
    if has(ORGANIZATION_IDENTIFIER) {
        return Err(CliError::usage(
            "--organization-identifier: the --subject already has an organizationIdentifier (2.5.4.97)",
        ));
    }
    if org.is_empty() || org.len() > MAX_ORGANIZATION_IDENTIFIER || org.chars().any(char::is_control) {
        return Err(CliError::usage(format!(
            "--organization-identifier {org:?}: 1 to {MAX_ORGANIZATION_IDENTIFIER} printable characters"
        )));
    }
    if org.starts_with("LEI") && econtract::x509::lei_of(org).is_none() {
        return Err(CliError::usage(format!(
            "--organization-identifier {org}: not a valid LEI (ETSI EN 319 412-1: LEI, a two-letter country \
             code or XG, '-', the 20-character ISO 17442 code with its check digits)"
        )));
    }
    let atv = AttributeTypeAndValue {
        oid: ORGANIZATION_IDENTIFIER,
        value: Any::new(Tag::Utf8String, org.as_bytes()).map_err(|e| bad(e.to_string()))?,
    };
    let mut rdn = RelativeDistinguishedName::default();
    rdn.insert(atv).map_err(|e| bad(e.to_string()))?;
    // The DER order is the reverse of the text's: C, O, ..., CN last.
    let at = rdns
        .iter()
        .position(|r| r.iter().any(|a| a.oid == COMMON_NAME))
        .unwrap_or(rdns.len());
    let mut seq = RdnSequence::default();
    for (i, r) in rdns.into_iter().enumerate() {
        if i == at {
            seq.push(rdn.clone());
        }
        seq.push(r);
    }
    if at == seq.len() {
        seq.push(rdn);
    }
    // A Name is its RDNSequence: encoded by der, read back as a Name.
    let der = seq.to_der().map_err(|e| bad(e.to_string()))?;
    Name::from_der(&der).map_err(|e| bad(e.to_string()))
}

/// A PEM CertificationRequest for the Ed25519 key of `seed`, signed by it.
pub fn request_pem(seed: &Zeroizing<[u8; 32]>, subject: Name) -> Result<String, CliError> {
    let fail = |e: der::Error| CliError::usage(format!("--subject: cannot encode the request: {e}"));
    let key = SigningKey::from_bytes(seed);
    let ed25519 = AlgorithmIdentifierOwned {
        oid: ED25519,
        parameters: None,
    };
    let info = CertReqInfo {
        version: Version::V1,
        subject,
        public_key: SubjectPublicKeyInfoOwned {
            algorithm: ed25519.clone(),
            subject_public_key: BitString::from_bytes(key.verifying_key().as_bytes()).map_err(fail)?,
        },
        attributes: Default::default(),
    };
    let signature = key.sign(&info.to_der().map_err(fail)?);
    let req = CertReq {
        info,
        algorithm: ed25519,
        signature: BitString::from_bytes(&signature.to_bytes()).map_err(fail)?,
    };
    req.to_pem(der::pem::LineEnding::LF).map_err(fail)
}
