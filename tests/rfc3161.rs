//! RFC 3161 time-stamps against OpenSSL: a test PKI (root CA, TSA
//! certificates) made with `openssl req` / `openssl x509` / `openssl ca`,
//! replies made by `openssl ts -reply`, tokens re-signed by `openssl cms
//! -sign -cades` where `openssl ts` cannot make them (a TSA certificate
//! without the time-stamping EKU, an old genTime).
//!
//! Every expected outcome is OpenSSL's own verdict (`openssl ts -verify`,
//! asserted in the same test) or a rule of RFC 3161, never the crate's.
//! Without `openssl` the tests are skipped with a message, unless
//! `ECONTRACT_REQUIRE_INTEROP` is set (as CI sets it): then they fail.

mod rfc3161_pki;

use std::path::Path;

use econtract::rfc3161::{MessageImprint, Nonce, PkiStatus, Rfc3161Error, TimeStampReq, TimeStampResp, TimeStampToken};
use rfc3161_pki::*;

/// A request the crate writes is answered by `openssl ts -reply`; the reply
/// verifies with `openssl ts -verify` and in the crate, for ESS
/// signing-certificate-v2 (SHA-256) and v1 (SHA-1) alike; the verified
/// value carries the TSTInfo's fields.
#[test]
fn crate_request_answered_by_openssl_verifies_in_both() {
    let Some(pki) = Pki::new("roundtrip") else { return };
    let anchors = pki.anchors(&["root"]);
    for (i, section) in ["v2", "v1"].into_iter().enumerate() {
        let imprint = MessageImprint::sha256(digest(i as u8));
        let req = TimeStampReq::new(imprint, Nonce::from_bytes(&[0x5a, 0x01, 0x02, 0x03, i as u8]).unwrap());
        let (q, r) = (format!("q{i}.tsq"), format!("r{i}.tsr"));
        pki.write(&q, &req.to_der());
        let before = now_secs();
        pki.reply(&q, &r, &["-section", section]);
        let after = now_secs();
        assert!(
            pki.openssl_verifies(&[
                "-queryfile",
                &q,
                "-in",
                &r,
                "-CAfile",
                "root.pem",
                "-untrusted",
                "tsa.pem"
            ]),
            "OpenSSL refuses its own reply to the crate's request"
        );
        let (token, v) = req.verify_response(&pki.read(&r), &anchors).unwrap();
        assert!(v.gen_time().as_secs() >= before && v.gen_time().as_secs() <= after);
        assert_eq!(v.policy(), "1.2.3.4.1");
        assert!(v.signer_subject().contains("CN=Test TSA"), "{}", v.signer_subject());
        assert_eq!(v.tst_info().imprint, Some(imprint));
        assert_eq!(v.token_der(), token.as_der());
        if section == "v2" {
            assert!(
                v.tsa_name().is_some_and(|n| n.contains("Test TSA")),
                "{:?}",
                v.tsa_name()
            );
            assert!(v.tst_info().ordering);
            let acc = v.tst_info().accuracy.unwrap();
            assert_eq!((acc.seconds, acc.millis, acc.micros), (1, 500, 100));
        }
        // The archived token alone (no nonce) verifies too.
        let again = TimeStampToken::from_der(token.as_der()).unwrap();
        assert_eq!(again.verify(&imprint, None, &anchors).unwrap().gen_time(), v.gen_time());
    }
}

/// A request made by `openssl ts -query -digest HEX -sha256 -cert` is read
/// by the crate, and the crate writes the same request, byte for byte,
/// from the same imprint and nonce (and policy).
#[test]
fn openssl_request_is_the_request_the_crate_makes() {
    let Some(pki) = Pki::new("query") else { return };
    let d = digest(0x42);
    pki.ok(&["ts", "-query", "-digest", &hex(&d), "-sha256", "-cert", "-out", "o.tsq"]);
    pki.ok(&[
        "ts",
        "-query",
        "-digest",
        &hex(&d),
        "-sha256",
        "-cert",
        "-tspolicy",
        "1.2.3.4.5",
        "-out",
        "p.tsq",
    ]);
    for (file, policy) in [("o.tsq", None), ("p.tsq", Some("1.2.3.4.5"))] {
        let bytes = pki.read(file);
        let parsed = TimeStampReq::from_der(&bytes).unwrap();
        assert_eq!(parsed.imprint(), &MessageImprint::sha256(d));
        assert!(parsed.cert_req());
        assert_eq!(parsed.requested_policy().as_deref(), policy);
        let nonce = parsed.nonce().expect("openssl sends a nonce by default").clone();
        let mut ours = TimeStampReq::new(MessageImprint::sha256(d), nonce);
        if let Some(p) = policy {
            ours = ours.policy(p).unwrap();
        }
        assert_eq!(hex(&ours.to_der()), hex(&bytes));
    }
    // Without -cert, certReq is absent (DEFAULT FALSE), and is read so.
    pki.ok(&[
        "ts",
        "-query",
        "-digest",
        &hex(&d),
        "-sha256",
        "-no_nonce",
        "-out",
        "n.tsq",
    ]);
    let parsed = TimeStampReq::from_der(&pki.read("n.tsq")).unwrap();
    assert!(!parsed.cert_req());
    assert!(parsed.nonce().is_none());
}

