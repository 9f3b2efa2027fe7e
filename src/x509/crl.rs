//! Revocation from CRLs (RFC 5280 section 5) as of a given time.
//!
//! A CRL counts for a certificate when its issuer name is the
//! certificate's issuer, its signature verifies with the issuer
//! certificate's key (which, if it has a key usage, allows cRLSign), and it
//! is DER. The certificate is revoked at time `t` if such a CRL lists its
//! serial number with a revocation date at or before `t`; a later date
//! means it was not yet revoked at `t` (a signature proven made before the
//! revocation stays good). Its status at `t` is known when, besides, such a
//! CRL was issued (thisUpdate) at or after `t`: otherwise a revocation
//! between the last CRL and `t` could be missing.

use std::time::Duration;

use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

use super::{MAX_X509_SIZE, X509Error};
use crate::ids::UnixTime;
use crate::rfc3161::oid;

/// A certificate's revocation status at a time, over its whole path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum RevocationStatus {
    /// Every certificate of the path (below the anchor) is covered by a
    /// CRL of its issuer issued at or after the time, and none is revoked
    /// then.
    Good {
        /// The latest thisUpdate among the CRLs that covered the end-entity
        /// certificate.
        this_update: UnixTime,
    },
    /// No certificate of the path is revoked as far as the CRLs given say,
    /// but some certificate has no CRL of its issuer issued at or after the
    /// time.
    Unknown {
        /// The subject of the first certificate without such a CRL.
        uncovered: String,
    },
    /// A certificate of the path was revoked at or before the time.
    Revoked {
        /// Its subject.
        certificate: String,
        /// Its revocation date.
        revoked_at: UnixTime,
    },
}

/// Decodes a CRL strictly.
pub(super) fn parse(der: &[u8]) -> Result<CertificateList, X509Error> {
    if der.len() > MAX_X509_SIZE {
        return Err(X509Error::malformed(
            "CRL",
            format!("{} bytes, more than {MAX_X509_SIZE}", der.len()),
        ));
    }
    let list = CertificateList::from_der(der).map_err(|e| X509Error::malformed("CRL", e))?;
    if list.to_der().map_err(|e| X509Error::malformed("CRL", e))? != der {
        return Err(X509Error::malformed("CRL", "not in DER"));
    }
    Ok(list)
}

fn secs(d: Duration) -> UnixTime {
    UnixTime::from_secs(d.as_secs()).unwrap_or(UnixTime::MAX)
}

/// The status at `at` of `chain` (leaf first, each certificate followed by
/// its issuer, the anchor's certificate last) under `crls` (DER).
pub(super) fn status(chain: &[Certificate], crls: &[Vec<u8>], at: UnixTime) -> Result<RevocationStatus, X509Error> {
    let lists = crls.iter().map(|d| parse(d)).collect::<Result<Vec<_>, _>>()?;
    let mut uncovered = None;
    let mut leaf_update = None;
    for (n, pair) in chain.windows(2).enumerate() {
        let (cert, issuer) = (&pair[0], &pair[1]);
        let serial = cert.tbs_certificate().serial_number();
        let mut covered = None::<UnixTime>;
        for list in lists.iter().filter(|l| signed_by(l, cert, issuer)) {
            let tbs = &list.tbs_cert_list;
            let this_update = secs(tbs.this_update.to_unix_duration());
            for entry in tbs.revoked_certificates.iter().flatten() {
                let revoked_at = secs(entry.revocation_date.to_unix_duration());
                if entry.serial_number == *serial && revoked_at <= at {
                    return Ok(RevocationStatus::Revoked {
                        certificate: super::name_text(cert.tbs_certificate().subject()),
                        revoked_at,
                    });
                }
            }
            if this_update >= at {
                covered = Some(covered.map_or(this_update, |c| c.max(this_update)));
            }
        }
        if n == 0 {
            leaf_update = covered;
        }
        if covered.is_none() && uncovered.is_none() {
            uncovered = Some(super::name_text(cert.tbs_certificate().subject()));
        }
    }
    Ok(match (uncovered, leaf_update) {
        (None, Some(this_update)) => RevocationStatus::Good { this_update },
        (Some(uncovered), _) => RevocationStatus::Unknown { uncovered },
        (None, None) => RevocationStatus::Unknown {
            uncovered: chain
                .first()
                .map(|c| super::name_text(c.tbs_certificate().subject()))
                .unwrap_or_default(),
        },
    })
}

/// Whether `list` is a CRL of `cert`'s issuer, signed by `issuer`'s key.
fn signed_by(list: &CertificateList, cert: &Certificate, issuer: &Certificate) -> bool {
    let tbs = &list.tbs_cert_list;
    if tbs.issuer != *cert.tbs_certificate().issuer() || tbs.issuer != *issuer.tbs_certificate().subject() {
        return false;
    }
    // The signature algorithm inside and outside the signed part agree
    // (RFC 5280 5.1.1.2).
    if tbs.signature != list.signature_algorithm {
        return false;
    }
    let exts = issuer
        .tbs_certificate()
        .extensions()
        .map(|e| e.as_slice())
        .unwrap_or(&[]);
    if let Some(ext) = exts.iter().find(|e| e.extn_id == oid::KEY_USAGE) {
        match KeyUsage::from_der(ext.extn_value.as_bytes()) {
            Ok(ku) if ku.0.contains(KeyUsages::CRLSign) => {}
            _ => return false,
        }
    }
    let (Ok(message), Some(signature)) = (tbs.to_der(), list.signature.as_bytes()) else {
        return false;
    };
    crate::rfc3161::verify_signed(
        issuer.tbs_certificate().subject_public_key_info(),
        &list.signature_algorithm,
        &message,
        signature,
    )
}
