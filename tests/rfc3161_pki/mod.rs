//! The test PKI of `tests/rfc3161.rs`: a root CA and TSA certificates
//! made with OpenSSL, `openssl ts` replies, and byte-level helpers.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use econtract::rfc3161::TrustAnchors;

/// The extensions of the test PKI (`openssl req -config`, `-extfile`).
pub const EXT_CNF: &str = "\
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[tsa]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[noeku]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[noncritical]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

/// `openssl ts` configuration: section `v2` writes ESS
/// signing-certificate-v2 (SHA-256), `v1` the default signing-certificate
/// (SHA-1), `rsa512` signs with an RSA key and SHA-512.
pub const TS_CNF: &str = "\
[tsa]
default_tsa = v2
[v2]
serial = ./tsaserial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1, millisecs:500, microsecs:100
clock_precision_digits = 0
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[v1]
serial = ./tsaserial
crypto_device = builtin
signer_cert = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
[rsa512]
serial = ./tsaserial
crypto_device = builtin
signer_cert = ./rsa.pem
signer_key = ./rsa.key
signer_digest = sha512
default_policy = 1.2.3.4.1
digests = sha256
ess_cert_id_alg = sha256
";

/// `openssl ca` configuration, only to set exact validity dates
/// (`-startdate`, `-enddate`; OpenSSL 3.0's `x509` has only `-days`).
pub const CA_CNF: &str = "\
[ca]
default_ca = testca
[testca]
database = ./index.txt
new_certs_dir = ./newcerts
certificate = ./root.pem
private_key = ./root.key
serial = ./ca.serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
";

/// id-ct-TSTInfo, the eContentType of a token.
pub const ID_CT_TSTINFO: &str = "1.2.840.113549.1.9.16.1.4";

