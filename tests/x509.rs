//! X.509 identities and RFC 3161 tokens in an audit, against OpenSSL: a
//! root CA made by `openssl ca -selfsign`, a certificate for each party's
//! Ed25519 key made by `openssl req` and `openssl ca` from the key the
//! crate exports (PKCS#8), revocation by `openssl ca -revoke -gencrl`, and
//! RFC 3161 tokens made by `openssl ts -reply` for the crate's requests.
//!
//! Each rule of SPEC.md 7.1 and 11.1 has a case that breaks it alone, and
//! the legitimate variants (revoked after signing, expired since, the
//! evidence in the transcript or given beside it) pass clean. Without
//! `openssl` the tests are skipped with a message, unless
//! `ECONTRACT_REQUIRE_INTEROP` is set (as CI sets it): then they fail.

mod rfc3161_pki;
#[path = "common/scenario.rs"]
mod scenario;

use econtract::audit::{Trust, audit_trusting};
use econtract::rfc3161::{MessageImprint, TimeStampReq};
use econtract::*;
use rfc3161_pki::Pki;
use scenario::*;

/// Extensions of party certificates: an end entity for signing.
const PARTY_CNF: &str = "\
[party]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[encipher]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment
";

/// The seller's LEI (a valid ISO 17442 code: GLEIF's own).
const SELLER_LEI: &str = "506700GE1G29325QX363";

struct Ca {
    pki: Pki,
}

impl Ca {
    fn new(name: &str) -> Option<Ca> {
        let pki = Pki::new(name)?;
        pki.write("party.cnf", PARTY_CNF.as_bytes());
        // `openssl ca -gencrl` wants a CRL number file and a CRL period.
        let cnf = String::from_utf8(pki.read("ca.cnf"))
            .unwrap()
            .replace(
                "[testca]\n",
                "[testca]\ncrlnumber = ./crlnumber\ndefault_crl_days = 30\n",
            )
            .replace(
                "commonName = supplied\n",
                "commonName = supplied\norganizationName = optional\norganizationIdentifier = optional\n",
            );
        pki.write("ca.cnf", cnf.as_bytes());
        pki.write("crlnumber", b"01\n");
        Some(Ca { pki })
    }

    /// A certificate (DER) for `p`'s Ed25519 signing key, made by OpenSSL
    /// from the key the crate exports, issued by root `ca` from `start` to
    /// `end`, with the extensions `section`.
    fn certify(&self, p: &PartySecret, file: &str, ca: &str, start: &str, end: &str, section: &str) -> Vec<u8> {
        let pki = &self.pki;
        pki.write(&format!("{file}.key"), p.signing_key_pkcs8_pem().as_bytes());
        let subj = if p.name() == party(Who::Seller).name() {
            format!(
                "/CN={}/O={}/organizationIdentifier=LEIXG-{SELLER_LEI}",
                p.name(),
                p.name()
            )
        } else {
            format!("/CN={}/O={}", p.name(), p.name())
        };
        pki.ok(&[
            "req",
            "-new",
            "-key",
            &format!("{file}.key"),
            "-subj",
            &subj,
            "-config",
            "ext.cnf",
            "-out",
            &format!("{file}.csr"),
        ]);
        let cnf = if ca == "root" {
            "ca.cnf".to_owned()
        } else {
            let c = String::from_utf8(pki.read("ca.cnf"))
                .unwrap()
                .replace("./root.pem", &format!("./{ca}.pem"))
                .replace("./root.key", &format!("./{ca}.key"));
            pki.write(&format!("{ca}.cnf"), c.as_bytes());
            format!("{ca}.cnf")
        };
        pki.ok(&[
            "ca",
            "-batch",
            "-config",
            &cnf,
            "-extfile",
            "party.cnf",
            "-extensions",
            section,
            "-startdate",
            start,
            "-enddate",
            end,
            "-notext",
            "-in",
            &format!("{file}.csr"),
            "-out",
            &format!("{file}.pem"),
        ]);
        pki.ok(&[
            "x509",
            "-in",
            &format!("{file}.pem"),
            "-outform",
            "DER",
            "-out",
            &format!("{file}.der"),
        ]);
        pki.read(&format!("{file}.der"))
    }