/// One byte of the TSTInfo changed (the last digit of genTime, still a
/// valid time): OpenSSL refuses the token, the crate says BadSignature
/// (the message-digest attribute no longer matches, RFC 5652 5.6).
#[test]
fn altered_tst_info_is_refused() {
    let Some(pki) = Pki::new("altered") else { return };
    let req = TimeStampReq::new(
        MessageImprint::sha256(digest(1)),
        Nonce::from_bytes(&[9, 9, 9, 9]).unwrap(),
    );
    pki.write("q.tsq", &req.to_der());
    pki.reply("q.tsq", "r.tsr", &[]);
    let mut resp = pki.read("r.tsr");
    patch_gen_time(&mut resp, None);
    pki.write("bad.tsr", &resp);
    assert!(!pki.openssl_verifies(&[
        "-queryfile",
        "q.tsq",
        "-in",
        "bad.tsr",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "tsa.pem"
    ]));
    let err = req.verify_response(&resp, &pki.anchors(&["root"])).unwrap_err();
    assert!(matches!(err, Rfc3161Error::BadSignature(_)), "{err}");
}

/// A token for another imprint: OpenSSL's `-digest` check refuses it, the
/// crate says ImprintMismatch (RFC 3161 2.4.2: messageImprint MUST be
/// the request's).
#[test]
fn token_for_another_imprint_is_refused() {
    let Some(pki) = Pki::new("imprint") else { return };
    let (asked, expected) = (digest(1), digest(2));
    pki.ok(&[
        "ts",
        "-query",
        "-digest",
        &hex(&asked),
        "-sha256",
        "-cert",
        "-out",
        "q.tsq",
    ]);
    pki.reply("q.tsq", "r.tsr", &[]);
    let base = ["-in", "r.tsr", "-CAfile", "root.pem", "-untrusted", "tsa.pem"];
    assert!(pki.openssl_verifies(&[&["-digest", &hex(&asked)][..], &base].concat()));
    assert!(!pki.openssl_verifies(&[&["-digest", &hex(&expected)][..], &base].concat()));
    let token = TimeStampResp::from_der(&pki.read("r.tsr"))
        .unwrap()
        .into_token()
        .unwrap();
    let anchors = pki.anchors(&["root"]);
    token.verify(&MessageImprint::sha256(asked), None, &anchors).unwrap();
    let err = token
        .verify(&MessageImprint::sha256(expected), None, &anchors)
        .unwrap_err();
    assert_eq!(err, Rfc3161Error::ImprintMismatch);
}

/// A reply checked against a request with another nonce: OpenSSL refuses
/// it, the crate says NonceMismatch (RFC 3161 2.4.2: the nonce MUST be the
/// request's).
#[test]
fn wrong_nonce_is_refused() {
    let Some(pki) = Pki::new("nonce") else { return };
    let imprint = MessageImprint::sha256(digest(3));
    let sent = TimeStampReq::new(imprint, Nonce::from_bytes(&[1, 2, 3, 4, 5, 6, 7, 8]).unwrap());
    let other = TimeStampReq::new(imprint, Nonce::from_bytes(&[1, 2, 3, 4, 5, 6, 7, 9]).unwrap());
    pki.write("q.tsq", &sent.to_der());
    pki.write("q2.tsq", &other.to_der());
    pki.reply("q.tsq", "r.tsr", &[]);
    let base = ["-in", "r.tsr", "-CAfile", "root.pem", "-untrusted", "tsa.pem"];
    assert!(pki.openssl_verifies(&[&["-queryfile", "q.tsq"][..], &base].concat()));
    assert!(!pki.openssl_verifies(&[&["-queryfile", "q2.tsq"][..], &base].concat()));
    let anchors = pki.anchors(&["root"]);
    sent.verify_response(&pki.read("r.tsr"), &anchors).unwrap();
    let err = other.verify_response(&pki.read("r.tsr"), &anchors).unwrap_err();
    assert_eq!(err, Rfc3161Error::NonceMismatch);
}