pub static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct Pki {
    pub dir: PathBuf,
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

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

impl Pki {
    /// A fresh directory with a P-256 root CA (`root.pem`) and a P-256 TSA
    /// certificate valid now for a year, EKU critical timeStamping
    /// (`tsa.pem`). `None` when openssl is absent (and not required).
    pub fn new(name: &str) -> Option<Pki> {
        if !have_openssl() {
            return None;
        }
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("econtract-rfc3161-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("newcerts")).unwrap();
        let pki = Pki { dir };
        pki.write("ext.cnf", EXT_CNF.as_bytes());
        pki.write("ts.cnf", TS_CNF.as_bytes());
        pki.write("ca.cnf", CA_CNF.as_bytes());
        pki.write("tsaserial", b"01\n");
        pki.write("ca.serial", b"1000\n");
        pki.write("index.txt", b"");
        pki.root("root");
        pki.tsa_cert("tsa", "/O=Test/CN=Test TSA", "tsa", "root", 2);
        Some(pki)
    }

    pub fn path(&self, f: &str) -> PathBuf {
        self.dir.join(f)
    }

    pub fn write(&self, f: &str, bytes: &[u8]) {
        std::fs::write(self.path(f), bytes).unwrap();
    }

    pub fn read(&self, f: &str) -> Vec<u8> {
        std::fs::read(self.path(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("openssl")
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap()
    }

    /// Runs openssl and asserts that it succeeds.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "openssl {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn ec_key(&self, name: &str) {
        self.ok(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            &format!("{name}.key"),
        ]);
    }

    /// A self-signed root CA `NAME.pem` with key `NAME.key`, valid from
    /// 2019 to 2099 (so that tokens of 2020 can chain to it), made with
    /// `openssl ca -selfsign` for the exact dates.
    pub fn root(&self, name: &str) {
        self.csr(name, &format!("/CN=Test Root {name}"));
        let (key, csr, pem) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.pem"));
        self.ok(&[
            "ca",
            "-batch",
            "-selfsign",
            "-config",
            "ca.cnf",
            "-keyfile",
            &key,
            "-extfile",
            "ext.cnf",
            "-extensions",
            "v3_ca",
            "-startdate",
            "20190101000000Z",
            "-enddate",
            "20990101000000Z",
            "-notext",
            "-in",
            &csr,
            "-out",
            &pem,
        ]);
    }

    /// A P-256 CSR `NAME.csr` with key `NAME.key`.
    pub fn csr(&self, name: &str, subj: &str) {
        self.ec_key(name);
        let (key, csr) = (format!("{name}.key"), format!("{name}.csr"));
        self.ok(&[
            "req", "-new", "-key", &key, "-subj", subj, "-config", "ext.cnf", "-out", &csr,
        ]);
    }

    /// A certificate `NAME.pem` for a new P-256 key, valid now for 365
    /// days, with the extensions `section` of ext.cnf, issued by `ca`.
    pub fn tsa_cert(&self, name: &str, subj: &str, section: &str, ca: &str, serial: u32) {
        self.csr(name, subj);
        let (csr, pem) = (format!("{name}.csr"), format!("{name}.pem"));
        let (ca_pem, ca_key) = (format!("{ca}.pem"), format!("{ca}.key"));
        self.ok(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-set_serial",
            &serial.to_string(),
            "-days",
            "365",
            "-sha256",
            "-extfile",
            "ext.cnf",
            "-extensions",
            section,
            "-out",
            &pem,
        ]);
    }

    /// A TSA certificate `NAME.pem` valid exactly from `start` to `end`
    /// (`YYYYMMDDHHMMSSZ`), issued by `root` with `openssl ca`.
    pub fn dated_tsa_cert(&self, name: &str, start: &str, end: &str) {
        self.csr(name, &format!("/CN={name}"));
        let (csr, pem) = (format!("{name}.csr"), format!("{name}.pem"));
        self.ok(&[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-extfile",
            "ext.cnf",
            "-extensions",
            "tsa",
            "-startdate",
            start,
            "-enddate",
            end,
            "-notext",
            "-in",
            &csr,
            "-out",
            &pem,
        ]);
    }

    /// `openssl ts -reply` to `query` as `out`, with extra arguments.
    pub fn reply(&self, query: &str, out: &str, extra: &[&str]) {
        let mut args = vec!["ts", "-reply", "-config", "ts.cnf", "-queryfile", query, "-out", out];
        args.extend_from_slice(extra);
        self.ok(&args);
    }

    /// `openssl ts -verify` with `args`: OpenSSL's verdict.
    pub fn openssl_verifies(&self, args: &[&str]) -> bool {
        let mut all = vec!["ts", "-verify"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let said_ok = String::from_utf8_lossy(&out.stdout).contains("Verification: OK");
        assert_eq!(
            out.status.success(),
            said_ok,
            "openssl ts -verify exit status and message disagree"
        );
        out.status.success()
    }

    pub fn anchors(&self, roots: &[&str]) -> TrustAnchors {
        let mut a = TrustAnchors::new();
        for r in roots {
            a.add_roots_pem(&self.read(&format!("{r}.pem"))).unwrap();
        }
        a
    }

    /// The TSTInfo (eContent) of a token, as OpenSSL extracts it.
    pub fn extract_tst_info(&self, token: &str, out: &str) {
        self.ok(&[
            "cms",
            "-verify",
            "-noverify",
            "-inform",
            "DER",
            "-in",
            token,
            "-binary",
            "-out",
            out,
        ]);
    }

    /// A token over the TSTInfo file `tst`, signed by `signer` with
    /// `openssl cms -sign -cades` (which adds the ESS
    /// signing-certificate-v2 attribute that RFC 5816 asks for).
    pub fn cms_token(&self, tst: &str, signer: &str, out: &str) {
        let (pem, key) = (format!("{signer}.pem"), format!("{signer}.key"));
        self.ok(&[
            "cms",
            "-sign",
            "-cades",
            "-binary",
            "-nodetach",
            "-nosmimecap",
            "-md",
            "sha256",
            "-in",
            tst,
            "-econtent_type",
            ID_CT_TSTINFO,
            "-signer",
            &pem,
            "-inkey",
            &key,
            "-outform",
            "DER",
            "-out",
            out,
        ]);
    }
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn digest(n: u8) -> [u8; 32] {
    let mut d = [0u8; 32];
    d[0] = 0xec;
    d[31] = n;
    d
}

/// Replaces the first GeneralizedTime of 15 bytes in `bytes` (in a token,
/// the TSTInfo's genTime: certificates before 2050 and the signing-time
/// attribute use UTCTime) with `new`, or changes its last digit if `new`
/// is `None`. Returns the offset.
pub fn patch_gen_time(bytes: &mut [u8], new: Option<&[u8; 14]>) -> usize {
    let at = bytes
        .windows(17)
        .position(|w| w[0] == 0x18 && w[1] == 0x0f && w[16] == b'Z' && w[2..16].iter().all(u8::is_ascii_digit))
        .expect("a genTime");
    match new {
        Some(t) => bytes[at + 2..at + 16].copy_from_slice(t),
        None => {
            bytes[at + 15] = if bytes[at + 15] == b'9' {
                b'8'
            } else {
                bytes[at + 15] + 1
            }
        }
    }
    at
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
