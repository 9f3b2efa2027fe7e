//! The lab of `tests/cli_x509.rs`: a test CA (`openssl ca`), a TSA
//! (`openssl ts`), and the econtract binary run in one directory.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::cargo::cargo_bin;

/// Exit statuses (README "Exit status").
pub const FINDINGS: i32 = 1;
pub const USAGE: i32 = 2;
pub const INPUT: i32 = 3;

/// The CA's configuration: `openssl ca` with a database, serials and CRL
/// numbers; the extensions of the root, the parties and the TSA.
pub const CA_CNF: &str = "\
[req]
distinguished_name = dn
[dn]
[ca]
default_ca = testca
[testca]
database = ./index.txt
new_certs_dir = ./newcerts
certificate = ./root.pem
private_key = ./root.key
serial = ./ca.serial
crlnumber = ./crl.serial
default_md = sha256
default_crl_days = 30
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[party]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

/// `openssl ts -reply` configuration (ESS signing-certificate-v2).
pub const TS_CNF: &str = "\
[tsa]
default_tsa = tsa1
[tsa1]
serial = ./tsaserial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
";

pub const SELLER_DN: &str = "CN=Santos Coffee Exports Ltda,O=Santos Coffee Exports Ltda,C=BR";
pub const BUYER_DN: &str = "CN=Rotterdam Roasters BV,O=Rotterdam Roasters BV,C=NL";
/// GLEIF's own LEI, whose check digits hold.
pub const LEI: &str = "LEIXG-506700GE1G29325QX363";
pub const CONTRACT: &str = "EC-X509-1";

pub static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn have_openssl() -> bool {
    let found = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("ECONTRACT_REQUIRE_INTEROP").is_some() {
            panic!("openssl is required (ECONTRACT_REQUIRE_INTEROP is set) but not found");
        }
        eprintln!("skipped: openssl not found (set ECONTRACT_REQUIRE_INTEROP to make this a failure)");
    }
    found
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A test directory holding the CA, the TSA, the parties and the contract.
pub struct Lab {
    pub dir: PathBuf,
}

impl Drop for Lab {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Lab {
    /// A fresh directory with a P-256 root CA (`root.pem`) and a TSA
    /// certificate from it (`tsa.pem`, critical EKU timeStamping); `None`
    /// without openssl (unless it is required).
    pub fn new(name: &str) -> Option<Lab> {
        if !have_openssl() {
            return None;
        }
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-x509-{name}-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("newcerts")).unwrap();
        let lab = Lab { dir };
        lab.write("ca.cnf", CA_CNF);
        lab.write("ts.cnf", TS_CNF);
        lab.write("index.txt", "");
        lab.write("ca.serial", "1000\n");
        lab.write("crl.serial", "1000\n");
        lab.write("tsaserial", "01\n");
        lab.key("root");
        lab.openssl(
            &[
                "req",
                "-new",
                "-key",
                "root.key",
                "-subj",
                "/CN=Test Root CA",
                "-config",
                "ca.cnf",
            ],
            "root.csr",
        );
        lab.ca(&[
            "-selfsign",
            "-keyfile",
            "root.key",
            "-extensions",
            "v3_ca",
            "-in",
            "root.csr",
            "-out",
            "root.pem",
        ]);
        lab.key("tsa");
        lab.openssl(
            &[
                "req",
                "-new",
                "-key",
                "tsa.key",
                "-subj",
                "/O=Test/CN=Test TSA",
                "-config",
                "ca.cnf",
            ],
            "tsa.csr",
        );
        lab.ca(&["-extensions", "tsa", "-in", "tsa.csr", "-out", "tsa.pem"]);
        Some(lab)
    }

    pub fn p(&self, f: &str) -> PathBuf {
        self.dir.join(f)
    }

    pub fn write(&self, f: &str, text: &str) {
        std::fs::write(self.p(f), text).unwrap();
    }