/// A token verified against another root than its TSA's: OpenSSL refuses
/// it, the crate says UntrustedChain.
#[test]
fn untrusted_root_is_refused() {
    let Some(pki) = Pki::new("untrusted") else { return };
    pki.root("other");
    let req = TimeStampReq::new(MessageImprint::sha256(digest(4)), Nonce::from_bytes(&[4; 8]).unwrap());
    pki.write("q.tsq", &req.to_der());
    pki.reply("q.tsq", "r.tsr", &[]);
    assert!(!pki.openssl_verifies(&[
        "-queryfile",
        "q.tsq",
        "-in",
        "r.tsr",
        "-CAfile",
        "other.pem",
        "-untrusted",
        "tsa.pem"
    ]));
    let err = req
        .verify_response(&pki.read("r.tsr"), &pki.anchors(&["other"]))
        .unwrap_err();
    assert!(matches!(err, Rfc3161Error::UntrustedChain(_)), "{err}");
    // With both roots named, the right one is found.
    req.verify_response(&pki.read("r.tsr"), &pki.anchors(&["other", "root"]))
        .unwrap();
}

/// `openssl ts -reply` with a TSA certificate that expired before now, and
/// with one not yet valid: OpenSSL's `ts -verify` refuses both replies
/// (the token's genTime is outside the certificate's validity), the crate
/// says NotValidAtTime.
#[test]
fn reply_outside_the_tsa_certificate_validity_is_refused() {
    let Some(pki) = Pki::new("validity") else { return };
    pki.dated_tsa_cert("old", "20200101000000Z", "20210101000000Z");
    pki.dated_tsa_cert("future", "20900101000000Z", "20910101000000Z");
    let anchors = pki.anchors(&["root"]);
    for (i, cert) in ["old", "future"].into_iter().enumerate() {
        let req = TimeStampReq::new(
            MessageImprint::sha256(digest(5)),
            Nonce::from_bytes(&[5, i as u8 + 1]).unwrap(),
        );
        let (q, r, pem, key) = (
            format!("q{i}.tsq"),
            format!("r{i}.tsr"),
            format!("{cert}.pem"),
            format!("{cert}.key"),
        );
        pki.write(&q, &req.to_der());
        pki.reply(&q, &r, &["-signer", &pem, "-inkey", &key, "-chain", &pem]);
        assert!(!pki.openssl_verifies(&["-queryfile", &q, "-in", &r, "-CAfile", "root.pem", "-untrusted", &pem]));
        let err = req.verify_response(&pki.read(&r), &anchors).unwrap_err();
        assert!(matches!(err, Rfc3161Error::NotValidAtTime { .. }), "{cert}: {err}");
    }
}

