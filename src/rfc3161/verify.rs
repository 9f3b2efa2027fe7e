//! Offline verification of a time-stamp token (module docs list the steps).

use std::time::Duration;

use cms::cert::CertificateChoices;
use cms::signed_data::{SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::asn1::OctetString;
use der::{Decode, Encode};
use rustls_pki_types::{CertificateDer, UnixTime as PkiTime};
use sha1::Sha1;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName, SubjectKeyIdentifier};

use super::algs::{self, Hash};
use super::asn1::{IssuerSerialAsn, SigningCertificateAsn, SigningCertificateV2Asn};
use super::request::{MessageImprint, Nonce, TimeStampReq};
use super::response::{TimeStampResp, TimeStampToken, TstInfo};
use super::trust::{MAX_CERTIFICATES, TrustAnchors};
use super::{Rfc3161Error, oid};
use crate::Verified;
use crate::ids::UnixTime;

/// id-kp-timeStamping's DER content bytes, for rustls-webpki.
const KP_TIME_STAMPING_DER: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08];

/// What a verified token attests: its TSTInfo, and the certificate of the
/// TSA that signed it (which chains to one of the verifier's anchors).
///
/// Only [`TimeStampToken::verify`] and [`TimeStampReq::verify_response`]
/// make one, inside [`Verified`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedTimestamp {
    tst_info: TstInfo,
    signer_der: Vec<u8>,
    signer_subject: String,
    token_der: Vec<u8>,
}

impl VerifiedTimestamp {
    /// The time the TSA attests (genTime), whole seconds.
    pub fn gen_time(&self) -> UnixTime {
        self.tst_info.gen_time
    }

    /// The serial number, lowercase hex of its two's-complement bytes.
    pub fn serial_hex(&self) -> String {
        self.tst_info.serial_hex()
    }

    /// The TSA policy, dotted.
    pub fn policy(&self) -> &str {
        &self.tst_info.policy
    }

    /// The `tsa` name of the TSTInfo, if the TSA gave one.
    pub fn tsa_name(&self) -> Option<&str> {
        self.tst_info.tsa.as_deref()
    }

    /// The whole TSTInfo.
    pub fn tst_info(&self) -> &TstInfo {
        &self.tst_info
    }

    /// The TSA certificate (DER) that signed the token.
    pub fn signer_certificate_der(&self) -> &[u8] {
        &self.signer_der
    }

    /// The TSA certificate's subject, RFC 4514.
    pub fn signer_subject(&self) -> &str {
        &self.signer_subject
    }

    /// The token's exact bytes.
    pub fn token_der(&self) -> &[u8] {
        &self.token_der
    }
}

impl TimeStampReq {
    /// Reads the TSA's response to this request and verifies its token
    /// ([`TimeStampToken::verify`]) against this request's imprint, nonce
    /// and policy.
    pub fn verify_response(
        &self,
        response_der: &[u8],
        anchors: &TrustAnchors,
    ) -> Result<(TimeStampToken, Verified<VerifiedTimestamp>), Rfc3161Error> {
        let resp = TimeStampResp::from_der(response_der)?;
        let token = resp
            .into_token()
            .ok_or_else(|| Rfc3161Error::malformed("TimeStampResp", "no token"))?;
        let verified = token.verify_inner(self.imprint(), self.nonce(), self.policy_oid(), anchors)?;
        Ok((token, verified))
    }
}

impl TimeStampToken {
    /// Verifies the token offline, for `imprint` and, if one was sent,
    /// `nonce` (an archived token is checked without: the nonce only ties
    /// a response to its request). The steps are those of the module
    /// documentation; path validation is at the token's genTime.
    pub fn verify(
        &self,
        imprint: &MessageImprint,
        nonce: Option<&Nonce>,
        anchors: &TrustAnchors,
    ) -> Result<Verified<VerifiedTimestamp>, Rfc3161Error> {
        self.verify_inner(imprint, nonce, None, anchors)
    }