    pub fn read(&self, f: &str) -> Vec<u8> {
        std::fs::read(self.p(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
    }

    /// Runs openssl in the directory.
    pub fn openssl_run(&self, args: &[&str]) -> Out {
        let o = Command::new("openssl")
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap();
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Runs openssl with `-out out` and asserts that it succeeds.
    pub fn openssl(&self, args: &[&str], out: &str) -> Out {
        let mut all = args.to_vec();
        if !out.is_empty() {
            all.extend(["-out", out]);
        }
        let o = self.openssl_run(&all);
        assert_eq!(o.code, 0, "openssl {all:?}:\n{}{}", o.stdout, o.stderr);
        o
    }

    pub fn key(&self, name: &str) {
        let out = format!("{name}.key");
        self.openssl(
            &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            &out,
        );
    }

    /// `openssl ca -batch` with the lab's configuration, certificates valid
    /// from 2024 to 2099.
    pub fn ca(&self, args: &[&str]) {
        let mut all = vec![
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-notext",
            "-startdate",
            "20240101000000Z",
            "-enddate",
            "20990101000000Z",
        ];
        all.extend_from_slice(args);
        self.openssl(&all, "");
    }

    /// Runs the econtract binary in the directory.
    pub fn ec(&self, args: &[&str]) -> Out {
        let o = Command::new(cargo_bin("econtract"))
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap();
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Runs econtract and asserts that it succeeds.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> Out {
        let o = self.ec(args);
        assert_eq!(o.code, 0, "econtract {args:?}:\n{}{}", o.stdout, o.stderr);
        o
    }

    /// The party id of `keys/STEM.card`, as `inspect` prints it.
    pub fn party_id(&self, stem: &str) -> String {
        let o = self.ok(&["inspect", &format!("keys/{stem}.card")]);
        let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        j["id"].as_str().unwrap().to_owned()
    }

    /// Both parties made with `keygen --csr`, their requests checked by
    /// `openssl req -verify` and signed by the CA (`seller.pem`,
    /// `buyer.pem`); the seller's offer and the buyer's receipt, signed
    /// now, in `contract.ect` with both cards.
    pub fn contract(&self) {
        let o = self.ok(&[
            "keygen",
            "--name",
            "Santos Coffee Exports Ltda",
            "--out",
            "keys",
            "--csr",
            "seller.csr",
            "--subject",
            SELLER_DN,
            "--organization-identifier",
            LEI,
        ]);
        assert!(o.stdout.contains("wrote seller.csr"), "{}", o.stdout);
        self.ok(&[
            "keygen",
            "--name",
            "Rotterdam Roasters BV",
            "--out",
            "keys",
            "--csr",
            "buyer.csr",
            "--subject",
            BUYER_DN,
        ]);
        for who in ["seller", "buyer"] {
            let csr = format!("{who}.csr");
            let o = self.openssl(&["req", "-in", &csr, "-verify", "-noout", "-text"], "");
            assert!(
                o.stderr.contains("verify OK") || o.stdout.contains("verify OK"),
                "{}{}",
                o.stdout,
                o.stderr
            );
            assert!(o.stdout.contains("ED25519"), "{}", o.stdout);
            let pem = format!("{who}.pem");
            self.ca(&["-preserveDN", "-extensions", "party", "-in", &csr, "-out", &pem]);
        }
        let subject = self.openssl(&["x509", "-in", "seller.pem", "-noout", "-subject"], "");
        assert!(
            subject.stdout.contains(&format!("organizationIdentifier = {LEI}")),
            "{}",
            subject.stdout
        );
        let (seller, buyer) = (
            self.party_id("santos-coffee-exports-ltda"),
            self.party_id("rotterdam-roasters-bv"),
        );
        let offer = serde_json::json!({
            "terms": {
                "seller": seller, "buyer": buyer,
                "goods": [{"description": "Arabica green coffee, grade 1", "quantity": 19200, "unit": "KGM"}],
                "price": {"currency": "USD", "minor": 9600000}, "incoterm": "FOB", "place": "Santos",
                "payment": {"terms": "DP", "method": "credit transfer", "channel": "direct"},
                "documents": [], "shipment": {"partial": false},
                "law": {"cisg": true, "governing": "CISG"}
            },
            "lapse": "2099-01-01T00:00:00Z",
            "irrevocable": false
        });
        self.write("offer.json", &offer.to_string());
        let o = self.ok(&[
            "seal",
            "--from",
            "keys/santos-coffee-exports-ltda",
            "--to",
            "keys/rotterdam-roasters-bv.card",
            "--kind",
            "offer",
            "--contract",
            CONTRACT,
            "--body",
            "offer.json",
            "--out",
            "offer.env",
            "--statement-out",
            "offer.st",
        ]);
        self.write("offer.id", o.stdout.trim());
        let now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let now = format!("{}Z", &now[..19]);
        self.ok(&[
            "receipt",
            "--key",
            "keys/rotterdam-roasters-bv",
            "--for",
            "offer.st",
            "--to",
            "keys/santos-coffee-exports-ltda.card",
            "--received",
            &now,
            "--out",
            "receipt.env",
            "--statement-out",
            "receipt.st",
        ]);
        self.ok(&[
            "append",
            "contract.ect",
            "--contract",
            CONTRACT,
            "--cards",
            "keys",
            "keys/santos-coffee-exports-ltda.card",
            "keys/rotterdam-roasters-bv.card",
            "offer.st",
            "receipt.st",
        ]);
    }

    /// An RFC 3161 token for the statement file `st` (`NAME.tsq`,
    /// `NAME.tsr`), answered by `openssl ts -reply` and appended.
    pub fn stamp(&self, st: &str, name: &str) {
        let (q, r) = (format!("{name}.tsq"), format!("{name}.tsr"));
        self.ok(&["timestamp", "--request", "-o", &q, st]);
        self.openssl(&["ts", "-reply", "-config", "ts.cnf", "-queryfile", &q], &r);
        self.ok(&[
            "timestamp",
            "--response",
            &r,
            "--request",
            &q,
            "--trust-tsa",
            "root.pem",
            "--append",
            "contract.ect",
        ]);
    }

    /// `certify` the parties' certificates, then an RFC 3161 token for the
    /// offer: the request from `timestamp --request`, the reply from
    /// `openssl ts -reply`, which `openssl ts -verify` accepts, verified
    /// and appended by `timestamp --response --append`.
    pub fn certified_and_stamped(&self) {
        self.contract();
        let o = self.ok(&["certify", "contract.ect", "--cert", "seller.pem", "buyer.pem"]);
        assert!(o.stdout.contains("2 certificates"), "{}", o.stdout);
        assert!(
            o.stdout.contains("\"name\":\"Santos Coffee Exports Ltda\""),
            "{}",
            o.stdout
        );
        let id = String::from_utf8(self.read("offer.id")).unwrap();
        let o = self.ok(&[
            "timestamp",
            "--request",
            "-o",
            "offer.tsq",
            "--transcript",
            "contract.ect",
            "--id",
            &id[..16],
        ]);
        let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(j["statement"], id.as_str());
        assert_eq!(j["imprint"].as_str().unwrap().len(), 64);
        assert_eq!(j["nonce"].as_str().unwrap().len(), 32);
        // OpenSSL reads the request: SHA-256, the printed imprint and nonce.
        let q = self.openssl(&["ts", "-query", "-in", "offer.tsq", "-text"], "");
        assert!(q.stdout.contains("sha256"), "{}", q.stdout);
        assert!(q.stdout.contains("Certificate required: yes"), "{}", q.stdout);
        self.openssl(
            &["ts", "-reply", "-config", "ts.cnf", "-queryfile", "offer.tsq"],
            "offer.tsr",
        );
        let v = self.openssl(
            &[
                "ts",
                "-verify",
                "-queryfile",
                "offer.tsq",
                "-in",
                "offer.tsr",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "tsa.pem",
            ],
            "",
        );
        assert!(v.stdout.contains("Verification: OK"), "{}{}", v.stdout, v.stderr);
        let o = self.ok(&[
            "timestamp",
            "--response",
            "offer.tsr",
            "--request",
            "offer.tsq",
            "--trust-tsa",
            "root.pem",
            "--append",
            "contract.ect",
        ]);
        let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(j["statement"], id.as_str());
        assert_eq!(j["policy"], "1.2.3.4.1");
        assert!(j["tsa"].as_str().unwrap().contains("CN=Test TSA"), "{j}");
    }

    pub fn audit(&self, extra: &[&str]) -> Out {
        let mut args = vec!["audit", "contract.ect"];
        args.extend_from_slice(extra);
        self.ec(&args)
    }
}

/// Exit `code` with one error line (and at most one hint), no panic.
#[track_caller]
pub fn fails_cleanly(o: &Out, code: i32) {
    assert_eq!(o.code, code, "stdout: {}\nstderr: {}", o.stdout, o.stderr);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert!(!lines.is_empty() && lines.len() <= 2, "{:?}", o.stderr);
    assert!(lines[0].starts_with("econtract: error: "), "{:?}", lines[0]);
    if let Some(h) = lines.get(1) {
        assert!(h.starts_with("hint: "), "{:?}", o.stderr);
    }
    assert!(!o.stderr.contains("panicked"));
}

#[track_caller]
pub fn json(o: &Out) -> serde_json::Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.stdout))
}