/// Path validation is at the token's genTime, not now. A TSTInfo whose
/// genTime is 2020-06-01 is signed (`openssl cms -sign -cades`) once by a
/// TSA certificate valid in 2020 only, long expired, and once by the
/// current TSA certificate, not yet valid in 2020. OpenSSL, asked at that
/// time (`-attime`), accepts the first and refuses the second; so does the
/// crate (NotValidAtTime for the second).
#[test]
fn path_is_validated_at_gen_time() {
    let Some(pki) = Pki::new("attime") else { return };
    pki.dated_tsa_cert("old", "20200101000000Z", "20210101000000Z");
    let d = digest(6);
    pki.ok(&["ts", "-query", "-digest", &hex(&d), "-sha256", "-cert", "-out", "q.tsq"]);
    // Section v1 names no `tsa` in the TSTInfo (which must name the signer).
    pki.reply("q.tsq", "r.tsr", &["-section", "v1"]);
    pki.ok(&["ts", "-reply", "-in", "r.tsr", "-token_out", "-out", "tok.der"]);
    pki.extract_tst_info("tok.der", "tst.der");
    let mut tst = pki.read("tst.der");
    patch_gen_time(&mut tst, Some(b"20200601000000"));
    pki.write("tst_2020.der", &tst);
    pki.cms_token("tst_2020.der", "old", "tok_old.der");
    pki.cms_token("tst_2020.der", "tsa", "tok_new.der");
    let at = "1590969600"; // 2020-06-01T00:00:00Z
    let verify = |tok: &str, untrusted: &str, attime: Option<&str>| {
        let mut args = vec![
            "-token_in",
            "-in",
            tok,
            "-queryfile",
            "q.tsq",
            "-CAfile",
            "root.pem",
            "-untrusted",
            untrusted,
        ];
        if let Some(t) = attime {
            args.extend_from_slice(&["-attime", t]);
        }
        pki.openssl_verifies(&args)
    };
    assert!(
        verify("tok_old.der", "old.pem", Some(at)),
        "OpenSSL refuses the 2020 token at 2020"
    );
    assert!(
        !verify("tok_old.der", "old.pem", None),
        "OpenSSL accepts an expired TSA certificate now"
    );
    assert!(
        !verify("tok_new.der", "tsa.pem", Some(at)),
        "OpenSSL accepts a TSA certificate before its validity"
    );

    let anchors = pki.anchors(&["root"]);
    let imprint = MessageImprint::sha256(d);
    let old = TimeStampToken::from_der(&pki.read("tok_old.der")).unwrap();
    let v = old.verify(&imprint, None, &anchors).unwrap();
    assert_eq!(v.gen_time().as_secs(), 1_590_969_600);
    let new = TimeStampToken::from_der(&pki.read("tok_new.der")).unwrap();
    let err = new.verify(&imprint, None, &anchors).unwrap_err();
    assert!(matches!(err, Rfc3161Error::NotValidAtTime { .. }), "{err}");
}

/// A TSA certificate without the time-stamping EKU, or with it not
/// critical (RFC 3161 2.3): `openssl ts -reply` will not sign with either,
/// so the token is made by `openssl cms -sign -cades` over a real TSTInfo;
/// OpenSSL's `ts -verify` refuses both, the crate says TimeStampingUsage.
/// The same TSTInfo signed the same way by the proper TSA certificate is
/// accepted by both, so only the certificate differs.
#[test]
fn tsa_certificate_without_critical_time_stamping_eku_is_refused() {
    let Some(pki) = Pki::new("eku") else { return };
    pki.tsa_cert("noeku", "/CN=No EKU", "noeku", "root", 10);
    pki.tsa_cert("noncrit", "/CN=Non-critical EKU", "noncritical", "root", 11);
    let d = digest(7);
    pki.ok(&["ts", "-query", "-digest", &hex(&d), "-sha256", "-cert", "-out", "q.tsq"]);
    for signer in ["noeku", "noncrit"] {
        let out = pki.run(&[
            "ts",
            "-reply",
            "-config",
            "ts.cnf",
            "-queryfile",
            "q.tsq",
            "-out",
            "x.tsr",
            "-signer",
            &format!("{signer}.pem"),
            "-inkey",
            &format!("{signer}.key"),
        ]);
        assert!(
            !out.status.success() || !String::from_utf8_lossy(&out.stderr).contains("Response has been generated"),
            "openssl ts -reply signed with {signer}"
        );
    }
    // Section v1 names no `tsa` in the TSTInfo (which must name the signer).
    pki.reply("q.tsq", "r.tsr", &["-section", "v1"]);
    pki.ok(&["ts", "-reply", "-in", "r.tsr", "-token_out", "-out", "tok.der"]);
    pki.extract_tst_info("tok.der", "tst.der");
    let anchors = pki.anchors(&["root"]);
    let imprint = MessageImprint::sha256(d);
    for (signer, good) in [("tsa", true), ("noeku", false), ("noncrit", false)] {
        let tok = format!("tok_{signer}.der");
        pki.cms_token("tst.der", signer, &tok);
        let pem = format!("{signer}.pem");
        let openssl = pki.openssl_verifies(&[
            "-token_in",
            "-in",
            &tok,
            "-queryfile",
            "q.tsq",
            "-CAfile",
            "root.pem",
            "-untrusted",
            &pem,
        ]);
        assert_eq!(openssl, good, "{signer}: OpenSSL's verdict");
        let token = TimeStampToken::from_der(&pki.read(&tok)).unwrap();
        match token.verify(&imprint, None, &anchors) {
            Ok(_) => assert!(good, "{signer} accepted"),
            Err(e) => {
                assert!(!good, "{signer}: {e}");
                assert!(matches!(e, Rfc3161Error::TimeStampingUsage(_)), "{signer}: {e}");
            }
        }
    }
}