    fn verify_inner(
        &self,
        imprint: &MessageImprint,
        nonce: Option<&Nonce>,
        policy: Option<ObjectIdentifier>,
        anchors: &TrustAnchors,
    ) -> Result<Verified<VerifiedTimestamp>, Rfc3161Error> {
        // Step 2: the certificates, and the signer's among them.
        let mut certs: Vec<(Certificate, Vec<u8>)> = Vec::new();
        if let Some(set) = &self.signed_data.certificates {
            for choice in set.0.iter() {
                if let CertificateChoices::Certificate(c) = choice {
                    let der = c.to_der().map_err(|e| Rfc3161Error::malformed("certificate", e))?;
                    certs.push((c.clone(), der));
                }
            }
        }
        for der in &anchors.extra {
            let c = Certificate::from_der(der).map_err(|e| Rfc3161Error::malformed("certificate", e))?;
            certs.push((c, der.clone()));
        }
        if certs.len() > MAX_CERTIFICATES {
            return Err(Rfc3161Error::TooLarge {
                what: "certificates of the token",
                len: certs.len(),
                max: MAX_CERTIFICATES,
            });
        }
        let Some(si) = self.signed_data.signer_infos.0.iter().next() else {
            return Err(Rfc3161Error::malformed("TimeStampToken", "no SignerInfo"));
        };
        let Some(signer_index) = certs.iter().position(|(c, _)| is_signer(si, c)) else {
            return Err(Rfc3161Error::SignerCertificate(
                "the signer certificate is neither in the token nor among the extra certificates",
            ));
        };
        let (signer, signer_der) = &certs[signer_index];

        // Step 3: the CMS signature (RFC 5652 5.4, 5.6).
        check_cms_signature(si, signer, &self.tst_der)?;

        // Step 4: the ESS signing-certificate attribute (RFC 3161 2.4.2, RFC 5816).
        check_ess(si, signer, signer_der)?;

        // Step 5: what is stamped.
        if self.tst_info.imprint.as_ref() != Some(imprint) {
            return Err(Rfc3161Error::ImprintMismatch);
        }
        if let Some(n) = nonce
            && self.tst_info.nonce_der.as_deref() != Some(n.to_integer_der().as_slice())
        {
            return Err(Rfc3161Error::NonceMismatch);
        }
        if let Some(p) = policy
            && p != self.tst_info.policy_oid
        {
            return Err(Rfc3161Error::PolicyMismatch {
                wanted: p.to_string(),
                got: self.tst_info.policy.clone(),
            });
        }

        if let Some(name) = &self.tst_info.tsa_name
            && !names_subject(signer, name)
        {
            return Err(Rfc3161Error::TsaNameMismatch);
        }

        // Step 6: the TSA certificate's usages (RFC 3161 2.3).
        check_usages(signer)?;

        // Step 7: the path, at genTime.
        let intermediates: Vec<CertificateDer<'_>> = certs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != signer_index)
            .map(|(_, (_, der))| CertificateDer::from(der.as_slice()))
            .collect();
        check_path(
            signer_der,
            &intermediates,
            anchors,
            self.tst_info.gen_time,
            &self.tst_info.gen_time_text,
        )?;

        Ok(Verified(VerifiedTimestamp {
            tst_info: self.tst_info.clone(),
            signer_der: signer_der.clone(),
            signer_subject: signer.tbs_certificate().subject().to_string(),
            token_der: self.as_der().to_vec(),
        }))
    }
}

/// Whether `cert` is the one the SignerInfo names (RFC 5652 5.3).
fn is_signer(si: &SignerInfo, cert: &Certificate) -> bool {
    let tbs = cert.tbs_certificate();
    match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            isn.issuer == *tbs.issuer() && isn.serial_number == *tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            matches!(tbs.get_extension::<SubjectKeyIdentifier>(), Ok(Some((_, own))) if own == *ski)
        }
    }
}

/// Whether `name` is the certificate's subject (a directory name) or one
/// of its subject alternative names.
fn names_subject(cert: &Certificate, name: &GeneralName) -> bool {
    let tbs = cert.tbs_certificate();
    if let GeneralName::DirectoryName(n) = name
        && n == tbs.subject()
    {
        return true;
    }
    matches!(tbs.get_extension::<SubjectAltName>(), Ok(Some((_, san))) if san.0.contains(name))
}

/// The one value of the one attribute of type `oid`; `Ok(None)` if absent.
fn single_attr<'a>(
    attrs: &'a [Attribute],
    oid: ObjectIdentifier,
    err: &'static str,
) -> Result<Option<&'a der::Any>, Rfc3161Error> {
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let Some(first) = found.next() else { return Ok(None) };
    if found.next().is_some() || first.values.len() != 1 {
        return Err(Rfc3161Error::BadSignature(err));
    }
    Ok(first.values.iter().next())
}