    /// Every party of `s` certified by the root, valid 2026 to 2030.
    fn certify_all(&self, s: &Scenario) -> Vec<Vec<u8>> {
        Who::ALL
            .iter()
            .map(|w| {
                self.certify(
                    s.p(*w),
                    &format!("{w:?}"),
                    "root",
                    "20260101000000Z",
                    "20300101000000Z",
                    "party",
                )
            })
            .collect()
    }

    /// Revokes `file`.pem now and returns the CRL (DER).
    fn revoke(&self, file: &str) -> Vec<u8> {
        let pki = &self.pki;
        pki.ok(&["ca", "-config", "ca.cnf", "-revoke", &format!("{file}.pem")]);
        self.crl()
    }

    /// Revokes `file`.pem as of `when` (`YYMMDDHHMMSSZ`, written into
    /// OpenSSL's CA database before the CRL is made) and returns the CRL.
    fn revoke_at(&self, file: &str, when: &str) -> Vec<u8> {
        let pki = &self.pki;
        pki.ok(&["ca", "-config", "ca.cnf", "-revoke", &format!("{file}.pem")]);
        let db = String::from_utf8(pki.read("index.txt")).unwrap();
        let db: String = db
            .lines()
            .map(|l| {
                let mut f: Vec<&str> = l.split('\t').collect();
                if f[0] == "R" {
                    f[2] = when;
                }
                f.join("\t") + "\n"
            })
            .collect();
        pki.write("index.txt", db.as_bytes());
        self.crl()
    }

    /// A CRL of the root, now (DER).
    fn crl(&self) -> Vec<u8> {
        let pki = &self.pki;
        pki.ok(&["ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem"]);
        pki.ok(&["crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der"]);
        pki.read("crl.der")
    }

    fn anchors(&self) -> rfc3161::TrustAnchors {
        self.pki.anchors(&["root"])
    }

    /// An RFC 3161 token for `st`, made by `openssl ts -reply` for the
    /// crate's request, verified by `openssl ts -verify` too.
    fn rfc3161(&self, st: &Statement, name: &str) -> rfc3161::TimeStampToken {
        let pki = &self.pki;
        let req = TimeStampReq::with_random_nonce(MessageImprint::for_statement(st), &mut rng(7));
        pki.write(&format!("{name}.tsq"), &req.to_der());
        pki.reply(&format!("{name}.tsq"), &format!("{name}.tsr"), &[]);
        assert!(pki.openssl_verifies(&[
            "-queryfile",
            &format!("{name}.tsq"),
            "-in",
            &format!("{name}.tsr"),
            "-CAfile",
            "root.pem",
            "-untrusted",
            "tsa.pem"
        ]));
        let (token, _) = req
            .verify_response(&pki.read(&format!("{name}.tsr")), &self.anchors())
            .expect("the crate accepts OpenSSL's reply");
        token
    }
}

fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    use rand_chacha::rand_core::SeedableRng;
    rand_chacha::ChaCha20Rng::seed_from_u64(seed)
}

/// The transcript of `s` followed by certificate, CRL and RFC 3161
/// records.
fn with_records(s: &Scenario, certs: &[Vec<u8>], crls: &[Vec<u8>], tokens: &[rfc3161::TimeStampToken]) -> Vec<u8> {
    let mut w = TranscriptWriter::append(s.bytes());
    for c in certs {
        w.certificate(c).unwrap();
    }
    for c in crls {
        w.crl(c).unwrap();
    }
    for t in tokens {
        w.rfc3161_token(t).unwrap();
    }
    w.finish().unwrap()
}