/// A TSTInfo whose `tsa` name is another TSA than its signer (re-signed by
/// `openssl cms -sign -cades` with a second, proper TSA certificate):
/// OpenSSL says "tsa name mismatch", the crate TsaNameMismatch (RFC 3161
/// 2.4.2: the name MUST be one of the signer certificate's).
#[test]
fn tsa_name_of_another_tsa_is_refused() {
    let Some(pki) = Pki::new("tsaname") else { return };
    pki.tsa_cert("second", "/O=Test/CN=Second TSA", "tsa", "root", 12);
    let d = digest(11);
    pki.ok(&["ts", "-query", "-digest", &hex(&d), "-sha256", "-cert", "-out", "q.tsq"]);
    pki.reply("q.tsq", "r.tsr", &[]);
    pki.ok(&["ts", "-reply", "-in", "r.tsr", "-token_out", "-out", "tok.der"]);
    pki.extract_tst_info("tok.der", "tst.der");
    pki.cms_token("tst.der", "second", "tok2.der");
    let out = pki.run(&[
        "ts",
        "-verify",
        "-token_in",
        "-in",
        "tok2.der",
        "-queryfile",
        "q.tsq",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "second.pem",
    ]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("tsa name mismatch"));
    let token = TimeStampToken::from_der(&pki.read("tok2.der")).unwrap();
    let err = token
        .verify(&MessageImprint::sha256(d), None, &pki.anchors(&["root"]))
        .unwrap_err();
    assert_eq!(err, Rfc3161Error::TsaNameMismatch);
    // The original token, whose tsa name is its signer's, verifies.
    let token = TimeStampToken::from_der(&pki.read("tok.der")).unwrap();
    token
        .verify(&MessageImprint::sha256(d), None, &pki.anchors(&["root"]))
        .unwrap();
}

/// An RSA TSA signing with SHA-512 (as many public TSAs do): accepted by
/// OpenSSL and the crate.
#[test]
fn rsa_tsa_reply_verifies() {
    let Some(pki) = Pki::new("rsa") else { return };
    pki.ok(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "rsa.key",
    ]);
    pki.ok(&[
        "req",
        "-new",
        "-key",
        "rsa.key",
        "-subj",
        "/CN=RSA TSA",
        "-config",
        "ext.cnf",
        "-out",
        "rsa.csr",
    ]);
    pki.ok(&[
        "x509",
        "-req",
        "-in",
        "rsa.csr",
        "-CA",
        "root.pem",
        "-CAkey",
        "root.key",
        "-set_serial",
        "20",
        "-days",
        "30",
        "-sha256",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "tsa",
        "-out",
        "rsa.pem",
    ]);
    let req = TimeStampReq::new(MessageImprint::sha256(digest(8)), Nonce::from_bytes(&[8; 12]).unwrap());
    pki.write("q.tsq", &req.to_der());
    pki.reply("q.tsq", "r.tsr", &["-section", "rsa512"]);
    assert!(pki.openssl_verifies(&[
        "-queryfile",
        "q.tsq",
        "-in",
        "r.tsr",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "rsa.pem"
    ]));
    let (_, v) = req
        .verify_response(&pki.read("r.tsr"), &pki.anchors(&["root"]))
        .unwrap();
    assert!(v.signer_subject().contains("RSA TSA"));
}

