//! The trust anchors (root certificates) a verifier names, and any extra
//! certificates (intermediates, or a TSA certificate a token lacks).

use der::{Decode, Encode};
use x509_cert::Certificate;

use super::{MAX_RFC3161_SIZE, Rfc3161Error, check_size};

/// Most certificates a [`TrustAnchors`] holds (roots and extras together).
pub const MAX_CERTIFICATES: usize = 256;

/// The roots a verifier trusts for time-stamping, and extra certificates
/// that may help build a path (not trusted themselves).
///
/// Each certificate is checked to be DER X.509 when added; the roots are
/// taken as trust anchors (their name, key and name constraints; RFC 5280
/// 6.1.1(d)), so their own validity period is not checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustAnchors {
    pub(crate) roots: Vec<Vec<u8>>,
    pub(crate) extra: Vec<Vec<u8>>,
}

impl TrustAnchors {
    /// No anchors: nothing verifies until one is added.
    pub fn new() -> TrustAnchors {
        TrustAnchors::default()
    }

    /// Adds a root given as DER.
    pub fn add_root_der(&mut self, der: &[u8]) -> Result<&mut TrustAnchors, Rfc3161Error> {
        let der = checked_der(der)?;
        self.push(true, der)?;
        Ok(self)
    }

    /// Adds every certificate of a PEM text (`-----BEGIN CERTIFICATE-----`
    /// blocks, as `openssl x509` writes them) as a root. A text without a
    /// certificate is an error.
    pub fn add_roots_pem(&mut self, pem: &[u8]) -> Result<&mut TrustAnchors, Rfc3161Error> {
        for der in pem_certs(pem)? {
            self.push(true, der)?;
        }
        Ok(self)
    }

    /// Adds an extra (untrusted) certificate given as DER.
    pub fn add_extra_der(&mut self, der: &[u8]) -> Result<&mut TrustAnchors, Rfc3161Error> {
        let der = checked_der(der)?;
        self.push(false, der)?;
        Ok(self)
    }

    /// Adds every certificate of a PEM text as an extra (untrusted) one.
    pub fn add_extra_pem(&mut self, pem: &[u8]) -> Result<&mut TrustAnchors, Rfc3161Error> {
        for der in pem_certs(pem)? {
            self.push(false, der)?;
        }
        Ok(self)
    }

    /// How many roots.
    pub fn roots(&self) -> usize {
        self.roots.len()
    }

    fn push(&mut self, root: bool, der: Vec<u8>) -> Result<(), Rfc3161Error> {
        if self.roots.len() + self.extra.len() >= MAX_CERTIFICATES {
            return Err(Rfc3161Error::TooLarge {
                what: "trust anchor set (certificates)",
                len: MAX_CERTIFICATES + 1,
                max: MAX_CERTIFICATES,
            });
        }
        if root {
            self.roots.push(der)
        } else {
            self.extra.push(der)
        }
        Ok(())
    }
}

fn checked_der(der: &[u8]) -> Result<Vec<u8>, Rfc3161Error> {
    check_size("certificate", der)?;
    let cert = Certificate::from_der(der).map_err(|e| Rfc3161Error::malformed("certificate", e))?;
    if cert.to_der().ok().as_deref() != Some(der) {
        return Err(Rfc3161Error::malformed("certificate", "not in DER"));
    }
    Ok(der.to_vec())
}

fn pem_certs(pem: &[u8]) -> Result<Vec<Vec<u8>>, Rfc3161Error> {
    if pem.len() > MAX_RFC3161_SIZE * 4 {
        return Err(Rfc3161Error::TooLarge {
            what: "PEM text",
            len: pem.len(),
            max: MAX_RFC3161_SIZE * 4,
        });
    }
    let certs = Certificate::load_pem_chain(pem).map_err(|e| Rfc3161Error::malformed("PEM certificates", e))?;
    if certs.is_empty() {
        return Err(Rfc3161Error::malformed("PEM certificates", "no certificate"));
    }
    if certs.len() > MAX_CERTIFICATES {
        return Err(Rfc3161Error::TooLarge {
            what: "PEM text (certificates)",
            len: certs.len(),
            max: MAX_CERTIFICATES,
        });
    }
    certs
        .iter()
        .map(|c| {
            let der = c.to_der().map_err(|e| Rfc3161Error::malformed("certificate", e))?;
            check_size("certificate", &der)?;
            Ok(der)
        })
        .collect()
}