fn check_cms_signature(si: &SignerInfo, signer: &Certificate, tst_der: &[u8]) -> Result<(), Rfc3161Error> {
    let digest = Hash::from_alg(&si.digest_alg)?;
    let Some(attrs) = &si.signed_attrs else {
        return Err(Rfc3161Error::BadSignature(
            "no signed attributes (RFC 3161 2.4.2 needs them)",
        ));
    };
    let list: Vec<Attribute> = attrs.iter().cloned().collect();
    const CT: &str = "the content-type attribute is missing, repeated or not id-ct-TSTInfo";
    let ct = single_attr(&list, oid::CONTENT_TYPE, CT)?.ok_or(Rfc3161Error::BadSignature(CT))?;
    if ct.decode_as::<ObjectIdentifier>().ok() != Some(oid::TST_INFO) {
        return Err(Rfc3161Error::BadSignature(CT));
    }
    const MD: &str = "the message-digest attribute is missing, repeated or not the TSTInfo's digest";
    let md = single_attr(&list, oid::MESSAGE_DIGEST, MD)?.ok_or(Rfc3161Error::BadSignature(MD))?;
    let md = md
        .decode_as::<OctetString>()
        .map_err(|_| Rfc3161Error::BadSignature(MD))?;
    if md.as_bytes() != digest.digest(tst_der).as_slice() {
        return Err(Rfc3161Error::BadSignature(MD));
    }
    // The signature is over the DER of the attributes with the SET OF tag
    // (RFC 5652 5.4), not the [0] IMPLICIT of the SignerInfo. The token
    // re-encodes to its own bytes (checked when it was decoded), so these
    // are the bytes received.
    let signed = attrs
        .to_der()
        .map_err(|e| Rfc3161Error::malformed("signed attributes", e))?;
    let spki = signer.tbs_certificate().subject_public_key_info();
    algs::verify_cms(spki, &si.signature_algorithm, digest, &signed, si.signature.as_bytes())
}

fn check_ess(si: &SignerInfo, signer: &Certificate, signer_der: &[u8]) -> Result<(), Rfc3161Error> {
    const BAD: &str = "the ESS signing-certificate attribute does not name the signer certificate";
    let list: Vec<Attribute> = si.signed_attrs.iter().flat_map(|a| a.iter().cloned()).collect();
    let v1 = single_attr(&list, oid::SIGNING_CERTIFICATE, BAD).map_err(|_| Rfc3161Error::SignerCertificate(BAD))?;
    let v2 = single_attr(&list, oid::SIGNING_CERTIFICATE_V2, BAD).map_err(|_| Rfc3161Error::SignerCertificate(BAD))?;
    if v1.is_none() && v2.is_none() {
        return Err(Rfc3161Error::SignerCertificate(
            "no ESS signing-certificate(-v2) attribute (RFC 3161 2.4.2, RFC 5816)",
        ));
    }
    // The first ESSCertID names the signer (RFC 2634 5.4; RFC 5035 3);
    // each attribute present must name it.
    if let Some(v) = v1 {
        let sc: SigningCertificateAsn = v
            .decode_as()
            .map_err(|e| Rfc3161Error::malformed("SigningCertificate", e))?;
        let first = sc.certs.first().ok_or(Rfc3161Error::SignerCertificate(BAD))?;
        use sha1::Digest as _;
        if first.cert_hash.as_bytes() != Sha1::digest(signer_der).as_slice() {
            return Err(Rfc3161Error::SignerCertificate(BAD));
        }
        check_issuer_serial(first.issuer_serial.as_ref(), signer)?;
    }
    if let Some(v) = v2 {
        let sc: SigningCertificateV2Asn = v
            .decode_as()
            .map_err(|e| Rfc3161Error::malformed("SigningCertificateV2", e))?;
        let first = sc.certs.first().ok_or(Rfc3161Error::SignerCertificate(BAD))?;
        let hash = match &first.hash_algorithm {
            None => Hash::Sha256,
            Some(alg) => Hash::from_alg(alg)?,
        };
        if first.cert_hash.as_bytes() != hash.digest(signer_der).as_slice() {
            return Err(Rfc3161Error::SignerCertificate(BAD));
        }
        check_issuer_serial(first.issuer_serial.as_ref(), signer)?;
    }
    Ok(())
}

fn check_issuer_serial(is: Option<&IssuerSerialAsn>, signer: &Certificate) -> Result<(), Rfc3161Error> {
    const BAD: &str = "the ESS issuerSerial does not name the signer certificate";
    let Some(is) = is else { return Ok(()) };
    let tbs = signer.tbs_certificate();
    if is.serial_number.as_bytes() != tbs.serial_number().as_bytes() {
        return Err(Rfc3161Error::SignerCertificate(BAD));
    }
    let names_issuer = is
        .issuer
        .iter()
        .any(|g| matches!(g, GeneralName::DirectoryName(n) if n == tbs.issuer()));
    if !names_issuer {
        return Err(Rfc3161Error::SignerCertificate(BAD));
    }
    Ok(())
}