fn audit(bytes: &[u8], trust: &Trust, policy: Policy) -> Result<Report, TranscriptError> {
    audit_trusting(bytes, trust, policy, AuditOptions::default(), |_| {})
}

fn trust_ca(ca: &Ca) -> Trust {
    Trust {
        ca: Some(ca.anchors()),
        tsa: Some(ca.anchors()),
        ..Trust::default()
    }
}

/// Every finding of `report` is of `rule`, and there is one.
fn only(report: &Report, rule: Rule) {
    assert!(!report.findings.is_empty(), "expected {rule}, found nothing");
    for f in &report.findings {
        assert_eq!(f.rule, rule, "{:#?}", report.findings);
    }
}

fn identity(report: &Report, p: &PartySecret) -> validate::Identity {
    report
        .parties
        .iter()
        .find(|x| x.id == p.id())
        .and_then(|x| x.identity.clone())
        .expect("an identity for every party")
}

#[test]
fn certified_parties_pass_clean_with_subject_and_lei_in_the_report() {
    let Some(ca) = Ca::new("x509-clean") else { return };
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    let crl = ca.crl();
    let bytes = with_records(&s, &certs, &[crl], &[]);
    let r = audit(&bytes, &trust_ca(&ca), Policy::default()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.status, Status::Completed);
    match identity(&r, s.p(Who::Seller)) {
        validate::Identity::Certificate {
            certificate,
            revocation,
            pinned,
            ..
        } => {
            assert_eq!(
                certificate.subject,
                format!(
                    "organizationIdentifier=LEIXG-{SELLER_LEI},O=Santos Coffee Exports Ltda,CN=Santos Coffee Exports Ltda"
                )
            );
            assert_eq!(certificate.lei.as_deref(), Some(SELLER_LEI));
            assert!(certificate.anchor.contains("Test Root root"));
            assert!(!pinned);
            // The CRL was issued now, after every statement (March 2026).
            assert!(
                matches!(revocation, x509::RevocationStatus::Good { .. }),
                "{revocation:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The JSON report carries it.
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"established_by\":\"certificate\"") && json.contains(SELLER_LEI));
}

#[test]
fn long_term_evidence_in_the_transcript_gives_the_same_verdict_as_given_beside_it() {
    let Some(ca) = Ca::new("x509-ltv") else { return };
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    let crl = ca.revoke("Carrier");
    let accept = s.statement("acceptance");
    let token = ca.rfc3161(&accept, "acc");
    // Everything in the transcript; the auditor holds only the two roots.
    let inside = audit(
        &with_records(&s, &certs, std::slice::from_ref(&crl), std::slice::from_ref(&token)),
        &trust_ca(&ca),
        Policy::default(),
    )
    .unwrap();
    // The same certificates and CRL handed to the audit instead.
    let beside_trust = Trust {
        certificates: certs.clone(),
        crls: vec![crl],
        ..trust_ca(&ca)
    };
    let beside = audit(&with_records(&s, &[], &[], &[token]), &beside_trust, Policy::default()).unwrap();
    assert!(inside.findings.is_empty(), "{:#?}", inside.findings);
    assert_eq!(
        serde_json::to_value(&inside).unwrap(),
        serde_json::to_value(&beside).unwrap()
    );
    // The RFC 3161 token counts as a token.
    let plain = s.audit(Policy::default());
    assert_eq!(inside.tokens, plain.tokens + 1);
    // Nothing else: without the certificates the cards are uncertified.
    let bare = audit(&s.bytes(), &trust_ca(&ca), Policy::default()).unwrap();
    only(&bare, Rule::IdCertified);
    assert!(matches!(
        identity(&bare, s.p(Who::Seller)),
        validate::Identity::Unverified { .. }
    ));
}

#[test]
fn a_certificate_revoked_after_the_statements_is_a_finding_only_where_no_token_proves_the_time() {
    let Some(ca) = Ca::new("x509-revoked-later") else {
        return;
    };
    // Statements of March 2026, revocation now (December 2026 or later).
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    let crl = ca.revoke("Seller");
    let r = audit(
        &with_records(&s, &certs, &[crl], &[]),
        &trust_ca(&ca),
        Policy::default(),
    )
    .unwrap();
    // The seller's time-stamped statements stand; its receipts, which no
    // token dates, only claim to be older than the revocation.
    let seller = s.pid(Who::Seller);
    let unstamped: Vec<StatementId> = s
        .records
        .iter()
        .filter_map(|r| match r {
            Rec::St(st) if st.sender() == seller && st.kind() == Kind::Receipt => Some(st.id()),
            _ => None,
        })
        .collect();
    assert!(!unstamped.is_empty());
    only(&r, Rule::CertRevoked);
    let found: Vec<StatementId> = r.findings.iter().filter_map(|f| f.statement).collect();
    assert_eq!(found, unstamped, "{:#?}", r.findings);
    assert!(r.findings.iter().all(|f| f.message.contains("no time-stamp proves it")));
}

#[test]
fn a_statement_after_revocation_is_cert_revoked() {
    let Some(ca) = Ca::new("x509-revoked") else { return };
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    // Revoked at 10:00 on the first day: after the offer (09:00, stamped
    // 09:01), before everything else the seller signs.
    let crl = ca.revoke_at("Seller", "260301100000Z");
    let r = audit(
        &with_records(&s, &certs, std::slice::from_ref(&crl), &[]),
        &trust_ca(&ca),
        Policy::default(),
    )
    .unwrap();
    only(&r, Rule::CertRevoked);
    let seller = s.pid(Who::Seller);
    let after: Vec<StatementId> = s
        .records
        .iter()
        .filter_map(|r| match r {
            Rec::St(st) if st.sender() == seller && st.time() >= UnixTime::from_secs(T0 + H).unwrap() => Some(st.id()),
            _ => None,
        })
        .collect();
    let found: Vec<StatementId> = r.findings.iter().filter_map(|f| f.statement).collect();
    assert_eq!(found, after, "{:#?}", r.findings);
    assert!(!found.contains(&s.id("offer")));
    // Without the CRL, nothing shows it: the report says revocation was
    // not checked.
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    assert!(r.findings.is_empty());
    match identity(&r, s.p(Who::Seller)) {
        validate::Identity::Certificate { revocation, .. } => {
            assert!(
                matches!(revocation, x509::RevocationStatus::Unknown { .. }),
                "{revocation:?}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_statement_outside_the_certificate_validity_is_cert_validity() {
    let Some(ca) = Ca::new("x509-validity") else { return };
    let s = Scenario::complete(Variant::default());
    let mut certs = ca.certify_all(&s);
    // The seller's certificate starts in June 2026, after its statements.
    certs[0] = ca.certify(
        s.p(Who::Seller),
        "SellerLate",
        "root",
        "20260601000000Z",
        "20300101000000Z",
        "party",
    );
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    only(&r, Rule::CertValidity);
}

#[test]
fn a_certificate_expired_since_is_no_finding() {
    let Some(ca) = Ca::new("x509-expired") else { return };
    let s = Scenario::complete(Variant::default());
    let mut certs = ca.certify_all(&s);
    // Valid from 2026-01-01 to 2026-11-01: expired at audit time, valid
    // when every statement was made and stamped (March to April 2026).
    certs[0] = ca.certify(
        s.p(Who::Seller),
        "SellerExpired",
        "root",
        "20260101000000Z",
        "20261101000000Z",
        "party",
    );
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn an_untrusted_ca_or_a_key_usage_for_encryption_leaves_the_signer_unverified_and_id_certified() {
    let Some(ca) = Ca::new("x509-untrusted") else { return };
    ca.pki.root("other");
    let s = Scenario::complete(Variant::default());
    let mut certs = ca.certify_all(&s);
    certs[0] = ca.certify(
        s.p(Who::Seller),
        "SellerOther",
        "other",
        "20260101000000Z",
        "20300101000000Z",
        "party",
    );
    // The seller signs, and nothing establishes who it is: ID-CERTIFIED,
    // and the report says why.
    let seller_alone = |r: &Report| {
        only(r, Rule::IdCertified);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].statement, Some(s.id("offer")));
    };
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    seller_alone(&r);
    match identity(&r, s.p(Who::Seller)) {
        validate::Identity::Unverified { reason } => assert!(reason.contains("does not chain"), "{reason}"),
        other => panic!("{other:?}"),
    }
    certs[0] = ca.certify(
        s.p(Who::Seller),
        "SellerEnc",
        "root",
        "20260101000000Z",
        "20300101000000Z",
        "encipher",
    );
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    seller_alone(&r);
    match identity(&r, s.p(Who::Seller)) {
        validate::Identity::Unverified { reason } => assert!(reason.contains("key usage"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // Pinning the seller's card instead establishes it that way.
    let pinned: CardSet = [s.p(Who::Seller).card().clone()].into_iter().collect();
    let trust = Trust {
        cards: Some(pinned),
        ..trust_ca(&ca)
    };
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust, Policy::default()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(identity(&r, s.p(Who::Seller)), validate::Identity::PinnedCard);
}

#[test]
fn a_pinned_party_without_certificate_is_id_certified_when_the_policy_requires_it() {
    let Some(ca) = Ca::new("x509-required") else { return };
    let s = Scenario::complete(Variant::default());
    let mut certs = ca.certify_all(&s);
    let buyer = Who::ALL.iter().position(|w| *w == Who::Buyer).unwrap();
    certs.remove(buyer);
    let trust = Trust {
        cards: Some(s.cards()),
        ..trust_ca(&ca)
    };
    let bytes = with_records(&s, &certs, &[], &[]);
    let policy = Policy {
        require_certified: true,
        ..Policy::default()
    };
    let r = audit(&bytes, &trust, policy).unwrap();
    only(&r, Rule::IdCertified);
    assert_eq!(r.findings.len(), 1);
    // The same under the default policy: clean.
    let r = audit(&bytes, &trust, Policy::default()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn own_format_tokens_are_time_rfc3161_when_the_policy_requires_rfc3161() {
    let Some(ca) = Ca::new("x509-rfc3161") else { return };
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    let token = ca.rfc3161(&s.statement("acceptance"), "acc");
    let bytes = with_records(&s, &certs, &[], &[token]);
    let policy = Policy {
        require_rfc3161: true,
        // The acceptance's only RFC 3161 token is made now, months after
        // it took effect (FORM-TIMESTAMP would say so): not this case.
        require_acceptance_timestamp: false,
        ..Policy::default()
    };
    let r = audit(&bytes, &trust_ca(&ca), policy.clone()).unwrap();
    only(&r, Rule::TimeRfc3161);
    assert_eq!(
        r.findings.len(),
        s.records.iter().filter(|r| matches!(r, Rec::Tok(_))).count()
    );
    // Without the policy, the same transcript is clean.
    let r = audit(&bytes, &trust_ca(&ca), Policy::default()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn forged_altered_or_untrusted_rfc3161_tokens_make_the_transcript_unverifiable() {
    let Some(ca) = Ca::new("x509-badtoken") else { return };
    ca.pki.root("other");
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    let token = ca.rfc3161(&s.statement("acceptance"), "acc");
    // Untrusted TSA root.
    let trust = Trust {
        tsa: Some(ca.pki.anchors(&["other"])),
        ..trust_ca(&ca)
    };
    let bytes = with_records(&s, &certs, &[], std::slice::from_ref(&token));
    assert!(matches!(
        audit(&bytes, &trust, Policy::default()),
        Err(TranscriptError::Rfc3161 {
            error: rfc3161::Rfc3161Error::UntrustedChain(_),
            ..
        })
    ));
    // No TSA anchors at all.
    let trust = Trust {
        tsa: None,
        ..trust_ca(&ca)
    };
    assert!(matches!(
        audit(&bytes, &trust, Policy::default()),
        Err(TranscriptError::Rfc3161 { .. })
    ));
    // One byte of the token's signature changed: refused, whatever the
    // byte (the signature is the DER's last bytes).
    let der = token.as_der();
    for back in [1, 7, 30] {
        let mut bad = der.to_vec();
        let i = bad.len() - back;
        bad[i] ^= 0x01;
        // Written raw (the writer takes only a decoded token): [4, bstr].
        let mut bytes = with_records(&s, &certs, &[], &[]);
        bytes.extend_from_slice(&[0x82, 0x04, 0x59]);
        bytes.extend_from_slice(&u16::try_from(bad.len()).unwrap().to_be_bytes());
        bytes.extend_from_slice(&bad);
        assert!(
            matches!(
                audit(&bytes, &trust_ca(&ca), Policy::default()),
                Err(TranscriptError::Rfc3161 { .. })
            ),
            "byte {i}"
        );
    }
}

#[test]
fn a_token_of_a_statement_not_in_the_transcript_is_chain_dangling() {
    let Some(ca) = Ca::new("x509-dangling") else { return };
    let s = Scenario::complete(Variant::default());
    // Another contract (other terms), whose acceptance this one lacks.
    let other = Scenario::complete(Variant {
        incoterm: Incoterm::Fob,
        ..Variant::default()
    });
    let certs = ca.certify_all(&s);
    let token = ca.rfc3161(&other.statement("acceptance"), "other");
    let r = audit(
        &with_records(&s, &certs, &[], &[token]),
        &trust_ca(&ca),
        Policy::default(),
    )
    .unwrap();
    only(&r, Rule::ChainDangling);
}

#[test]
fn unknown_revocation_status_is_cert_revocation_when_the_policy_requires_it() {
    let Some(ca) = Ca::new("x509-status") else { return };
    let s = Scenario::complete(Variant::default());
    let certs = ca.certify_all(&s);
    let policy = Policy {
        require_revocation_status: true,
        ..Policy::default()
    };
    // No CRL: every signed statement's status is unknown.
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), policy.clone()).unwrap();
    only(&r, Rule::CertRevocation);
    // A CRL of the root issued now, after every statement: known, clean.
    let r = audit(&with_records(&s, &certs, &[ca.crl()], &[]), &trust_ca(&ca), policy).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn a_successor_key_is_checked_with_its_own_certificate() {
    let Some(ca) = Ca::new("x509-successor") else { return };
    let mut s = Scenario::new(Variant::default());
    s.offer().accept();
    s.retire(Who::Seller, &[Who::Buyer, Who::Carrier, Who::Insurer], H + 30 * 60);
    s.instruct()
        .prove()
        .notify()
        .collect()
        .pay()
        .transfer()
        .pay_draft()
        .remit();
    let mut certs = ca.certify_all(&s);
    let successor = s.p(Who::Seller);
    assert_ne!(successor.id(), party(Who::Seller).id());
    // The cast's certificates were made for the keys the scenario holds
    // now: the seller's is the successor's. Certify the retired key too.
    certs.push(ca.certify(
        &party(Who::Seller),
        "SellerRetired",
        "root",
        "20260101000000Z",
        "20300101000000Z",
        "party",
    ));
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert!(matches!(
        identity(&r, successor),
        validate::Identity::Certificate { .. }
    ));
    // Without the successor's certificate, what the successor signs is
    // not established, although the retired key's certificate is valid.
    certs.remove(0);
    let r = audit(&with_records(&s, &certs, &[], &[]), &trust_ca(&ca), Policy::default()).unwrap();
    only(&r, Rule::IdCertified);
    assert!(
        r.findings[0].message.contains(&successor.id().to_string()),
        "{:#?}",
        r.findings
    );
}