/// A request for a hash the TSA does not accept (SHA-1, not in its
/// `digests`): OpenSSL answers with status rejection and failInfo badAlg
/// (bit 0, RFC 3161 2.4.2); the crate reports NotGranted with both.
#[test]
fn rejection_is_not_granted() {
    let Some(pki) = Pki::new("rejection") else { return };
    pki.ok(&[
        "ts",
        "-query",
        "-digest",
        &"ab".repeat(20),
        "-sha1",
        "-cert",
        "-out",
        "q.tsq",
    ]);
    pki.reply("q.tsq", "r.tsr", &[]);
    let text = String::from_utf8_lossy(&pki.ok(&["ts", "-reply", "-in", "r.tsr", "-text"]).stdout).into_owned();
    assert!(
        text.contains("Status: Rejected") && text.contains("unrecognized or unsupported algorithm"),
        "{text}"
    );
    match TimeStampResp::from_der(&pki.read("r.tsr")) {
        Err(Rfc3161Error::NotGranted { status, fail_info, .. }) => {
            assert_eq!(status, PkiStatus::Rejection);
            assert_eq!(fail_info, Some(1), "badAlg is bit 0");
        }
        other => panic!("{other:?}"),
    }
    // The crate's parser refuses a SHA-1 request outright.
    assert!(matches!(
        TimeStampReq::from_der(&pki.read("q.tsq")),
        Err(Rfc3161Error::UnsupportedAlgorithm(_))
    ));
}

/// Every truncation of a real response is refused and no byte flip panics.
#[test]
fn damaged_responses_never_panic() {
    let Some(pki) = Pki::new("damage") else { return };
    let req = TimeStampReq::new(MessageImprint::sha256(digest(9)), Nonce::from_bytes(&[7; 8]).unwrap());
    pki.write("q.tsq", &req.to_der());
    pki.reply("q.tsq", "r.tsr", &[]);
    let resp = pki.read("r.tsr");
    let anchors = pki.anchors(&["root"]);
    for n in 0..resp.len() {
        assert!(TimeStampResp::from_der(&resp[..n]).is_err(), "prefix {n} accepted");
    }
    for i in (0..resp.len()).step_by(3) {
        let mut b = resp.clone();
        b[i] ^= 0x41;
        let _ = req.verify_response(&b, &anchors);
    }
    let mut long = resp.clone();
    long.push(0);
    assert!(TimeStampResp::from_der(&long).is_err(), "trailing byte accepted");
}

/// Ed25519 TSA tokens (RFC 8419), where this OpenSSL can make them:
/// OpenSSL 3.0's `ts -reply` (PKCS#7) and `cms -sign` both refuse Ed25519
/// keys, so the test is skipped with a message there.
#[test]
fn ed25519_tsa_token_where_openssl_can_make_one() {
    let Some(pki) = Pki::new("ed25519") else { return };
    pki.ok(&["genpkey", "-algorithm", "ED25519", "-out", "ed.key"]);
    pki.ok(&[
        "req",
        "-new",
        "-key",
        "ed.key",
        "-subj",
        "/CN=Ed25519 TSA",
        "-config",
        "ext.cnf",
        "-out",
        "ed.csr",
    ]);
    pki.ok(&[
        "x509",
        "-req",
        "-in",
        "ed.csr",
        "-CA",
        "root.pem",
        "-CAkey",
        "root.key",
        "-set_serial",
        "30",
        "-days",
        "30",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "tsa",
        "-out",
        "ed.pem",
    ]);
    let d = digest(10);
    pki.ok(&["ts", "-query", "-digest", &hex(&d), "-sha256", "-cert", "-out", "q.tsq"]);
    pki.reply("q.tsq", "r.tsr", &[]);
    pki.ok(&["ts", "-reply", "-in", "r.tsr", "-token_out", "-out", "tok.der"]);
    pki.extract_tst_info("tok.der", "tst.der");
    let made = pki.run(&[
        "cms",
        "-sign",
        "-cades",
        "-binary",
        "-nodetach",
        "-nosmimecap",
        "-md",
        "sha512",
        "-in",
        "tst.der",
        "-econtent_type",
        ID_CT_TSTINFO,
        "-signer",
        "ed.pem",
        "-inkey",
        "ed.key",
        "-outform",
        "DER",
        "-out",
        "ted.der",
    ]);
    if !made.status.success() || !Path::new(&pki.path("ted.der")).exists() {
        eprintln!(
            "skipped: this OpenSSL cannot sign CMS with Ed25519 ({})",
            String::from_utf8_lossy(&made.stderr).lines().next().unwrap_or("")
        );
        return;
    }
    let openssl = pki.openssl_verifies(&[
        "-token_in",
        "-in",
        "ted.der",
        "-queryfile",
        "q.tsq",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "ed.pem",
    ]);
    let token = TimeStampToken::from_der(&pki.read("ted.der")).unwrap();
    let ours = token.verify(&MessageImprint::sha256(d), None, &pki.anchors(&["root"]));
    assert_eq!(ours.is_ok(), openssl, "{ours:?}");
}