/// RFC 3161 2.3: "The corresponding certificate MUST contain only one
/// instance of the extended key usage field extension ... with
/// KeyPurposeID having value id-kp-timeStamping. This extension MUST be
/// critical." A key usage, if present, allows only digitalSignature and
/// nonRepudiation (as OpenSSL's timestamp-signing purpose requires).
fn check_usages(signer: &Certificate) -> Result<(), Rfc3161Error> {
    let exts = signer
        .tbs_certificate()
        .extensions()
        .map(|e| e.as_slice())
        .unwrap_or(&[]);
    let mut eku = exts.iter().filter(|e| e.extn_id == oid::EXT_KEY_USAGE);
    let Some(ext) = eku.next() else {
        return Err(Rfc3161Error::TimeStampingUsage("no extended key usage extension"));
    };
    if eku.next().is_some() {
        return Err(Rfc3161Error::TimeStampingUsage(
            "more than one extended key usage extension",
        ));
    }
    if !ext.critical {
        return Err(Rfc3161Error::TimeStampingUsage(
            "the extended key usage extension is not critical",
        ));
    }
    let purposes = ExtendedKeyUsage::from_der(ext.extn_value.as_bytes())
        .map_err(|e| Rfc3161Error::malformed("extended key usage", e))?;
    if purposes.0.as_slice() != [oid::KP_TIME_STAMPING] {
        return Err(Rfc3161Error::TimeStampingUsage(
            "the extended key usage is not id-kp-timeStamping alone",
        ));
    }
    let mut ku = exts.iter().filter(|e| e.extn_id == oid::KEY_USAGE);
    if let Some(ext) = ku.next() {
        if ku.next().is_some() {
            return Err(Rfc3161Error::KeyUsage);
        }
        let usage =
            KeyUsage::from_der(ext.extn_value.as_bytes()).map_err(|e| Rfc3161Error::malformed("key usage", e))?;
        let allowed = KeyUsages::DigitalSignature | KeyUsages::NonRepudiation;
        let bits = usage.0;
        if bits.is_empty() || !(bits & !allowed).is_empty() {
            return Err(Rfc3161Error::KeyUsage);
        }
    }
    Ok(())
}

fn check_path(
    signer_der: &[u8],
    intermediates: &[CertificateDer<'_>],
    anchors: &TrustAnchors,
    gen_time: UnixTime,
    gen_time_text: &str,
) -> Result<(), Rfc3161Error> {
    let root_ders: Vec<CertificateDer<'_>> = anchors
        .roots
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let mut roots = Vec::with_capacity(root_ders.len());
    for d in &root_ders {
        roots.push(
            webpki::anchor_from_trusted_cert(d)
                .map_err(|e| Rfc3161Error::UntrustedChain(format!("trust anchor: {e}")))?,
        );
    }
    if roots.is_empty() {
        return Err(Rfc3161Error::UntrustedChain(
            "the verifier names no trust anchor".into(),
        ));
    }
    let signer_cert = CertificateDer::from(signer_der);
    let ee = webpki::EndEntityCert::try_from(&signer_cert)
        .map_err(|e| Rfc3161Error::UntrustedChain(format!("TSA certificate: {e}")))?;
    let time = PkiTime::since_unix_epoch(Duration::from_secs(gen_time.as_secs()));
    let usage = webpki::KeyUsage::required(KP_TIME_STAMPING_DER);
    let not_valid = || Rfc3161Error::NotValidAtTime {
        gen_time: format!("{} ({gen_time_text})", gen_time.to_rfc3339()),
    };
    match ee.verify_for_usage(algs::WEBPKI_ALGS, &roots, intermediates, time, usage, None, None) {
        Ok(path) => {
            // rustls-webpki takes an anchor as a name and a key (RFC 5280
            // 6.1.1(d)) and does not look at its validity; as OpenSSL
            // does, the root certificate must also be valid at genTime.
            let i = roots
                .iter()
                .position(|r| std::ptr::eq(r, path.anchor()))
                .ok_or_else(|| Rfc3161Error::UntrustedChain("path to an unknown anchor".into()))?;
            let root =
                Certificate::from_der(&anchors.roots[i]).map_err(|e| Rfc3161Error::malformed("certificate", e))?;
            let validity = root.tbs_certificate().validity();
            let t = Duration::from_secs(gen_time.as_secs());
            if t < validity.not_before.to_unix_duration() || t > validity.not_after.to_unix_duration() {
                return Err(not_valid());
            }
            Ok(())
        }
        Err(webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. }) => Err(not_valid()),
        Err(webpki::Error::RequiredEkuNotFoundContext(_)) => Err(Rfc3161Error::TimeStampingUsage(
            "a certificate of the path does not allow id-kp-timeStamping",
        )),
        Err(e) => Err(Rfc3161Error::UntrustedChain(e.to_string())),
    }
}
